terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../tests/golden/outputs/security-created/.kinesis-xacct-state/config.yaml/terraform.kinesis-account.tfstate"
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
data "aws_kinesis_stream" "existing_stream-existing_D66E28FE" {
name = "existing"
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
depends_on = [data.aws_kinesis_stream.existing_stream-existing_D66E28FE, data.aws_kms_key.existing_key-0_9CF2463E]
}
resource "aws_iam_role_policy" "cross-account-role_policy_B9E331BC" {
name = "KinesisCrossAccountRole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/created1\",\"arn:aws:kinesis:us-east-1:222222222222:stream/created2\",\"arn:aws:kinesis:us-east-1:222222222222:stream/existing\"]},{\"Sid\":\"UseStreamKeys\",\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
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
resource "aws_kms_key" "stream-created1_key_4BBB6C27" {
deletion_window_in_days = 30
description = "kinesis-xacct: server-side encryption of stream created1"
enable_key_rotation = true
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"KeyAdministration\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:CancelKeyDeletion\",\"kms:CreateAlias\",\"kms:DeleteAlias\",\"kms:DescribeKey\",\"kms:DisableKey\",\"kms:DisableKeyRotation\",\"kms:EnableKey\",\"kms:EnableKeyRotation\",\"kms:GetKeyPolicy\",\"kms:GetKeyRotationStatus\",\"kms:ListGrants\",\"kms:ListKeyPolicies\",\"kms:ListResourceTags\",\"kms:PutKeyPolicy\",\"kms:RevokeGrant\",\"kms:ScheduleKeyDeletion\",\"kms:TagResource\",\"kms:UntagResource\",\"kms:UpdateAlias\",\"kms:UpdateKeyDescription\"],\"Resource\":\"*\"},{\"Sid\":\"KinesisUseInAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\"222222222222\"}}},{\"Sid\":\"CrossAccountRoleUse\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
provider = aws.kinesis
depends_on = [aws_iam_role.cross-account-role_F7C11791]
}
resource "aws_kms_alias" "stream-created1_alias_CC7110E2" {
name = "alias/kinesis-xacct/created1"
target_key_id = "${aws_kms_key.stream-created1_key_4BBB6C27.key_id}"
provider = aws.kinesis
}
resource "aws_kinesis_stream" "stream-created1_stream_7A381293" {
encryption_type = "KMS"
enforce_consumer_deletion = true
kms_key_id = "${aws_kms_key.stream-created1_key_4BBB6C27.arn}"
name = "created1"
retention_period = 24
shard_count = 1
stream_mode_details {
stream_mode = "PROVISIONED"
}
provider = aws.kinesis
}
resource "aws_kinesis_stream" "stream-created2_stream_5535EBC7" {
encryption_type = "KMS"
enforce_consumer_deletion = true
kms_key_id = "${data.aws_kms_key.existing_key-0_9CF2463E.arn}"
name = "created2"
retention_period = 24
shard_count = 1
stream_mode_details {
stream_mode = "PROVISIONED"
}
provider = aws.kinesis
}

output "kinesis_role_arn" {
value = "${aws_iam_role.cross-account-role_F7C11791.arn}"
description = "ARN of the role in the Kinesis account (B) that account A assumes; the notebook's roleArn"
}

output "stream_arns" {
value = [
"arn:aws:kinesis:us-east-1:222222222222:stream/created1",
"arn:aws:kinesis:us-east-1:222222222222:stream/created2",
"arn:aws:kinesis:us-east-1:222222222222:stream/existing",
]
description = "ARNs of the Kinesis streams the role may use"
}

output "kms_key_arns" {
value = {
created1 = "${aws_kms_key.stream-created1_key_4BBB6C27.arn}"
}
description = "stream name -> ARN of the KMS key this stack created for it. Producers writing to such a stream need kms:GenerateDataKey on this key ARN (an alias cannot be the Resource of an IAM policy); see RUNBOOK.md"
}