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
    path = "../../../tests/golden/outputs/security-read-write/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
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
  content_base64 = "IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQojIEdlbmVyYXRlZCBieSBraW5lc2lzLXhhY2N0LiBEbyBub3QgZWRpdDogY2hhbmdlIHRoZSBjb25maWcgYW5kIHN5bnRoZXNpemUgYWdhaW4uCiMgU3RlcCA1IG9mIHRoZSBndWlkZTogcmVhZCBlYWNoIEtpbmVzaXMgc3RyZWFtIHRoaXMgd29ya3NwYWNlIGlzIGdyYW50ZWQgdGhyb3VnaCBpdHMgYWNjb3VudCdzIGNyb3NzLWFjY291bnQKIyByb2xlLCBmcm9tIGEgY2x1c3RlciB0aGF0IHJ1bnMgd2l0aCB0aGUgaW5zdGFuY2UgcHJvZmlsZQojIGFybjphd3M6aWFtOjoxMTExMTExMTExMTE6aW5zdGFuY2UtcHJvZmlsZS9EYXRhYnJpY2tzVG9LaW5lc2lzQXNzdW1lUm9sZS4KIyAgIHMxOiBhY2NvdW50IDIyMjIyMjIyMjIyMiwgcm9sZSBhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUvS2luZXNpc0Nyb3NzQWNjb3VudFJvbGU7CiMgICAgIGFjY2VzcyByZWFkLXdyaXRlLCByZWFkcyBieSBwb2xsaW5nIChHZXRSZWNvcmRzKS4KIyAgIHMyOiBhY2NvdW50IDIyMjIyMjIyMjIyMiwgcm9sZSBhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUvS2luZXNpc0Nyb3NzQWNjb3VudFJvbGU7CiMgICAgIGFjY2VzcyByZWFkLXdyaXRlLCByZWFkcyBieSBwb2xsaW5nIChHZXRSZWNvcmRzKS4KIyBUaGUgd3JpdGUgaGFsZiBvZiByZWFkLXdyaXRlIGlzIG5vdCBleGVyY2lzZWQgaGVyZTogRGF0YWJyaWNrcyBkb2N1bWVudHMgbm8gcm9sZUFybiBmb3Igd3JpdGluZyB0byBLaW5lc2lzCiMgKGl0cyBLaW5lc2lzIHNpbmsgaXMgYSBGb3JlYWNoV3JpdGVyIHdpdGggYWNjZXNzIGtleXMgb3IgdGhlIGNsdXN0ZXIncyBvd24gcm9sZSksIHNlZSB0aGUgUlVOQk9PSy4KIyBUaGUgcmVhZCBpcyBib3VuZGVkIHR3aWNlOiBpdCBzdGFydHMgMTUgbWludXRlcyBiZWZvcmUgdGhlIG5vdGVib29rIHJ1bnMgKG5ldmVyIHRoZSB3aG9sZQojIHJldGVudGlvbiksIGFuZCB0cmlnZ2VyKGF2YWlsYWJsZU5vdz1UcnVlKSBzdG9wcyBhdCB3aGF0IGVhY2ggc3RyZWFtIGhvbGRzCiMgd2hlbiB0aGUgcXVlcnkgc3RhcnRzLiBGZXRjaGVzIGFyZSBjYXBwZWQgYXQgbWF4RmV0Y2hSYXRlIDAuNSBNQi9zIHBlciBzaGFyZCAoYSBzaGFyZCBzZXJ2ZXMgMiBNaUIvcwojIHRvIGFsbCBpdHMgcG9sbGluZyBjb25zdW1lcnMgdG9nZXRoZXIpLiBUaGUgcmVjb3JkcyByZWFkIGFyZSBjb3VudGVkIGZyb20gdGhlIHF1ZXJ5J3Mgb3duIHByb2dyZXNzCiMgKG51bUlucHV0Um93cyksIG5ldmVyIGZyb20gYSBQeXRob24gZnVuY3Rpb246IG9uIHN0YW5kYXJkIGFjY2VzcyBtb2RlIChTcGFyayBDb25uZWN0KSBzdWNoIGEgZnVuY3Rpb24gcnVucwojIGluIGEgc2VwYXJhdGUgcHJvY2VzcyBhbmQgY2Fubm90IHJlcG9ydCBiYWNrLgoKIyBDT01NQU5EIC0tLS0tLS0tLS0KCmltcG9ydCBkYXRldGltZQppbXBvcnQganNvbgppbXBvcnQgb3MKaW1wb3J0IHRlbXBmaWxlCmltcG9ydCB1dWlkCgojIE9uZSBlbnRyeSBwZXIgZ3JhbnRlZCBzdHJlYW06IGl0cyBsYWJlbCBpbiB0aGUgcmVzdWx0cywgdGhlIHN0cmVhbSwgYW5kIGhvdyB0aGlzIHdvcmtzcGFjZSByZWFjaGVzIGl0LgpSRUFEUyA9IFsKICAgIHsKICAgICAgICAibGFiZWwiOiAiczEiLAogICAgICAgICJzdHJlYW0iOiAiczEiLAogICAgICAgICJyZWdpb24iOiAidXMtZWFzdC0xIiwKICAgICAgICAiYWNjZXNzIjogInJlYWQtd3JpdGUiLAogICAgICAgICJjb25zdW1lck5hbWUiOiBOb25lLAogICAgICAgICJyb2xlQXJuIjogImFybjphd3M6aWFtOjoyMjIyMjIyMjIyMjI6cm9sZS9LaW5lc2lzQ3Jvc3NBY2NvdW50Um9sZSIsCiAgICAgICAgInJvbGVFeHRlcm5hbElkIjogTm9uZSwKICAgICAgICAic3RzRW5kcG9pbnQiOiAic3RzLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tIiwKICAgIH0sCiAgICB7CiAgICAgICAgImxhYmVsIjogInMyIiwKICAgICAgICAic3RyZWFtIjogInMyIiwKICAgICAgICAicmVnaW9uIjogInVzLWVhc3QtMSIsCiAgICAgICAgImFjY2VzcyI6ICJyZWFkLXdyaXRlIiwKICAgICAgICAiY29uc3VtZXJOYW1lIjogTm9uZSwKICAgICAgICAicm9sZUFybiI6ICJhcm46YXdzOmlhbTo6MjIyMjIyMjIyMjIyOnJvbGUvS2luZXNpc0Nyb3NzQWNjb3VudFJvbGUiLAogICAgICAgICJyb2xlRXh0ZXJuYWxJZCI6IE5vbmUsCiAgICAgICAgInN0c0VuZHBvaW50IjogInN0cy51cy1lYXN0LTEuYW1hem9uYXdzLmNvbSIsCiAgICB9LApdCldJTkRPV19NSU5VVEVTID0gMTUKIyBUaGUgc3RhcnQgb2YgdGhlIHdpbmRvdywgY29tcHV0ZWQgbm93OiB0aGUgc2FtZSBmb3IgZXZlcnkgc3RyZWFtLgpXSU5ET1dfU1RBUlQgPSBkYXRldGltZS5kYXRldGltZS5ub3coZGF0ZXRpbWUudGltZXpvbmUudXRjKSAtIGRhdGV0aW1lLnRpbWVkZWx0YShtaW51dGVzPVdJTkRPV19NSU5VVEVTKQpJTklUSUFMX1BPU0lUSU9OID0ganNvbi5kdW1wcygKICAgIHsiYXRfdGltZXN0YW1wIjogV0lORE9XX1NUQVJULnN0cmZ0aW1lKCIlWS0lbS0lZFQlSDolTTolUyswMDAwIiksICJmb3JtYXQiOiAieXl5eS1NTS1kZCdUJ0hIOm1tOnNzWiJ9CikKRlJPTSA9IGYidGhlIGxhc3Qge1dJTkRPV19NSU5VVEVTfSBtaW51dGVzIChzaW5jZSB7V0lORE9XX1NUQVJUOiVZLSVtLSVkICVIOiVNOiVTfSBVVEMpIgojIEtlZXAgZXZlcnkgcHJvZ3Jlc3MgdXBkYXRlIG9mIGEgcXVlcnkgKFNwYXJrIGtlZXBzIDEwMCBieSBkZWZhdWx0KTogdGhlIGNvdW50IHN1bXMgYWxsIG9mIHRoZW0uCnRyeToKICAgIHNwYXJrLmNvbmYuc2V0KCJzcGFyay5zcWwuc3RyZWFtaW5nLm51bVJlY2VudFByb2dyZXNzVXBkYXRlcyIsICIxMDAwMDAiKQpleGNlcHQgRXhjZXB0aW9uIGFzIGVycjogICMgYSB3b3Jrc3BhY2UgbWF5IHJlZnVzZSB0aGUgc2V0dGluZzogYSBsb25nIHJlYWQncyBjb3VudCB0aGVuIHNheXMgaXQgaXMgaW5jb21wbGV0ZQogICAgcHJpbnQoZiJub3RlOiBTcGFyayBrZWVwcyBpdHMgZGVmYXVsdCBudW1iZXIgb2YgcHJvZ3Jlc3MgdXBkYXRlcyAoe3R5cGUoZXJyKS5fX25hbWVfX30pIikKCgpkZWYgcmVhZF9zdHJlYW0ocmVhZCk6CiAgICByZWFkZXIgPSAoCiAgICAgICAgc3BhcmsucmVhZFN0cmVhbS5mb3JtYXQoImtpbmVzaXMiKQogICAgICAgIC5vcHRpb24oInN0cmVhbU5hbWUiLCByZWFkWyJzdHJlYW0iXSkKICAgICAgICAub3B0aW9uKCJyZWdpb24iLCByZWFkWyJyZWdpb24iXSkKICAgICAgICAjIEF1dGhlbnRpY2F0aW9uOiB0aGUgY2x1c3RlcidzIGluc3RhbmNlIHByb2ZpbGUgYXNzdW1lcyB0aGUgc3RyZWFtIGFjY291bnQncyByb2xlLCB0aHJvdWdoIFNUUyBhdAogICAgICAgICMgdGhlIHJlYWQncyBzdHNFbmRwb2ludC4KICAgICAgICAub3B0aW9uKCJyb2xlQXJuIiwgcmVhZFsicm9sZUFybiJdKQogICAgICAgIC5vcHRpb24oInJvbGVTZXNzaW9uTmFtZSIsICJraW5lc2lzLXhhY2N0LXZhbGlkYXRlIikKICAgICAgICAub3B0aW9uKCJzdHNFbmRwb2ludCIsIHJlYWRbInN0c0VuZHBvaW50Il0pCiAgICAgICAgLm9wdGlvbigiaW5pdGlhbFBvc2l0aW9uIiwgSU5JVElBTF9QT1NJVElPTikKICAgICAgICAub3B0aW9uKCJtYXhGZXRjaFJhdGUiLCAiMC41IikKICAgICkKICAgIGlmIHJlYWRbInJvbGVFeHRlcm5hbElkIl06CiAgICAgICAgcmVhZGVyID0gcmVhZGVyLm9wdGlvbigicm9sZUV4dGVybmFsSWQiLCByZWFkWyJyb2xlRXh0ZXJuYWxJZCJdKQogICAgaWYgcmVhZFsiYWNjZXNzIl0gPT0gInJlYWQtZWZvIjoKICAgICAgICAjIEVuaGFuY2VkIGZhbi1vdXQ6IG9uZSBuYW1lZCBjb25zdW1lciBvZiB0aGlzIGRlcGxveW1lbnQgKGl0cyByb2xlIG1heSBkZXJlZ2lzdGVyIG5vIG90aGVyKSwKICAgICAgICAjIGRlcmVnaXN0ZXJlZCB3aGVuIHRoZSBxdWVyeSBzdG9wcyAoYSBzdHJlYW0gaGFzIGF0IG1vc3QgMjAgY29uc3VtZXJzOyB3aXRob3V0IHRoaXMgZWFjaCBydW4gd291bGQKICAgICAgICAjIGxlYXZlIG9uZSBiZWhpbmQpLgogICAgICAgIHJlYWRlciA9ICgKICAgICAgICAgICAgcmVhZGVyLm9wdGlvbigiY29uc3VtZXJNb2RlIiwgImVmbyIpCiAgICAgICAgICAgIC5vcHRpb24oImNvbnN1bWVyTmFtZSIsIHJlYWRbImNvbnN1bWVyTmFtZSJdKQogICAgICAgICAgICAub3B0aW9uKCJyZXF1aXJlQ29uc3VtZXJEZXJlZ2lzdHJhdGlvbiIsICJ0cnVlIikKICAgICAgICApCiAgICByZXR1cm4gcmVhZGVyLmxvYWQoKQoKCmRlZiBjb3VudF9yZWNvcmRzKHJlYWQsIGNoZWNrcG9pbnQpOgogICAgIiIiUmVhZCB0aGUgc3RyZWFtIGZyb20gSU5JVElBTF9QT1NJVElPTiB1cCB0byB3aGF0IGl0IGhvbGRzIG5vdyBpbnRvIGEgc2luayB0aGF0IGtlZXBzIG5vdGhpbmcsIGFuZCByZXR1cm4KICAgIHRoZSBudW1iZXIgb2YgcmVjb3JkcyB0aGUgcXVlcnkgcmVhZCAodGhlIHN1bSBvZiBudW1JbnB1dFJvd3Mgb3ZlciBpdHMgcHJvZ3Jlc3MgdXBkYXRlcywgb25lIHBlciBiYXRjaCkuIiIiCiAgICBxdWVyeSA9ICgKICAgICAgICByZWFkX3N0cmVhbShyZWFkKQogICAgICAgIC53cml0ZVN0cmVhbS5mb3JtYXQoIm5vb3AiKQogICAgICAgIC5xdWVyeU5hbWUoImtpbmVzaXMteGFjY3QtdmFsaWRhdGUtIiArIHJlYWRbImxhYmVsIl0ucmVwbGFjZSgiLyIsICItIikpCiAgICAgICAgLm9wdGlvbigiY2hlY2twb2ludExvY2F0aW9uIiwgY2hlY2twb2ludCkKICAgICAgICAudHJpZ2dlcihhdmFpbGFibGVOb3c9VHJ1ZSkKICAgICAgICAuc3RhcnQoKQogICAgKQogICAgcXVlcnkuYXdhaXRUZXJtaW5hdGlvbigpICAjIHJhaXNlcyBpZiB0aGUgcXVlcnkgZmFpbGVkIChhc3N1bWluZyB0aGUgcm9sZSwgYSBLaW5lc2lzIGNhbGwpCiAgICBiYXRjaGVzID0ge3BbImJhdGNoSWQiXTogc3VtKHNvdXJjZVsibnVtSW5wdXRSb3dzIl0gZm9yIHNvdXJjZSBpbiBwWyJzb3VyY2VzIl0pIGZvciBwIGluIHF1ZXJ5LnJlY2VudFByb2dyZXNzfQogICAgaWYgYmF0Y2hlcyBhbmQgbWluKGJhdGNoZXMpID4gMDogICMgYSBuZXcgY2hlY2twb2ludCBzdGFydHMgYXQgYmF0Y2ggMDogZWFybGllciB1cGRhdGVzIHdlcmUgZHJvcHBlZAogICAgICAgIHByaW50KGYie3JlYWRbJ2xhYmVsJ119OiB0aGUgcHJvZ3Jlc3Mgb2YgdGhlIGZpcnN0IHttaW4oYmF0Y2hlcyl9IGJhdGNoZXMgd2FzIGRyb3BwZWQ7IHRoZSBjb3VudCBpcyB0b28gbG93IikKICAgIHJldHVybiBzdW0oYmF0Y2hlcy52YWx1ZXMoKSkKCgojIENPTU1BTkQgLS0tLS0tLS0tLQoKIyBFYWNoIHF1ZXJ5J3MgY2hlY2twb2ludCAoRGF0YWJyaWNrczogIllvdSBtdXN0IHNwZWNpZnkgdGhlIGNoZWNrcG9pbnRMb2NhdGlvbiBvcHRpb24gYmVmb3JlIHlvdSBydW4gYQojIHN0cmVhbWluZyBxdWVyeSIpIGdvZXMgdG8gYSBmb2xkZXIgb2YgdGhpcyBydW4gYmVsb3cgQ0hFQ0tQT0lOVF9ST09ULCByZW1vdmVkIHdoZW4gdGhlIHJlYWRzIGVuZC4KIyBEZWRpY2F0ZWQgYWNjZXNzIG1vZGU6IHRoZSBkcml2ZXIncyBsb2NhbCBkaXNrIChhIGpvYiBjbHVzdGVyJ3MgZGlzayBnb2VzIGF3YXkgd2l0aCB0aGUgY2x1c3RlciBhbnl3YXkpLgpDSEVDS1BPSU5UX1JPT1QgPSAiZmlsZToiICsgdGVtcGZpbGUuZ2V0dGVtcGRpcigpCiMgQSBydW4gbWF5IG5hbWUgYW5vdGhlciByb290IGluIHRoZSB3aWRnZXQgKGEgam9iOiBiYXNlX3BhcmFtZXRlcnMpLCBlLmcuIGEgdm9sdW1lIG9mIGl0cyBvd24uCmRidXRpbHMud2lkZ2V0cy50ZXh0KCJjaGVja3BvaW50X3Jvb3QiLCBDSEVDS1BPSU5UX1JPT1QsICJDaGVja3BvaW50IHJvb3QiKQpDSEVDS1BPSU5UX1JPT1QgPSBkYnV0aWxzLndpZGdldHMuZ2V0KCJjaGVja3BvaW50X3Jvb3QiKS5yc3RyaXAoIi8iKQpjaGVja3BvaW50cyA9IGYie0NIRUNLUE9JTlRfUk9PVH0va2luZXNpcy14YWNjdC12YWxpZGF0ZS17dXVpZC51dWlkNCgpLmhleH0iCnJlc3VsdHMgPSBbXQp0cnk6CiAgICBmb3IgaSwgcmVhZCBpbiBlbnVtZXJhdGUoUkVBRFMpOgogICAgICAgIHJlc3VsdHMuYXBwZW5kKChyZWFkWyJsYWJlbCJdLCBjb3VudF9yZWNvcmRzKHJlYWQsIGYie2NoZWNrcG9pbnRzfS97aX0iKSkpCmZpbmFsbHk6CiAgICB0cnk6CiAgICAgICAgZGJ1dGlscy5mcy5ybShjaGVja3BvaW50cywgVHJ1ZSkgICMgdGhlIHJ1bidzIGZvbGRlciBhbmQgZXZlcnl0aGluZyBpbiBpdAogICAgZXhjZXB0IEV4Y2VwdGlvbiBhcyBlcnI6ICAjIHRoZSBjb3VudHMgc3RhbmQ7IHRoZSBmb2xkZXIgc3RheXMgZm9yIGl0cyBvd25lciB0byByZW1vdmUKICAgICAgICBwcmludChmIm5vdGU6IHRoZSBjaGVja3BvaW50IGZvbGRlciB7Y2hlY2twb2ludHN9IGNvdWxkIG5vdCBiZSByZW1vdmVkICh7dHlwZShlcnIpLl9fbmFtZV9ffToge2Vycn0pIikKCkFDQ0VTUyA9IHtyZWFkWyJsYWJlbCJdOiByZWFkWyJhY2Nlc3MiXSBmb3IgcmVhZCBpbiBSRUFEU30KZW1wdHkgPSBbbGFiZWwgZm9yIGxhYmVsLCByZWNvcmRzIGluIHJlc3VsdHMgaWYgcmVjb3JkcyA9PSAwXQpmb3IgbGFiZWwsIHJlY29yZHMgaW4gcmVzdWx0czoKICAgIGlmIHJlY29yZHM6CiAgICAgICAgcHJpbnQoZiJ7bGFiZWx9OiB7cmVjb3Jkc30gcmVjb3JkcyByZWFkIGZyb20ge0ZST019ICh7QUNDRVNTW2xhYmVsXX0pOiBhY2Nlc3Mgd29ya3MgYW5kIGRhdGEgYXJyaXZlZC4iKQogICAgZWxzZToKICAgICAgICBwcmludCgKICAgICAgICAgICAgZiJ7bGFiZWx9OiBOTyBSRUNPUkRTIGluIHtGUk9NfS4gQWNjZXNzIHdvcmtzIChldmVyeSBLaW5lc2lzIGNhbGwgc3VjY2VlZGVkKSwgYnV0IG5vIGRhdGEgd2FzIHNlZW46ICIKICAgICAgICAgICAgZiJ3cml0ZSBhIHJlY29yZCB0byB0aGUgc3RyZWFtIGFuZCBydW4gYWdhaW4sIG9yIHdpZGVuIHRoZSB3aW5kb3csIHRvIHNlZSBkYXRhIGFycml2ZS4iCiAgICAgICAgKQpkaXNwbGF5KAogICAgc3BhcmsuY3JlYXRlRGF0YUZyYW1lKAogICAgICAgIFsobGFiZWwsIHJlY29yZHMsICJyZWNvcmRzIHJlYWQiIGlmIHJlY29yZHMgZWxzZSAiTk8gUkVDT1JEUyBpbiB0aGUgd2luZG93IikgZm9yIGxhYmVsLCByZWNvcmRzIGluIHJlc3VsdHNdLAogICAgICAgICJzdHJlYW0gc3RyaW5nLCByZWNvcmRzIGxvbmcsIHJlc3VsdCBzdHJpbmciLAogICAgKQopCmRidXRpbHMubm90ZWJvb2suZXhpdChqc29uLmR1bXBzKHsiYWNjZXNzIjogQUNDRVNTLCAiZnJvbSI6IEZST00sICJyZWNvcmRzIjogZGljdChyZXN1bHRzKSwgIm5vX3JlY29yZHMiOiBlbXB0eX0pKQo="
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