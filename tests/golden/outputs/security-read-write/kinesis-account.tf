terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../tests/golden/outputs/security-read-write/.kinesis-xacct-state/config.yaml/terraform.kinesis-account.tfstate"
}

  required_version = ">= 1.10.0"
}

provider "aws" {
allowed_account_ids = [
"222222222222"
]
region = "us-east-1"
alias = "kinesis"
default_tags {
tags = {
managed-by = "kinesis-xacct"
}
}
}
data "aws_kinesis_stream" "existing_stream-s1_E9C81EEA" {
name = "s1"
provider = aws.kinesis
}
data "aws_kinesis_stream" "existing_stream-s2_09092EB9" {
name = "s2"
provider = aws.kinesis
}
data "aws_kms_key" "existing_key-0_9CF2463E" {
key_id = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"
provider = aws.kinesis
}
resource "aws_iam_role" "cross-account-role_F7C11791" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustDeploymentRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\"},\"Action\":\"sts:AssumeRole\"}]}"
description = "kinesis-xacct: assumed from account 111111111111 to read Kinesis"
max_session_duration = 3600
name = "KinesisCrossAccountRole"
provider = aws.kinesis
depends_on = [data.aws_kinesis_stream.existing_stream-s1_E9C81EEA, data.aws_kinesis_stream.existing_stream-s2_09092EB9, data.aws_kms_key.existing_key-0_9CF2463E]
}
resource "aws_iam_role_policy" "cross-account-role_policy_B9E331BC" {
name = "KinesisCrossAccountRole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadWriteStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\",\"kinesis:PutRecord\",\"kinesis:PutRecords\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/s1\",\"arn:aws:kinesis:us-east-1:222222222222:stream/s2\"]},{\"Sid\":\"UseStreamKeys\",\"Effect\":\"Allow\",\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
role = "${aws_iam_role.cross-account-role_F7C11791.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policies_exclusive" "cross-account-role_exclusive-inline_885DD042" {
policy_names = [
"${aws_iam_role_policy.cross-account-role_policy_B9E331BC.name}"
]
role_name = "${aws_iam_role.cross-account-role_F7C11791.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policy_attachments_exclusive" "cross-account-role_exclusive-attached_BC63A80E" {
policy_arns = [

]
role_name = "${aws_iam_role.cross-account-role_F7C11791.name}"
provider = aws.kinesis
}

output "kinesis_role_arn" {
value = "${aws_iam_role.cross-account-role_F7C11791.arn}"
description = "ARN of the role in the Kinesis account (B) that account A assumes; the notebook's roleArn"
}

output "stream_arns" {
value = [
"arn:aws:kinesis:us-east-1:222222222222:stream/s1",
"arn:aws:kinesis:us-east-1:222222222222:stream/s2",
]
description = "ARNs of the Kinesis streams the role may use"
}