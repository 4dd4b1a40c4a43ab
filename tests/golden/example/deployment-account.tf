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
  time = {
version = ">= 0.13.0, < 1.0.0"
source = "hashicorp/time"
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

provider "time" {
}
resource "time_sleep" "databricks-registration_iam-propagation_E732B351" {
create_duration = "30s"
triggers = {
instance_profile_role = "${aws_iam_instance_profile.instance-profile-role_profile_75E50F07.role}"
instance_profile_role_trust = "${aws_iam_role.instance-profile-role_assume_role_730C2737.assume_role_policy}"
passrole_policy = "${aws_iam_role_policy.workspace-passrole_policy_D6396269.policy}"
}
provider = time
depends_on = [aws_iam_instance_profile.instance-profile-role_profile_75E50F07, aws_iam_role_policy.workspace-passrole_policy_D6396269]
}
resource "databricks_instance_profile" "databricks-registration_instance-profile_383C8FF0" {
instance_profile_arn = "arn:aws:iam::111111111111:instance-profile/DatabricksToKinesisAssumeRole"
skip_validation = false
provider = databricks
depends_on = [aws_iam_instance_profile.instance-profile-role_profile_75E50F07, aws_iam_role_policy.workspace-passrole_policy_D6396269, time_sleep.databricks-registration_iam-propagation_E732B351]
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
is_pinned = true
node_type_id = "${data.databricks_node_type.databricks-validation_node-type_064FF72C.id}"
num_workers = 0
single_user_name = "${data.databricks_current_user.databricks-validation_me_9A1F0E3D.user_name}"
spark_conf = {
"spark.databricks.cluster.profile" = "singleNode"
"spark.master" = "local[*]"
}
spark_version = "16.4.x-scala2.12"
aws_attributes {
instance_profile_arn = "${databricks_instance_profile.databricks-registration_instance-profile_383C8FF0.instance_profile_arn}"
}
provider = databricks
}
resource "databricks_directory" "databricks-validation_folder_5607DDFD" {
path = "${data.databricks_current_user.databricks-validation_me_9A1F0E3D.home}/kinesis-xacct"
provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIG9mIGFjY291bnQgMjIyMjIyMjIyMjIyIHRocm91Z2ggdGhlIGNyb3NzLWFjY291bnQgcm9sZQojIGFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSwgZnJvbSBhIGNsdXN0ZXIgdGhhdCBydW5zIHdpdGggdGhlIGluc3RhbmNlIHByb2ZpbGUKIyBhcm46YXdzOmlhbTo6MTExMTExMTExMTExOmluc3RhbmNlLXByb2ZpbGUvRGF0YWJyaWNrc1RvS2luZXNpc0Fzc3VtZVJvbGUuCiMgQWNjZXNzIHJlYWQ6IHJlYWRzIGJ5IHBvbGxpbmcgKEdldFJlY29yZHMpLgojIFRoZSByZWFkIGlzIGJvdW5kZWQ6IHRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpIHJlYWRzIHdoYXQgZWFjaCBzdHJlYW0gaG9sZHMgbm93IChmcm9tIGluaXRpYWxQb3NpdGlvbikKIyBpbnRvIGEgc2luayB0aGF0IG9ubHkgY291bnRzLCB0aGVuIHRoZSBxdWVyeSBzdG9wczogYSBqb2IgcnVuIGVuZHMgYW5kIHRoZSBjbHVzdGVyIGNhbiBhdXRvLXRlcm1pbmF0ZS4KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgppbXBvcnQganNvbgoKQUNDRVNTID0gInJlYWQiClNUUkVBTVMgPSBbCiAgICAidGVzdFN0cmVhbSIsCl0KCgpkZWYgcmVhZF9zdHJlYW0oc3RyZWFtX25hbWUpOgogICAgcmVhZGVyID0gKAogICAgICAgIHNwYXJrLnJlYWRTdHJlYW0uZm9ybWF0KCJraW5lc2lzIikKICAgICAgICAub3B0aW9uKCJzdHJlYW1OYW1lIiwgc3RyZWFtX25hbWUpCiAgICAgICAgLm9wdGlvbigicmVnaW9uIiwgInVzLWVhc3QtMSIpCiAgICAgICAgIyBBdXRoZW50aWNhdGlvbjogdGhlIGNsdXN0ZXIncyBpbnN0YW5jZSBwcm9maWxlIGFzc3VtZXMgYWNjb3VudCBCJ3Mgcm9sZS4KICAgICAgICAub3B0aW9uKCJyb2xlQXJuIiwgImFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSIpCiAgICAgICAgLm9wdGlvbigicm9sZVNlc3Npb25OYW1lIiwgImtpbmVzaXMteGFjY3QtdmFsaWRhdGUiKQogICAgICAgIC5vcHRpb24oImluaXRpYWxQb3NpdGlvbiIsICJlYXJsaWVzdCIpCiAgICApCiAgICByZXR1cm4gcmVhZGVyLmxvYWQoKQoKCmRlZiBjb3VudF9yZWNvcmRzKHN0cmVhbV9uYW1lKToKICAgICIiIlJlYWQgd2hhdCB0aGUgc3RyZWFtIGhvbGRzIG5vdyBhbmQgY291bnQgaXQ7IG5vdGhpbmcgaXMga2VwdC4iIiIKICAgIHRvdGFsID0gWzBdCgogICAgZGVmIGNvdW50X2JhdGNoKGJhdGNoLCBiYXRjaF9pZCk6CiAgICAgICAgdG90YWxbMF0gKz0gYmF0Y2guY291bnQoKQoKICAgIHF1ZXJ5ID0gcmVhZF9zdHJlYW0oc3RyZWFtX25hbWUpLndyaXRlU3RyZWFtLmZvcmVhY2hCYXRjaChjb3VudF9iYXRjaCkudHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkuc3RhcnQoKQogICAgcXVlcnkuYXdhaXRUZXJtaW5hdGlvbigpICAjIHJhaXNlcyBpZiB0aGUgcXVlcnkgZmFpbGVkIChhc3N1bWluZyB0aGUgcm9sZSwgYSBLaW5lc2lzIGNhbGwpCiAgICByZXR1cm4gdG90YWxbMF0KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgpyZXN1bHRzID0gW10KZm9yIG5hbWUgaW4gU1RSRUFNUzoKICAgIHJlY29yZHMgPSBjb3VudF9yZWNvcmRzKG5hbWUpCiAgICByZXN1bHRzLmFwcGVuZCgobmFtZSwgcmVjb3JkcykpCiAgICBwcmludChmIntuYW1lfToge3JlY29yZHN9IHJlY29yZHMgcmVhZCAoe0FDQ0VTU30pIikKCmRpc3BsYXkoc3BhcmsuY3JlYXRlRGF0YUZyYW1lKHJlc3VsdHMsICJzdHJlYW0gc3RyaW5nLCByZWNvcmRzIGxvbmciKSkKZGJ1dGlscy5ub3RlYm9vay5leGl0KGpzb24uZHVtcHMoeyJhY2Nlc3MiOiBBQ0NFU1MsICJyZWNvcmRzIjogZGljdChyZXN1bHRzKX0pKQo="
language = "PYTHON"
path = "${databricks_directory.databricks-validation_folder_5607DDFD.path}/validate_kinesis"
provider = databricks
}
resource "databricks_job" "databricks-validation_job_99359EA7" {
max_concurrent_runs = 1
name = "kinesis-xacct-validation-job"
timeout_seconds = 3600
job_cluster {
job_cluster_key = "validation"
new_cluster {
custom_tags = {
ResourceClass = "SingleNode"
}
data_security_mode = "SINGLE_USER"
node_type_id = "${data.databricks_node_type.databricks-validation_node-type_064FF72C.id}"
num_workers = 0
spark_conf = {
"spark.databricks.cluster.profile" = "singleNode"
"spark.master" = "local[*]"
}
spark_version = "16.4.x-scala2.12"
aws_attributes {
instance_profile_arn = "${databricks_instance_profile.databricks-registration_instance-profile_383C8FF0.instance_profile_arn}"
}
}
}
task {
job_cluster_key = "validation"
task_key = "validate"
notebook_task {
notebook_path = "${databricks_notebook.databricks-validation_notebook_A16BE26F.path}"
}
}
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

output "job_id" {
value = "${databricks_job.databricks-validation_job_99359EA7.id}"
description = "ID of the job that runs the validation notebook (databricks jobs run-now <job_id>)"
}