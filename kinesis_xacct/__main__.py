"""``python -m kinesis_xacct check|validate``: validate a config without importing cdktf."""

from __future__ import annotations

import os
import sys

from kinesis_xacct import paths
from kinesis_xacct.config import ConfigError
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.cli import DEFAULT_CONFIG, report
from kinesis_xacct.ops.load import load_any


def default_config() -> str:
    """``config/example.yaml`` of the working folder, else of the project this package belongs to (so that
    ``python -m kinesis_xacct check`` works from any folder; templates are found from the package as well)."""
    return DEFAULT_CONFIG if os.path.exists(DEFAULT_CONFIG) else str(paths.ROOT / DEFAULT_CONFIG)


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "validate"
    path = argv[1] if len(argv) > 1 else (os.environ.get("XACCT_CONFIG") or default_config())
    if cmd not in ("check", "validate"):
        print("usage: python -m kinesis_xacct check|validate [CONFIG]", file=sys.stderr)
        return 64
    try:
        cfg = load_any(path)
    except ConfigError as err:
        return report(err)
    if isinstance(cfg, Organisation):
        if cmd == "validate":
            from kinesis_xacct.render.organisation import org_summary

            print(org_summary(cfg, path))
        return 0
    if cmd == "validate":
        from kinesis_xacct.render.summary import summary

        print(summary(cfg, path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
