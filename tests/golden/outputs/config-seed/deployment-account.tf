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
path = "../../../config/.kinesis-xacct-state/seed.yaml/terraform.deployment-account.tfstate"
}


}

provider "aws" {
allowed_account_ids = [
"111111111111"
]
region = "us-east-1"
alias = "deployment"
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
name = "kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"
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
content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIG9mIGFjY291bnQgMjIyMjIyMjIyMjIyIHRocm91Z2ggdGhlIGNyb3NzLWFjY291bnQgcm9sZQojIGFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSwgZnJvbSBhIGNsdXN0ZXIgdGhhdCBydW5zIHdpdGggdGhlIGluc3RhbmNlIHByb2ZpbGUKIyBhcm46YXdzOmlhbTo6MTExMTExMTExMTExOmluc3RhbmNlLXByb2ZpbGUvRGF0YWJyaWNrc1RvS2luZXNpc0Fzc3VtZVJvbGUuCiMgQWNjZXNzIGZ1bGw6IHJlYWRzIGJ5IHBvbGxpbmcgKEdldFJlY29yZHMpLgojIFRoZSByZWFkIGlzIGJvdW5kZWQgdHdpY2U6IGl0IHN0YXJ0cyBhdCBpbml0aWFsUG9zaXRpb24gZWFybGllc3QsIGFuZCB0cmlnZ2VyKGF2YWlsYWJsZU5vdz1UcnVlKSBzdG9wcyBhdCB3aGF0IGVhY2ggc3RyZWFtIGhvbGRzCiMgd2hlbiB0aGUgcXVlcnkgc3RhcnRzLiBGZXRjaGVzIGFyZSBjYXBwZWQgYXQgbWF4RmV0Y2hSYXRlIDAuNSBNQi9zIHBlciBzaGFyZCAoYSBzaGFyZCBzZXJ2ZXMgMiBNaUIvcwojIHRvIGFsbCBpdHMgcG9sbGluZyBjb25zdW1lcnMgdG9nZXRoZXIpLiBUaGUgcmVjb3JkcyByZWFkIGFyZSBjb3VudGVkIGZyb20gdGhlIHF1ZXJ5J3Mgb3duIHByb2dyZXNzCiMgKG51bUlucHV0Um93cyksIG5ldmVyIGZyb20gYSBQeXRob24gZnVuY3Rpb246IG9uIHN0YW5kYXJkIGFjY2VzcyBtb2RlIChTcGFyayBDb25uZWN0KSBzdWNoIGEgZnVuY3Rpb24gcnVucwojIGluIGEgc2VwYXJhdGUgcHJvY2VzcyBhbmQgY2Fubm90IHJlcG9ydCBiYWNrLgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCmltcG9ydCBkYXRldGltZQppbXBvcnQganNvbgppbXBvcnQgb3MKaW1wb3J0IHNodXRpbAppbXBvcnQgdGVtcGZpbGUKaW1wb3J0IHV1aWQKCkFDQ0VTUyA9ICJmdWxsIgpTVFJFQU1TID0gWwogICAgInRlc3RTdHJlYW0iLApdCklOSVRJQUxfUE9TSVRJT04gPSAiZWFybGllc3QiCkZST00gPSAiaW5pdGlhbFBvc2l0aW9uIGVhcmxpZXN0IgojIEtlZXAgZXZlcnkgcHJvZ3Jlc3MgdXBkYXRlIG9mIGEgcXVlcnkgKFNwYXJrIGtlZXBzIDEwMCBieSBkZWZhdWx0KTogdGhlIGNvdW50IHN1bXMgYWxsIG9mIHRoZW0uCnRyeToKICAgIHNwYXJrLmNvbmYuc2V0KCJzcGFyay5zcWwuc3RyZWFtaW5nLm51bVJlY2VudFByb2dyZXNzVXBkYXRlcyIsICIxMDAwMDAiKQpleGNlcHQgRXhjZXB0aW9uIGFzIGVycjogICMgYSB3b3Jrc3BhY2UgbWF5IHJlZnVzZSB0aGUgc2V0dGluZzogYSBsb25nIHJlYWQncyBjb3VudCB0aGVuIHNheXMgaXQgaXMgaW5jb21wbGV0ZQogICAgcHJpbnQoZiJub3RlOiBTcGFyayBrZWVwcyBpdHMgZGVmYXVsdCBudW1iZXIgb2YgcHJvZ3Jlc3MgdXBkYXRlcyAoe3R5cGUoZXJyKS5fX25hbWVfX30pIikKCgpkZWYgcmVhZF9zdHJlYW0oc3RyZWFtX25hbWUpOgogICAgcmVhZGVyID0gKAogICAgICAgIHNwYXJrLnJlYWRTdHJlYW0uZm9ybWF0KCJraW5lc2lzIikKICAgICAgICAub3B0aW9uKCJzdHJlYW1OYW1lIiwgc3RyZWFtX25hbWUpCiAgICAgICAgLm9wdGlvbigicmVnaW9uIiwgInVzLWVhc3QtMSIpCiAgICAgICAgIyBBdXRoZW50aWNhdGlvbjogdGhlIGNsdXN0ZXIncyBpbnN0YW5jZSBwcm9maWxlIGFzc3VtZXMgYWNjb3VudCBCJ3Mgcm9sZSwgdGhyb3VnaCBTVFMgYXQKICAgICAgICAjIHN0cy51cy1lYXN0LTEuYW1hem9uYXdzLmNvbS4KICAgICAgICAub3B0aW9uKCJyb2xlQXJuIiwgImFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSIpCiAgICAgICAgLm9wdGlvbigicm9sZVNlc3Npb25OYW1lIiwgImtpbmVzaXMteGFjY3QtdmFsaWRhdGUiKQogICAgICAgIC5vcHRpb24oInN0c0VuZHBvaW50IiwgInN0cy51cy1lYXN0LTEuYW1hem9uYXdzLmNvbSIpCiAgICAgICAgLm9wdGlvbigiaW5pdGlhbFBvc2l0aW9uIiwgSU5JVElBTF9QT1NJVElPTikKICAgICAgICAub3B0aW9uKCJtYXhGZXRjaFJhdGUiLCAiMC41IikKICAgICkKICAgIHJldHVybiByZWFkZXIubG9hZCgpCgoKZGVmIGNvdW50X3JlY29yZHMoc3RyZWFtX25hbWUsIGNoZWNrcG9pbnQpOgogICAgIiIiUmVhZCB0aGUgc3RyZWFtIGZyb20gSU5JVElBTF9QT1NJVElPTiB1cCB0byB3aGF0IGl0IGhvbGRzIG5vdyBpbnRvIGEgc2luayB0aGF0IGtlZXBzIG5vdGhpbmcsIGFuZCByZXR1cm4KICAgIHRoZSBudW1iZXIgb2YgcmVjb3JkcyB0aGUgcXVlcnkgcmVhZCAodGhlIHN1bSBvZiBudW1JbnB1dFJvd3Mgb3ZlciBpdHMgcHJvZ3Jlc3MgdXBkYXRlcywgb25lIHBlciBiYXRjaCkuIiIiCiAgICBxdWVyeSA9ICgKICAgICAgICByZWFkX3N0cmVhbShzdHJlYW1fbmFtZSkKICAgICAgICAud3JpdGVTdHJlYW0uZm9ybWF0KCJub29wIikKICAgICAgICAucXVlcnlOYW1lKGYia2luZXNpcy14YWNjdC12YWxpZGF0ZS17c3RyZWFtX25hbWV9IikKICAgICAgICAub3B0aW9uKCJjaGVja3BvaW50TG9jYXRpb24iLCBjaGVja3BvaW50KQogICAgICAgIC50cmlnZ2VyKGF2YWlsYWJsZU5vdz1UcnVlKQogICAgICAgIC5zdGFydCgpCiAgICApCiAgICBxdWVyeS5hd2FpdFRlcm1pbmF0aW9uKCkgICMgcmFpc2VzIGlmIHRoZSBxdWVyeSBmYWlsZWQgKGFzc3VtaW5nIHRoZSByb2xlLCBhIEtpbmVzaXMgY2FsbCkKICAgIGJhdGNoZXMgPSB7cFsiYmF0Y2hJZCJdOiBzdW0oc291cmNlWyJudW1JbnB1dFJvd3MiXSBmb3Igc291cmNlIGluIHBbInNvdXJjZXMiXSkgZm9yIHAgaW4gcXVlcnkucmVjZW50UHJvZ3Jlc3N9CiAgICBpZiBiYXRjaGVzIGFuZCBtaW4oYmF0Y2hlcykgPiAwOiAgIyBhIG5ldyBjaGVja3BvaW50IHN0YXJ0cyBhdCBiYXRjaCAwOiBlYXJsaWVyIHVwZGF0ZXMgd2VyZSBkcm9wcGVkCiAgICAgICAgcHJpbnQoZiJ7c3RyZWFtX25hbWV9OiB0aGUgcHJvZ3Jlc3Mgb2YgdGhlIGZpcnN0IHttaW4oYmF0Y2hlcyl9IGJhdGNoZXMgd2FzIGRyb3BwZWQ7IHRoZSBjb3VudCBpcyB0b28gbG93IikKICAgIHJldHVybiBzdW0oYmF0Y2hlcy52YWx1ZXMoKSkKCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKIyBFYWNoIHF1ZXJ5J3MgY2hlY2twb2ludCAoRGF0YWJyaWNrczogIllvdSBtdXN0IHNwZWNpZnkgdGhlIGNoZWNrcG9pbnRMb2NhdGlvbiBvcHRpb24gYmVmb3JlIHlvdSBydW4gYQojIHN0cmVhbWluZyBxdWVyeSIpIGdvZXMgdG8gYSBmb2xkZXIgb2YgdGhpcyBydW4gb24gdGhlIGRyaXZlcidzIGxvY2FsIGRpc2ssIHdoaWNoIFNwYXJrIGNyZWF0ZXM7IHRoZSBmb2xkZXIKIyBpcyByZW1vdmVkIHdoZW4gdGhlIHJlYWRzIGVuZCAoYSBqb2IgY2x1c3RlcidzIGRpc2sgZ29lcyBhd2F5IHdpdGggdGhlIGNsdXN0ZXIgYW55d2F5KS4KY2hlY2twb2ludHMgPSBvcy5wYXRoLmpvaW4odGVtcGZpbGUuZ2V0dGVtcGRpcigpLCBmImtpbmVzaXMteGFjY3QtdmFsaWRhdGUte3V1aWQudXVpZDQoKS5oZXh9IikKcmVzdWx0cyA9IFtdCnRyeToKICAgIGZvciBpLCBuYW1lIGluIGVudW1lcmF0ZShTVFJFQU1TKToKICAgICAgICByZWNvcmRzID0gY291bnRfcmVjb3JkcyhuYW1lLCBmImZpbGU6e2NoZWNrcG9pbnRzfS97aX0iKQogICAgICAgIHJlc3VsdHMuYXBwZW5kKChuYW1lLCByZWNvcmRzKSkKZmluYWxseToKICAgIHNodXRpbC5ybXRyZWUoY2hlY2twb2ludHMsIGlnbm9yZV9lcnJvcnM9VHJ1ZSkKICAgIGlmIG9zLnBhdGguZXhpc3RzKGNoZWNrcG9pbnRzKToKICAgICAgICBwcmludChmIm5vdGU6IHRoZSBjaGVja3BvaW50IGZvbGRlciB7Y2hlY2twb2ludHN9IG9uIHRoZSBkcml2ZXIgY291bGQgbm90IGJlIHJlbW92ZWQgZnJvbSBQeXRob24iKQoKZW1wdHkgPSBbbmFtZSBmb3IgbmFtZSwgcmVjb3JkcyBpbiByZXN1bHRzIGlmIHJlY29yZHMgPT0gMF0KZm9yIG5hbWUsIHJlY29yZHMgaW4gcmVzdWx0czoKICAgIGlmIHJlY29yZHM6CiAgICAgICAgcHJpbnQoZiJ7bmFtZX06IHtyZWNvcmRzfSByZWNvcmRzIHJlYWQgZnJvbSB7RlJPTX0gKHtBQ0NFU1N9KTogYWNjZXNzIHdvcmtzIGFuZCBkYXRhIGFycml2ZWQuIikKICAgIGVsc2U6CiAgICAgICAgcHJpbnQoCiAgICAgICAgICAgIGYie25hbWV9OiBOTyBSRUNPUkRTIGluIHtGUk9NfS4gQWNjZXNzIHdvcmtzIChldmVyeSBLaW5lc2lzIGNhbGwgc3VjY2VlZGVkKSwgYnV0IG5vIGRhdGEgd2FzIHNlZW46ICIKICAgICAgICAgICAgZiJ3cml0ZSBhIHJlY29yZCB0byB0aGUgc3RyZWFtIGFuZCBydW4gYWdhaW4sIG9yIHdpZGVuIHRoZSB3aW5kb3csIHRvIHNlZSBkYXRhIGFycml2ZS4iCiAgICAgICAgKQpkaXNwbGF5KAogICAgc3BhcmsuY3JlYXRlRGF0YUZyYW1lKAogICAgICAgIFsobmFtZSwgcmVjb3JkcywgInJlY29yZHMgcmVhZCIgaWYgcmVjb3JkcyBlbHNlICJOTyBSRUNPUkRTIGluIHRoZSB3aW5kb3ciKSBmb3IgbmFtZSwgcmVjb3JkcyBpbiByZXN1bHRzXSwKICAgICAgICAic3RyZWFtIHN0cmluZywgcmVjb3JkcyBsb25nLCByZXN1bHQgc3RyaW5nIiwKICAgICkKKQpkYnV0aWxzLm5vdGVib29rLmV4aXQoanNvbi5kdW1wcyh7ImFjY2VzcyI6IEFDQ0VTUywgImZyb20iOiBGUk9NLCAicmVjb3JkcyI6IGRpY3QocmVzdWx0cyksICJub19yZWNvcmRzIjogZW1wdHl9KSkK"
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