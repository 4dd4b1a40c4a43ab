"""Write the project's Terraform CLI config (.terraform.d/cli.tfrc), named by TF_CLI_CONFIG_FILE.

It uses a local filesystem mirror of providers where one exists (found at install time, never
committed: the path belongs to one machine) and the registry for everything else. With a CLI config
of its own, terraform and the cdktf CLI no longer warn about a missing one.
"""

from __future__ import annotations

import glob
import os
import sys
from pathlib import Path

ROOTS = (
    "/opt",
    "/usr/share/terraform",
    "/usr/local/share/terraform",
    "/usr/share",
    "/usr/local/share",
    os.path.expanduser("~/.terraform.d"),
    os.path.expanduser("~/.local/share/terraform"),
)
PROVIDER = "registry.terraform.io/hashicorp/aws"


def find_mirror() -> str | None:
    explicit = os.environ.get("XACCT_PROVIDER_MIRROR")
    if explicit:
        return explicit if os.path.isdir(os.path.join(explicit, PROVIDER)) else None
    for root in ROOTS:
        for depth in range(0, 3):
            pattern = os.path.join(root, *(["*"] * depth), PROVIDER)
            for hit in sorted(glob.glob(pattern)):
                if glob.glob(os.path.join(hit, "*", "*_*")):  # <version>/<os>_<arch>
                    return hit[: -len(PROVIDER) - 1]
    return None


def render(mirror: str | None, cache_dir: str) -> str:
    # With an unpacked mirror, terraform links each stack's provider to the mirror: no copy, nothing to cache.
    # A plugin cache is only worth it for registry downloads (and is not safe for concurrent inits).
    lines = ([] if mirror else [f'plugin_cache_dir = "{cache_dir}"', ""]) + ["provider_installation {"]
    if mirror:
        lines += [
            "  filesystem_mirror {",
            f'    path    = "{mirror}"',
            f'    include = ["{PROVIDER}"]',
            "  }",
            "  direct {",
            f'    exclude = ["{PROVIDER}"]',
            "  }",
        ]
    else:
        lines += ["  direct {}"]
    lines += ["}", ""]
    return "\n".join(lines)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".terraform.d/cli.tfrc").resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    cache = out.parent / "plugin-cache"
    mirror = find_mirror()
    if not mirror:
        cache.mkdir(parents=True, exist_ok=True)
    out.write_text(render(mirror, str(cache)), encoding="utf-8")
    print(f"terraform CLI config: {out} (aws provider from {'mirror ' + mirror if mirror else 'the registry'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
