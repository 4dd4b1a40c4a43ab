terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../config/.kinesis-xacct-state/organisation.yaml/terraform.kinesis-account-clickstream.tfstate"
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
data "aws_kinesis_stream" "existing_stream-clicks-raw_960EB9E1" {
name = "clicks-raw"
provider = aws.kinesis
}
data "aws_kms_key" "existing_key-0_9CF2463E" {
key_id = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"
provider = aws.kinesis
}
resource "aws_iam_role" "role-analytics_role_CCECF589" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustDeploymentRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/kinesis-xacct-analytics\"},\"Action\":\"sts:AssumeRole\"}]}"
description = "kinesis-xacct: assumed from account 111111111111 to read Kinesis"
max_session_duration = 3600
name = "kinesis-xacct-analytics-clickstream"
provider = aws.kinesis
depends_on = [data.aws_kinesis_stream.existing_stream-clicks-raw_960EB9E1, data.aws_kms_key.existing_key-0_9CF2463E]
}
resource "aws_iam_role_policy" "role-analytics_policy_FCFD8ECA" {
name = "kinesis-xacct-analytics-clickstream"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":[\"arn:aws:kinesis:us-east-1:222222222222:stream/clicks-raw\",\"arn:aws:kinesis:us-east-1:222222222222:stream/sessions\"]},{\"Sid\":\"UseStreamKeys\",\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
role = "${aws_iam_role.role-analytics_role_CCECF589.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policies_exclusive" "role-analytics_exclusive-inline_20AA2F53" {
policy_names = [
"${aws_iam_role_policy.role-analytics_policy_FCFD8ECA.name}"
]
role_name = "${aws_iam_role.role-analytics_role_CCECF589.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policy_attachments_exclusive" "role-analytics_exclusive-attached_1141CC8B" {
policy_arns = [

]
role_name = "${aws_iam_role.role-analytics_role_CCECF589.name}"
provider = aws.kinesis
}
resource "aws_iam_role" "role-lakehouse_role_EC64BBE7" {
assume_role_policy = "${replace("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"UnityCatalogAssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"<external ID of the service credential>\"}}},{\"Sid\":\"ExplicitSelfRoleAssumption\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::222222222222:role/kinesis-xacct-lakehouse-clickstream\"},\"StringEquals\":{\"sts:ExternalId\":\"<external ID of the service credential>\"}}}]}", "<external ID of the service credential>", data.terraform_remote_state.cross-stack-reference-input-deployment-account-lakehouse.outputs.cross-stack-output-databricks_credentialservice-credential-clickstream_credential_D9DF5B16aws_iam_role0external_id)}"
description = "kinesis-xacct: wrapped by the Unity Catalog service credential kinesis-xacct-lakehouse-clickstream-222222222222 to read Kinesis"
max_session_duration = 3600
name = "kinesis-xacct-lakehouse-clickstream"
provider = aws.kinesis
# checkov:skip=CKV_AWS_61:Databricks requires a service credential's role to be able to assume itself (statement ExplicitSelfRoleAssumption of the provider's databricks_aws_unity_catalog_assume_role_policy), and IAM can only say that with the role's own account root as principal; the statement is narrowed by ArnLike aws:PrincipalArn to exactly this role's ARN and needs the credential's external ID, so no other principal of account B may assume the role.
}
resource "aws_iam_role_policy" "role-lakehouse_policy_3C9E0121" {
name = "kinesis-xacct-lakehouse-clickstream"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeSelf\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::222222222222:role/kinesis-xacct-lakehouse-clickstream\"},{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":\"arn:aws:kinesis:us-east-1:222222222222:stream/sessions\"}]}"
role = "${aws_iam_role.role-lakehouse_role_EC64BBE7.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policies_exclusive" "role-lakehouse_exclusive-inline_5C809042" {
policy_names = [
"${aws_iam_role_policy.role-lakehouse_policy_3C9E0121.name}"
]
role_name = "${aws_iam_role.role-lakehouse_role_EC64BBE7.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policy_attachments_exclusive" "role-lakehouse_exclusive-attached_FA85524F" {
policy_arns = [

]
role_name = "${aws_iam_role.role-lakehouse_role_EC64BBE7.name}"
provider = aws.kinesis
}
resource "aws_kms_key" "stream-sessions_key_FBA4F545" {
deletion_window_in_days = 30
description = "kinesis-xacct: server-side encryption of stream sessions"
enable_key_rotation = true
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"KeyAdministration\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:CancelKeyDeletion\",\"kms:CreateAlias\",\"kms:DeleteAlias\",\"kms:DescribeKey\",\"kms:DisableKey\",\"kms:DisableKeyRotation\",\"kms:EnableKey\",\"kms:EnableKeyRotation\",\"kms:GetKeyPolicy\",\"kms:GetKeyRotationStatus\",\"kms:ListGrants\",\"kms:ListKeyPolicies\",\"kms:ListResourceTags\",\"kms:PutKeyPolicy\",\"kms:RevokeGrant\",\"kms:ScheduleKeyDeletion\",\"kms:TagResource\",\"kms:UntagResource\",\"kms:UpdateAlias\",\"kms:UpdateKeyDescription\"],\"Resource\":\"*\"},{\"Sid\":\"KinesisUseInAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\",\"kms:CallerAccount\":\"222222222222\"}}},{\"Sid\":\"CrossAccountRoleUse\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::222222222222:role/kinesis-xacct-analytics-clickstream\",\"arn:aws:iam::222222222222:role/kinesis-xacct-lakehouse-clickstream\"]},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"kinesis.us-east-1.amazonaws.com\"}}}]}"
provider = aws.kinesis
depends_on = [aws_iam_role.role-analytics_role_CCECF589, aws_iam_role.role-lakehouse_role_EC64BBE7]
}
resource "aws_kms_alias" "stream-sessions_alias_1F6AFE5E" {
name = "alias/kinesis-xacct/sessions"
target_key_id = "${aws_kms_key.stream-sessions_key_FBA4F545.key_id}"
provider = aws.kinesis
}
resource "aws_kinesis_stream" "stream-sessions_stream_E084F7CA" {
encryption_type = "KMS"
enforce_consumer_deletion = true
kms_key_id = "${aws_kms_key.stream-sessions_key_FBA4F545.arn}"
name = "sessions"
retention_period = 24
shard_count = 1
stream_mode_details {
stream_mode = "PROVISIONED"
}
provider = aws.kinesis
}

output "kinesis_role_arns" {
value = {
analytics = "${aws_iam_role.role-analytics_role_CCECF589.arn}"
lakehouse = "${aws_iam_role.role-lakehouse_role_EC64BBE7.arn}"
}
description = "consumer -> ARN of its pair's role in this stream account"
}

output "stream_arns" {
value = [
"arn:aws:kinesis:us-east-1:222222222222:stream/clicks-raw",
"arn:aws:kinesis:us-east-1:222222222222:stream/sessions",
]
description = "ARNs of this source's Kinesis streams"
}

output "kms_key_arns" {
value = {
sessions = "${aws_kms_key.stream-sessions_key_FBA4F545.arn}"
}
description = "stream name -> ARN of the KMS key this stack created for it (producers need kms:GenerateDataKey on it)"
}
data "terraform_remote_state" "cross-stack-reference-input-deployment-account-lakehouse" {
backend = "local"
workspace = "${terraform.workspace}"
config = {
path = "../../../config/.kinesis-xacct-state/organisation.yaml/terraform.deployment-account-lakehouse.tfstate"
}
}