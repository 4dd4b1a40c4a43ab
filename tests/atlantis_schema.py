"""The keys Atlantis documents for a repo-level ``atlantis.yaml``, as a JSON schema (Atlantis publishes none).

Sources: https://www.runatlantis.io/docs/repo-level-atlantis-yaml (Reference: top-level keys, Project) and
https://www.runatlantis.io/docs/custom-workflows (Reference: Workflow, Stage, Step), as of Atlantis v0.47.1.
Atlantis parses the file with unknown keys refused (``yaml KnownFields``), so ``additionalProperties: false``
is what the server does too. ``version`` must be 3 (2 is still read, with other parsing of ``run`` steps).
"""

from __future__ import annotations

_STRINGS = {"type": "array", "items": {"type": "string"}}

_RUN_STEP = {
    "type": "object",
    "additionalProperties": False,
    "required": ["run"],
    "properties": {
        "run": {
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["command"],
                    "properties": {
                        "command": {"type": "string"},
                        "shell": {"type": "string"},
                        "shellArgs": {"oneOf": [{"type": "string"}, _STRINGS]},
                        "output": {"type": "string"},
                    },
                },
            ]
        }
    },
}
_BUILTINS = ["init", "plan", "apply", "import", "state_rm", "show", "policy_check", "version"]
_BUILTIN_WITH_ARGS = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "propertyNames": {"enum": _BUILTINS},
    "additionalProperties": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"extra_args": _STRINGS},
    },
}
_ENV_STEP = {
    "type": "object",
    "additionalProperties": False,
    "required": ["env"],
    "properties": {
        "env": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "value": {"type": "string"}, "command": {"type": "string"}},
        }
    },
}
_STAGE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "steps": {
            "type": "array",
            "items": {"oneOf": [{"enum": _BUILTINS}, _BUILTIN_WITH_ARGS, _RUN_STEP, _ENV_STEP]},
        }
    },
}
_REQUIREMENTS = {"type": "array", "items": {"enum": ["approved", "mergeable", "undiverged"]}}

ATLANTIS_REPO_CONFIG_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["version"],
    "properties": {
        "version": {"const": 3},
        "automerge": {"type": "boolean"},
        "autodiscover": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"mode": {"enum": ["auto", "enabled", "disabled"]}, "ignore_paths": _STRINGS},
        },
        "delete_source_branch_on_merge": {"type": "boolean"},
        "parallel_plan": {"type": "boolean"},
        "parallel_apply": {"type": "boolean"},
        "abort_on_execution_order_fail": {"type": "boolean"},
        "emoji_reaction": {"type": "string"},
        "allowed_regexp_prefixes": _STRINGS,
        "repo_locks": {"type": "object", "properties": {"mode": {"enum": ["disabled", "on_plan", "on_apply"]}}},
        "silence_pr_comments": _STRINGS,
        "projects": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["dir"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
                    "branch": {"type": "string"},
                    "dir": {"type": "string", "not": {"pattern": "(^|/)\\.\\.(/|$)"}},
                    "workspace": {"type": "string"},
                    "execution_order_group": {"type": "integer"},
                    "depends_on": _STRINGS,
                    "delete_source_branch_on_merge": {"type": "boolean"},
                    "repo_locking": {"type": "boolean"},
                    "repo_locks": {
                        "type": "object",
                        "properties": {"mode": {"enum": ["disabled", "on_plan", "on_apply"]}},
                    },
                    "custom_policy_check": {"type": "boolean"},
                    "autoplan": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"enabled": {"type": "boolean"}, "when_modified": _STRINGS},
                    },
                    "plan_requirements": _REQUIREMENTS,
                    "apply_requirements": _REQUIREMENTS,
                    "import_requirements": _REQUIREMENTS,
                    "workflow": {"type": "string"},
                    "terraform_distribution": {"enum": ["terraform", "opentofu"]},
                    "terraform_version": {"type": "string"},
                    "silence_pr_comments": _STRINGS,
                    "policy_check": {"type": "boolean"},
                },
            },
        },
        "workflows": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"plan": _STAGE, "apply": _STAGE, "import": _STAGE, "state_rm": _STAGE},
            },
        },
        "policies": {"type": "object"},
    },
}
