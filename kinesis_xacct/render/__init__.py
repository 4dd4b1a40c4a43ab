"""Text made from a config and its documents: the RUNBOOK and the validation notebook (``templates``, jinja2 over
templates/), the access-chain diagram (``diagram``) and the one-screen summary of ``make validate`` (``summary``).
No framework.
"""
