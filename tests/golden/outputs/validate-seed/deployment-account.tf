terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../tests/golden/outputs/validate-seed/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
}

  required_version = ">= 1.10.0"
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
data "aws_iam_role" "workspace-passrole_workspace-role_C6E7DDF2" {
name = "databricks-cross-account"
provider = aws.deployment
}
resource "aws_iam_role_policy" "workspace-passrole_policy_D6396269" {
name = "kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassKinesisInstanceProfileRole\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\",\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}}]}"
role = "${data.aws_iam_role.workspace-passrole_workspace-role_C6E7DDF2.name}"
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