"""moto server on a free loopback port: a local AWS with IAM, STS, Kinesis, KMS and S3 in many accounts."""
from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .helpers import VENV_BIN, free_port, wait_for_port

# Credentials the emulator accepts; they are not secrets and never reach AWS.
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                    "AWS_DEFAULT_REGION": "us-east-1"}


@dataclass
class Emulator:
    url: str
    process: subprocess.Popen

    def env(self) -> dict[str, str]:
        """Environment for boto3/terraform clients pointed at this emulator (and nothing of the user's)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(FAKE_CREDENTIALS)
        env["AWS_ENDPOINT_URL"] = self.url
        return env

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_emulator(log: Path | None = None) -> Emulator:
    server = VENV_BIN / "moto_server"
    if not server.exists():
        raise AssertionError(f"{server} is missing: run `make install` (moto[server] is a test dependency)")
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen([str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port)
    except AssertionError:
        proc.kill()
        raise
    return Emulator(url=f"http://127.0.0.1:{port}", process=proc)
