"""Provider version constraints and the default Databricks Runtime: the one place they are set.

The prebuilt AWS bindings are generated from hashicorp/aws 6.25.0 and would pin exactly that; the
resources and arguments this project uses exist unchanged from 5.100 to 6.x, so both are admitted.
"""

# Terraform itself: the S3 backend's `use_lockfile` (S3-native state locking, this project's default) exists
# since Terraform 1.10.0 (CHANGELOG v1.10.0, "backend/s3: The `use_lockfile` argument ... is now GA"; earlier
# versions refuse the argument at `terraform init`). Every stack declares it, so an older CLI stops with a
# version error naming it instead of an unsupported-argument error in the backend block.
TERRAFORM_CONSTRAINT = ">= 1.10.0"

AWS_PROVIDER_SOURCE = "hashicorp/aws"
AWS_PROVIDER_CONSTRAINT = ">= 5.100.0, < 7.0.0"
DATABRICKS_PROVIDER_SOURCE = "databricks/databricks"
# 1.60: databricks_credential (service credentials); pinned-cluster state read from the cluster list (PR #4203,
# before it `is_pinned` drifted, issue #3616). The bindings are generated from 1.99.0.
DATABRICKS_PROVIDER_CONSTRAINT = ">= 1.60.0, < 2.0.0"
# time_sleep (create_duration, triggers); the prebuilt bindings cdktf-cdktf-provider-time 11.0.1 are
# generated from hashicorp/time 0.13.1.
TIME_PROVIDER_SOURCE = "hashicorp/time"
TIME_PROVIDER_CONSTRAINT = ">= 0.13.0, < 1.0.0"

# The Databricks Runtime of the validation clusters (databricks.spark_version overrides it). A fixed string,
# not the `databricks_spark_version` data source: its "latest LTS" answer changed across provider versions
# and then edits and restarts the cluster (terraform-provider-databricks #5218, #5277).
# 16.4 LTS (Databricks release notes "Databricks Runtime 16.4 LTS", May 2025; Spark 3.5.2; two images,
# Scala 2.12 and 2.13) supports everything the notebook uses: trigger(availableNow=True) with Kinesis
# (13.1+), consumerMode efo (11.3+), and Unity Catalog service credentials for Kinesis (16.1+)
# (Databricks docs "Connect to Amazon Kinesis"). The key is `<version>.x-scala<scala>`, as the clusters
# API lists runtimes; Python notebooks do not depend on the Scala variant, 2.12 is the general image.
DEFAULT_SPARK_VERSION = "16.4.x-scala2.12"
