terraform {
required_providers {
  aws = {
version = ">= 5.100.0, < 7.0.0"
source = "hashicorp/aws"
}
}
backend "local" {
path = "../../../config/.kinesis-xacct-state/organisation.yaml/terraform.kinesis-account-payments.tfstate"
}

  required_version = ">= 1.10.0"
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
data "aws_kinesis_stream" "existing_stream-transactions_4ABB7BF0" {
name = "transactions"
provider = aws.kinesis
}
data "aws_kinesis_stream" "existing_stream-chargebacks_7B092425" {
name = "chargebacks"
provider = aws.kinesis
}
resource "aws_iam_role" "role-analytics_role_CCECF589" {
assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustDeploymentRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/kinesis-xacct-analytics\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"analytics-payments-7f3a\"}}}]}"
description = "kinesis-xacct: assumed from account 111111111111 to read Kinesis"
max_session_duration = 3600
name = "kinesis-xacct-analytics-payments"
provider = aws.kinesis
depends_on = [data.aws_kinesis_stream.existing_stream-transactions_4ABB7BF0]
}
resource "aws_iam_role_policy" "role-analytics_policy_FCFD8ECA" {
name = "kinesis-xacct-analytics-payments"
policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DescribeStream\",\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\",\"kinesis:GetShardIterator\",\"kinesis:ListShards\"],\"Resource\":\"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions\"},{\"Sid\":\"EnhancedFanOutStreams\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:ListStreamConsumers\",\"kinesis:RegisterStreamConsumer\"],\"Resource\":\"arn:aws:kinesis:eu-west-1:333333333333:stream/transactions\"},{\"Sid\":\"EnhancedFanOutConsumers\",\"Effect\":\"Allow\",\"Action\":[\"kinesis:DeregisterStreamConsumer\",\"kinesis:DescribeStreamConsumer\",\"kinesis:SubscribeToShard\"],\"Resource\":[\"arn:aws:kinesis:eu-west-1:333333333333:stream/*/consumer/databricks_kinesis-xacct-f7ff3bff-analytics-payments-*\",\"arn:aws:kinesis:eu-west-1:333333333333:stream/*/consumer/kinesis-xacct-f7ff3bff-analytics-payments-*\"]}]}"
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
depends_on = [data.aws_kinesis_stream.existing_stream-transactions_4ABB7BF0, data.aws_kinesis_stream.existing_stream-chargebacks_7B092425]
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

output "kinesis_role_arns" {
value = {
analytics = "${aws_iam_role.role-analytics_role_CCECF589.arn}"
fraud = "${aws_iam_role.role-fraud_role_A1205A60.arn}"
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