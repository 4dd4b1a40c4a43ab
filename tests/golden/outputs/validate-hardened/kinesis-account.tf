terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../tests/golden/outputs/validate-hardened/.kinesis-xacct-state/config.yaml/terraform.kinesis-account.tfstate"
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
data "aws_kinesis_stream" "existing_stream-testStream_FF907930" {
name = "testStream"
provider = aws.kinesis
}
resource "aws_iam_role" "cross-account-role_F7C11791" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustDeploymentRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"kinesis-xacct-validate\"}}}]}"
description = "kinesis-xacct: assumed from account 111111111111 to read Kinesis"
max_session_duration = 3600
name = "KinesisCrossAccountRole"
provider = aws.kinesis
depends_on = [data.aws_kinesis_stream.existing_stream-testStream_FF907930]
}

import {
to = aws_iam_role.cross-account-role_F7C11791
id = "KinesisCrossAccountRole"
provider = aws.kinesis
}
resource "aws_iam_role_policy" "cross-account-role_policy_B9E331BC" {
name = "KinesisCrossAccountRole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/testStream\",\"arn:aws:kinesis:us-east-1:222222222222:stream/created-1\",\"arn:aws:kinesis:us-east-1:222222222222:stream/created-2\",\"arn:aws:kinesis:us-east-1:222222222222:stream/created-3\"]},{\"Sid\":\"EnhancedFanOutStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:ListStreamConsumers\",\"kinesis:RegisterStreamConsumer\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/testStream\",\"arn:aws:kinesis:us-east-1:222222222222:stream/created-1\",\"arn:aws:kinesis:us-east-1:222222222222:stream/created-2\",\"arn:aws:kinesis:us-east-1:222222222222:stream/created-3\"]},{\"Sid\":\"EnhancedFanOutConsumers\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DeregisterStreamConsumer\",\"kinesis:DescribeStreamConsumer\",\"kinesis:SubscribeToShard\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/*/consumer/databricks_kinesis-xacct-ec3c22c6-kinesiscrossaccountrole-*\",\"arn:aws:kinesis:us-east-1:222222222222:stream/*/consumer/kinesis-xacct-ec3c22c6-kinesiscrossaccountrole-*\"]}]}"
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
resource "aws_kms_key" "stream-created-1_key_87466B84" {
deletion_window_in_days = 30
description = "kinesis-xacct: server-side encryption of stream created-1"
enable_key_rotation = true
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"KeyAdministration\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:CancelKeyDeletion\",\"kms:CreateAlias\",\"kms:DeleteAlias\",\"kms:DescribeKey\",\"kms:DisableKey\",\"kms:DisableKeyRotation\",\"kms:EnableKey\",\"kms:EnableKeyRotation\",\"kms:GetKeyPolicy\",\"kms:GetKeyRotationStatus\",\"kms:ListGrants\",\"kms:ListKeyPolicies\",\"kms:ListResourceTags\",\"kms:PutKeyPolicy\",\"kms:RevokeGrant\",\"kms:ScheduleKeyDeletion\",\"kms:TagResource\",\"kms:UntagResource\",\"kms:UpdateAlias\",\"kms:UpdateKeyDescription\"],\"Resource\":\"*\"},{\"Sid\":\"KinesisUseInAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\"222222222222\"}}},{\"Sid\":\"CrossAccountRoleUse\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
provider = aws.kinesis
depends_on = [aws_iam_role.cross-account-role_F7C11791]
}
resource "aws_kms_alias" "stream-created-1_alias_D3B52D41" {
name = "alias/kinesis-xacct/created-1"
target_key_id = "${aws_kms_key.stream-created-1_key_87466B84.key_id}"
provider = aws.kinesis
}
resource "aws_kinesis_stream" "stream-created-1_stream_88D3BDCD" {
encryption_type = "KMS"
enforce_consumer_deletion = true
kms_key_id = "${aws_kms_key.stream-created-1_key_87466B84.arn}"
name = "created-1"
retention_period = 24
shard_count = 1
stream_mode_details {
stream_mode = "PROVISIONED"
}
provider = aws.kinesis
}

import {
to = aws_kinesis_stream.stream-created-1_stream_88D3BDCD
id = "created-1"
provider = aws.kinesis
}
resource "aws_kms_key" "stream-created-2_key_ED2C8DC5" {
deletion_window_in_days = 30
description = "kinesis-xacct: server-side encryption of stream created-2"
enable_key_rotation = true
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"KeyAdministration\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:CancelKeyDeletion\",\"kms:CreateAlias\",\"kms:DeleteAlias\",\"kms:DescribeKey\",\"kms:DisableKey\",\"kms:DisableKeyRotation\",\"kms:EnableKey\",\"kms:EnableKeyRotation\",\"kms:GetKeyPolicy\",\"kms:GetKeyRotationStatus\",\"kms:ListGrants\",\"kms:ListKeyPolicies\",\"kms:ListResourceTags\",\"kms:PutKeyPolicy\",\"kms:RevokeGrant\",\"kms:ScheduleKeyDeletion\",\"kms:TagResource\",\"kms:UntagResource\",\"kms:UpdateAlias\",\"kms:UpdateKeyDescription\"],\"Resource\":\"*\"},{\"Sid\":\"KinesisUseInAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\"222222222222\"}}},{\"Sid\":\"CrossAccountRoleUse\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
provider = aws.kinesis
depends_on = [aws_iam_role.cross-account-role_F7C11791]
}
resource "aws_kms_alias" "stream-created-2_alias_C22783D7" {
name = "alias/kinesis-xacct/created-2"
target_key_id = "${aws_kms_key.stream-created-2_key_ED2C8DC5.key_id}"
provider = aws.kinesis
}
resource "aws_kinesis_stream" "stream-created-2_stream_29D04930" {
encryption_type = "KMS"
enforce_consumer_deletion = true
kms_key_id = "${aws_kms_key.stream-created-2_key_ED2C8DC5.arn}"
name = "created-2"
retention_period = 48
shard_count = 2
stream_mode_details {
stream_mode = "PROVISIONED"
}
provider = aws.kinesis
}

import {
to = aws_kinesis_stream.stream-created-2_stream_29D04930
id = "created-2"
provider = aws.kinesis
}
resource "aws_kms_key" "stream-created-3_key_AC741040" {
deletion_window_in_days = 30
description = "kinesis-xacct: server-side encryption of stream created-3"
enable_key_rotation = true
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"KeyAdministration\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:CancelKeyDeletion\",\"kms:CreateAlias\",\"kms:DeleteAlias\",\"kms:DescribeKey\",\"kms:DisableKey\",\"kms:DisableKeyRotation\",\"kms:EnableKey\",\"kms:EnableKeyRotation\",\"kms:GetKeyPolicy\",\"kms:GetKeyRotationStatus\",\"kms:ListGrants\",\"kms:ListKeyPolicies\",\"kms:ListResourceTags\",\"kms:PutKeyPolicy\",\"kms:RevokeGrant\",\"kms:ScheduleKeyDeletion\",\"kms:TagResource\",\"kms:UntagResource\",\"kms:UpdateAlias\",\"kms:UpdateKeyDescription\"],\"Resource\":\"*\"},{\"Sid\":\"KinesisUseInAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\"222222222222\"}}},{\"Sid\":\"CrossAccountRoleUse\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
provider = aws.kinesis
depends_on = [aws_iam_role.cross-account-role_F7C11791]
}
resource "aws_kms_alias" "stream-created-3_alias_E20622F8" {
name = "alias/kinesis-xacct/created-3"
target_key_id = "${aws_kms_key.stream-created-3_key_AC741040.key_id}"
provider = aws.kinesis
}
resource "aws_kinesis_stream" "stream-created-3_stream_6F634B6B" {
encryption_type = "KMS"
enforce_consumer_deletion = true
kms_key_id = "${aws_kms_key.stream-created-3_key_AC741040.arn}"
name = "created-3"
retention_period = 24
stream_mode_details {
stream_mode = "ON_DEMAND"
}
provider = aws.kinesis
}

import {
to = aws_kinesis_stream.stream-created-3_stream_6F634B6B
id = "created-3"
provider = aws.kinesis
}

output "kinesis_role_arn" {
value = "${aws_iam_role.cross-account-role_F7C11791.arn}"
description = "ARN of the role in the Kinesis account (B) that account A assumes; the notebook's roleArn"
}

output "stream_arns" {
value = [
"arn:aws:kinesis:us-east-1:222222222222:stream/testStream",
"arn:aws:kinesis:us-east-1:222222222222:stream/created-1",
"arn:aws:kinesis:us-east-1:222222222222:stream/created-2",
"arn:aws:kinesis:us-east-1:222222222222:stream/created-3",
]
description = "ARNs of the Kinesis streams the role may use"
}

output "kms_key_arns" {
value = {
created-1 = "${aws_kms_key.stream-created-1_key_87466B84.arn}"
created-2 = "${aws_kms_key.stream-created-2_key_ED2C8DC5.arn}"
created-3 = "${aws_kms_key.stream-created-3_key_AC741040.arn}"
}
description = "stream name -> ARN of the KMS key this stack created for it. Producers writing to such a stream need kms:GenerateDataKey on this key ARN (an alias cannot be the Resource of an IAM policy); see RUNBOOK.md"
}