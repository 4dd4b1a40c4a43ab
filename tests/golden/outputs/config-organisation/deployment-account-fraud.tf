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
    path = "../../../config/.kinesis-xacct-state/organisation.yaml/terraform.deployment-account-fraud.tfstate"
  }

  required_version = ">= 1.10.0"
}

provider "aws" {
  allowed_account_ids = [
    "444444444444"
  ]
  region = "eu-west-1"
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
  name                 = "kinesis-xacct-fraud"
  provider             = aws.deployment
}
resource "aws_iam_role_policy" "instance-profile-role_assume_policy_18693590" {
  name     = "assume-kinesis-account-role"
  policy   = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeKinesisAccountRole\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::333333333333:role/kinesis-xacct-fraud-payments\"}]}"
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
  name     = "kinesis-xacct-fraud"
  role     = aws_iam_role.instance-profile-role_assume_role_730C2737.name
  provider = aws.deployment
}
resource "aws_iam_role_policy" "workspace-passrole_policy_D6396269" {
  name     = "kinesis-xacct-passrole-kinesis-xacct-fraud"
  policy   = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassKinesisInstanceProfileRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::444444444444:role/kinesis-xacct-fraud\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}"
  role     = "dbx-fraud-workspace"
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
  host    = "https://dbc-fraud.cloud.databricks.com"
  profile = "fraud"
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
  instance_profile_arn = "arn:aws:iam::444444444444:instance-profile/kinesis-xacct-fraud"
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
  single_user_name   = "fraud-ops@example.com"
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
  path     = "/Users/fraud-ops@example.com/kinesis-xacct"
  provider = databricks
}
resource "databricks_notebook" "databricks-validation_notebook_A16BE26F" {
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCBpdHMgYWNjb3VudCdzIGNyb3NzLWFjY291bnQKIyByb2xlLCBmcm9tIGEgY2x1c3RlciB0aGF0IHJ1bnMgd2l0aCB0aGUgaW5zdGFuY2UgcHJvZmlsZQojIGFybjphd3M6aWFtOjo0NDQ0NDQ0NDQ0NDQ6aW5zdGFuY2UtcHJvZmlsZS9raW5lc2lzLXhhY2N0LWZyYXVkLgojICAgcGF5bWVudHMvdHJhbnNhY3Rpb25zOiBhY2NvdW50IDMzMzMzMzMzMzMzMywgcm9sZSBhcm46YXdzOmlhbTo6MzMzMzMzMzMzMzMzOnJvbGUva2luZXNpcy14YWNjdC1mcmF1ZC1wYXltZW50czsKIyAgICAgYWNjZXNzIHJlYWQsIHJlYWRzIGJ5IHBvbGxpbmcgKEdldFJlY29yZHMpLgojICAgcGF5bWVudHMvY2hhcmdlYmFja3M6IGFjY291bnQgMzMzMzMzMzMzMzMzLCByb2xlIGFybjphd3M6aWFtOjozMzMzMzMzMzMzMzM6cm9sZS9raW5lc2lzLXhhY2N0LWZyYXVkLXBheW1lbnRzOwojICAgICBhY2Nlc3MgcmVhZCwgcmVhZHMgYnkgcG9sbGluZyAoR2V0UmVjb3JkcykuCiMgVGhlIHJlYWQgaXMgYm91bmRlZCB0d2ljZTogaXQgc3RhcnRzIDE1IG1pbnV0ZXMgYmVmb3JlIHRoZSBub3RlYm9vayBydW5zIChuZXZlciB0aGUgd2hvbGUKIyByZXRlbnRpb24pLCBhbmQgdHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkgc3RvcHMgYXQgd2hhdCBlYWNoIHN0cmVhbSBob2xkcwojIHdoZW4gdGhlIHF1ZXJ5IHN0YXJ0cy4gRmV0Y2hlcyBhcmUgY2FwcGVkIGF0IG1heEZldGNoUmF0ZSAwLjUgTUIvcyBwZXIgc2hhcmQgKGEgc2hhcmQgc2VydmVzIDIgTWlCL3MKIyB0byBhbGwgaXRzIHBvbGxpbmcgY29uc3VtZXJzIHRvZ2V0aGVyKS4gVGhlIHJlY29yZHMgcmVhZCBhcmUgY291bnRlZCBmcm9tIHRoZSBxdWVyeSdzIG93biBwcm9ncmVzcwojIChudW1JbnB1dFJvd3MpLCBuZXZlciBmcm9tIGEgUHl0aG9uIGZ1bmN0aW9uOiBvbiBzdGFuZGFyZCBhY2Nlc3MgbW9kZSAoU3BhcmsgQ29ubmVjdCkgc3VjaCBhIGZ1bmN0aW9uIHJ1bnMKIyBpbiBhIHNlcGFyYXRlIHByb2Nlc3MgYW5kIGNhbm5vdCByZXBvcnQgYmFjay4KCiMgQ09NTUFORCAtLS0tLS0tLS0tCgppbXBvcnQgZGF0ZXRpbWUKaW1wb3J0IGpzb24KaW1wb3J0IG9zCmltcG9ydCB0ZW1wZmlsZQppbXBvcnQgdXVpZAoKIyBPbmUgZW50cnkgcGVyIGdyYW50ZWQgc3RyZWFtOiBpdHMgbGFiZWwgaW4gdGhlIHJlc3VsdHMsIHRoZSBzdHJlYW0sIGFuZCBob3cgdGhpcyB3b3Jrc3BhY2UgcmVhY2hlcyBpdC4KUkVBRFMgPSBbCiAgICB7CiAgICAgICAgImxhYmVsIjogInBheW1lbnRzL3RyYW5zYWN0aW9ucyIsCiAgICAgICAgInN0cmVhbSI6ICJ0cmFuc2FjdGlvbnMiLAogICAgICAgICJyZWdpb24iOiAiZXUtd2VzdC0xIiwKICAgICAgICAiYWNjZXNzIjogInJlYWQiLAogICAgICAgICJjb25zdW1lck5hbWUiOiBOb25lLAogICAgICAgICJyb2xlQXJuIjogImFybjphd3M6aWFtOjozMzMzMzMzMzMzMzM6cm9sZS9raW5lc2lzLXhhY2N0LWZyYXVkLXBheW1lbnRzIiwKICAgICAgICAicm9sZUV4dGVybmFsSWQiOiAiZnJhdWQtcGF5bWVudHMtOTFjMiIsCiAgICAgICAgInN0c0VuZHBvaW50IjogInN0cy5ldS13ZXN0LTEuYW1hem9uYXdzLmNvbSIsCiAgICB9LAogICAgewogICAgICAgICJsYWJlbCI6ICJwYXltZW50cy9jaGFyZ2ViYWNrcyIsCiAgICAgICAgInN0cmVhbSI6ICJjaGFyZ2ViYWNrcyIsCiAgICAgICAgInJlZ2lvbiI6ICJldS13ZXN0LTEiLAogICAgICAgICJhY2Nlc3MiOiAicmVhZCIsCiAgICAgICAgImNvbnN1bWVyTmFtZSI6IE5vbmUsCiAgICAgICAgInJvbGVBcm4iOiAiYXJuOmF3czppYW06OjMzMzMzMzMzMzMzMzpyb2xlL2tpbmVzaXMteGFjY3QtZnJhdWQtcGF5bWVudHMiLAogICAgICAgICJyb2xlRXh0ZXJuYWxJZCI6ICJmcmF1ZC1wYXltZW50cy05MWMyIiwKICAgICAgICAic3RzRW5kcG9pbnQiOiAic3RzLmV1LXdlc3QtMS5hbWF6b25hd3MuY29tIiwKICAgIH0sCl0KV0lORE9XX01JTlVURVMgPSAxNQojIFRoZSBzdGFydCBvZiB0aGUgd2luZG93LCBjb21wdXRlZCBub3c6IHRoZSBzYW1lIGZvciBldmVyeSBzdHJlYW0uCldJTkRPV19TVEFSVCA9IGRhdGV0aW1lLmRhdGV0aW1lLm5vdyhkYXRldGltZS50aW1lem9uZS51dGMpIC0gZGF0ZXRpbWUudGltZWRlbHRhKG1pbnV0ZXM9V0lORE9XX01JTlVURVMpCklOSVRJQUxfUE9TSVRJT04gPSBqc29uLmR1bXBzKAogICAgeyJhdF90aW1lc3RhbXAiOiBXSU5ET1dfU1RBUlQuc3RyZnRpbWUoIiVZLSVtLSVkVCVIOiVNOiVTKzAwMDAiKSwgImZvcm1hdCI6ICJ5eXl5LU1NLWRkJ1QnSEg6bW06c3NaIn0KKQpGUk9NID0gZiJ0aGUgbGFzdCB7V0lORE9XX01JTlVURVN9IG1pbnV0ZXMgKHNpbmNlIHtXSU5ET1dfU1RBUlQ6JVktJW0tJWQgJUg6JU06JVN9IFVUQykiCiMgS2VlcCBldmVyeSBwcm9ncmVzcyB1cGRhdGUgb2YgYSBxdWVyeSAoU3Bhcmsga2VlcHMgMTAwIGJ5IGRlZmF1bHQpOiB0aGUgY291bnQgc3VtcyBhbGwgb2YgdGhlbS4KdHJ5OgogICAgc3BhcmsuY29uZi5zZXQoInNwYXJrLnNxbC5zdHJlYW1pbmcubnVtUmVjZW50UHJvZ3Jlc3NVcGRhdGVzIiwgIjEwMDAwMCIpCmV4Y2VwdCBFeGNlcHRpb24gYXMgZXJyOiAgIyBhIHdvcmtzcGFjZSBtYXkgcmVmdXNlIHRoZSBzZXR0aW5nOiBhIGxvbmcgcmVhZCdzIGNvdW50IHRoZW4gc2F5cyBpdCBpcyBpbmNvbXBsZXRlCiAgICBwcmludChmIm5vdGU6IFNwYXJrIGtlZXBzIGl0cyBkZWZhdWx0IG51bWJlciBvZiBwcm9ncmVzcyB1cGRhdGVzICh7dHlwZShlcnIpLl9fbmFtZV9ffSkiKQoKCmRlZiByZWFkX3N0cmVhbShyZWFkKToKICAgIHJlYWRlciA9ICgKICAgICAgICBzcGFyay5yZWFkU3RyZWFtLmZvcm1hdCgia2luZXNpcyIpCiAgICAgICAgLm9wdGlvbigic3RyZWFtTmFtZSIsIHJlYWRbInN0cmVhbSJdKQogICAgICAgIC5vcHRpb24oInJlZ2lvbiIsIHJlYWRbInJlZ2lvbiJdKQogICAgICAgICMgQXV0aGVudGljYXRpb246IHRoZSBjbHVzdGVyJ3MgaW5zdGFuY2UgcHJvZmlsZSBhc3N1bWVzIHRoZSBzdHJlYW0gYWNjb3VudCdzIHJvbGUsIHRocm91Z2ggU1RTIGF0CiAgICAgICAgIyB0aGUgcmVhZCdzIHN0c0VuZHBvaW50LgogICAgICAgIC5vcHRpb24oInJvbGVBcm4iLCByZWFkWyJyb2xlQXJuIl0pCiAgICAgICAgLm9wdGlvbigicm9sZVNlc3Npb25OYW1lIiwgImtpbmVzaXMteGFjY3QtdmFsaWRhdGUiKQogICAgICAgIC5vcHRpb24oInN0c0VuZHBvaW50IiwgcmVhZFsic3RzRW5kcG9pbnQiXSkKICAgICAgICAub3B0aW9uKCJpbml0aWFsUG9zaXRpb24iLCBJTklUSUFMX1BPU0lUSU9OKQogICAgICAgIC5vcHRpb24oIm1heEZldGNoUmF0ZSIsICIwLjUiKQogICAgKQogICAgaWYgcmVhZFsicm9sZUV4dGVybmFsSWQiXToKICAgICAgICByZWFkZXIgPSByZWFkZXIub3B0aW9uKCJyb2xlRXh0ZXJuYWxJZCIsIHJlYWRbInJvbGVFeHRlcm5hbElkIl0pCiAgICBpZiByZWFkWyJhY2Nlc3MiXSA9PSAicmVhZC1lZm8iOgogICAgICAgICMgRW5oYW5jZWQgZmFuLW91dDogb25lIG5hbWVkIGNvbnN1bWVyIG9mIHRoaXMgZGVwbG95bWVudCAoaXRzIHJvbGUgbWF5IGRlcmVnaXN0ZXIgbm8gb3RoZXIpLAogICAgICAgICMgZGVyZWdpc3RlcmVkIHdoZW4gdGhlIHF1ZXJ5IHN0b3BzIChhIHN0cmVhbSBoYXMgYXQgbW9zdCAyMCBjb25zdW1lcnM7IHdpdGhvdXQgdGhpcyBlYWNoIHJ1biB3b3VsZAogICAgICAgICMgbGVhdmUgb25lIGJlaGluZCkuCiAgICAgICAgcmVhZGVyID0gKAogICAgICAgICAgICByZWFkZXIub3B0aW9uKCJjb25zdW1lck1vZGUiLCAiZWZvIikKICAgICAgICAgICAgLm9wdGlvbigiY29uc3VtZXJOYW1lIiwgcmVhZFsiY29uc3VtZXJOYW1lIl0pCiAgICAgICAgICAgIC5vcHRpb24oInJlcXVpcmVDb25zdW1lckRlcmVnaXN0cmF0aW9uIiwgInRydWUiKQogICAgICAgICkKICAgIHJldHVybiByZWFkZXIubG9hZCgpCgoKZGVmIGNvdW50X3JlY29yZHMocmVhZCwgY2hlY2twb2ludCk6CiAgICAiIiJSZWFkIHRoZSBzdHJlYW0gZnJvbSBJTklUSUFMX1BPU0lUSU9OIHVwIHRvIHdoYXQgaXQgaG9sZHMgbm93IGludG8gYSBzaW5rIHRoYXQga2VlcHMgbm90aGluZywgYW5kIHJldHVybgogICAgdGhlIG51bWJlciBvZiByZWNvcmRzIHRoZSBxdWVyeSByZWFkICh0aGUgc3VtIG9mIG51bUlucHV0Um93cyBvdmVyIGl0cyBwcm9ncmVzcyB1cGRhdGVzLCBvbmUgcGVyIGJhdGNoKS4iIiIKICAgIHF1ZXJ5ID0gKAogICAgICAgIHJlYWRfc3RyZWFtKHJlYWQpCiAgICAgICAgLndyaXRlU3RyZWFtLmZvcm1hdCgibm9vcCIpCiAgICAgICAgLnF1ZXJ5TmFtZSgia2luZXNpcy14YWNjdC12YWxpZGF0ZS0iICsgcmVhZFsibGFiZWwiXS5yZXBsYWNlKCIvIiwgIi0iKSkKICAgICAgICAub3B0aW9uKCJjaGVja3BvaW50TG9jYXRpb24iLCBjaGVja3BvaW50KQogICAgICAgIC50cmlnZ2VyKGF2YWlsYWJsZU5vdz1UcnVlKQogICAgICAgIC5zdGFydCgpCiAgICApCiAgICBxdWVyeS5hd2FpdFRlcm1pbmF0aW9uKCkgICMgcmFpc2VzIGlmIHRoZSBxdWVyeSBmYWlsZWQgKGFzc3VtaW5nIHRoZSByb2xlLCBhIEtpbmVzaXMgY2FsbCkKICAgIGJhdGNoZXMgPSB7cFsiYmF0Y2hJZCJdOiBzdW0oc291cmNlWyJudW1JbnB1dFJvd3MiXSBmb3Igc291cmNlIGluIHBbInNvdXJjZXMiXSkgZm9yIHAgaW4gcXVlcnkucmVjZW50UHJvZ3Jlc3N9CiAgICBpZiBiYXRjaGVzIGFuZCBtaW4oYmF0Y2hlcykgPiAwOiAgIyBhIG5ldyBjaGVja3BvaW50IHN0YXJ0cyBhdCBiYXRjaCAwOiBlYXJsaWVyIHVwZGF0ZXMgd2VyZSBkcm9wcGVkCiAgICAgICAgcHJpbnQoZiJ7cmVhZFsnbGFiZWwnXX06IHRoZSBwcm9ncmVzcyBvZiB0aGUgZmlyc3Qge21pbihiYXRjaGVzKX0gYmF0Y2hlcyB3YXMgZHJvcHBlZDsgdGhlIGNvdW50IGlzIHRvbyBsb3ciKQogICAgcmV0dXJuIHN1bShiYXRjaGVzLnZhbHVlcygpKQoKCiMgQ09NTUFORCAtLS0tLS0tLS0tCgojIEVhY2ggcXVlcnkncyBjaGVja3BvaW50IChEYXRhYnJpY2tzOiAiWW91IG11c3Qgc3BlY2lmeSB0aGUgY2hlY2twb2ludExvY2F0aW9uIG9wdGlvbiBiZWZvcmUgeW91IHJ1biBhCiMgc3RyZWFtaW5nIHF1ZXJ5IikgZ29lcyB0byBhIGZvbGRlciBvZiB0aGlzIHJ1biBiZWxvdyBDSEVDS1BPSU5UX1JPT1QsIHJlbW92ZWQgd2hlbiB0aGUgcmVhZHMgZW5kLgojIERlZGljYXRlZCBhY2Nlc3MgbW9kZTogdGhlIGRyaXZlcidzIGxvY2FsIGRpc2sgKGEgam9iIGNsdXN0ZXIncyBkaXNrIGdvZXMgYXdheSB3aXRoIHRoZSBjbHVzdGVyIGFueXdheSkuCkNIRUNLUE9JTlRfUk9PVCA9ICJmaWxlOiIgKyB0ZW1wZmlsZS5nZXR0ZW1wZGlyKCkKIyBBIHJ1biBtYXkgbmFtZSBhbm90aGVyIHJvb3QgaW4gdGhlIHdpZGdldCAoYSBqb2I6IGJhc2VfcGFyYW1ldGVycyksIGUuZy4gYSB2b2x1bWUgb2YgaXRzIG93bi4KZGJ1dGlscy53aWRnZXRzLnRleHQoImNoZWNrcG9pbnRfcm9vdCIsIENIRUNLUE9JTlRfUk9PVCwgIkNoZWNrcG9pbnQgcm9vdCIpCkNIRUNLUE9JTlRfUk9PVCA9IGRidXRpbHMud2lkZ2V0cy5nZXQoImNoZWNrcG9pbnRfcm9vdCIpLnJzdHJpcCgiLyIpCmNoZWNrcG9pbnRzID0gZiJ7Q0hFQ0tQT0lOVF9ST09UfS9raW5lc2lzLXhhY2N0LXZhbGlkYXRlLXt1dWlkLnV1aWQ0KCkuaGV4fSIKcmVzdWx0cyA9IFtdCnRyeToKICAgIGZvciBpLCByZWFkIGluIGVudW1lcmF0ZShSRUFEUyk6CiAgICAgICAgcmVzdWx0cy5hcHBlbmQoKHJlYWRbImxhYmVsIl0sIGNvdW50X3JlY29yZHMocmVhZCwgZiJ7Y2hlY2twb2ludHN9L3tpfSIpKSkKZmluYWxseToKICAgIHRyeToKICAgICAgICBkYnV0aWxzLmZzLnJtKGNoZWNrcG9pbnRzLCBUcnVlKSAgIyB0aGUgcnVuJ3MgZm9sZGVyIGFuZCBldmVyeXRoaW5nIGluIGl0CiAgICBleGNlcHQgRXhjZXB0aW9uIGFzIGVycjogICMgdGhlIGNvdW50cyBzdGFuZDsgdGhlIGZvbGRlciBzdGF5cyBmb3IgaXRzIG93bmVyIHRvIHJlbW92ZQogICAgICAgIHByaW50KGYibm90ZTogdGhlIGNoZWNrcG9pbnQgZm9sZGVyIHtjaGVja3BvaW50c30gY291bGQgbm90IGJlIHJlbW92ZWQgKHt0eXBlKGVycikuX19uYW1lX199OiB7ZXJyfSkiKQoKQUNDRVNTID0ge3JlYWRbImxhYmVsIl06IHJlYWRbImFjY2VzcyJdIGZvciByZWFkIGluIFJFQURTfQplbXB0eSA9IFtsYWJlbCBmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0cyBpZiByZWNvcmRzID09IDBdCmZvciBsYWJlbCwgcmVjb3JkcyBpbiByZXN1bHRzOgogICAgaWYgcmVjb3JkczoKICAgICAgICBwcmludChmIntsYWJlbH06IHtyZWNvcmRzfSByZWNvcmRzIHJlYWQgZnJvbSB7RlJPTX0gKHtBQ0NFU1NbbGFiZWxdfSk6IGFjY2VzcyB3b3JrcyBhbmQgZGF0YSBhcnJpdmVkLiIpCiAgICBlbHNlOgogICAgICAgIHByaW50KAogICAgICAgICAgICBmIntsYWJlbH06IE5PIFJFQ09SRFMgaW4ge0ZST019LiBBY2Nlc3Mgd29ya3MgKGV2ZXJ5IEtpbmVzaXMgY2FsbCBzdWNjZWVkZWQpLCBidXQgbm8gZGF0YSB3YXMgc2VlbjogIgogICAgICAgICAgICBmIndyaXRlIGEgcmVjb3JkIHRvIHRoZSBzdHJlYW0gYW5kIHJ1biBhZ2Fpbiwgb3Igd2lkZW4gdGhlIHdpbmRvdywgdG8gc2VlIGRhdGEgYXJyaXZlLiIKICAgICAgICApCmRpc3BsYXkoCiAgICBzcGFyay5jcmVhdGVEYXRhRnJhbWUoCiAgICAgICAgWyhsYWJlbCwgcmVjb3JkcywgInJlY29yZHMgcmVhZCIgaWYgcmVjb3JkcyBlbHNlICJOTyBSRUNPUkRTIGluIHRoZSB3aW5kb3ciKSBmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0c10sCiAgICAgICAgInN0cmVhbSBzdHJpbmcsIHJlY29yZHMgbG9uZywgcmVzdWx0IHN0cmluZyIsCiAgICApCikKZGJ1dGlscy5ub3RlYm9vay5leGl0KGpzb24uZHVtcHMoeyJhY2Nlc3MiOiBBQ0NFU1MsICJmcm9tIjogRlJPTSwgInJlY29yZHMiOiBkaWN0KHJlc3VsdHMpLCAibm9fcmVjb3JkcyI6IGVtcHR5fSkpCg=="
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