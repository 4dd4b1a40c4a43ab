terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../tests/golden/outputs/security-sc-credential-id/.kinesis-xacct-state/config.yaml/terraform.kinesis-account.tfstate"
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
assume_role_policy = "${replace("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"UnityCatalogAssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"<external ID of the service credential>\"}}},{\"Sid\":\"ExplicitSelfRoleAssumption\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},\"StringEquals\":{\"sts:ExternalId\":\"<external ID of the service credential>\"}}}]}", "<external ID of the service credential>", data.terraform_remote_state.cross-stack-reference-input-deployment-account.outputs.cross-stack-output-databricks_credentialservice-credential_938ECB8Baws_iam_role0external_id)}"
description = "kinesis-xacct: wrapped by the Unity Catalog service credential kinesis-xacct-kinesiscrossaccountrole-222222222222 to read Kinesis"
max_session_duration = 3600
name = "KinesisCrossAccountRole"
provider = aws.kinesis
# checkov:skip=CKV_AWS_61:Databricks requires a service credential's role to be able to assume itself (statement ExplicitSelfRoleAssumption of the provider's databricks_aws_unity_catalog_assume_role_policy), and IAM can only say that with the role's own account root as principal; the statement is narrowed by ArnLike aws:PrincipalArn to exactly this role's ARN and needs the credential's external ID, so no other principal of account B may assume the role.
depends_on = [data.aws_kinesis_stream.existing_stream-testStream_FF907930]
}
resource "aws_iam_role_policy" "cross-account-role_policy_B9E331BC" {
name = "KinesisCrossAccountRole"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeSelf\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::222222222222:role/KinesisCrossAccountRole\"},{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":\"arn:aws:kinesis:us-east-1:222222222222:stream/testStream\"}]}"
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
"arn:aws:kinesis:us-east-1:222222222222:stream/testStream",
]
description = "ARNs of the Kinesis streams the role may use"
}
data "terraform_remote_state" "cross-stack-reference-input-deployment-account" {
backend = "local"
workspace = "${terraform.workspace}"
config = {
path = "../../../tests/golden/outputs/security-sc-credential-id/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
}
}