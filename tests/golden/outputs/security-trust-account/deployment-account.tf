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
path = "../../../tests/golden/outputs/security-trust-account/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
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
content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIG9mIGFjY291bnQgMjIyMjIyMjIyMjIyIHRocm91Z2ggdGhlIGNyb3NzLWFjY291bnQgcm9sZQojIGFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSwgZnJvbSBhIGNsdXN0ZXIgdGhhdCBydW5zIHdpdGggdGhlIGluc3RhbmNlIHByb2ZpbGUKIyBhcm46YXdzOmlhbTo6MTExMTExMTExMTExOmluc3RhbmNlLXByb2ZpbGUvRGF0YWJyaWNrc1RvS2luZXNpc0Fzc3VtZVJvbGUuCiMgQWNjZXNzIHJlYWQ6IHJlYWRzIGJ5IHBvbGxpbmcgKEdldFJlY29yZHMpLgojIFRoZSByZWFkIGlzIGJvdW5kZWQgdHdpY2U6IGl0IHN0YXJ0cyAxNSBtaW51dGVzIGJlZm9yZSB0aGUgbm90ZWJvb2sgcnVucyAobmV2ZXIgdGhlIHdob2xlCiMgcmV0ZW50aW9uKSwgYW5kIHRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpIHN0b3BzIGF0IHdoYXQgZWFjaCBzdHJlYW0gaG9sZHMKIyB3aGVuIHRoZSBxdWVyeSBzdGFydHMuIEZldGNoZXMgYXJlIGNhcHBlZCBhdCBtYXhGZXRjaFJhdGUgMC41IE1CL3MgcGVyIHNoYXJkIChhIHNoYXJkIHNlcnZlcyAyIE1pQi9zCiMgdG8gYWxsIGl0cyBwb2xsaW5nIGNvbnN1bWVycyB0b2dldGhlcikuIFRoZSByZWNvcmRzIHJlYWQgYXJlIGNvdW50ZWQgZnJvbSB0aGUgcXVlcnkncyBvd24gcHJvZ3Jlc3MKIyAobnVtSW5wdXRSb3dzKSwgbmV2ZXIgZnJvbSBhIFB5dGhvbiBmdW5jdGlvbjogb24gc3RhbmRhcmQgYWNjZXNzIG1vZGUgKFNwYXJrIENvbm5lY3QpIHN1Y2ggYSBmdW5jdGlvbiBydW5zCiMgaW4gYSBzZXBhcmF0ZSBwcm9jZXNzIGFuZCBjYW5ub3QgcmVwb3J0IGJhY2suCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKaW1wb3J0IGRhdGV0aW1lCmltcG9ydCBqc29uCmltcG9ydCBvcwppbXBvcnQgc2h1dGlsCmltcG9ydCB0ZW1wZmlsZQppbXBvcnQgdXVpZAoKQUNDRVNTID0gInJlYWQiClNUUkVBTVMgPSBbCiAgICAidGVzdFN0cmVhbSIsCl0KV0lORE9XX01JTlVURVMgPSAxNQojIFRoZSBzdGFydCBvZiB0aGUgd2luZG93LCBjb21wdXRlZCBub3c6IHRoZSBzYW1lIGZvciBldmVyeSBzdHJlYW0uCldJTkRPV19TVEFSVCA9IGRhdGV0aW1lLmRhdGV0aW1lLm5vdyhkYXRldGltZS50aW1lem9uZS51dGMpIC0gZGF0ZXRpbWUudGltZWRlbHRhKG1pbnV0ZXM9V0lORE9XX01JTlVURVMpCklOSVRJQUxfUE9TSVRJT04gPSBqc29uLmR1bXBzKAogICAgeyJhdF90aW1lc3RhbXAiOiBXSU5ET1dfU1RBUlQuc3RyZnRpbWUoIiVZLSVtLSVkVCVIOiVNOiVTKzAwMDAiKSwgImZvcm1hdCI6ICJ5eXl5LU1NLWRkJ1QnSEg6bW06c3NaIn0KKQpGUk9NID0gZiJ0aGUgbGFzdCB7V0lORE9XX01JTlVURVN9IG1pbnV0ZXMgKHNpbmNlIHtXSU5ET1dfU1RBUlQ6JVktJW0tJWQgJUg6JU06JVN9IFVUQykiCiMgS2VlcCBldmVyeSBwcm9ncmVzcyB1cGRhdGUgb2YgYSBxdWVyeSAoU3Bhcmsga2VlcHMgMTAwIGJ5IGRlZmF1bHQpOiB0aGUgY291bnQgc3VtcyBhbGwgb2YgdGhlbS4KdHJ5OgogICAgc3BhcmsuY29uZi5zZXQoInNwYXJrLnNxbC5zdHJlYW1pbmcubnVtUmVjZW50UHJvZ3Jlc3NVcGRhdGVzIiwgIjEwMDAwMCIpCmV4Y2VwdCBFeGNlcHRpb24gYXMgZXJyOiAgIyBhIHdvcmtzcGFjZSBtYXkgcmVmdXNlIHRoZSBzZXR0aW5nOiBhIGxvbmcgcmVhZCdzIGNvdW50IHRoZW4gc2F5cyBpdCBpcyBpbmNvbXBsZXRlCiAgICBwcmludChmIm5vdGU6IFNwYXJrIGtlZXBzIGl0cyBkZWZhdWx0IG51bWJlciBvZiBwcm9ncmVzcyB1cGRhdGVzICh7dHlwZShlcnIpLl9fbmFtZV9ffSkiKQoKCmRlZiByZWFkX3N0cmVhbShzdHJlYW1fbmFtZSk6CiAgICByZWFkZXIgPSAoCiAgICAgICAgc3BhcmsucmVhZFN0cmVhbS5mb3JtYXQoImtpbmVzaXMiKQogICAgICAgIC5vcHRpb24oInN0cmVhbU5hbWUiLCBzdHJlYW1fbmFtZSkKICAgICAgICAub3B0aW9uKCJyZWdpb24iLCAidXMtZWFzdC0xIikKICAgICAgICAjIEF1dGhlbnRpY2F0aW9uOiB0aGUgY2x1c3RlcidzIGluc3RhbmNlIHByb2ZpbGUgYXNzdW1lcyBhY2NvdW50IEIncyByb2xlLCB0aHJvdWdoIFNUUyBhdAogICAgICAgICMgc3RzLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tLgogICAgICAgIC5vcHRpb24oInJvbGVBcm4iLCAiYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL0tpbmVzaXNDcm9zc0FjY291bnRSb2xlIikKICAgICAgICAub3B0aW9uKCJyb2xlU2Vzc2lvbk5hbWUiLCAia2luZXNpcy14YWNjdC12YWxpZGF0ZSIpCiAgICAgICAgLm9wdGlvbigicm9sZUV4dGVybmFsSWQiLCAia2luZXNpcy14YWNjdC1leHRlcm5hbC1pZC0xIikKICAgICAgICAub3B0aW9uKCJzdHNFbmRwb2ludCIsICJzdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20iKQogICAgICAgIC5vcHRpb24oImluaXRpYWxQb3NpdGlvbiIsIElOSVRJQUxfUE9TSVRJT04pCiAgICAgICAgLm9wdGlvbigibWF4RmV0Y2hSYXRlIiwgIjAuNSIpCiAgICApCiAgICByZXR1cm4gcmVhZGVyLmxvYWQoKQoKCmRlZiBjb3VudF9yZWNvcmRzKHN0cmVhbV9uYW1lLCBjaGVja3BvaW50KToKICAgICIiIlJlYWQgdGhlIHN0cmVhbSBmcm9tIElOSVRJQUxfUE9TSVRJT04gdXAgdG8gd2hhdCBpdCBob2xkcyBub3cgaW50byBhIHNpbmsgdGhhdCBrZWVwcyBub3RoaW5nLCBhbmQgcmV0dXJuCiAgICB0aGUgbnVtYmVyIG9mIHJlY29yZHMgdGhlIHF1ZXJ5IHJlYWQgKHRoZSBzdW0gb2YgbnVtSW5wdXRSb3dzIG92ZXIgaXRzIHByb2dyZXNzIHVwZGF0ZXMsIG9uZSBwZXIgYmF0Y2gpLiIiIgogICAgcXVlcnkgPSAoCiAgICAgICAgcmVhZF9zdHJlYW0oc3RyZWFtX25hbWUpCiAgICAgICAgLndyaXRlU3RyZWFtLmZvcm1hdCgibm9vcCIpCiAgICAgICAgLnF1ZXJ5TmFtZShmImtpbmVzaXMteGFjY3QtdmFsaWRhdGUte3N0cmVhbV9uYW1lfSIpCiAgICAgICAgLm9wdGlvbigiY2hlY2twb2ludExvY2F0aW9uIiwgY2hlY2twb2ludCkKICAgICAgICAudHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkKICAgICAgICAuc3RhcnQoKQogICAgKQogICAgcXVlcnkuYXdhaXRUZXJtaW5hdGlvbigpICAjIHJhaXNlcyBpZiB0aGUgcXVlcnkgZmFpbGVkIChhc3N1bWluZyB0aGUgcm9sZSwgYSBLaW5lc2lzIGNhbGwpCiAgICBiYXRjaGVzID0ge3BbImJhdGNoSWQiXTogc3VtKHNvdXJjZVsibnVtSW5wdXRSb3dzIl0gZm9yIHNvdXJjZSBpbiBwWyJzb3VyY2VzIl0pIGZvciBwIGluIHF1ZXJ5LnJlY2VudFByb2dyZXNzfQogICAgaWYgYmF0Y2hlcyBhbmQgbWluKGJhdGNoZXMpID4gMDogICMgYSBuZXcgY2hlY2twb2ludCBzdGFydHMgYXQgYmF0Y2ggMDogZWFybGllciB1cGRhdGVzIHdlcmUgZHJvcHBlZAogICAgICAgIHByaW50KGYie3N0cmVhbV9uYW1lfTogdGhlIHByb2dyZXNzIG9mIHRoZSBmaXJzdCB7bWluKGJhdGNoZXMpfSBiYXRjaGVzIHdhcyBkcm9wcGVkOyB0aGUgY291bnQgaXMgdG9vIGxvdyIpCiAgICByZXR1cm4gc3VtKGJhdGNoZXMudmFsdWVzKCkpCgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCiMgRWFjaCBxdWVyeSdzIGNoZWNrcG9pbnQgKERhdGFicmlja3M6ICJZb3UgbXVzdCBzcGVjaWZ5IHRoZSBjaGVja3BvaW50TG9jYXRpb24gb3B0aW9uIGJlZm9yZSB5b3UgcnVuIGEKIyBzdHJlYW1pbmcgcXVlcnkiKSBnb2VzIHRvIGEgZm9sZGVyIG9mIHRoaXMgcnVuIG9uIHRoZSBkcml2ZXIncyBsb2NhbCBkaXNrLCB3aGljaCBTcGFyayBjcmVhdGVzOyB0aGUgZm9sZGVyCiMgaXMgcmVtb3ZlZCB3aGVuIHRoZSByZWFkcyBlbmQgKGEgam9iIGNsdXN0ZXIncyBkaXNrIGdvZXMgYXdheSB3aXRoIHRoZSBjbHVzdGVyIGFueXdheSkuCmNoZWNrcG9pbnRzID0gb3MucGF0aC5qb2luKHRlbXBmaWxlLmdldHRlbXBkaXIoKSwgZiJraW5lc2lzLXhhY2N0LXZhbGlkYXRlLXt1dWlkLnV1aWQ0KCkuaGV4fSIpCnJlc3VsdHMgPSBbXQp0cnk6CiAgICBmb3IgaSwgbmFtZSBpbiBlbnVtZXJhdGUoU1RSRUFNUyk6CiAgICAgICAgcmVjb3JkcyA9IGNvdW50X3JlY29yZHMobmFtZSwgZiJmaWxlOntjaGVja3BvaW50c30ve2l9IikKICAgICAgICByZXN1bHRzLmFwcGVuZCgobmFtZSwgcmVjb3JkcykpCmZpbmFsbHk6CiAgICBzaHV0aWwucm10cmVlKGNoZWNrcG9pbnRzLCBpZ25vcmVfZXJyb3JzPVRydWUpCiAgICBpZiBvcy5wYXRoLmV4aXN0cyhjaGVja3BvaW50cyk6CiAgICAgICAgcHJpbnQoZiJub3RlOiB0aGUgY2hlY2twb2ludCBmb2xkZXIge2NoZWNrcG9pbnRzfSBvbiB0aGUgZHJpdmVyIGNvdWxkIG5vdCBiZSByZW1vdmVkIGZyb20gUHl0aG9uIikKCmVtcHR5ID0gW25hbWUgZm9yIG5hbWUsIHJlY29yZHMgaW4gcmVzdWx0cyBpZiByZWNvcmRzID09IDBdCmZvciBuYW1lLCByZWNvcmRzIGluIHJlc3VsdHM6CiAgICBpZiByZWNvcmRzOgogICAgICAgIHByaW50KGYie25hbWV9OiB7cmVjb3Jkc30gcmVjb3JkcyByZWFkIGZyb20ge0ZST019ICh7QUNDRVNTfSk6IGFjY2VzcyB3b3JrcyBhbmQgZGF0YSBhcnJpdmVkLiIpCiAgICBlbHNlOgogICAgICAgIHByaW50KAogICAgICAgICAgICBmIntuYW1lfTogTk8gUkVDT1JEUyBpbiB7RlJPTX0uIEFjY2VzcyB3b3JrcyAoZXZlcnkgS2luZXNpcyBjYWxsIHN1Y2NlZWRlZCksIGJ1dCBubyBkYXRhIHdhcyBzZWVuOiAiCiAgICAgICAgICAgIGYid3JpdGUgYSByZWNvcmQgdG8gdGhlIHN0cmVhbSBhbmQgcnVuIGFnYWluLCBvciB3aWRlbiB0aGUgd2luZG93LCB0byBzZWUgZGF0YSBhcnJpdmUuIgogICAgICAgICkKZGlzcGxheSgKICAgIHNwYXJrLmNyZWF0ZURhdGFGcmFtZSgKICAgICAgICBbKG5hbWUsIHJlY29yZHMsICJyZWNvcmRzIHJlYWQiIGlmIHJlY29yZHMgZWxzZSAiTk8gUkVDT1JEUyBpbiB0aGUgd2luZG93IikgZm9yIG5hbWUsIHJlY29yZHMgaW4gcmVzdWx0c10sCiAgICAgICAgInN0cmVhbSBzdHJpbmcsIHJlY29yZHMgbG9uZywgcmVzdWx0IHN0cmluZyIsCiAgICApCikKZGJ1dGlscy5ub3RlYm9vay5leGl0KGpzb24uZHVtcHMoeyJhY2Nlc3MiOiBBQ0NFU1MsICJmcm9tIjogRlJPTSwgInJlY29yZHMiOiBkaWN0KHJlc3VsdHMpLCAibm9fcmVjb3JkcyI6IGVtcHR5fSkpCg=="
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