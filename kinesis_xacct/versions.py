"""Provider version constraints: the one place they are set.

The prebuilt AWS bindings are generated from hashicorp/aws 6.25.0 and would pin exactly that; the
resources and arguments this project uses exist unchanged from 5.100 to 6.x, so both are admitted.
"""
AWS_PROVIDER_SOURCE = "hashicorp/aws"
AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 7.0.0"
DATABRICKS_PROVIDER_SOURCE = "databricks/databricks"
DATABRICKS_PROVIDER_CONSTRAINT = ">= 1.60.0, < 2.0.0"
