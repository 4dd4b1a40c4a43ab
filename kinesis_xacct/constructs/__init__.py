"""Construct classes: each a unit of resources in one account, knowing nothing of config files.

This folder is ``kinesis_xacct.constructs``, not a top-level ``constructs`` package: a package of that
name at the repository root would shadow the ``constructs`` library that cdktf imports.
"""
