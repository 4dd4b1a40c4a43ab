"""Stacks only wire: providers, constructs and outputs, from the sides ``iam`` computed. ``pair``: one stream account
and one deployment account (the stacks kinesis-account and deployment-account).
"""
