terraform {
required_providers {

}
backend "local" {
path = "../../../tests/golden/outputs/security-sc-aws-only/.kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate"
}

  required_version = ">= 1.10.0"
}

output "credential_role_arn" {
value = "arn:aws:iam::222222222222:role/KinesisCrossAccountRole"
description = "ARN of account B's role that the service credential wraps"
}