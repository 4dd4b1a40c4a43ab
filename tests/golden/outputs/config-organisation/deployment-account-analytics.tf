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
path = "../../../terraform.deployment-account-analytics.tfstate"
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
name = "kinesis-xacct-analytics"
provider = aws.deployment
}
resource "aws_iam_role_policy" "instance-profile-role_assume_policy_18693590" {
name = "assume-kinesis-account-role"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeKinesisAccountRole\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":[\"arn:aws:iam::222222222222:role/kinesis-xacct-analytics-clickstream\",\"arn:aws:iam::333333333333:role/kinesis-xacct-analytics-payments\"]}]}"
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
name = "kinesis-xacct-analytics"
role = "${aws_iam_role.instance-profile-role_assume_role_730C2737.name}"
provider = aws.deployment
}
resource "aws_iam_role_policy" "workspace-passrole_policy_D6396269" {
name = "kinesis-xacct-passrole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassKinesisInstanceProfileRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111111111111:role/kinesis-xacct-analytics\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}"
role = "dbx-analytics-workspace"
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
host = "https://dbc-analytics.cloud.databricks.com"
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
instance_profile_arn = "arn:aws:iam::111111111111:instance-profile/kinesis-xacct-analytics"
skip_validation = false
provider = databricks
depends_on = [aws_iam_instance_profile.instance-profile-role_profile_75E50F07, aws_iam_role_policy.workspace-passrole_policy_D6396269, time_sleep.databricks-registration_iam-propagation_E732B351]
}
data "databricks_group" "databricks-registration_group-0_9818473C" {
display_name = "analysts"
provider = databricks
}
resource "databricks_group_role" "databricks-registration_group-0-role_0733DF63" {
group_id = "${data.databricks_group.databricks-registration_group-0_9818473C.id}"
role = "${databricks_instance_profile.databricks-registration_instance-profile_383C8FF0.id}"
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
content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgV29ya3NwYWNlIGFuYWx5dGljczogcmVhZCBldmVyeSBLaW5lc2lzIHN0cmVhbSB0aGlzIHdvcmtzcGFjZSBpcyBncmFudGVkLCBlYWNoIHRocm91Z2ggaXRzIG93biBwYWlyJ3MKIyBjcm9zcy1hY2NvdW50IHJvbGUsIGFzc3VtZWQgZnJvbSBhIGNsdXN0ZXIgdGhhdCBydW5zIHdpdGggdGhlIGluc3RhbmNlIHByb2ZpbGUKIyBhcm46YXdzOmlhbTo6MTExMTExMTExMTExOmluc3RhbmNlLXByb2ZpbGUva2luZXNpcy14YWNjdC1hbmFseXRpY3MuCiMgVGhlIHJlYWQgaXMgYm91bmRlZCB0d2ljZTogaXQgc3RhcnRzIDE1IG1pbnV0ZXMgYmVmb3JlIHRoZSBub3RlYm9vayBydW5zIChuZXZlciB0aGUgd2hvbGUKIyByZXRlbnRpb24pLCBhbmQgdHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkgc3RvcHMgYXQgd2hhdCBlYWNoIHN0cmVhbSBob2xkcwojIHdoZW4gdGhlIHF1ZXJ5IHN0YXJ0cy4gRmV0Y2hlcyBhcmUgY2FwcGVkIGF0IG1heEZldGNoUmF0ZSAwLjUgTUIvcyBwZXIgc2hhcmQgKGEgc2hhcmQgc2VydmVzIDIgTWlCL3MKIyB0byBhbGwgaXRzIHBvbGxpbmcgY29uc3VtZXJzIHRvZ2V0aGVyKS4gVGhlIHJlY29yZHMgcmVhZCBhcmUgY291bnRlZCBmcm9tIHRoZSBxdWVyeSdzIG93biBwcm9ncmVzcwojIChudW1JbnB1dFJvd3MpLCBuZXZlciBmcm9tIGEgUHl0aG9uIGZ1bmN0aW9uOiBvbiBzdGFuZGFyZCBhY2Nlc3MgbW9kZSAoU3BhcmsgQ29ubmVjdCkgc3VjaCBhIGZ1bmN0aW9uIHJ1bnMKIyBpbiBhIHNlcGFyYXRlIHByb2Nlc3MgYW5kIGNhbm5vdCByZXBvcnQgYmFjay4KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgppbXBvcnQgZGF0ZXRpbWUKaW1wb3J0IGpzb24KaW1wb3J0IG9zCmltcG9ydCBzaHV0aWwKaW1wb3J0IHRlbXBmaWxlCmltcG9ydCB1dWlkCgojIE9uZSBlbnRyeSBwZXIgZ3JhbnRlZCBzdHJlYW06IHRoZSBzb3VyY2UgYWNjb3VudCwgdGhlIHN0cmVhbSBhbmQgaG93IHRoaXMgd29ya3NwYWNlIHJlYWNoZXMgaXQuClJFQURTID0gWwogICAgewogICAgICAgICJzb3VyY2UiOiAiY2xpY2tzdHJlYW0iLAogICAgICAgICJzdHJlYW0iOiAiY2xpY2tzLXJhdyIsCiAgICAgICAgInJlZ2lvbiI6ICJ1cy1lYXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAicmVhZCIsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL2tpbmVzaXMteGFjY3QtYW5hbHl0aWNzLWNsaWNrc3RyZWFtIiwKICAgICAgICAicm9sZUV4dGVybmFsSWQiOiBOb25lLAogICAgICAgICJzdHNFbmRwb2ludCI6ICJzdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20iLAogICAgfSwKICAgIHsKICAgICAgICAic291cmNlIjogImNsaWNrc3RyZWFtIiwKICAgICAgICAic3RyZWFtIjogInNlc3Npb25zIiwKICAgICAgICAicmVnaW9uIjogInVzLWVhc3QtMSIsCiAgICAgICAgImFjY2VzcyI6ICJyZWFkIiwKICAgICAgICAicm9sZUFybiI6ICJhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUva2luZXNpcy14YWNjdC1hbmFseXRpY3MtY2xpY2tzdHJlYW0iLAogICAgICAgICJyb2xlRXh0ZXJuYWxJZCI6IE5vbmUsCiAgICAgICAgInN0c0VuZHBvaW50IjogInN0cy51cy1lYXN0LTEuYW1hem9uYXdzLmNvbSIsCiAgICB9LAogICAgewogICAgICAgICJzb3VyY2UiOiAicGF5bWVudHMiLAogICAgICAgICJzdHJlYW0iOiAidHJhbnNhY3Rpb25zIiwKICAgICAgICAicmVnaW9uIjogImV1LXdlc3QtMSIsCiAgICAgICAgImFjY2VzcyI6ICJyZWFkLWVmbyIsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjMzMzMzMzMzMzMzMzpyb2xlL2tpbmVzaXMteGFjY3QtYW5hbHl0aWNzLXBheW1lbnRzIiwKICAgICAgICAicm9sZUV4dGVybmFsSWQiOiAiYW5hbHl0aWNzLXBheW1lbnRzLTdmM2EiLAogICAgICAgICJzdHNFbmRwb2ludCI6ICJzdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20iLAogICAgfSwKXQpXSU5ET1dfTUlOVVRFUyA9IDE1CiMgVGhlIHN0YXJ0IG9mIHRoZSB3aW5kb3csIGNvbXB1dGVkIG5vdzogdGhlIHNhbWUgZm9yIGV2ZXJ5IHN0cmVhbS4KV0lORE9XX1NUQVJUID0gZGF0ZXRpbWUuZGF0ZXRpbWUubm93KGRhdGV0aW1lLnRpbWV6b25lLnV0YykgLSBkYXRldGltZS50aW1lZGVsdGEobWludXRlcz1XSU5ET1dfTUlOVVRFUykKSU5JVElBTF9QT1NJVElPTiA9IGpzb24uZHVtcHMoCiAgICB7ImF0X3RpbWVzdGFtcCI6IFdJTkRPV19TVEFSVC5zdHJmdGltZSgiJVktJW0tJWRUJUg6JU06JVMrMDAwMCIpLCAiZm9ybWF0IjogInl5eXktTU0tZGQnVCdISDptbTpzc1oifQopCkZST00gPSBmInRoZSBsYXN0IHtXSU5ET1dfTUlOVVRFU30gbWludXRlcyAoc2luY2Uge1dJTkRPV19TVEFSVDolWS0lbS0lZCAlSDolTTolU30gVVRDKSIKIyBLZWVwIGV2ZXJ5IHByb2dyZXNzIHVwZGF0ZSBvZiBhIHF1ZXJ5IChTcGFyayBrZWVwcyAxMDAgYnkgZGVmYXVsdCk6IHRoZSBjb3VudCBzdW1zIGFsbCBvZiB0aGVtLgp0cnk6CiAgICBzcGFyay5jb25mLnNldCgic3Bhcmsuc3FsLnN0cmVhbWluZy5udW1SZWNlbnRQcm9ncmVzc1VwZGF0ZXMiLCAiMTAwMDAwIikKZXhjZXB0IEV4Y2VwdGlvbiBhcyBlcnI6ICAjIGEgd29ya3NwYWNlIG1heSByZWZ1c2UgdGhlIHNldHRpbmc6IGEgbG9uZyByZWFkJ3MgY291bnQgdGhlbiBzYXlzIGl0IGlzIGluY29tcGxldGUKICAgIHByaW50KGYibm90ZTogU3Bhcmsga2VlcHMgaXRzIGRlZmF1bHQgbnVtYmVyIG9mIHByb2dyZXNzIHVwZGF0ZXMgKHt0eXBlKGVycikuX19uYW1lX199KSIpCgoKZGVmIHJlYWRfc3RyZWFtKHJlYWQpOgogICAgcmVhZGVyID0gKAogICAgICAgIHNwYXJrLnJlYWRTdHJlYW0uZm9ybWF0KCJraW5lc2lzIikKICAgICAgICAub3B0aW9uKCJzdHJlYW1OYW1lIiwgcmVhZFsic3RyZWFtIl0pCiAgICAgICAgLm9wdGlvbigicmVnaW9uIiwgcmVhZFsicmVnaW9uIl0pCiAgICAgICAgIyBBdXRoZW50aWNhdGlvbjogdGhlIGNsdXN0ZXIncyBpbnN0YW5jZSBwcm9maWxlIGFzc3VtZXMgdGhlIHBhaXIncyByb2xlIGluIHRoZSBzb3VyY2UgYWNjb3VudC4KICAgICAgICAub3B0aW9uKCJyb2xlQXJuIiwgcmVhZFsicm9sZUFybiJdKQogICAgICAgIC5vcHRpb24oInJvbGVTZXNzaW9uTmFtZSIsICJraW5lc2lzLXhhY2N0LXZhbGlkYXRlIikKICAgICAgICAub3B0aW9uKCJzdHNFbmRwb2ludCIsIHJlYWRbInN0c0VuZHBvaW50Il0pCiAgICAgICAgLm9wdGlvbigiaW5pdGlhbFBvc2l0aW9uIiwgSU5JVElBTF9QT1NJVElPTikKICAgICAgICAub3B0aW9uKCJtYXhGZXRjaFJhdGUiLCAiMC41IikKICAgICkKICAgIGlmIHJlYWRbInJvbGVFeHRlcm5hbElkIl06CiAgICAgICAgcmVhZGVyID0gcmVhZGVyLm9wdGlvbigicm9sZUV4dGVybmFsSWQiLCByZWFkWyJyb2xlRXh0ZXJuYWxJZCJdKQogICAgaWYgcmVhZFsiYWNjZXNzIl0gPT0gInJlYWQtZWZvIjoKICAgICAgICAjIEVuaGFuY2VkIGZhbi1vdXQ6IG9uZSBuYW1lZCBjb25zdW1lciwgZGVyZWdpc3RlcmVkIHdoZW4gdGhlIHF1ZXJ5IHN0b3BzLgogICAgICAgIHJlYWRlciA9ICgKICAgICAgICAgICAgcmVhZGVyLm9wdGlvbigiY29uc3VtZXJNb2RlIiwgImVmbyIpCiAgICAgICAgICAgIC5vcHRpb24oImNvbnN1bWVyTmFtZSIsICJraW5lc2lzLXhhY2N0LXZhbGlkYXRlIikKICAgICAgICAgICAgLm9wdGlvbigicmVxdWlyZUNvbnN1bWVyRGVyZWdpc3RyYXRpb24iLCAidHJ1ZSIpCiAgICAgICAgKQogICAgcmV0dXJuIHJlYWRlci5sb2FkKCkKCgpkZWYgY291bnRfcmVjb3JkcyhyZWFkLCBjaGVja3BvaW50KToKICAgICIiIlJlYWQgdGhlIHN0cmVhbSBmcm9tIElOSVRJQUxfUE9TSVRJT04gdXAgdG8gd2hhdCBpdCBob2xkcyBub3cgaW50byBhIHNpbmsgdGhhdCBrZWVwcyBub3RoaW5nLCBhbmQgcmV0dXJuCiAgICB0aGUgbnVtYmVyIG9mIHJlY29yZHMgdGhlIHF1ZXJ5IHJlYWQgKHRoZSBzdW0gb2YgbnVtSW5wdXRSb3dzIG92ZXIgaXRzIHByb2dyZXNzIHVwZGF0ZXMsIG9uZSBwZXIgYmF0Y2gpLiIiIgogICAgcXVlcnkgPSAoCiAgICAgICAgcmVhZF9zdHJlYW0ocmVhZCkKICAgICAgICAud3JpdGVTdHJlYW0uZm9ybWF0KCJub29wIikKICAgICAgICAucXVlcnlOYW1lKGYia2luZXNpcy14YWNjdC12YWxpZGF0ZS17cmVhZFsnc291cmNlJ119LXtyZWFkWydzdHJlYW0nXX0iKQogICAgICAgIC5vcHRpb24oImNoZWNrcG9pbnRMb2NhdGlvbiIsIGNoZWNrcG9pbnQpCiAgICAgICAgLnRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpCiAgICAgICAgLnN0YXJ0KCkKICAgICkKICAgIHF1ZXJ5LmF3YWl0VGVybWluYXRpb24oKSAgIyByYWlzZXMgaWYgdGhlIHF1ZXJ5IGZhaWxlZCAoYXNzdW1pbmcgdGhlIHJvbGUsIGEgS2luZXNpcyBjYWxsKQogICAgYmF0Y2hlcyA9IHtwWyJiYXRjaElkIl06IHN1bShzb3VyY2VbIm51bUlucHV0Um93cyJdIGZvciBzb3VyY2UgaW4gcFsic291cmNlcyJdKSBmb3IgcCBpbiBxdWVyeS5yZWNlbnRQcm9ncmVzc30KICAgIGlmIGJhdGNoZXMgYW5kIG1pbihiYXRjaGVzKSA+IDA6ICAjIGEgbmV3IGNoZWNrcG9pbnQgc3RhcnRzIGF0IGJhdGNoIDA6IGVhcmxpZXIgdXBkYXRlcyB3ZXJlIGRyb3BwZWQKICAgICAgICBwcmludChmIntyZWFkWydzdHJlYW0nXX06IHRoZSBwcm9ncmVzcyBvZiB0aGUgZmlyc3Qge21pbihiYXRjaGVzKX0gYmF0Y2hlcyB3YXMgZHJvcHBlZDsgdGhlIGNvdW50IGlzIHRvbyBsb3ciKQogICAgcmV0dXJuIHN1bShiYXRjaGVzLnZhbHVlcygpKQoKCiMgQ09NTUFORCAtLS0tLS0tLS0tCgojIEVhY2ggcXVlcnkncyBjaGVja3BvaW50IChEYXRhYnJpY2tzOiAiWW91IG11c3Qgc3BlY2lmeSB0aGUgY2hlY2twb2ludExvY2F0aW9uIG9wdGlvbiBiZWZvcmUgeW91IHJ1biBhCiMgc3RyZWFtaW5nIHF1ZXJ5IikgZ29lcyB0byBhIGZvbGRlciBvZiB0aGlzIHJ1biBvbiB0aGUgZHJpdmVyJ3MgbG9jYWwgZGlzazsgcmVtb3ZlZCB3aGVuIHRoZSByZWFkcyBlbmQuCmNoZWNrcG9pbnRzID0gb3MucGF0aC5qb2luKHRlbXBmaWxlLmdldHRlbXBkaXIoKSwgZiJraW5lc2lzLXhhY2N0LXZhbGlkYXRlLXt1dWlkLnV1aWQ0KCkuaGV4fSIpCnJlc3VsdHMgPSBbXQp0cnk6CiAgICBmb3IgaSwgcmVhZCBpbiBlbnVtZXJhdGUoUkVBRFMpOgogICAgICAgIHJlc3VsdHMuYXBwZW5kKChyZWFkWyJzb3VyY2UiXSwgcmVhZFsic3RyZWFtIl0sIGNvdW50X3JlY29yZHMocmVhZCwgZiJmaWxlOntjaGVja3BvaW50c30ve2l9IikpKQpmaW5hbGx5OgogICAgc2h1dGlsLnJtdHJlZShjaGVja3BvaW50cywgaWdub3JlX2Vycm9ycz1UcnVlKQoKZW1wdHkgPSBbZiJ7c30ve259IiBmb3IgcywgbiwgcmVjb3JkcyBpbiByZXN1bHRzIGlmIHJlY29yZHMgPT0gMF0KZm9yIHNvdXJjZSwgc3RyZWFtLCByZWNvcmRzIGluIHJlc3VsdHM6CiAgICBpZiByZWNvcmRzOgogICAgICAgIHByaW50KGYie3NvdXJjZX0ve3N0cmVhbX06IHtyZWNvcmRzfSByZWNvcmRzIHJlYWQgZnJvbSB7RlJPTX06IGFjY2VzcyB3b3JrcyBhbmQgZGF0YSBhcnJpdmVkLiIpCiAgICBlbHNlOgogICAgICAgIHByaW50KAogICAgICAgICAgICBmIntzb3VyY2V9L3tzdHJlYW19OiBOTyBSRUNPUkRTIGluIHtGUk9NfS4gQWNjZXNzIHdvcmtzIChldmVyeSBLaW5lc2lzIGNhbGwgc3VjY2VlZGVkKSwgYnV0IG5vIGRhdGEgIgogICAgICAgICAgICBmIndhcyBzZWVuOiB3cml0ZSBhIHJlY29yZCB0byB0aGUgc3RyZWFtIGFuZCBydW4gYWdhaW4sIG9yIHdpZGVuIHRoZSB3aW5kb3csIHRvIHNlZSBkYXRhIGFycml2ZS4iCiAgICAgICAgKQpkaXNwbGF5KAogICAgc3BhcmsuY3JlYXRlRGF0YUZyYW1lKAogICAgICAgIFsocywgbiwgYywgInJlY29yZHMgcmVhZCIgaWYgYyBlbHNlICJOTyBSRUNPUkRTIGluIHRoZSB3aW5kb3ciKSBmb3IgcywgbiwgYyBpbiByZXN1bHRzXSwKICAgICAgICAic291cmNlIHN0cmluZywgc3RyZWFtIHN0cmluZywgcmVjb3JkcyBsb25nLCByZXN1bHQgc3RyaW5nIiwKICAgICkKKQpkYnV0aWxzLm5vdGVib29rLmV4aXQoCiAgICBqc29uLmR1bXBzKHsiZnJvbSI6IEZST00sICJyZWNvcmRzIjoge2Yie3N9L3tufSI6IGMgZm9yIHMsIG4sIGMgaW4gcmVzdWx0c30sICJub19yZWNvcmRzIjogZW1wdHl9KQopCg=="
language = "PYTHON"
path = "${databricks_directory.databricks-validation_folder_5607DDFD.path}/validate_kinesis"
provider = databricks
}
resource "databricks_permissions" "databricks-validation_folder-permissions_4DF40799" {
directory_path = "${databricks_directory.databricks-validation_folder_5607DDFD.path}"
access_control {
group_name = "analysts"
permission_level = "CAN_RUN"
}
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
resource "databricks_permissions" "databricks-validation_job-permissions_6B25C2BA" {
job_id = "${databricks_job.databricks-validation_job_99359EA7.id}"
access_control {
group_name = "analysts"
permission_level = "CAN_MANAGE_RUN"
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