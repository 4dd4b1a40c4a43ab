"""The emulator the deploy tests rely on: it answers STS and maps AssumeRole into another account."""

import boto3


def test_assume_role_switches_account(emulator):
    env = emulator.env()
    session = boto3.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    sts = session.client("sts", endpoint_url=emulator.url)
    creds = sts.assume_role(
        RoleArn="arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", RoleSessionName="smoke-test"
    )["Credentials"]
    other = boto3.client(
        "sts",
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    assert other.get_caller_identity()["Account"] == "222222222222"
