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
    path = "../../../tests/golden/outputs/security-full-kms/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
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
resource "aws_iam_role_policy" "workspace-passrole_policy_D6396269" {
  name     = "kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"
  policy   = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassKinesisInstanceProfileRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}"
  role     = "databricks-cross-account"
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
  single_user_name   = "you@example.com"
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
  path     = "/Users/you@example.com/kinesis-xacct"
  provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCBpdHMgYWNjb3VudCdzIGNyb3NzLWFjY291bnQKIyByb2xlLCBmcm9tIGEgY2x1c3RlciB0aGF0IHJ1bnMgd2l0aCB0aGUgaW5zdGFuY2UgcHJvZmlsZQojIGFybjphd3M6aWFtOjoxMTExMTExMTExMTE6aW5zdGFuY2UtcHJvZmlsZS9EYXRhYnJpY2tzVG9LaW5lc2lzQXNzdW1lUm9sZS4KIyAgIHMxOiBhY2NvdW50IDIyMjIyMjIyMjIyMiwgcm9sZSBhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUvS2luZXNpc0Nyb3NzQWNjb3VudFJvbGU7CiMgICAgIGFjY2VzcyBmdWxsLCByZWFkcyBieSBwb2xsaW5nIChHZXRSZWNvcmRzKS4KIyAgIHMyOiBhY2NvdW50IDIyMjIyMjIyMjIyMiwgcm9sZSBhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUvS2luZXNpc0Nyb3NzQWNjb3VudFJvbGU7CiMgICAgIGFjY2VzcyBmdWxsLCByZWFkcyBieSBwb2xsaW5nIChHZXRSZWNvcmRzKS4KIyAgIGNyZWF0ZWQxOiBhY2NvdW50IDIyMjIyMjIyMjIyMiwgcm9sZSBhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUvS2luZXNpc0Nyb3NzQWNjb3VudFJvbGU7CiMgICAgIGFjY2VzcyBmdWxsLCByZWFkcyBieSBwb2xsaW5nIChHZXRSZWNvcmRzKS4KIyBUaGUgcmVhZCBpcyBib3VuZGVkIHR3aWNlOiBpdCBzdGFydHMgMTUgbWludXRlcyBiZWZvcmUgdGhlIG5vdGVib29rIHJ1bnMgKG5ldmVyIHRoZSB3aG9sZQojIHJldGVudGlvbiksIGFuZCB0cmlnZ2VyKGF2YWlsYWJsZU5vdz1UcnVlKSBzdG9wcyBhdCB3aGF0IGVhY2ggc3RyZWFtIGhvbGRzCiMgd2hlbiB0aGUgcXVlcnkgc3RhcnRzLiBGZXRjaGVzIGFyZSBjYXBwZWQgYXQgbWF4RmV0Y2hSYXRlIDAuNSBNQi9zIHBlciBzaGFyZCAoYSBzaGFyZCBzZXJ2ZXMgMiBNaUIvcwojIHRvIGFsbCBpdHMgcG9sbGluZyBjb25zdW1lcnMgdG9nZXRoZXIpLiBUaGUgcmVjb3JkcyByZWFkIGFyZSBjb3VudGVkIGZyb20gdGhlIHF1ZXJ5J3Mgb3duIHByb2dyZXNzCiMgKG51bUlucHV0Um93cyksIG5ldmVyIGZyb20gYSBQeXRob24gZnVuY3Rpb246IG9uIHN0YW5kYXJkIGFjY2VzcyBtb2RlIChTcGFyayBDb25uZWN0KSBzdWNoIGEgZnVuY3Rpb24gcnVucwojIGluIGEgc2VwYXJhdGUgcHJvY2VzcyBhbmQgY2Fubm90IHJlcG9ydCBiYWNrLgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCmltcG9ydCBkYXRldGltZQppbXBvcnQganNvbgppbXBvcnQgb3MKaW1wb3J0IHRlbXBmaWxlCmltcG9ydCB1dWlkCgojIE9uZSBlbnRyeSBwZXIgZ3JhbnRlZCBzdHJlYW06IGl0cyBsYWJlbCBpbiB0aGUgcmVzdWx0cywgdGhlIHN0cmVhbSwgYW5kIGhvdyB0aGlzIHdvcmtzcGFjZSByZWFjaGVzIGl0LgpSRUFEUyA9IFsKICAgIHsKICAgICAgICAibGFiZWwiOiAiczEiLAogICAgICAgICJzdHJlYW0iOiAiczEiLAogICAgICAgICJyZWdpb24iOiAidXMtZWFzdC0xIiwKICAgICAgICAiYWNjZXNzIjogImZ1bGwiLAogICAgICAgICJjb25zdW1lck5hbWUiOiBOb25lLAogICAgICAgICJyb2xlQXJuIjogImFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSIsCiAgICAgICAgInJvbGVFeHRlcm5hbElkIjogTm9uZSwKICAgICAgICAic3RzRW5kcG9pbnQiOiAic3RzLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tIiwKICAgIH0sCiAgICB7CiAgICAgICAgImxhYmVsIjogInMyIiwKICAgICAgICAic3RyZWFtIjogInMyIiwKICAgICAgICAicmVnaW9uIjogInVzLWVhc3QtMSIsCiAgICAgICAgImFjY2VzcyI6ICJmdWxsIiwKICAgICAgICAiY29uc3VtZXJOYW1lIjogTm9uZSwKICAgICAgICAicm9sZUFybiI6ICJhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUvS2luZXNpc0Nyb3NzQWNjb3VudFJvbGUiLAogICAgICAgICJyb2xlRXh0ZXJuYWxJZCI6IE5vbmUsCiAgICAgICAgInN0c0VuZHBvaW50IjogInN0cy51cy1lYXN0LTEuYW1hem9uYXdzLmNvbSIsCiAgICB9LAogICAgewogICAgICAgICJsYWJlbCI6ICJjcmVhdGVkMSIsCiAgICAgICAgInN0cmVhbSI6ICJjcmVhdGVkMSIsCiAgICAgICAgInJlZ2lvbiI6ICJ1cy1lYXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAiZnVsbCIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6IE5vbmUsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjIyMjIyMjIyMjIyMjpyb2xlL0tpbmVzaXNDcm9zc0FjY291bnRSb2xlIiwKICAgICAgICAicm9sZUV4dGVybmFsSWQiOiBOb25lLAogICAgICAgICJzdHNFbmRwb2ludCI6ICJzdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20iLAogICAgfSwKXQpXSU5ET1dfTUlOVVRFUyA9IDE1CiMgVGhlIHN0YXJ0IG9mIHRoZSB3aW5kb3csIGNvbXB1dGVkIG5vdzogdGhlIHNhbWUgZm9yIGV2ZXJ5IHN0cmVhbS4KV0lORE9XX1NUQVJUID0gZGF0ZXRpbWUuZGF0ZXRpbWUubm93KGRhdGV0aW1lLnRpbWV6b25lLnV0YykgLSBkYXRldGltZS50aW1lZGVsdGEobWludXRlcz1XSU5ET1dfTUlOVVRFUykKSU5JVElBTF9QT1NJVElPTiA9IGpzb24uZHVtcHMoCiAgICB7ImF0X3RpbWVzdGFtcCI6IFdJTkRPV19TVEFSVC5zdHJmdGltZSgiJVktJW0tJWRUJUg6JU06JVMrMDAwMCIpLCAiZm9ybWF0IjogInl5eXktTU0tZGQnVCdISDptbTpzc1oifQopCkZST00gPSBmInRoZSBsYXN0IHtXSU5ET1dfTUlOVVRFU30gbWludXRlcyAoc2luY2Uge1dJTkRPV19TVEFSVDolWS0lbS0lZCAlSDolTTolU30gVVRDKSIKIyBLZWVwIGV2ZXJ5IHByb2dyZXNzIHVwZGF0ZSBvZiBhIHF1ZXJ5IChTcGFyayBrZWVwcyAxMDAgYnkgZGVmYXVsdCk6IHRoZSBjb3VudCBzdW1zIGFsbCBvZiB0aGVtLgp0cnk6CiAgICBzcGFyay5jb25mLnNldCgic3Bhcmsuc3FsLnN0cmVhbWluZy5udW1SZWNlbnRQcm9ncmVzc1VwZGF0ZXMiLCAiMTAwMDAwIikKZXhjZXB0IEV4Y2VwdGlvbiBhcyBlcnI6ICAjIGEgd29ya3NwYWNlIG1heSByZWZ1c2UgdGhlIHNldHRpbmc6IGEgbG9uZyByZWFkJ3MgY291bnQgdGhlbiBzYXlzIGl0IGlzIGluY29tcGxldGUKICAgIHByaW50KGYibm90ZTogU3Bhcmsga2VlcHMgaXRzIGRlZmF1bHQgbnVtYmVyIG9mIHByb2dyZXNzIHVwZGF0ZXMgKHt0eXBlKGVycikuX19uYW1lX199KSIpCgoKZGVmIHJlYWRfc3RyZWFtKHJlYWQpOgogICAgcmVhZGVyID0gKAogICAgICAgIHNwYXJrLnJlYWRTdHJlYW0uZm9ybWF0KCJraW5lc2lzIikKICAgICAgICAub3B0aW9uKCJzdHJlYW1OYW1lIiwgcmVhZFsic3RyZWFtIl0pCiAgICAgICAgLm9wdGlvbigicmVnaW9uIiwgcmVhZFsicmVnaW9uIl0pCiAgICAgICAgIyBBdXRoZW50aWNhdGlvbjogdGhlIGNsdXN0ZXIncyBpbnN0YW5jZSBwcm9maWxlIGFzc3VtZXMgdGhlIHN0cmVhbSBhY2NvdW50J3Mgcm9sZSwgdGhyb3VnaCBTVFMgYXQKICAgICAgICAjIHRoZSByZWFkJ3Mgc3RzRW5kcG9pbnQuCiAgICAgICAgLm9wdGlvbigicm9sZUFybiIsIHJlYWRbInJvbGVBcm4iXSkKICAgICAgICAub3B0aW9uKCJyb2xlU2Vzc2lvbk5hbWUiLCAia2luZXNpcy14YWNjdC12YWxpZGF0ZSIpCiAgICAgICAgLm9wdGlvbigic3RzRW5kcG9pbnQiLCByZWFkWyJzdHNFbmRwb2ludCJdKQogICAgICAgIC5vcHRpb24oImluaXRpYWxQb3NpdGlvbiIsIElOSVRJQUxfUE9TSVRJT04pCiAgICAgICAgLm9wdGlvbigibWF4RmV0Y2hSYXRlIiwgIjAuNSIpCiAgICApCiAgICBpZiByZWFkWyJyb2xlRXh0ZXJuYWxJZCJdOgogICAgICAgIHJlYWRlciA9IHJlYWRlci5vcHRpb24oInJvbGVFeHRlcm5hbElkIiwgcmVhZFsicm9sZUV4dGVybmFsSWQiXSkKICAgIGlmIHJlYWRbImFjY2VzcyJdID09ICJyZWFkLWVmbyI6CiAgICAgICAgIyBFbmhhbmNlZCBmYW4tb3V0OiBvbmUgbmFtZWQgY29uc3VtZXIgb2YgdGhpcyBkZXBsb3ltZW50IChpdHMgcm9sZSBtYXkgZGVyZWdpc3RlciBubyBvdGhlciksCiAgICAgICAgIyBkZXJlZ2lzdGVyZWQgd2hlbiB0aGUgcXVlcnkgc3RvcHMgKGEgc3RyZWFtIGhhcyBhdCBtb3N0IDIwIGNvbnN1bWVyczsgd2l0aG91dCB0aGlzIGVhY2ggcnVuIHdvdWxkCiAgICAgICAgIyBsZWF2ZSBvbmUgYmVoaW5kKS4KICAgICAgICByZWFkZXIgPSAoCiAgICAgICAgICAgIHJlYWRlci5vcHRpb24oImNvbnN1bWVyTW9kZSIsICJlZm8iKQogICAgICAgICAgICAub3B0aW9uKCJjb25zdW1lck5hbWUiLCByZWFkWyJjb25zdW1lck5hbWUiXSkKICAgICAgICAgICAgLm9wdGlvbigicmVxdWlyZUNvbnN1bWVyRGVyZWdpc3RyYXRpb24iLCAidHJ1ZSIpCiAgICAgICAgKQogICAgcmV0dXJuIHJlYWRlci5sb2FkKCkKCgpkZWYgY291bnRfcmVjb3JkcyhyZWFkLCBjaGVja3BvaW50KToKICAgICIiIlJlYWQgdGhlIHN0cmVhbSBmcm9tIElOSVRJQUxfUE9TSVRJT04gdXAgdG8gd2hhdCBpdCBob2xkcyBub3cgaW50byBhIHNpbmsgdGhhdCBrZWVwcyBub3RoaW5nLCBhbmQgcmV0dXJuCiAgICB0aGUgbnVtYmVyIG9mIHJlY29yZHMgdGhlIHF1ZXJ5IHJlYWQgKHRoZSBzdW0gb2YgbnVtSW5wdXRSb3dzIG92ZXIgaXRzIHByb2dyZXNzIHVwZGF0ZXMsIG9uZSBwZXIgYmF0Y2gpLiIiIgogICAgcXVlcnkgPSAoCiAgICAgICAgcmVhZF9zdHJlYW0ocmVhZCkKICAgICAgICAud3JpdGVTdHJlYW0uZm9ybWF0KCJub29wIikKICAgICAgICAucXVlcnlOYW1lKCJraW5lc2lzLXhhY2N0LXZhbGlkYXRlLSIgKyByZWFkWyJsYWJlbCJdLnJlcGxhY2UoIi8iLCAiLSIpKQogICAgICAgIC5vcHRpb24oImNoZWNrcG9pbnRMb2NhdGlvbiIsIGNoZWNrcG9pbnQpCiAgICAgICAgLnRyaWdnZXIoYXZhaWxhYmxlTm93PVRydWUpCiAgICAgICAgLnN0YXJ0KCkKICAgICkKICAgIHF1ZXJ5LmF3YWl0VGVybWluYXRpb24oKSAgIyByYWlzZXMgaWYgdGhlIHF1ZXJ5IGZhaWxlZCAoYXNzdW1pbmcgdGhlIHJvbGUsIGEgS2luZXNpcyBjYWxsKQogICAgYmF0Y2hlcyA9IHtwWyJiYXRjaElkIl06IHN1bShzb3VyY2VbIm51bUlucHV0Um93cyJdIGZvciBzb3VyY2UgaW4gcFsic291cmNlcyJdKSBmb3IgcCBpbiBxdWVyeS5yZWNlbnRQcm9ncmVzc30KICAgIGlmIGJhdGNoZXMgYW5kIG1pbihiYXRjaGVzKSA+IDA6ICAjIGEgbmV3IGNoZWNrcG9pbnQgc3RhcnRzIGF0IGJhdGNoIDA6IGVhcmxpZXIgdXBkYXRlcyB3ZXJlIGRyb3BwZWQKICAgICAgICBwcmludChmIntyZWFkWydsYWJlbCddfTogdGhlIHByb2dyZXNzIG9mIHRoZSBmaXJzdCB7bWluKGJhdGNoZXMpfSBiYXRjaGVzIHdhcyBkcm9wcGVkOyB0aGUgY291bnQgaXMgdG9vIGxvdyIpCiAgICByZXR1cm4gc3VtKGJhdGNoZXMudmFsdWVzKCkpCgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCiMgRWFjaCBxdWVyeSdzIGNoZWNrcG9pbnQgKERhdGFicmlja3M6ICJZb3UgbXVzdCBzcGVjaWZ5IHRoZSBjaGVja3BvaW50TG9jYXRpb24gb3B0aW9uIGJlZm9yZSB5b3UgcnVuIGEKIyBzdHJlYW1pbmcgcXVlcnkiKSBnb2VzIHRvIGEgZm9sZGVyIG9mIHRoaXMgcnVuIGJlbG93IENIRUNLUE9JTlRfUk9PVCwgcmVtb3ZlZCB3aGVuIHRoZSByZWFkcyBlbmQuCiMgRGVkaWNhdGVkIGFjY2VzcyBtb2RlOiB0aGUgZHJpdmVyJ3MgbG9jYWwgZGlzayAoYSBqb2IgY2x1c3RlcidzIGRpc2sgZ29lcyBhd2F5IHdpdGggdGhlIGNsdXN0ZXIgYW55d2F5KS4KQ0hFQ0tQT0lOVF9ST09UID0gImZpbGU6IiArIHRlbXBmaWxlLmdldHRlbXBkaXIoKQojIEEgcnVuIG1heSBuYW1lIGFub3RoZXIgcm9vdCBpbiB0aGUgd2lkZ2V0IChhIGpvYjogYmFzZV9wYXJhbWV0ZXJzKSwgZS5nLiBhIHZvbHVtZSBvZiBpdHMgb3duLgpkYnV0aWxzLndpZGdldHMudGV4dCgiY2hlY2twb2ludF9yb290IiwgQ0hFQ0tQT0lOVF9ST09ULCAiQ2hlY2twb2ludCByb290IikKQ0hFQ0tQT0lOVF9ST09UID0gZGJ1dGlscy53aWRnZXRzLmdldCgiY2hlY2twb2ludF9yb290IikucnN0cmlwKCIvIikKY2hlY2twb2ludHMgPSBmIntDSEVDS1BPSU5UX1JPT1R9L2tpbmVzaXMteGFjY3QtdmFsaWRhdGUte3V1aWQudXVpZDQoKS5oZXh9IgpyZXN1bHRzID0gW10KdHJ5OgogICAgZm9yIGksIHJlYWQgaW4gZW51bWVyYXRlKFJFQURTKToKICAgICAgICByZXN1bHRzLmFwcGVuZCgocmVhZFsibGFiZWwiXSwgY291bnRfcmVjb3JkcyhyZWFkLCBmIntjaGVja3BvaW50c30ve2l9IikpKQpmaW5hbGx5OgogICAgdHJ5OgogICAgICAgIGRidXRpbHMuZnMucm0oY2hlY2twb2ludHMsIFRydWUpICAjIHRoZSBydW4ncyBmb2xkZXIgYW5kIGV2ZXJ5dGhpbmcgaW4gaXQKICAgIGV4Y2VwdCBFeGNlcHRpb24gYXMgZXJyOiAgIyB0aGUgY291bnRzIHN0YW5kOyB0aGUgZm9sZGVyIHN0YXlzIGZvciBpdHMgb3duZXIgdG8gcmVtb3ZlCiAgICAgICAgcHJpbnQoZiJub3RlOiB0aGUgY2hlY2twb2ludCBmb2xkZXIge2NoZWNrcG9pbnRzfSBjb3VsZCBub3QgYmUgcmVtb3ZlZCAoe3R5cGUoZXJyKS5fX25hbWVfX306IHtlcnJ9KSIpCgpBQ0NFU1MgPSB7cmVhZFsibGFiZWwiXTogcmVhZFsiYWNjZXNzIl0gZm9yIHJlYWQgaW4gUkVBRFN9CmVtcHR5ID0gW2xhYmVsIGZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzIGlmIHJlY29yZHMgPT0gMF0KZm9yIGxhYmVsLCByZWNvcmRzIGluIHJlc3VsdHM6CiAgICBpZiByZWNvcmRzOgogICAgICAgIHByaW50KGYie2xhYmVsfToge3JlY29yZHN9IHJlY29yZHMgcmVhZCBmcm9tIHtGUk9NfSAoe0FDQ0VTU1tsYWJlbF19KTogYWNjZXNzIHdvcmtzIGFuZCBkYXRhIGFycml2ZWQuIikKICAgIGVsc2U6CiAgICAgICAgcHJpbnQoCiAgICAgICAgICAgIGYie2xhYmVsfTogTk8gUkVDT1JEUyBpbiB7RlJPTX0uIEFjY2VzcyB3b3JrcyAoZXZlcnkgS2luZXNpcyBjYWxsIHN1Y2NlZWRlZCksIGJ1dCBubyBkYXRhIHdhcyBzZWVuOiAiCiAgICAgICAgICAgIGYid3JpdGUgYSByZWNvcmQgdG8gdGhlIHN0cmVhbSBhbmQgcnVuIGFnYWluLCBvciB3aWRlbiB0aGUgd2luZG93LCB0byBzZWUgZGF0YSBhcnJpdmUuIgogICAgICAgICkKZGlzcGxheSgKICAgIHNwYXJrLmNyZWF0ZURhdGFGcmFtZSgKICAgICAgICBbKGxhYmVsLCByZWNvcmRzLCAicmVjb3JkcyByZWFkIiBpZiByZWNvcmRzIGVsc2UgIk5PIFJFQ09SRFMgaW4gdGhlIHdpbmRvdyIpIGZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzXSwKICAgICAgICAic3RyZWFtIHN0cmluZywgcmVjb3JkcyBsb25nLCByZXN1bHQgc3RyaW5nIiwKICAgICkKKQpkYnV0aWxzLm5vdGVib29rLmV4aXQoanNvbi5kdW1wcyh7ImFjY2VzcyI6IEFDQ0VTUywgImZyb20iOiBGUk9NLCAicmVjb3JkcyI6IGRpY3QocmVzdWx0cyksICJub19yZWNvcmRzIjogZW1wdHl9KSkK"
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