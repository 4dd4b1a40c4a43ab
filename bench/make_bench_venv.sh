#!/usr/bin/env bash
# make bench: a venv holding only the experimental cdktn-aws bindings, on top of .venv-cdktn's packages.
#   bench/make_bench_venv.sh BENCH_VENV CDKTN_VENV REQUIREMENTS
set -euo pipefail
bench=$1 base=$2 reqs=$3
test -x "$bench/bin/python" || "$base/bin/python" -m venv "$bench"
base_site=$("$base/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
bench_site=$("$bench/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$base_site" > "$bench_site/kinesis-xacct-cdktn-base.pth"
"$bench/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$reqs"
ln -sf "$base/bin/node" "$bench/bin/node"
PATH="$bench/bin:$PATH" "$bench/bin/python" -c "import cdktn, cdktn_aws, cdktn_provider_databricks"
