terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../terraform.kinesis-account-payments.tfstate"
}


}

provider "aws" {
allowed_account_ids = [
"333333333333"
]
region = "eu-west-1"
alias = "kinesis"
default_tags {
tags = {
managed-by = "kinesis-xacct"
}
}
}
resource "aws_iam_role" "role-analytics_role_CCECF589" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustDeploymentRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/kinesis-xacct-analytics\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"analytics-payments-7f3a\"}}}]}"
description = "kinesis-xacct: assumed from account 111111111111 to read Kinesis"
max_session_duration = 3600
name = "kinesis-xacct-analytics-payments"
provider = aws.kinesis
}
resource "aws_iam_role_policy" "role-analytics_policy_FCFD8ECA" {
name = "kinesis-xacct-analytics-payments"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":\"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions\"},{\"Sid\":\"EnhancedFanOutStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:ListStreamConsumers\",\"kinesis:RegisterStreamConsumer\"],\"Resource\":\"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions\"},{\"Sid\":\"EnhancedFanOutConsumers\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DeregisterStreamConsumer\",\"kinesis:DescribeStreamConsumer\",\"kinesis:SubscribeToShard\"],\"Resource\":\"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions/consumer/*\"}]}"
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
resource "aws_iam_role" "role-fraud_role_A1205A60" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustDeploymentRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444444444444:role/kinesis-xacct-fraud\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"fraud-payments-91c2\"}}}]}"
description = "kinesis-xacct: assumed from account 444444444444 to read Kinesis"
max_session_duration = 3600
name = "kinesis-xacct-fraud-payments"
provider = aws.kinesis
}
resource "aws_iam_role_policy" "role-fraud_policy_DAB505DB" {
name = "kinesis-xacct-fraud-payments"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":[\"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions\",\"arn:aws:kinesis:eu-west-1:333333333333:stream/chargebacks\"]}]}"
role = "${aws_iam_role.role-fraud_role_A1205A60.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policies_exclusive" "role-fraud_exclusive-inline_73290FB3" {
policy_names = [
"${aws_iam_role_policy.role-fraud_policy_DAB505DB.name}"
]
role_name = "${aws_iam_role.role-fraud_role_A1205A60.name}"
provider = aws.kinesis
}
resource "aws_iam_role_policy_attachments_exclusive" "role-fraud_exclusive-attached_277CAC43" {
policy_arns = [

]
role_name = "${aws_iam_role.role-fraud_role_A1205A60.name}"
provider = aws.kinesis
}
resource "aws_iam_role" "role-lakehouse_role_EC64BBE7" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"UnityCatalogAssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"lakehouse-payments-c0d4\"}}},{\"Sid\":\"ExplicitSelfRoleAssumption\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::333333333333:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::333333333333:role/kinesis-xacct-lakehouse-payments\"},\"StringEquals\":{\"sts:ExternalId\":\"lakehouse-payments-c0d4\"}}}]}"
description = "kinesis-xacct: wrapped by the Unity Catalog service credential kinesis-xacct-payments to read Kinesis"
max_session_duration = 3600
name = "kinesis-xacct-lakehouse-payments"
provider = aws.kinesis
# checkov:skip=CKV_AWS_61:Databricks requires a service credential's role to be able to assume itself (statement ExplicitSelfRoleAssumption of the provider's databricks_aws_unity_catalog_assume_role_policy), and IAM can only say that with the role's own account root as principal; the statement is narrowed by ArnLike aws:PrincipalArn to exactly this role's ARN and needs the credential's external ID, so no other principal of account B may assume the role.
}
resource "aws_iam_role_policy" "role-lakehouse_policy_3C9E0121" {
name = "kinesis-xacct-lakehouse-payments"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AssumeSelf\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::333333333333:role/kinesis-xacct-lakehouse-payments\"},{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":[\"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions\",\"arn:aws:kinesis:eu-west-1:333333333333:stream/chargebacks\"]}]}"
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

output "kinesis_role_arns" {
value = {
analytics = "${aws_iam_role.role-analytics_role_CCECF589.arn}"
fraud = "${aws_iam_role.role-fraud_role_A1205A60.arn}"
lakehouse = "${aws_iam_role.role-lakehouse_role_EC64BBE7.arn}"
}
description = "consumer -> ARN of its pair's role in this stream account"
}

output "stream_arns" {
value = [
"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions",
"arn:aws:kinesis:eu-west-1:333333333333:stream/chargebacks",
]
description = "ARNs of this source's Kinesis streams"
}