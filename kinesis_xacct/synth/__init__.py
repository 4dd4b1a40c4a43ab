"""Writing the output folder: the App with its stacks (``app``), the atomic replacement of the folder (``outdir``) and
the committed provider lock files copied into each stack (``locks``).
"""
