terraform {
  required_providers {
    aws = {
      version = ">= 5.100.0, < 7.0.0"
      source  = "hashicorp/aws"
    }
    databricks = {
      version = ">= 1.60.0, < 2.0.0"
      source  = "databricks/databricks"
    }
    time = {
      version = ">= 0.13.0, < 1.0.0"
      source  = "hashicorp/time"
    }
  }
  backend "local" {
    path = "../../../config/.kinesis-xacct-state/example.yaml/terraform.deployment-account.tfstate"
  }

  required_version = ">= 1.10.0"
}

provider "aws" {
  allowed_account_ids = [
    "111111111111"
  ]
  region = "us-east-1"
  alias  = "deployment"
  default_tags {
    tags = {
      managed-by = "kinesis-xacct"
    }
  }
}
resource "aws_iam_role" "instance-profile-role_assume_role_730C2737" {
  assume_role_policy   = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustEc2\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
  description          = "kinesis-xacct: Databricks cluster role that assumes the Kinesis account's role"
  max_session_duration = 3600
  name                 = "DatabricksToKinesisAssumeRole"
  provider             = aws.deployment
}
resource "aws_iam_role_policy" "instance-profile-role_assume_policy_18693590" {
  name     = "assume-kinesis-account-role"
  policy   = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeKinesisAccountRole\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"}]}"
  role     = aws_iam_role.instance-profile-role_assume_role_730C2737.name
  provider = aws.deployment
}
resource "aws_iam_role_policies_exclusive" "instance-profile-role_assume_exclusive-inline_D102DAF9" {
  policy_names = [
    "${aws_iam_role_policy.instance-profile-role_assume_policy_18693590.name}"
  ]
  role_name = aws_iam_role.instance-profile-role_assume_role_730C2737.name
  provider  = aws.deployment
}
resource "aws_iam_role_policy_attachments_exclusive" "instance-profile-role_assume_exclusive-attached_3E3D4F31" {
  policy_arns = [

  ]
  role_name = aws_iam_role.instance-profile-role_assume_role_730C2737.name
  provider  = aws.deployment
}
resource "aws_iam_instance_profile" "instance-profile-role_profile_75E50F07" {
  name     = "DatabricksToKinesisAssumeRole"
  role     = aws_iam_role.instance-profile-role_assume_role_730C2737.name
  provider = aws.deployment
}
data "aws_iam_role" "workspace-passrole_workspace-role_C6E7DDF2" {
  name     = "databricks-cross-account"
  provider = aws.deployment
}
resource "aws_iam_role_policy" "workspace-passrole_policy_D6396269" {
  name     = "kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"
  policy   = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassKinesisInstanceProfileRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}"
  role     = data.aws_iam_role.workspace-passrole_workspace-role_C6E7DDF2.name
  provider = aws.deployment
}

output "instance_profile_role_arn" {
  value       = aws_iam_role.instance-profile-role_assume_role_730C2737.arn
  description = "ARN of the role Databricks clusters run as (account A)"
}

output "instance_profile_arn" {
  value       = aws_iam_instance_profile.instance-profile-role_profile_75E50F07.arn
  description = "ARN of the instance profile to register in Databricks"
}

provider "databricks" {
}

