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
path = "../../../config/.kinesis-xacct-state/organisation.yaml/terraform.deployment-account-analytics.tfstate"
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
name = "kinesis-xacct-passrole-kinesis-xacct-analytics"
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
content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgV29ya3NwYWNlIGFuYWx5dGljczogcmVhZCBldmVyeSBLaW5lc2lzIHN0cmVhbSB0aGlzIHdvcmtzcGFjZSBpcyBncmFudGVkLCBlYWNoIHRocm91Z2ggaXRzIG93biBwYWlyJ3MKIyBjcm9zcy1hY2NvdW50IHJvbGUsIGFzc3VtZWQgZnJvbSBhIGNsdXN0ZXIgdGhhdCBydW5zIHdpdGggdGhlIGluc3RhbmNlIHByb2ZpbGUKIyBhcm46YXdzOmlhbTo6MTExMTExMTExMTExOmluc3RhbmNlLXByb2ZpbGUva2luZXNpcy14YWNjdC1hbmFseXRpY3MuCiMgVGhlIHJlYWQgaXMgYm91bmRlZCB0d2ljZTogaXQgc3RhcnRzIDE1IG1pbnV0ZXMgYmVmb3JlIHRoZSBub3RlYm9vayBydW5zIChuZXZlciB0aGUgd2hvbGUKIyByZXRlbnRpb24pLCBhbmQgdHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkgc3RvcHMgYXQgd2hhdCBlYWNoIHN0cmVhbSBob2xkcwojIHdoZW4gdGhlIHF1ZXJ5IHN0YXJ0cy4gRmV0Y2hlcyBhcmUgY2FwcGVkIGF0IG1heEZldGNoUmF0ZSAwLjUgTUIvcyBwZXIgc2hhcmQgKGEgc2hhcmQgc2VydmVzIDIgTWlCL3MKIyB0byBhbGwgaXRzIHBvbGxpbmcgY29uc3VtZXJzIHRvZ2V0aGVyKS4gVGhlIHJlY29yZHMgcmVhZCBhcmUgY291bnRlZCBmcm9tIHRoZSBxdWVyeSdzIG93biBwcm9ncmVzcwojIChudW1JbnB1dFJvd3MpLCBuZXZlciBmcm9tIGEgUHl0aG9uIGZ1bmN0aW9uOiBvbiBzdGFuZGFyZCBhY2Nlc3MgbW9kZSAoU3BhcmsgQ29ubmVjdCkgc3VjaCBhIGZ1bmN0aW9uIHJ1bnMKIyBpbiBhIHNlcGFyYXRlIHByb2Nlc3MgYW5kIGNhbm5vdCByZXBvcnQgYmFjay4KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgppbXBvcnQgZGF0ZXRpbWUKaW1wb3J0IGpzb24KaW1wb3J0IG9zCmltcG9ydCBzaHV0aWwKaW1wb3J0IHRlbXBmaWxlCmltcG9ydCB1dWlkCgojIE9uZSBlbnRyeSBwZXIgZ3JhbnRlZCBzdHJlYW06IHRoZSBzb3VyY2UgYWNjb3VudCwgdGhlIHN0cmVhbSBhbmQgaG93IHRoaXMgd29ya3NwYWNlIHJlYWNoZXMgaXQuClJFQURTID0gWwogICAgewogICAgICAgICJzb3VyY2UiOiAiY2xpY2tzdHJlYW0iLAogICAgICAgICJzdHJlYW0iOiAiY2xpY2tzLXJhdyIsCiAgICAgICAgInJlZ2lvbiI6ICJ1cy1lYXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAicmVhZCIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6IE5vbmUsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL2tpbmVzaXMteGFjY3QtYW5hbHl0aWNzLWNsaWNrc3RyZWFtIiwKICAgICAgICAicm9sZUV4dGVybmFsSWQiOiBOb25lLAogICAgICAgICJzdHNFbmRwb2ludCI6ICJzdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20iLAogICAgfSwKICAgIHsKICAgICAgICAic291cmNlIjogImNsaWNrc3RyZWFtIiwKICAgICAgICAic3RyZWFtIjogInNlc3Npb25zIiwKICAgICAgICAicmVnaW9uIjogInVzLWVhc3QtMSIsCiAgICAgICAgImFjY2VzcyI6ICJyZWFkIiwKICAgICAgICAiY29uc3VtZXJOYW1lIjogTm9uZSwKICAgICAgICAicm9sZUFybiI6ICJhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUva2luZXNpcy14YWNjdC1hbmFseXRpY3MtY2xpY2tzdHJlYW0iLAogICAgICAgICJyb2xlRXh0ZXJuYWxJZCI6IE5vbmUsCiAgICAgICAgInN0c0VuZHBvaW50IjogInN0cy51cy1lYXN0LTEuYW1hem9uYXdzLmNvbSIsCiAgICB9LAogICAgewogICAgICAgICJzb3VyY2UiOiAicGF5bWVudHMiLAogICAgICAgICJzdHJlYW0iOiAidHJhbnNhY3Rpb25zIiwKICAgICAgICAicmVnaW9uIjogImV1LXdlc3QtMSIsCiAgICAgICAgImFjY2VzcyI6ICJyZWFkLWVmbyIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6ICJraW5lc2lzLXhhY2N0LWY3ZmYzYmZmLWFuYWx5dGljcy1wYXltZW50cy12YWxpZGF0ZSIsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjMzMzMzMzMzMzMzMzpyb2xlL2tpbmVzaXMteGFjY3QtYW5hbHl0aWNzLXBheW1lbnRzIiwKICAgICAgICAicm9sZUV4dGVybmFsSWQiOiAiYW5hbHl0aWNzLXBheW1lbnRzLTdmM2EiLAogICAgICAgICJzdHNFbmRwb2ludCI6ICJzdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20iLAogICAgfSwKXQpXSU5ET1dfTUlOVVRFUyA9IDE1CiMgVGhlIHN0YXJ0IG9mIHRoZSB3aW5kb3csIGNvbXB1dGVkIG5vdzogdGhlIHNhbWUgZm9yIGV2ZXJ5IHN0cmVhbS4KV0lORE9XX1NUQVJUID0gZGF0ZXRpbWUuZGF0ZXRpbWUubm93KGRhdGV0aW1lLnRpbWV6b25lLnV0YykgLSBkYXRldGltZS50aW1lZGVsdGEobWludXRlcz1XSU5ET1dfTUlOVVRFUykKSU5JVElBTF9QT1NJVElPTiA9IGpzb24uZHVtcHMoCiAgICB7ImF0X3RpbWVzdGFtcCI6IFdJTkRPV19TVEFSVC5zdHJmdGltZSgiJVktJW0tJWRUJUg6JU06JVMrMDAwMCIpLCAiZm9ybWF0IjogInl5eXktTU0tZGQnVCdISDptbTpzc1oifQopCkZST00gPSBmInRoZSBsYXN0IHtXSU5ET1dfTUlOVVRFU30gbWludXRlcyAoc2luY2Uge1dJTkRPV19TVEFSVDolWS0lbS0lZCAlSDolTTolU30gVVRDKSIKIyBLZWVwIGV2ZXJ5IHByb2dyZXNzIHVwZGF0ZSBvZiBhIHF1ZXJ5IChTcGFyayBrZWVwcyAxMDAgYnkgZGVmYXVsdCk6IHRoZSBjb3VudCBzdW1zIGFsbCBvZiB0aGVtLgp0cnk6CiAgICBzcGFyay5jb25mLnNldCgic3Bhcmsuc3FsLnN0cmVhbWluZy5udW1SZWNlbnRQcm9ncmVzc1VwZGF0ZXMiLCAiMTAwMDAwIikKZXhjZXB0IEV4Y2VwdGlvbiBhcyBlcnI6ICAjIGEgd29ya3NwYWNlIG1heSByZWZ1c2UgdGhlIHNldHRpbmc6IGEgbG9uZyByZWFkJ3MgY291bnQgdGhlbiBzYXlzIGl0IGlzIGluY29tcGxldGUKICAgIHByaW50KGYibm90ZTogU3Bhcmsga2VlcHMgaXRzIGRlZmF1bHQgbnVtYmVyIG9mIHByb2dyZXNzIHVwZGF0ZXMgKHt0eXBlKGVycikuX19uYW1lX199KSIpCgoKZGVmIHJlYWRfc3RyZWFtKHJlYWQpOgogICAgcmVhZGVyID0gKAogICAgICAgIHNwYXJrLnJlYWRTdHJlYW0uZm9ybWF0KCJraW5lc2lzIikKICAgICAgICAub3B0aW9uKCJzdHJlYW1OYW1lIiwgcmVhZFsic3RyZWFtIl0pCiAgICAgICAgLm9wdGlvbigicmVnaW9uIiwgcmVhZFsicmVnaW9uIl0pCiAgICAgICAgIyBBdXRoZW50aWNhdGlvbjogdGhlIGNsdXN0ZXIncyBpbnN0YW5jZSBwcm9maWxlIGFzc3VtZXMgdGhlIHBhaXIncyByb2xlIGluIHRoZSBzb3VyY2UgYWNjb3VudC4KICAgICAgICAub3B0aW9uKCJyb2xlQXJuIiwgcmVhZFsicm9sZUFybiJdKQogICAgICAgIC5vcHRpb24oInJvbGVTZXNzaW9uTmFtZSIsICJraW5lc2lzLXhhY2N0LXZhbGlkYXRlIikKICAgICAgICAub3B0aW9uKCJzdHNFbmRwb2ludCIsIHJlYWRbInN0c0VuZHBvaW50Il0pCiAgICAgICAgLm9wdGlvbigiaW5pdGlhbFBvc2l0aW9uIiwgSU5JVElBTF9QT1NJVElPTikKICAgICAgICAub3B0aW9uKCJtYXhGZXRjaFJhdGUiLCAiMC41IikKICAgICkKICAgIGlmIHJlYWRbInJvbGVFeHRlcm5hbElkIl06CiAgICAgICAgcmVhZGVyID0gcmVhZGVyLm9wdGlvbigicm9sZUV4dGVybmFsSWQiLCByZWFkWyJyb2xlRXh0ZXJuYWxJZCJdKQogICAgaWYgcmVhZFsiYWNjZXNzIl0gPT0gInJlYWQtZWZvIjoKICAgICAgICAjIEVuaGFuY2VkIGZhbi1vdXQ6IHRoZSBwYWlyJ3Mgb3duIG5hbWVkIGNvbnN1bWVyIChpdHMgcm9sZSBtYXkgZGVyZWdpc3RlciBubyBvdGhlciksIGRlcmVnaXN0ZXJlZCB3aGVuCiAgICAgICAgIyB0aGUgcXVlcnkgc3RvcHMuCiAgICAgICAgcmVhZGVyID0gKAogICAgICAgICAgICByZWFkZXIub3B0aW9uKCJjb25zdW1lck1vZGUiLCAiZWZvIikKICAgICAgICAgICAgLm9wdGlvbigiY29uc3VtZXJOYW1lIiwgcmVhZFsiY29uc3VtZXJOYW1lIl0pCiAgICAgICAgICAgIC5vcHRpb24oInJlcXVpcmVDb25zdW1lckRlcmVnaXN0cmF0aW9uIiwgInRydWUiKQogICAgICAgICkKICAgIHJldHVybiByZWFkZXIubG9hZCgpCgoKZGVmIGNvdW50X3JlY29yZHMocmVhZCwgY2hlY2twb2ludCk6CiAgICAiIiJSZWFkIHRoZSBzdHJlYW0gZnJvbSBJTklUSUFMX1BPU0lUSU9OIHVwIHRvIHdoYXQgaXQgaG9sZHMgbm93IGludG8gYSBzaW5rIHRoYXQga2VlcHMgbm90aGluZywgYW5kIHJldHVybgogICAgdGhlIG51bWJlciBvZiByZWNvcmRzIHRoZSBxdWVyeSByZWFkICh0aGUgc3VtIG9mIG51bUlucHV0Um93cyBvdmVyIGl0cyBwcm9ncmVzcyB1cGRhdGVzLCBvbmUgcGVyIGJhdGNoKS4iIiIKICAgIHF1ZXJ5ID0gKAogICAgICAgIHJlYWRfc3RyZWFtKHJlYWQpCiAgICAgICAgLndyaXRlU3RyZWFtLmZvcm1hdCgibm9vcCIpCiAgICAgICAgLnF1ZXJ5TmFtZShmImtpbmVzaXMteGFjY3QtdmFsaWRhdGUte3JlYWRbJ3NvdXJjZSddfS17cmVhZFsnc3RyZWFtJ119IikKICAgICAgICAub3B0aW9uKCJjaGVja3BvaW50TG9jYXRpb24iLCBjaGVja3BvaW50KQogICAgICAgIC50cmlnZ2VyKGF2YWlsYWJsZU5vdz1UcnVlKQogICAgICAgIC5zdGFydCgpCiAgICApCiAgICBxdWVyeS5hd2FpdFRlcm1pbmF0aW9uKCkgICMgcmFpc2VzIGlmIHRoZSBxdWVyeSBmYWlsZWQgKGFzc3VtaW5nIHRoZSByb2xlLCBhIEtpbmVzaXMgY2FsbCkKICAgIGJhdGNoZXMgPSB7cFsiYmF0Y2hJZCJdOiBzdW0oc291cmNlWyJudW1JbnB1dFJvd3MiXSBmb3Igc291cmNlIGluIHBbInNvdXJjZXMiXSkgZm9yIHAgaW4gcXVlcnkucmVjZW50UHJvZ3Jlc3N9CiAgICBpZiBiYXRjaGVzIGFuZCBtaW4oYmF0Y2hlcykgPiAwOiAgIyBhIG5ldyBjaGVja3BvaW50IHN0YXJ0cyBhdCBiYXRjaCAwOiBlYXJsaWVyIHVwZGF0ZXMgd2VyZSBkcm9wcGVkCiAgICAgICAgcHJpbnQoZiJ7cmVhZFsnc3RyZWFtJ119OiB0aGUgcHJvZ3Jlc3Mgb2YgdGhlIGZpcnN0IHttaW4oYmF0Y2hlcyl9IGJhdGNoZXMgd2FzIGRyb3BwZWQ7IHRoZSBjb3VudCBpcyB0b28gbG93IikKICAgIHJldHVybiBzdW0oYmF0Y2hlcy52YWx1ZXMoKSkKCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKIyBFYWNoIHF1ZXJ5J3MgY2hlY2twb2ludCAoRGF0YWJyaWNrczogIllvdSBtdXN0IHNwZWNpZnkgdGhlIGNoZWNrcG9pbnRMb2NhdGlvbiBvcHRpb24gYmVmb3JlIHlvdSBydW4gYQojIHN0cmVhbWluZyBxdWVyeSIpIGdvZXMgdG8gYSBmb2xkZXIgb2YgdGhpcyBydW4gb24gdGhlIGRyaXZlcidzIGxvY2FsIGRpc2s7IHJlbW92ZWQgd2hlbiB0aGUgcmVhZHMgZW5kLgpjaGVja3BvaW50cyA9IG9zLnBhdGguam9pbih0ZW1wZmlsZS5nZXR0ZW1wZGlyKCksIGYia2luZXNpcy14YWNjdC12YWxpZGF0ZS17dXVpZC51dWlkNCgpLmhleH0iKQpyZXN1bHRzID0gW10KdHJ5OgogICAgZm9yIGksIHJlYWQgaW4gZW51bWVyYXRlKFJFQURTKToKICAgICAgICByZXN1bHRzLmFwcGVuZCgocmVhZFsic291cmNlIl0sIHJlYWRbInN0cmVhbSJdLCBjb3VudF9yZWNvcmRzKHJlYWQsIGYiZmlsZTp7Y2hlY2twb2ludHN9L3tpfSIpKSkKZmluYWxseToKICAgIHNodXRpbC5ybXRyZWUoY2hlY2twb2ludHMsIGlnbm9yZV9lcnJvcnM9VHJ1ZSkKCmVtcHR5ID0gW2Yie3N9L3tufSIgZm9yIHMsIG4sIHJlY29yZHMgaW4gcmVzdWx0cyBpZiByZWNvcmRzID09IDBdCmZvciBzb3VyY2UsIHN0cmVhbSwgcmVjb3JkcyBpbiByZXN1bHRzOgogICAgaWYgcmVjb3JkczoKICAgICAgICBwcmludChmIntzb3VyY2V9L3tzdHJlYW19OiB7cmVjb3Jkc30gcmVjb3JkcyByZWFkIGZyb20ge0ZST019OiBhY2Nlc3Mgd29ya3MgYW5kIGRhdGEgYXJyaXZlZC4iKQogICAgZWxzZToKICAgICAgICBwcmludCgKICAgICAgICAgICAgZiJ7c291cmNlfS97c3RyZWFtfTogTk8gUkVDT1JEUyBpbiB7RlJPTX0uIEFjY2VzcyB3b3JrcyAoZXZlcnkgS2luZXNpcyBjYWxsIHN1Y2NlZWRlZCksIGJ1dCBubyBkYXRhICIKICAgICAgICAgICAgZiJ3YXMgc2Vlbjogd3JpdGUgYSByZWNvcmQgdG8gdGhlIHN0cmVhbSBhbmQgcnVuIGFnYWluLCBvciB3aWRlbiB0aGUgd2luZG93LCB0byBzZWUgZGF0YSBhcnJpdmUuIgogICAgICAgICkKZGlzcGxheSgKICAgIHNwYXJrLmNyZWF0ZURhdGFGcmFtZSgKICAgICAgICBbKHMsIG4sIGMsICJyZWNvcmRzIHJlYWQiIGlmIGMgZWxzZSAiTk8gUkVDT1JEUyBpbiB0aGUgd2luZG93IikgZm9yIHMsIG4sIGMgaW4gcmVzdWx0c10sCiAgICAgICAgInNvdXJjZSBzdHJpbmcsIHN0cmVhbSBzdHJpbmcsIHJlY29yZHMgbG9uZywgcmVzdWx0IHN0cmluZyIsCiAgICApCikKZGJ1dGlscy5ub3RlYm9vay5leGl0KAogICAganNvbi5kdW1wcyh7ImZyb20iOiBGUk9NLCAicmVjb3JkcyI6IHtmIntzfS97bn0iOiBjIGZvciBzLCBuLCBjIGluIHJlc3VsdHN9LCAibm9fcmVjb3JkcyI6IGVtcHR5fSkKKQo="
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