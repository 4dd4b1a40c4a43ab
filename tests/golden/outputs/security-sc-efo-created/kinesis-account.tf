terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../tests/golden/outputs/security-sc-efo-created/.kinesis-xacct-state/config.yaml/terraform.kinesis-account.tfstate"
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
data "aws_kinesis_stream" "existing_stream-s2_09092EB9" {
name = "s2"
provider = aws.kinesis
}
data "aws_kms_key" "existing_key-0_9CF2463E" {
key_id = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"
provider = aws.kinesis
}
resource "aws_iam_role" "cross-account-role_F7C11791" {
assume_role_policy = "${replace("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"UnityCatalogAssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"<external ID of the service credential>\"}}},{\"Sid\":\"ExplicitSelfRoleAssumption\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},\"StringEquals\":{\"sts:ExternalId\":\"<external ID of the service credential>\"}}}]}", "<external ID of the service credential>", data.terraform_remote_state.cross-stack-reference-input-deployment-account.outputs.cross-stack-output-databricks_credentialservice-credential_938ECB8Baws_iam_role0external_id)}"
description = "kinesis-xacct: wrapped by the Unity Catalog service credential kinesis-xacct-kinesiscrossaccountrole-222222222222 to read Kinesis"
max_session_duration = 3600
name = "KinesisCrossAccountRole"
provider = aws.kinesis
# checkov:skip=CKV_AWS_61:Databricks requires a service credential's role to be able to assume itself (statement ExplicitSelfRoleAssumption of the provider's databricks_aws_unity_catalog_assume_role_policy), and IAM can only say that with the role's own account root as principal; the statement is narrowed by ArnLike aws:PrincipalArn to exactly this role's ARN and needs the credential's external ID, so no other principal of account B may assume the role.
depends_on = [data.aws_kinesis_stream.existing_stream-s2_09092EB9, data.aws_kms_key.existing_key-0_9CF2463E]
}
resource "aws_iam_role_policy" "cross-account-role_policy_B9E331BC" {
name = "KinesisCrossAccountRole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeSelf\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/s1\",\"arn:aws:kinesis:us-east-1:222222222222:stream/s2\"]},{\"Sid\":\"EnhancedFanOutStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:ListStreamConsumers\",\"kinesis:RegisterStreamConsumer\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/s1\",\"arn:aws:kinesis:us-east-1:222222222222:stream/s2\"]},{\"Sid\":\"EnhancedFanOutConsumers\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DeregisterStreamConsumer\",\"kinesis:DescribeStreamConsumer\",\"kinesis:SubscribeToShard\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/*/consumer/databricks_kinesis-xacct-ec3c22c6-kinesiscrossaccountrole-*\",\"arn:aws:kinesis:us-east-1:222222222222:stream/*/consumer/kinesis-xacct-ec3c22c6-kinesiscrossaccountrole-*\"]},{\"Sid\":\"UseStreamKeys\",\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
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
resource "aws_kms_key" "stream-s1_key_6ACF8198" {
deletion_window_in_days = 30
description = "kinesis-xacct: server-side encryption of stream s1"
enable_key_rotation = true
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"KeyAdministration\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:CancelKeyDeletion\",\"kms:CreateAlias\",\"kms:DeleteAlias\",\"kms:DescribeKey\",\"kms:DisableKey\",\"kms:DisableKeyRotation\",\"kms:EnableKey\",\"kms:EnableKeyRotation\",\"kms:GetKeyPolicy\",\"kms:GetKeyRotationStatus\",\"kms:ListGrants\",\"kms:ListKeyPolicies\",\"kms:ListResourceTags\",\"kms:PutKeyPolicy\",\"kms:RevokeGrant\",\"kms:ScheduleKeyDeletion\",\"kms:TagResource\",\"kms:UntagResource\",\"kms:UpdateAlias\",\"kms:UpdateKeyDescription\"],\"Resource\":\"*\"},{\"Sid\":\"KinesisUseInAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\"222222222222\"}}},{\"Sid\":\"CrossAccountRoleUse\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
provider = aws.kinesis
depends_on = [aws_iam_role.cross-account-role_F7C11791]
}
resource "aws_kms_alias" "stream-s1_alias_B5517AE3" {
name = "alias/kinesis-xacct/s1"
target_key_id = "${aws_kms_key.stream-s1_key_6ACF8198.key_id}"
provider = aws.kinesis
}
resource "aws_kinesis_stream" "stream-s1_stream_9239EEFA" {
encryption_type = "KMS"
enforce_consumer_deletion = true
kms_key_id = "${aws_kms_key.stream-s1_key_6ACF8198.arn}"
name = "s1"
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
"arn:aws:kinesis:us-east-1:222222222222:stream/s1",
"arn:aws:kinesis:us-east-1:222222222222:stream/s2",
]
description = "ARNs of the Kinesis streams the role may use"
}

output "kms_key_arns" {
value = {
s1 = "${aws_kms_key.stream-s1_key_6ACF8198.arn}"
}
description = "stream name -> ARN of the KMS key this stack created for it. Producers writing to such a stream need kms:GenerateDataKey on this key ARN (an alias cannot be the Resource of an IAM policy); see RUNBOOK.md"
}
data "terraform_remote_state" "cross-stack-reference-input-deployment-account" {
backend = "local"
workspace = "${terraform.workspace}"
config = {
path = "../../../tests/golden/outputs/security-sc-efo-created/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
}
}