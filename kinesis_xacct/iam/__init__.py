"""The IAM documents, built from a valid config: typed, self-validating statements (``policy``), the documents of each
side (``policies``), their packing into IAM's size limits (``packing``), and the one register of checkov
suppressions with their reasons (``suppressions``). Imports the config model and ``platform``; no framework.
"""
