terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
  databricks = {
version = ">= 1.60.0, < 2.0.0"
source = "databricks/databricks"
}
}
backend "local" {
path = "../../../terraform.deployment-account.tfstate"
}


}

provider "aws" {
allowed_account_ids = [
"111111111111"
]
region = "us-east-1"
alias = "deployment"
default_tags {
tags = {
managed-by = "kinesis-xacct"
}
}
}
resource "aws_iam_role" "instance-profile-role_assume_role_730C2737" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustEc2\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
description = "kinesis-xacct: Databricks cluster role that assumes the Kinesis account's role"
max_session_duration = 3600
name = "DatabricksToKinesisAssumeRole"
provider = aws.deployment
}
resource "aws_iam_role_policy" "instance-profile-role_assume_policy_18693590" {
name = "assume-kinesis-account-role"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeKinesisAccountRole\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"}]}"
role = "${aws_iam_role.instance-profile-role_assume_role_730C2737.name}"
provider = aws.deployment
}
resource "aws_iam_role_policies_exclusive" "instance-profile-role_assume_exclusive-inline_D102DAF9" {
policy_names = [
"${aws_iam_role_policy.instance-profile-role_assume_policy_18693590.name}"
]
role_name = "${aws_iam_role.instance-profile-role_assume_role_730C2737.name}"
provider = aws.deployment
}
resource "aws_iam_role_policy_attachments_exclusive" "instance-profile-role_assume_exclusive-attached_3E3D4F31" {
policy_arns = [

]
role_name = "${aws_iam_role.instance-profile-role_assume_role_730C2737.name}"
provider = aws.deployment
}
resource "aws_iam_instance_profile" "instance-profile-role_profile_75E50F07" {
name = "DatabricksToKinesisAssumeRole"
role = "${aws_iam_role.instance-profile-role_assume_role_730C2737.name}"
provider = aws.deployment
}
resource "aws_iam_role_policy" "workspace-passrole_policy_D6396269" {
name = "kinesis-xacct-passrole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassKinesisInstanceProfileRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}"
role = "databricks-cross-account"
provider = aws.deployment
}

output "instance_profile_role_arn" {
value = "${aws_iam_role.instance-profile-role_assume_role_730C2737.arn}"
description = "ARN of the role Databricks clusters run as (account A)"
}

output "instance_profile_arn" {
value = "${aws_iam_instance_profile.instance-profile-role_profile_75E50F07.arn}"
description = "ARN of the instance profile to register in Databricks"
}

provider "databricks" {
}
resource "databricks_instance_profile" "databricks-validation_instance-profile_6CCC127A" {
instance_profile_arn = "arn:aws:iam::111111111111:instance-profile/DatabricksToKinesisAssumeRole"
provider = databricks
depends_on = [aws_iam_instance_profile.instance-profile-role_profile_75E50F07]
}
data "databricks_spark_version" "databricks-validation_spark-version_D963D2AB" {
long_term_support = true
provider = databricks
}
data "databricks_node_type" "databricks-validation_node-type_064FF72C" {
local_disk = true
provider = databricks
}
data "databricks_current_user" "databricks-validation_me_9A1F0E3D" {
provider = databricks
}
resource "databricks_cluster" "databricks-validation_cluster_FE3C7DBB" {
autotermination_minutes = 20
cluster_name = "kinesis-xacct-validation"
custom_tags = {
ResourceClass = "SingleNode"
}
data_security_mode = "SINGLE_USER"
node_type_id = "${data.databricks_node_type.databricks-validation_node-type_064FF72C.id}"
num_workers = 0
single_user_name = "${data.databricks_current_user.databricks-validation_me_9A1F0E3D.user_name}"
spark_conf = {
"spark.databricks.cluster.profile" = "singleNode"
"spark.master" = "local[*]"
}
spark_version = "${data.databricks_spark_version.databricks-validation_spark-version_D963D2AB.id}"
aws_attributes {
instance_profile_arn = "${databricks_instance_profile.databricks-validation_instance-profile_6CCC127A.instance_profile_arn}"
}
provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIG9mIGFjY291bnQgMjIyMjIyMjIyMjIyIHRocm91Z2ggdGhlCiMgY3Jvc3MtYWNjb3VudCByb2xlIGFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSwgZnJvbSBhIGNsdXN0ZXIgdGhhdCBydW5zIHdpdGggaW5zdGFuY2UgcHJvZmlsZQojIGFybjphd3M6aWFtOjoxMTExMTExMTExMTE6aW5zdGFuY2UtcHJvZmlsZS9EYXRhYnJpY2tzVG9LaW5lc2lzQXNzdW1lUm9sZS4KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgpTVFJFQU1TID0gWwogICAgInRlc3RTdHJlYW0iLApdCgoKZGVmIHJlYWRfc3RyZWFtKHN0cmVhbV9uYW1lKToKICAgIHJlYWRlciA9ICgKICAgICAgICBzcGFyay5yZWFkU3RyZWFtLmZvcm1hdCgia2luZXNpcyIpCiAgICAgICAgLm9wdGlvbigic3RyZWFtTmFtZSIsIHN0cmVhbV9uYW1lKQogICAgICAgIC5vcHRpb24oInJlZ2lvbiIsICJ1cy1lYXN0LTEiKQogICAgICAgIC5vcHRpb24oInJvbGVBcm4iLCAiYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL0tpbmVzaXNDcm9zc0FjY291bnRSb2xlIikKICAgICAgICAub3B0aW9uKCJpbml0aWFsUG9zaXRpb24iLCAiZWFybGllc3QiKQogICAgKQogICAgcmV0dXJuIHJlYWRlci5sb2FkKCkKCiMgQ09NTUFORCAtLS0tLS0tLS0tCgpmb3IgbmFtZSBpbiBTVFJFQU1TOgogICAgZGlzcGxheShyZWFkX3N0cmVhbShuYW1lKSkK"
language = "PYTHON"
path = "/Shared/kinesis-xacct/validate_kinesis"
provider = databricks
}

output "cluster_id" {
value = "${databricks_cluster.databricks-validation_cluster_FE3C7DBB.cluster_id}"
description = "ID of the Databricks cluster that runs with the instance profile"
}

output "notebook_path" {
value = "${databricks_notebook.databricks-validation_notebook_A16BE26F.path}"
description = "Workspace path of the notebook that validates the Kinesis read"
}