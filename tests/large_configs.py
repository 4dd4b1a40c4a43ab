"""Large broken organisation configs: how fast a bad config is refused at any size (``make bench``,
bench/errors.py) and that the bounded "did you mean" still names the close stream (tests/test_hostile_text.py).

Both stay inside the config reader's own bounds (file size, YAML nodes): short names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MISSPELLED_READ = ("consumers.c5.reads.0.streams.0", "unknown stream 's5-1x' of source 's5'; did you mean 's5-1'?")


def many_consumers(consumers: int = 1000, sources: int = 10, streams: int = 2000) -> dict[str, Any]:
    """``consumers`` consumers (instance-profile mode), each reading every stream of one of ``sources`` sources
    that hold ``streams`` streams in all; one read names a misspelled stream (``MISSPELLED_READ``)."""
    per = streams // sources
    data: dict[str, Any] = {"partition": "aws", "region": "us-east-1"}
    data["sources"] = {
        f"s{i}": {"account_id": f"2000000000{i:02d}", "streams": [{"name": f"s{i}-{j}"} for j in range(per)]}
        for i in range(sources)
    }
    data["consumers"] = {
        f"c{c}": {
            "account_id": f"1000000{c:05d}",
            "workspace_role_name": f"w{c}",
            "databricks": {"single_user_name": f"u{c}@example.com"},  # the cluster's one user (required)
            "reads": [{"source": f"s{c % sources}"}],
        }
        for c in range(consumers)
    }
    data["consumers"]["c5"]["reads"][0]["streams"] = ["s5-1x"]
    return data


def unknown_streams(unknown: int = 5000, known: int = 100) -> dict[str, Any]:
    """Two consumers of two sources of ``known`` streams (``s0-stream-000`` ...); consumer ``c0``'s first read
    names ``unknown`` streams, each misspelled (``s0-strem-0000`` ...)."""
    data: dict[str, Any] = {"partition": "aws", "region": "us-east-1"}
    data["sources"] = {
        f"s{i}": {
            "account_id": f"2000000000{i:02d}",
            "streams": [{"name": f"s{i}-stream-{j:03d}"} for j in range(known)],
        }
        for i in range(2)
    }
    data["consumers"] = {
        f"c{c}": {"account_id": f"1000000{c:05d}", "workspace_role_name": f"w{c}", "reads": [{"source": f"s{c}"}]}
        for c in range(2)
    }
    data["consumers"]["c0"]["reads"][0]["streams"] = [f"s0-strem-{j:04d}" for j in range(unknown)]
    return data


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, default_flow_style=False, sort_keys=False), encoding="utf-8")
    return path
