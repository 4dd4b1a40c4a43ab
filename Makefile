# kinesis-xacct. `make install`, then `make synth` and `make test`. Everything installs into this folder.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ROOT   := $(CURDIR)
VENV   := $(ROOT)/.venv
CHECKOV_VENV := $(ROOT)/.venv-checkov
PY     := $(VENV)/bin/python
CONFIG ?= config/example.yaml
OUT    ?= cdktf.out
PYTHON ?= python3

export PATH := $(VENV)/bin:$(ROOT)/node_modules/.bin:$(PATH)
export TF_CLI_CONFIG_FILE := $(ROOT)/.terraform.d/cli.tfrc
export CHECKPOINT_DISABLE := 1
export CDKTF_DISABLE_PLUGIN_CACHE_ENV := 1
export DISABLE_VERSION_CHECK := 1
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export NODE_OPTIONS := --no-deprecation

.PHONY: help install synth validate test lock clean checkov lock-checkov demo locks bench lock-providers

help:
	@echo "make install                      - .venv (pinned Python deps, Node 22), cdktf CLI, terraform CLI config"
	@echo "make synth [CONFIG=..] [OUT=..]   - cdktf synth --hcl: both stacks as HCL into OUT (default cdktf.out)"
	@echo "make validate [CONFIG=..]         - check a config and show what would be created where"
	@echo "make test                         - the whole test suite"
	@echo "make checkov                      - only the checkov gate (offline): all test configs + the emulator plan"
	@echo "make locks [CONFIG=..]            - S3 state locks held on the stacks, and how to clear a stale one"
	@echo "make lock-providers [PLATFORMS=..] [UPGRADE=1] - renew locks/<stack>.terraform.lock.hcl (provider versions+checksums)"
	@echo "make demo [CONFIG=..]             - deploy both stacks into two emulated AWS accounts, check, destroy"
	@echo "make bench [BENCH_RUNS=5]         - synth time/RSS vs a stock CDKTF app, 1/10/100 streams (minutes)"

install: $(VENV)/.installed node_modules/.installed .terraform.d/cli.tfrc $(CHECKOV_VENV)/.installed

$(VENV)/.installed: requirements.txt scripts/node_shims.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	bash scripts/node_shims.sh $(VENV)
	touch $@

node_modules/.installed: package.json package-lock.json $(VENV)/.installed
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# checkov in its own venv: its pinned dependencies conflict with the project's (pytest, boto3, ...).
$(CHECKOV_VENV)/.installed: requirements-checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $@

.terraform.d/cli.tfrc: scripts/tf_cli_config.py
	$(PY) scripts/tf_cli_config.py $@

# Config checked first (bad config: exit 2 in well under 3 s, nothing written); then cdktf synth --hcl into a
# fresh sibling folder that replaces $(OUT) only when complete (kinesis_xacct/synth_cli.py says why).
synth: install
	XACCT_CONFIG=$(CONFIG) $(PY) -m kinesis_xacct.synth_cli --out $(OUT)

# Renews the committed provider locks (docs/provider-locks.md): after a change of versions.py, or UPGRADE=1 to take
# newer providers on purpose. Providers in the CLI config's filesystem mirror are locked from it (FS_MIRROR=none: never).
PLATFORMS ?= linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64
lock-providers: install
	XACCT_CONFIG=$(CONFIG) PLATFORMS="$(PLATFORMS)" FS_MIRROR="$(FS_MIRROR)" UPGRADE="$(UPGRADE)" \
	  $(PY) -m kinesis_xacct.lock_providers

validate:
	XACCT_CONFIG=$(CONFIG) $(PY) -m kinesis_xacct validate

test: install
	$(PY) -m pytest -q -n 2 --dist loadfile

checkov: install
	$(PY) -m pytest -q tests/test_security.py -k checkov

lock-checkov:
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r requirements-checkov.in
	( echo "# Pinned, complete dependency set of .venv-checkov (checkov's own venv: its pins conflict with the project's)."; \
	  echo "# Generated from requirements-checkov.in by pip freeze: make lock-checkov"; \
	  $(CHECKOV_VENV)/bin/python -m pip freeze ) > requirements-checkov.txt

demo: install
	$(PY) scripts/demo.py --config $(CONFIG)

# Not part of `make test`: it takes minutes. See README, Performance.
bench: install
	$(PY) bench/run.py

lock:
	$(PY) -m pip install --quiet -r requirements.in
	( echo "# Pinned, complete dependency set of the project's .venv (generated from requirements.in by pip freeze)."; \
	  echo "# Change requirements.in, then: make lock"; $(PY) -m pip freeze ) > requirements.txt

clean:
	rm -rf $(OUT) .pytest_cache

.PHONY: locks
locks:  ## who holds the S3 state locks of CONFIG's stacks, and the command that clears a stale one
	XACCT_CONFIG=$(CONFIG) CDKTF_OUTDIR=$(OUT) $(PY) -m kinesis_xacct.state_locks
