# kinesis-xacct. `make install`, then `make synth` and `make test`. Everything installs into this folder.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ROOT   := $(CURDIR)
VENV   := $(ROOT)/.venv
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

.PHONY: help install synth validate test lock clean bench

help:
	@echo "make install                      - .venv (pinned Python deps, Node 22), cdktf CLI, terraform CLI config"
	@echo "make synth [CONFIG=..] [OUT=..]   - cdktf synth --hcl: both stacks as HCL into OUT (default cdktf.out)"
	@echo "make validate [CONFIG=..]         - check a config and show what would be created where"
	@echo "make test                         - the whole test suite"
	@echo "make bench [BENCH_RUNS=5]         - synth time/RSS vs a stock CDKTF app, 1/10/100 streams (minutes)"

install: $(VENV)/.installed node_modules/.installed .terraform.d/cli.tfrc

$(VENV)/.installed: requirements.txt scripts/node_shims.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	bash scripts/node_shims.sh $(VENV)
	touch $@

node_modules/.installed: package.json package-lock.json $(VENV)/.installed
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.terraform.d/cli.tfrc: scripts/tf_cli_config.py
	$(PY) scripts/tf_cli_config.py $@

synth: install
	XACCT_CONFIG=$(CONFIG) $(PY) -m kinesis_xacct check
	XACCT_CONFIG=$(CONFIG) cdktf synth --hcl --output $(OUT)

validate:
	XACCT_CONFIG=$(CONFIG) $(PY) -m kinesis_xacct validate

test: install
	$(PY) -m pytest -q

# Not part of `make test`: it takes minutes. See docs/performance.md.
bench: install
	$(PY) bench/run.py

lock:
	$(PY) -m pip install --quiet -r requirements.in
	( echo "# Pinned, complete dependency set of the project's .venv (generated from requirements.in by pip freeze)."; \
	  echo "# Change requirements.in, then: make lock"; $(PY) -m pip freeze ) > requirements.txt

clean:
	rm -rf $(OUT) .pytest_cache
