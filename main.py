#!/usr/bin/env python
"""cdktf app: synthesizes the kinesis-account and deployment-account stacks from one config file.

XACCT_CONFIG names the config (default config/example.yaml); CDKTF_OUTDIR the output folder.
"""

from kinesis_xacct.ops.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
