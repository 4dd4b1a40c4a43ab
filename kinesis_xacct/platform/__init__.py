"""What AWS and Databricks are, independent of any config: partitions, regions, ARNs and service principals (``arns``:
the only module that writes an ARN), and the pinned provider and runtime versions (``versions``). The bottom layer:
imports nothing of the project but ``paths``.
"""
