"""moto server on a free loopback port: a local AWS with IAM, STS, Kinesis, KMS and S3 in many accounts.

The implementation is shared with `make demo`: :mod:`kinesis_xacct.sandbox.emulator`.
"""

from kinesis_xacct.sandbox.emulator import FAKE_CREDENTIALS, Emulator  # noqa: F401
from kinesis_xacct.sandbox.emulator import start_emulator as start_emulator  # conftest's fixture starts it