provider "time" {
}
resource "time_sleep" "databricks-registration_iam-propagation_E732B351" {
  create_duration = "30s"
  triggers = {
    instance_profile_role       = "${aws_iam_instance_profile.instance-profile-role_profile_75E50F07.role}"
    instance_profile_role_trust = "${aws_iam_role.instance-profile-role_assume_role_730C2737.assume_role_policy}"
    passrole_policy             = "${aws_iam_role_policy.workspace-passrole_policy_D6396269.policy}"
  }
  provider   = time
  depends_on = [aws_iam_instance_profile.instance-profile-role_profile_75E50F07, aws_iam_role_policy.workspace-passrole_policy_D6396269]
}
resource "databricks_instance_profile" "databricks-registration_instance-profile_383C8FF0" {
  instance_profile_arn = "arn:aws:iam::111111111111:instance-profile/DatabricksToKinesisAssumeRole"
  skip_validation      = false
  provider             = databricks
  depends_on           = [aws_iam_instance_profile.instance-profile-role_profile_75E50F07, aws_iam_role_policy.workspace-passrole_policy_D6396269, time_sleep.databricks-registration_iam-propagation_E732B351]
}
data "databricks_node_type" "databricks-validation_node-type_064FF72C" {
  local_disk = true
  provider   = databricks
}
data "databricks_current_user" "databricks-validation_me_9A1F0E3D" {
  provider = databricks
}
resource "databricks_cluster" "databricks-validation_cluster_FE3C7DBB" {
  autotermination_minutes = 20
  cluster_name            = "kinesis-xacct-validation"
  custom_tags = {
    ResourceClass = "SingleNode"
  }
  data_security_mode = "SINGLE_USER"
  is_pinned          = true
  node_type_id       = data.databricks_node_type.databricks-validation_node-type_064FF72C.id
  num_workers        = 0
  single_user_name   = data.databricks_current_user.databricks-validation_me_9A1F0E3D.user_name
  spark_conf = {
    "spark.databricks.cluster.profile" = "singleNode"
    "spark.master"                     = "local[*]"
  }
  spark_version = "16.4.x-scala2.12"
  aws_attributes {
    instance_profile_arn = databricks_instance_profile.databricks-registration_instance-profile_383C8FF0.instance_profile_arn
  }
  provider = databricks
}
resource "databricks_directory" "databricks-validation_folder_5607DDFD" {
  path     = "${data.databricks_current_user.databricks-validation_me_9A1F0E3D.home}/kinesis-xacct"
  provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCBpdHMgYWNjb3VudCdzIGNyb3NzLWFjY291bnQKIyByb2xlLCBmcm9tIGEgY2x1c3RlciB0aGF0IHJ1bnMgd2l0aCB0aGUgaW5zdGFuY2UgcHJvZmlsZQojIGFybjphd3M6aWFtOjoxMTExMTExMTExMTE6aW5zdGFuY2UtcHJvZmlsZS9EYXRhYnJpY2tzVG9LaW5lc2lzQXNzdW1lUm9sZS4KIyAgIHRlc3RTdHJlYW06IGFjY291bnQgMjIyMjIyMjIyMjIyLCByb2xlIGFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZTsKIyAgICAgYWNjZXNzIHJlYWQsIHJlYWRzIGJ5IHBvbGxpbmcgKEdldFJlY29yZHMpLgojIFRoZSByZWFkIGlzIGJvdW5kZWQgdHdpY2U6IGl0IHN0YXJ0cyAxNSBtaW51dGVzIGJlZm9yZSB0aGUgbm90ZWJvb2sgcnVucyAobmV2ZXIgdGhlIHdob2xlCiMgcmV0ZW50aW9uKSwgYW5kIHRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpIHN0b3BzIGF0IHdoYXQgZWFjaCBzdHJlYW0gaG9sZHMKIyB3aGVuIHRoZSBxdWVyeSBzdGFydHMuIEZldGNoZXMgYXJlIGNhcHBlZCBhdCBtYXhGZXRjaFJhdGUgMC41IE1CL3MgcGVyIHNoYXJkIChhIHNoYXJkIHNlcnZlcyAyIE1pQi9zCiMgdG8gYWxsIGl0cyBwb2xsaW5nIGNvbnN1bWVycyB0b2dldGhlcikuIFRoZSByZWNvcmRzIHJlYWQgYXJlIGNvdW50ZWQgZnJvbSB0aGUgcXVlcnkncyBvd24gcHJvZ3Jlc3MKIyAobnVtSW5wdXRSb3dzKSwgbmV2ZXIgZnJvbSBhIFB5dGhvbiBmdW5jdGlvbjogb24gc3RhbmRhcmQgYWNjZXNzIG1vZGUgKFNwYXJrIENvbm5lY3QpIHN1Y2ggYSBmdW5jdGlvbiBydW5zCiMgaW4gYSBzZXBhcmF0ZSBwcm9jZXNzIGFuZCBjYW5ub3QgcmVwb3J0IGJhY2suCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKaW1wb3J0IGRhdGV0aW1lCmltcG9ydCBqc29uCmltcG9ydCBvcwppbXBvcnQgc2h1dGlsCmltcG9ydCB0ZW1wZmlsZQppbXBvcnQgdXVpZAoKIyBPbmUgZW50cnkgcGVyIGdyYW50ZWQgc3RyZWFtOiBpdHMgbGFiZWwgaW4gdGhlIHJlc3VsdHMsIHRoZSBzdHJlYW0sIGFuZCBob3cgdGhpcyB3b3Jrc3BhY2UgcmVhY2hlcyBpdC4KUkVBRFMgPSBbCiAgICB7CiAgICAgICAgImxhYmVsIjogInRlc3RTdHJlYW0iLAogICAgICAgICJzdHJlYW0iOiAidGVzdFN0cmVhbSIsCiAgICAgICAgInJlZ2lvbiI6ICJ1cy1lYXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAicmVhZCIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6IE5vbmUsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL0tpbmVzaXNDcm9zc0FjY291bnRSb2xlIiwKICAgICAgICAicm9sZUV4dGVybmFsSWQiOiBOb25lLAogICAgICAgICJzdHNFbmRwb2ludCI6ICJzdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20iLAogICAgfSwKXQpXSU5ET1dfTUlOVVRFUyA9IDE1CiMgVGhlIHN0YXJ0IG9mIHRoZSB3aW5kb3csIGNvbXB1dGVkIG5vdzogdGhlIHNhbWUgZm9yIGV2ZXJ5IHN0cmVhbS4KV0lORE9XX1NUQVJUID0gZGF0ZXRpbWUuZGF0ZXRpbWUubm93KGRhdGV0aW1lLnRpbWV6b25lLnV0YykgLSBkYXRldGltZS50aW1lZGVsdGEobWludXRlcz1XSU5ET1dfTUlOVVRFUykKSU5JVElBTF9QT1NJVElPTiA9IGpzb24uZHVtcHMoCiAgICB7ImF0X3RpbWVzdGFtcCI6IFdJTkRPV19TVEFSVC5zdHJmdGltZSgiJVktJW0tJWRUJUg6JU06JVMrMDAwMCIpLCAiZm9ybWF0IjogInl5eXktTU0tZGQnVCdISDptbTpzc1oifQopCkZST00gPSBmInRoZSBsYXN0IHtXSU5ET1dfTUlOVVRFU30gbWludXRlcyAoc2luY2Uge1dJTkRPV19TVEFSVDolWS0lbS0lZCAlSDolTTolU30gVVRDKSIKIyBLZWVwIGV2ZXJ5IHByb2dyZXNzIHVwZGF0ZSBvZiBhIHF1ZXJ5IChTcGFyayBrZWVwcyAxMDAgYnkgZGVmYXVsdCk6IHRoZSBjb3VudCBzdW1zIGFsbCBvZiB0aGVtLgp0cnk6CiAgICBzcGFyay5jb25mLnNldCgic3Bhcmsuc3FsLnN0cmVhbWluZy5udW1SZWNlbnRQcm9ncmVzc1VwZGF0ZXMiLCAiMTAwMDAwIikKZXhjZXB0IEV4Y2VwdGlvbiBhcyBlcnI6ICAjIGEgd29ya3NwYWNlIG1heSByZWZ1c2UgdGhlIHNldHRpbmc6IGEgbG9uZyByZWFkJ3MgY291bnQgdGhlbiBzYXlzIGl0IGlzIGluY29tcGxldGUKICAgIHByaW50KGYibm90ZTogU3Bhcmsga2VlcHMgaXRzIGRlZmF1bHQgbnVtYmVyIG9mIHByb2dyZXNzIHVwZGF0ZXMgKHt0eXBlKGVycikuX19uYW1lX199KSIpCgoKZGVmIHJlYWRfc3RyZWFtKHJlYWQpOgogICAgcmVhZGVyID0gKAogICAgICAgIHNwYXJrLnJlYWRTdHJlYW0uZm9ybWF0KCJraW5lc2lzIikKICAgICAgICAub3B0aW9uKCJzdHJlYW1OYW1lIiwgcmVhZFsic3RyZWFtIl0pCiAgICAgICAgLm9wdGlvbigicmVnaW9uIiwgcmVhZFsicmVnaW9uIl0pCiAgICAgICAgIyBBdXRoZW50aWNhdGlvbjogdGhlIGNsdXN0ZXIncyBpbnN0YW5jZSBwcm9maWxlIGFzc3VtZXMgdGhlIHN0cmVhbSBhY2NvdW50J3Mgcm9sZSwgdGhyb3VnaCBTVFMgYXQKICAgICAgICAjIHRoZSByZWFkJ3Mgc3RzRW5kcG9pbnQuCiAgICAgICAgLm9wdGlvbigicm9sZUFybiIsIHJlYWRbInJvbGVBcm4iXSkKICAgICAgICAub3B0aW9uKCJyb2xlU2Vzc2lvbk5hbWUiLCAia2luZXNpcy14YWNjdC12YWxpZGF0ZSIpCiAgICAgICAgLm9wdGlvbigic3RzRW5kcG9pbnQiLCByZWFkWyJzdHNFbmRwb2ludCJdKQogICAgICAgIC5vcHRpb24oImluaXRpYWxQb3NpdGlvbiIsIElOSVRJQUxfUE9TSVRJT04pCiAgICAgICAgLm9wdGlvbigibWF4RmV0Y2hSYXRlIiwgIjAuNSIpCiAgICApCiAgICBpZiByZWFkWyJyb2xlRXh0ZXJuYWxJZCJdOgogICAgICAgIHJlYWRlciA9IHJlYWRlci5vcHRpb24oInJvbGVFeHRlcm5hbElkIiwgcmVhZFsicm9sZUV4dGVybmFsSWQiXSkKICAgIGlmIHJlYWRbImFjY2VzcyJdID09ICJyZWFkLWVmbyI6CiAgICAgICAgIyBFbmhhbmNlZCBmYW4tb3V0OiBvbmUgbmFtZWQgY29uc3VtZXIgb2YgdGhpcyBkZXBsb3ltZW50IChpdHMgcm9sZSBtYXkgZGVyZWdpc3RlciBubyBvdGhlciksCiAgICAgICAgIyBkZXJlZ2lzdGVyZWQgd2hlbiB0aGUgcXVlcnkgc3RvcHMgKGEgc3RyZWFtIGhhcyBhdCBtb3N0IDIwIGNvbnN1bWVyczsgd2l0aG91dCB0aGlzIGVhY2ggcnVuIHdvdWxkCiAgICAgICAgIyBsZWF2ZSBvbmUgYmVoaW5kKS4KICAgICAgICByZWFkZXIgPSAoCiAgICAgICAgICAgIHJlYWRlci5vcHRpb24oImNvbnN1bWVyTW9kZSIsICJlZm8iKQogICAgICAgICAgICAub3B0aW9uKCJjb25zdW1lck5hbWUiLCByZWFkWyJjb25zdW1lck5hbWUiXSkKICAgICAgICAgICAgLm9wdGlvbigicmVxdWlyZUNvbnN1bWVyRGVyZWdpc3RyYXRpb24iLCAidHJ1ZSIpCiAgICAgICAgKQogICAgcmV0dXJuIHJlYWRlci5sb2FkKCkKCgpkZWYgY291bnRfcmVjb3JkcyhyZWFkLCBjaGVja3BvaW50KToKICAgICIiIlJlYWQgdGhlIHN0cmVhbSBmcm9tIElOSVRJQUxfUE9TSVRJT04gdXAgdG8gd2hhdCBpdCBob2xkcyBub3cgaW50byBhIHNpbmsgdGhhdCBrZWVwcyBub3RoaW5nLCBhbmQgcmV0dXJuCiAgICB0aGUgbnVtYmVyIG9mIHJlY29yZHMgdGhlIHF1ZXJ5IHJlYWQgKHRoZSBzdW0gb2YgbnVtSW5wdXRSb3dzIG92ZXIgaXRzIHByb2dyZXNzIHVwZGF0ZXMsIG9uZSBwZXIgYmF0Y2gpLiIiIgogICAgcXVlcnkgPSAoCiAgICAgICAgcmVhZF9zdHJlYW0ocmVhZCkKICAgICAgICAud3JpdGVTdHJlYW0uZm9ybWF0KCJub29wIikKICAgICAgICAucXVlcnlOYW1lKCJraW5lc2lzLXhhY2N0LXZhbGlkYXRlLSIgKyByZWFkWyJsYWJlbCJdLnJlcGxhY2UoIi8iLCAiLSIpKQogICAgICAgIC5vcHRpb24oImNoZWNrcG9pbnRMb2NhdGlvbiIsIGNoZWNrcG9pbnQpCiAgICAgICAgLnRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpCiAgICAgICAgLnN0YXJ0KCkKICAgICkKICAgIHF1ZXJ5LmF3YWl0VGVybWluYXRpb24oKSAgIyByYWlzZXMgaWYgdGhlIHF1ZXJ5IGZhaWxlZCAoYXNzdW1pbmcgdGhlIHJvbGUsIGEgS2luZXNpcyBjYWxsKQogICAgYmF0Y2hlcyA9IHtwWyJiYXRjaElkIl06IHN1bShzb3VyY2VbIm51bUlucHV0Um93cyJdIGZvciBzb3VyY2UgaW4gcFsic291cmNlcyJdKSBmb3IgcCBpbiBxdWVyeS5yZWNlbnRQcm9ncmVzc30KICAgIGlmIGJhdGNoZXMgYW5kIG1pbihiYXRjaGVzKSA+IDA6ICAjIGEgbmV3IGNoZWNrcG9pbnQgc3RhcnRzIGF0IGJhdGNoIDA6IGVhcmxpZXIgdXBkYXRlcyB3ZXJlIGRyb3BwZWQKICAgICAgICBwcmludChmIntyZWFkWydsYWJlbCddfTogdGhlIHByb2dyZXNzIG9mIHRoZSBmaXJzdCB7bWluKGJhdGNoZXMpfSBiYXRjaGVzIHdhcyBkcm9wcGVkOyB0aGUgY291bnQgaXMgdG9vIGxvdyIpCiAgICByZXR1cm4gc3VtKGJhdGNoZXMudmFsdWVzKCkpCgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCiMgRWFjaCBxdWVyeSdzIGNoZWNrcG9pbnQgKERhdGFicmlja3M6ICJZb3UgbXVzdCBzcGVjaWZ5IHRoZSBjaGVja3BvaW50TG9jYXRpb24gb3B0aW9uIGJlZm9yZSB5b3UgcnVuIGEKIyBzdHJlYW1pbmcgcXVlcnkiKSBnb2VzIHRvIGEgZm9sZGVyIG9mIHRoaXMgcnVuIG9uIHRoZSBkcml2ZXIncyBsb2NhbCBkaXNrLCB3aGljaCBTcGFyayBjcmVhdGVzOyB0aGUgZm9sZGVyCiMgaXMgcmVtb3ZlZCB3aGVuIHRoZSByZWFkcyBlbmQgKGEgam9iIGNsdXN0ZXIncyBkaXNrIGdvZXMgYXdheSB3aXRoIHRoZSBjbHVzdGVyIGFueXdheSkuCmNoZWNrcG9pbnRzID0gb3MucGF0aC5qb2luKHRlbXBmaWxlLmdldHRlbXBkaXIoKSwgZiJraW5lc2lzLXhhY2N0LXZhbGlkYXRlLXt1dWlkLnV1aWQ0KCkuaGV4fSIpCnJlc3VsdHMgPSBbXQp0cnk6CiAgICBmb3IgaSwgcmVhZCBpbiBlbnVtZXJhdGUoUkVBRFMpOgogICAgICAgIHJlc3VsdHMuYXBwZW5kKChyZWFkWyJsYWJlbCJdLCBjb3VudF9yZWNvcmRzKHJlYWQsIGYiZmlsZTp7Y2hlY2twb2ludHN9L3tpfSIpKSkKZmluYWxseToKICAgIHNodXRpbC5ybXRyZWUoY2hlY2twb2ludHMsIGlnbm9yZV9lcnJvcnM9VHJ1ZSkKICAgIGlmIG9zLnBhdGguZXhpc3RzKGNoZWNrcG9pbnRzKToKICAgICAgICBwcmludChmIm5vdGU6IHRoZSBjaGVja3BvaW50IGZvbGRlciB7Y2hlY2twb2ludHN9IG9uIHRoZSBkcml2ZXIgY291bGQgbm90IGJlIHJlbW92ZWQgZnJvbSBQeXRob24iKQoKQUNDRVNTID0ge3JlYWRbImxhYmVsIl06IHJlYWRbImFjY2VzcyJdIGZvciByZWFkIGluIFJFQURTfQplbXB0eSA9IFtsYWJlbCBmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0cyBpZiByZWNvcmRzID09IDBdCmZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzOgogICAgaWYgcmVjb3JkczoKICAgICAgICBwcmludChmIntsYWJlbH06IHtyZWNvcmRzfSByZWNvcmRzIHJlYWQgZnJvbSB7RlJPTX0gKHtBQ0NFU1NbbGFiZWxdfSk6IGFjY2VzcyB3b3JrcyBhbmQgZGF0YSBhcnJpdmVkLiIpCiAgICBlbHNlOgogICAgICAgIHByaW50KAogICAgICAgICAgICBmIntsYWJlbH06IE5PIFJFQ09SRFMgaW4ge0ZST019LiBBY2Nlc3Mgd29ya3MgKGV2ZXJ5IEtpbmVzaXMgY2FsbCBzdWNjZWVkZWQpLCBidXQgbm8gZGF0YSB3YXMgc2VlbjogIgogICAgICAgICAgICBmIndyaXRlIGEgcmVjb3JkIHRvIHRoZSBzdHJlYW0gYW5kIHJ1biBhZ2Fpbiwgb3Igd2lkZW4gdGhlIHdpbmRvdywgdG8gc2VlIGRhdGEgYXJyaXZlLiIKICAgICAgICApCmRpc3BsYXkoCiAgICBzcGFyay5jcmVhdGVEYXRhRnJhbWUoCiAgICAgICAgWyhsYWJlbCwgcmVjb3JkcywgInJlY29yZHMgcmVhZCIgaWYgcmVjb3JkcyBlbHNlICJOTyBSRUNPUkRTIGluIHRoZSB3aW5kb3ciKSBmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0c10sCiAgICAgICAgInN0cmVhbSBzdHJpbmcsIHJlY29yZHMgbG9uZywgcmVzdWx0IHN0cmluZyIsCiAgICApCikKZGJ1dGlscy5ub3RlYm9vay5leGl0KGpzb24uZHVtcHMoeyJhY2Nlc3MiOiBBQ0NFU1MsICJmcm9tIjogRlJPTSwgInJlY29yZHMiOiBkaWN0KHJlc3VsdHMpLCAibm9fcmVjb3JkcyI6IGVtcHR5fSkpCg=="
  language       = "PYTHON"
  path           = "${databricks_directory.databricks-validation_folder_5607DDFD.path}/validate_kinesis"
  provider       = databricks
}
resource "databricks_job" "databricks-validation_job_99359EA7" {
  max_concurrent_runs = 1
  name                = "kinesis-xacct-validation-job"
  timeout_seconds     = 3600
  job_cluster {
    job_cluster_key = "validation"
    new_cluster {
      custom_tags = {
        ResourceClass = "SingleNode"
      }
      data_security_mode = "SINGLE_USER"
      node_type_id       = data.databricks_node_type.databricks-validation_node-type_064FF72C.id
      num_workers        = 0
      spark_conf = {
        "spark.databricks.cluster.profile" = "singleNode"
        "spark.master"                     = "local[*]"
      }
      spark_version = "16.4.x-scala2.12"
      aws_attributes {
        instance_profile_arn = databricks_instance_profile.databricks-registration_instance-profile_383C8FF0.instance_profile_arn
      }
    }
  }
  task {
    job_cluster_key = "validation"
    task_key        = "validate"
    notebook_task {
      notebook_path = databricks_notebook.databricks-validation_notebook_A16BE26F.path
    }
  }
  provider = databricks
}

output "cluster_id" {
  value       = databricks_cluster.databricks-validation_cluster_FE3C7DBB.cluster_id
  description = "ID of the Databricks cluster that runs with the instance profile"
}

output "notebook_path" {
  value       = databricks_notebook.databricks-validation_notebook_A16BE26F.path
  description = "Workspace path of the notebook that validates the Kinesis read"
}

output "job_id" {
  value       = databricks_job.databricks-validation_job_99359EA7.id
  description = "ID of the job that runs the validation notebook (databricks jobs run-now <job_id>)"
}