"""kinesis-xacct: Databricks <-> Amazon Kinesis cross-account access, as code."""
