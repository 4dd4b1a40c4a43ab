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
path = "../../../config/.kinesis-xacct-state/organisation.yaml/terraform.deployment-account-fraud.tfstate"
}


}

provider "aws" {
allowed_account_ids = [
"444444444444"
]
region = "eu-west-1"
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
name = "kinesis-xacct-fraud"
provider = aws.deployment
}
resource "aws_iam_role_policy" "instance-profile-role_assume_policy_18693590" {
name = "assume-kinesis-account-role"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeKinesisAccountRole\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::333333333333:role/kinesis-xacct-fraud-payments\"}]}"
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
name = "kinesis-xacct-fraud"
role = "${aws_iam_role.instance-profile-role_assume_role_730C2737.name}"
provider = aws.deployment
}
resource "aws_iam_role_policy" "workspace-passrole_policy_D6396269" {
name = "kinesis-xacct-passrole-kinesis-xacct-fraud"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassKinesisInstanceProfileRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::444444444444:role/kinesis-xacct-fraud\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}"
role = "dbx-fraud-workspace"
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
host = "https://dbc-fraud.cloud.databricks.com"
profile = "fraud"
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
instance_profile_arn = "arn:aws:iam::444444444444:instance-profile/kinesis-xacct-fraud"
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
content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgV29ya3NwYWNlIGZyYXVkOiByZWFkIGV2ZXJ5IEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQsIGVhY2ggdGhyb3VnaCBpdHMgb3duIHBhaXIncwojIGNyb3NzLWFjY291bnQgcm9sZSwgYXNzdW1lZCBmcm9tIGEgY2x1c3RlciB0aGF0IHJ1bnMgd2l0aCB0aGUgaW5zdGFuY2UgcHJvZmlsZQojIGFybjphd3M6aWFtOjo0NDQ0NDQ0NDQ0NDQ6aW5zdGFuY2UtcHJvZmlsZS9raW5lc2lzLXhhY2N0LWZyYXVkLgojIFRoZSByZWFkIGlzIGJvdW5kZWQgdHdpY2U6IGl0IHN0YXJ0cyAxNSBtaW51dGVzIGJlZm9yZSB0aGUgbm90ZWJvb2sgcnVucyAobmV2ZXIgdGhlIHdob2xlCiMgcmV0ZW50aW9uKSwgYW5kIHRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpIHN0b3BzIGF0IHdoYXQgZWFjaCBzdHJlYW0gaG9sZHMKIyB3aGVuIHRoZSBxdWVyeSBzdGFydHMuIEZldGNoZXMgYXJlIGNhcHBlZCBhdCBtYXhGZXRjaFJhdGUgMC41IE1CL3MgcGVyIHNoYXJkIChhIHNoYXJkIHNlcnZlcyAyIE1pQi9zCiMgdG8gYWxsIGl0cyBwb2xsaW5nIGNvbnN1bWVycyB0b2dldGhlcikuIFRoZSByZWNvcmRzIHJlYWQgYXJlIGNvdW50ZWQgZnJvbSB0aGUgcXVlcnkncyBvd24gcHJvZ3Jlc3MKIyAobnVtSW5wdXRSb3dzKSwgbmV2ZXIgZnJvbSBhIFB5dGhvbiBmdW5jdGlvbjogb24gc3RhbmRhcmQgYWNjZXNzIG1vZGUgKFNwYXJrIENvbm5lY3QpIHN1Y2ggYSBmdW5jdGlvbiBydW5zCiMgaW4gYSBzZXBhcmF0ZSBwcm9jZXNzIGFuZCBjYW5ub3QgcmVwb3J0IGJhY2suCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKaW1wb3J0IGRhdGV0aW1lCmltcG9ydCBqc29uCmltcG9ydCBvcwppbXBvcnQgc2h1dGlsCmltcG9ydCB0ZW1wZmlsZQppbXBvcnQgdXVpZAoKIyBPbmUgZW50cnkgcGVyIGdyYW50ZWQgc3RyZWFtOiB0aGUgc291cmNlIGFjY291bnQsIHRoZSBzdHJlYW0gYW5kIGhvdyB0aGlzIHdvcmtzcGFjZSByZWFjaGVzIGl0LgpSRUFEUyA9IFsKICAgIHsKICAgICAgICAic291cmNlIjogInBheW1lbnRzIiwKICAgICAgICAic3RyZWFtIjogInRyYW5zYWN0aW9ucyIsCiAgICAgICAgInJlZ2lvbiI6ICJldS13ZXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAicmVhZCIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6IE5vbmUsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjMzMzMzMzMzMzMzMzpyb2xlL2tpbmVzaXMteGFjY3QtZnJhdWQtcGF5bWVudHMiLAogICAgICAgICJyb2xlRXh0ZXJuYWxJZCI6ICJmcmF1ZC1wYXltZW50cy05MWMyIiwKICAgICAgICAic3RzRW5kcG9pbnQiOiAic3RzLmV1LXdlc3QtMS5hbWF6b25hd3MuY29tIiwKICAgIH0sCiAgICB7CiAgICAgICAgInNvdXJjZSI6ICJwYXltZW50cyIsCiAgICAgICAgInN0cmVhbSI6ICJjaGFyZ2ViYWNrcyIsCiAgICAgICAgInJlZ2lvbiI6ICJldS13ZXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAicmVhZCIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6IE5vbmUsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjMzMzMzMzMzMzMzMzpyb2xlL2tpbmVzaXMteGFjY3QtZnJhdWQtcGF5bWVudHMiLAogICAgICAgICJyb2xlRXh0ZXJuYWxJZCI6ICJmcmF1ZC1wYXltZW50cy05MWMyIiwKICAgICAgICAic3RzRW5kcG9pbnQiOiAic3RzLmV1LXdlc3QtMS5hbWF6b25hd3MuY29tIiwKICAgIH0sCl0KV0lORE9XX01JTlVURVMgPSAxNQojIFRoZSBzdGFydCBvZiB0aGUgd2luZG93LCBjb21wdXRlZCBub3c6IHRoZSBzYW1lIGZvciBldmVyeSBzdHJlYW0uCldJTkRPV19TVEFSVCA9IGRhdGV0aW1lLmRhdGV0aW1lLm5vdyhkYXRldGltZS50aW1lem9uZS51dGMpIC0gZGF0ZXRpbWUudGltZWRlbHRhKG1pbnV0ZXM9V0lORE9XX01JTlVURVMpCklOSVRJQUxfUE9TSVRJT04gPSBqc29uLmR1bXBzKAogICAgeyJhdF90aW1lc3RhbXAiOiBXSU5ET1dfU1RBUlQuc3RyZnRpbWUoIiVZLSVtLSVkVCVIOiVNOiVTKzAwMDAiKSwgImZvcm1hdCI6ICJ5eXl5LU1NLWRkJ1QnSEg6bW06c3NaIn0KKQpGUk9NID0gZiJ0aGUgbGFzdCB7V0lORE9XX01JTlVURVN9IG1pbnV0ZXMgKHNpbmNlIHtXSU5ET1dfU1RBUlQ6JVktJW0tJWQgJUg6JU06JVN9IFVUQykiCiMgS2VlcCBldmVyeSBwcm9ncmVzcyB1cGRhdGUgb2YgYSBxdWVyeSAoU3Bhcmsga2VlcHMgMTAwIGJ5IGRlZmF1bHQpOiB0aGUgY291bnQgc3VtcyBhbGwgb2YgdGhlbS4KdHJ5OgogICAgc3BhcmsuY29uZi5zZXQoInNwYXJrLnNxbC5zdHJlYW1pbmcubnVtUmVjZW50UHJvZ3Jlc3NVcGRhdGVzIiwgIjEwMDAwMCIpCmV4Y2VwdCBFeGNlcHRpb24gYXMgZXJyOiAgIyBhIHdvcmtzcGFjZSBtYXkgcmVmdXNlIHRoZSBzZXR0aW5nOiBhIGxvbmcgcmVhZCdzIGNvdW50IHRoZW4gc2F5cyBpdCBpcyBpbmNvbXBsZXRlCiAgICBwcmludChmIm5vdGU6IFNwYXJrIGtlZXBzIGl0cyBkZWZhdWx0IG51bWJlciBvZiBwcm9ncmVzcyB1cGRhdGVzICh7dHlwZShlcnIpLl9fbmFtZV9ffSkiKQoKCmRlZiByZWFkX3N0cmVhbShyZWFkKToKICAgIHJlYWRlciA9ICgKICAgICAgICBzcGFyay5yZWFkU3RyZWFtLmZvcm1hdCgia2luZXNpcyIpCiAgICAgICAgLm9wdGlvbigic3RyZWFtTmFtZSIsIHJlYWRbInN0cmVhbSJdKQogICAgICAgIC5vcHRpb24oInJlZ2lvbiIsIHJlYWRbInJlZ2lvbiJdKQogICAgICAgICMgQXV0aGVudGljYXRpb246IHRoZSBjbHVzdGVyJ3MgaW5zdGFuY2UgcHJvZmlsZSBhc3N1bWVzIHRoZSBwYWlyJ3Mgcm9sZSBpbiB0aGUgc291cmNlIGFjY291bnQuCiAgICAgICAgLm9wdGlvbigicm9sZUFybiIsIHJlYWRbInJvbGVBcm4iXSkKICAgICAgICAub3B0aW9uKCJyb2xlU2Vzc2lvbk5hbWUiLCAia2luZXNpcy14YWNjdC12YWxpZGF0ZSIpCiAgICAgICAgLm9wdGlvbigic3RzRW5kcG9pbnQiLCByZWFkWyJzdHNFbmRwb2ludCJdKQogICAgICAgIC5vcHRpb24oImluaXRpYWxQb3NpdGlvbiIsIElOSVRJQUxfUE9TSVRJT04pCiAgICAgICAgLm9wdGlvbigibWF4RmV0Y2hSYXRlIiwgIjAuNSIpCiAgICApCiAgICBpZiByZWFkWyJyb2xlRXh0ZXJuYWxJZCJdOgogICAgICAgIHJlYWRlciA9IHJlYWRlci5vcHRpb24oInJvbGVFeHRlcm5hbElkIiwgcmVhZFsicm9sZUV4dGVybmFsSWQiXSkKICAgIGlmIHJlYWRbImFjY2VzcyJdID09ICJyZWFkLWVmbyI6CiAgICAgICAgIyBFbmhhbmNlZCBmYW4tb3V0OiB0aGUgcGFpcidzIG93biBuYW1lZCBjb25zdW1lciAoaXRzIHJvbGUgbWF5IGRlcmVnaXN0ZXIgbm8gb3RoZXIpLCBkZXJlZ2lzdGVyZWQgd2hlbgogICAgICAgICMgdGhlIHF1ZXJ5IHN0b3BzLgogICAgICAgIHJlYWRlciA9ICgKICAgICAgICAgICAgcmVhZGVyLm9wdGlvbigiY29uc3VtZXJNb2RlIiwgImVmbyIpCiAgICAgICAgICAgIC5vcHRpb24oImNvbnN1bWVyTmFtZSIsIHJlYWRbImNvbnN1bWVyTmFtZSJdKQogICAgICAgICAgICAub3B0aW9uKCJyZXF1aXJlQ29uc3VtZXJEZXJlZ2lzdHJhdGlvbiIsICJ0cnVlIikKICAgICAgICApCiAgICByZXR1cm4gcmVhZGVyLmxvYWQoKQoKCmRlZiBjb3VudF9yZWNvcmRzKHJlYWQsIGNoZWNrcG9pbnQpOgogICAgIiIiUmVhZCB0aGUgc3RyZWFtIGZyb20gSU5JVElBTF9QT1NJVElPTiB1cCB0byB3aGF0IGl0IGhvbGRzIG5vdyBpbnRvIGEgc2luayB0aGF0IGtlZXBzIG5vdGhpbmcsIGFuZCByZXR1cm4KICAgIHRoZSBudW1iZXIgb2YgcmVjb3JkcyB0aGUgcXVlcnkgcmVhZCAodGhlIHN1bSBvZiBudW1JbnB1dFJvd3Mgb3ZlciBpdHMgcHJvZ3Jlc3MgdXBkYXRlcywgb25lIHBlciBiYXRjaCkuIiIiCiAgICBxdWVyeSA9ICgKICAgICAgICByZWFkX3N0cmVhbShyZWFkKQogICAgICAgIC53cml0ZVN0cmVhbS5mb3JtYXQoIm5vb3AiKQogICAgICAgIC5xdWVyeU5hbWUoZiJraW5lc2lzLXhhY2N0LXZhbGlkYXRlLXtyZWFkWydzb3VyY2UnXX0te3JlYWRbJ3N0cmVhbSddfSIpCiAgICAgICAgLm9wdGlvbigiY2hlY2twb2ludExvY2F0aW9uIiwgY2hlY2twb2ludCkKICAgICAgICAudHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkKICAgICAgICAuc3RhcnQoKQogICAgKQogICAgcXVlcnkuYXdhaXRUZXJtaW5hdGlvbigpICAjIHJhaXNlcyBpZiB0aGUgcXVlcnkgZmFpbGVkIChhc3N1bWluZyB0aGUgcm9sZSwgYSBLaW5lc2lzIGNhbGwpCiAgICBiYXRjaGVzID0ge3BbImJhdGNoSWQiXTogc3VtKHNvdXJjZVsibnVtSW5wdXRSb3dzIl0gZm9yIHNvdXJjZSBpbiBwWyJzb3VyY2VzIl0pIGZvciBwIGluIHF1ZXJ5LnJlY2VudFByb2dyZXNzfQogICAgaWYgYmF0Y2hlcyBhbmQgbWluKGJhdGNoZXMpID4gMDogICMgYSBuZXcgY2hlY2twb2ludCBzdGFydHMgYXQgYmF0Y2ggMDogZWFybGllciB1cGRhdGVzIHdlcmUgZHJvcHBlZAogICAgICAgIHByaW50KGYie3JlYWRbJ3N0cmVhbSddfTogdGhlIHByb2dyZXNzIG9mIHRoZSBmaXJzdCB7bWluKGJhdGNoZXMpfSBiYXRjaGVzIHdhcyBkcm9wcGVkOyB0aGUgY291bnQgaXMgdG9vIGxvdyIpCiAgICByZXR1cm4gc3VtKGJhdGNoZXMudmFsdWVzKCkpCgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCiMgRWFjaCBxdWVyeSdzIGNoZWNrcG9pbnQgKERhdGFicmlja3M6ICJZb3UgbXVzdCBzcGVjaWZ5IHRoZSBjaGVja3BvaW50TG9jYXRpb24gb3B0aW9uIGJlZm9yZSB5b3UgcnVuIGEKIyBzdHJlYW1pbmcgcXVlcnkiKSBnb2VzIHRvIGEgZm9sZGVyIG9mIHRoaXMgcnVuIG9uIHRoZSBkcml2ZXIncyBsb2NhbCBkaXNrOyByZW1vdmVkIHdoZW4gdGhlIHJlYWRzIGVuZC4KY2hlY2twb2ludHMgPSBvcy5wYXRoLmpvaW4odGVtcGZpbGUuZ2V0dGVtcGRpcigpLCBmImtpbmVzaXMteGFjY3QtdmFsaWRhdGUte3V1aWQudXVpZDQoKS5oZXh9IikKcmVzdWx0cyA9IFtdCnRyeToKICAgIGZvciBpLCByZWFkIGluIGVudW1lcmF0ZShSRUFEUyk6CiAgICAgICAgcmVzdWx0cy5hcHBlbmQoKHJlYWRbInNvdXJjZSJdLCByZWFkWyJzdHJlYW0iXSwgY291bnRfcmVjb3JkcyhyZWFkLCBmImZpbGU6e2NoZWNrcG9pbnRzfS97aX0iKSkpCmZpbmFsbHk6CiAgICBzaHV0aWwucm10cmVlKGNoZWNrcG9pbnRzLCBpZ25vcmVfZXJyb3JzPVRydWUpCgplbXB0eSA9IFtmIntzfS97bn0iIGZvciBzLCBuLCByZWNvcmRzIGluIHJlc3VsdHMgaWYgcmVjb3JkcyA9PSAwXQpmb3Igc291cmNlLCBzdHJlYW0sIHJlY29yZHMgaW4gcmVzdWx0czoKICAgIGlmIHJlY29yZHM6CiAgICAgICAgcHJpbnQoZiJ7c291cmNlfS97c3RyZWFtfToge3JlY29yZHN9IHJlY29yZHMgcmVhZCBmcm9tIHtGUk9NfTogYWNjZXNzIHdvcmtzIGFuZCBkYXRhIGFycml2ZWQuIikKICAgIGVsc2U6CiAgICAgICAgcHJpbnQoCiAgICAgICAgICAgIGYie3NvdXJjZX0ve3N0cmVhbX06IE5PIFJFQ09SRFMgaW4ge0ZST019LiBBY2Nlc3Mgd29ya3MgKGV2ZXJ5IEtpbmVzaXMgY2FsbCBzdWNjZWVkZWQpLCBidXQgbm8gZGF0YSAiCiAgICAgICAgICAgIGYid2FzIHNlZW46IHdyaXRlIGEgcmVjb3JkIHRvIHRoZSBzdHJlYW0gYW5kIHJ1biBhZ2Fpbiwgb3Igd2lkZW4gdGhlIHdpbmRvdywgdG8gc2VlIGRhdGEgYXJyaXZlLiIKICAgICAgICApCmRpc3BsYXkoCiAgICBzcGFyay5jcmVhdGVEYXRhRnJhbWUoCiAgICAgICAgWyhzLCBuLCBjLCAicmVjb3JkcyByZWFkIiBpZiBjIGVsc2UgIk5PIFJFQ09SRFMgaW4gdGhlIHdpbmRvdyIpIGZvciBzLCBuLCBjIGluIHJlc3VsdHNdLAogICAgICAgICJzb3VyY2Ugc3RyaW5nLCBzdHJlYW0gc3RyaW5nLCByZWNvcmRzIGxvbmcsIHJlc3VsdCBzdHJpbmciLAogICAgKQopCmRidXRpbHMubm90ZWJvb2suZXhpdCgKICAgIGpzb24uZHVtcHMoeyJmcm9tIjogRlJPTSwgInJlY29yZHMiOiB7ZiJ7c30ve259IjogYyBmb3IgcywgbiwgYyBpbiByZXN1bHRzfSwgIm5vX3JlY29yZHMiOiBlbXB0eX0pCikK"
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