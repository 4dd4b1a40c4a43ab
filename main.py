#!/usr/bin/env python
"""cdktf app: synthesizes the kinesis-account and deployment-account stacks from one config file.

XACCT_CONFIG names the config (default config/example.yaml); CDKTF_OUTDIR the output folder, which must be a new
path, an empty folder or a folder this tool wrote (anything else is refused before anything is written).
"""

from kinesis_xacct.ops.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
