"""The IAM documents, built from a valid config: typed, self-validating statements (``policy``), the documents of each
side (``policies``), the auth modes and their parts (``modes``), their packing into IAM's size limits
(``packing``), the one register of checkov suppressions with their reasons (``suppressions``), and the
organisation's sides per account (``mesh``). Imports the config model and ``platform``; no framework.
"""
