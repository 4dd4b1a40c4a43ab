"""The one module that imports the CDK framework (cdktf, constructs) and the provider bindings.

A later switch of framework (for example to CDK Terrain, ``cdktn``) touches this module only.

The prebuilt provider packages' ``__init__`` eagerly imports all of their ~2,200 resource submodules
(about 15 s for AWS). :func:`provider_module` loads only the submodule asked for: it registers the
package as a bare namespace (its ``__path__`` only, without running ``__init__``), then imports the
submodule normally; the submodule loads the jsii assembly itself through ``.._jsii``. If the package
does not look as expected, or ``KINESIS_XACCT_EAGER_IMPORT=1`` is set, the normal import is used.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import types

# This project always writes HCL (cdk.tf), whether run by `cdktf synth` with or without --hcl, or directly.
# CDKTF 0.21's stack synthesizer reads this variable (not App(hcl_output=...)), from the environment of
# the jsii runtime, which starts at the first import of cdktf below: so it is set here, before it.
os.environ["SYNTH_HCL_OUTPUT"] = "true"

import jsii
from cdktf import (App, Aspects, IAspect, LocalBackend, S3Backend, S3BackendAssumeRoleConfig,  # noqa: F401
                   S3BackendEndpointConfig, TerraformDataSource, TerraformOutput, TerraformResource,
                   TerraformStack, Testing)
from constructs import Construct  # noqa: F401

AWS_PACKAGE = "cdktf_cdktf_provider_aws"
DATABRICKS_PACKAGE = "cdktf_cdktf_provider_databricks"
EAGER_ENV = "KINESIS_XACCT_EAGER_IMPORT"


def _lazy_package(package: str) -> bool:
    """Register ``package`` without executing its ``__init__``. Returns False where that is not safe."""
    if package in sys.modules:
        return True
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations or spec.origin is None:
        return False
    locations = list(spec.submodule_search_locations)
    if not any(os.path.isdir(os.path.join(loc, "_jsii")) for loc in locations):
        return False
    module = types.ModuleType(package)
    module.__file__ = spec.origin
    module.__path__ = locations
    module.__package__ = package
    module.__spec__ = spec
    sys.modules[package] = module
    return True


def provider_module(package: str, submodule: str) -> types.ModuleType:
    """Import ``package.submodule`` (for example the AWS ``iam_role`` bindings) as cheaply as possible."""
    if os.environ.get(EAGER_ENV) != "1":
        try:
            if _lazy_package(package):
                return importlib.import_module(f"{package}.{submodule}")
        except ImportError:
            sys.modules.pop(package, None)
    importlib.import_module(package)
    return importlib.import_module(f"{package}.{submodule}")


def aws(submodule: str) -> types.ModuleType:
    return provider_module(AWS_PACKAGE, submodule)


def databricks(submodule: str) -> types.ModuleType:
    return provider_module(DATABRICKS_PACKAGE, submodule)


_CHECK_ID_RE = re.compile(r"^CKV2?_[A-Z0-9]+_[0-9]+$")
_SKIPS_ATTR = "_kinesis_xacct_checkov_skips"


def checkov_skip(resource: TerraformResource, check_id: str, reason: str) -> None:
    """Suppress one checkov check on one resource: ``# checkov:skip=<check_id>:<reason>`` inside its block.

    checkov reads such comments only inside the HCL block of the resource (CDKTF's JSON ``//`` comments
    are ignored), and CDKTF has no API for a comment line. :class:`UnquotedReferences` writes it: the
    resource's ``provider`` meta-argument is rendered verbatim (``"type": "reference"``), so its value can
    carry a newline and the comment line after the provider address. Needs the HCL output and an explicit
    provider on the resource (every resource here has one).
    """
    if not _CHECK_ID_RE.match(check_id):
        raise ValueError(f"{check_id!r} is not a checkov check ID")
    if not reason.strip() or "\n" in reason or "\r" in reason:
        raise ValueError(f"{check_id}: the reason must be one non-empty line (it becomes an HCL comment)")
    skips = getattr(resource, _SKIPS_ATTR, None)
    if skips is None:
        skips = []
        setattr(resource, _SKIPS_ATTR, skips)
    skips.append((check_id, reason.strip()))


@jsii.implements(IAspect)
class UnquotedReferences:
    """Aspect that makes CDKTF 0.21's HCL writer emit ``provider = aws.kinesis`` and
    ``depends_on = [aws_x.y]`` instead of quoted strings, which Terraform reports as deprecated.

    The HCL renderer writes an attribute given as ``{"value": ..., "type": "reference"}`` verbatim; this
    aspect sets the two meta-arguments that way through the escape hatch. Only for HCL output: the JSON
    form keeps CDKTF's own quoted strings, which are correct in JSON syntax.

    It also writes the ``# checkov:skip`` comment lines recorded by :func:`checkov_skip`, after the
    provider line, so that they are inside the resource's block.
    """

    def visit(self, node) -> None:  # noqa: D401 - IAspect
        if not isinstance(node, (TerraformResource, TerraformDataSource)):
            return
        provider = node.provider
        skips = getattr(node, _SKIPS_ATTR, None) or []
        if skips and provider is None:
            raise ValueError(f"{node.node.path}: a checkov suppression needs an explicit provider on the resource")
        if provider is not None:
            comments = "".join(f"\n# checkov:skip={check_id}:{reason}" for check_id, reason in skips)
            node.add_override("provider", {"value": provider.fqn + comments, "type": "reference"})
        depends_on = node.depends_on
        if depends_on:
            node.depends_on = None  # the override below replaces the list; a list would be merged into
            node.add_override("depends_on", {"value": "[" + ", ".join(depends_on) + "]", "type": "reference"})
