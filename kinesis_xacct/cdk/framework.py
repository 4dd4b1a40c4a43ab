"""The one module that imports the CDK framework (cdktf or cdktn, constructs) and the provider bindings.

Two frameworks, one table (:data:`FRAMEWORK_MODULES`): CDKTF 0.21 (``cdktf``, provider packages
``cdktf_cdktf_provider_<name>``) and CDK Terrain 0.24 (``cdktn``, the maintained fork, ``cdktn_provider_<name>``).
Which one is the one installed in this interpreter, or ``XACCT_FRAMEWORK`` where both are
(:func:`kinesis_xacct.cdk.toolchain.current`). Stacks and constructs import the names below and never the
framework itself, so they are the same code on both. docs/cdktn.md says what differs and why.

The prebuilt provider packages' ``__init__`` eagerly imports all of their ~2,200 resource submodules
(about 15 s for AWS). :func:`provider_module` loads only the submodule asked for: it registers the
package as a bare namespace (its ``__path__`` only, without running ``__init__``), then imports the
submodule normally; the submodule loads the jsii assembly itself through ``.._jsii``. If the package
does not look as expected, or ``KINESIS_XACCT_EAGER_IMPORT=1`` is set, the normal import is used.

Types the jsii kernel hands back whose Python module was never imported (a construct made on the
JavaScript side, an interface of another resource) still resolve: the jsii runtime imports the module
of an unknown type through its submodule map, which :func:`_register_submodules` fills for the lazily
loaded packages (their generated code predates that map), and the bare package module imports a
submodule on attribute access (``cdktf_cdktf_provider_aws.s3_bucket``) as the eager package does.
tests/test_fast_import.py proves both, and that the output is byte for byte the eager import's.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import types
import typing
from pathlib import Path

# This project always writes HCL (cdk.tf), whether run by `cdktf synth` with or without --hcl, or directly.
# The stack synthesizer of CDKTF 0.21 and of cdktn 0.24 (lib/terraform-stack.js) reads this variable (not
# App(hcl_output=...)), from the environment of the jsii runtime, which starts at the first import of the
# framework below: so it is set here, before it.
os.environ["SYNTH_HCL_OUTPUT"] = "true"

from constructs import Construct

from kinesis_xacct.cdk.toolchain import current as _current_framework

# Per framework: its core Python package, how a provider's prebuilt package is named, and whether those
# packages load their submodules lazily themselves. CDKTF's prebuilt providers (jsii-pacmak before 1.1xx)
# import all ~2,200 submodules in ``__init__``: the bare-namespace loader below avoids that. CDK Terrain's
# (jsii-pacmak with PEP 562 packages) are lazy already and register their jsii submodule map
# (``_SUBMODULE_FQN_MAP`` in ``_jsii/__init__.py``) themselves: they are imported the normal way.
FRAMEWORK_MODULES = {
    "cdktf": {"core": "cdktf", "provider": "cdktf_cdktf_provider_{}", "native_lazy": False},
    "cdktn": {"core": "cdktn", "provider": "cdktn_provider_{}", "native_lazy": True},
}
FRAMEWORK = _current_framework().name
_MODULES = FRAMEWORK_MODULES[FRAMEWORK]
_CORE_NAMES = (
    "App",
    "Fn",
    "LocalBackend",
    "S3Backend",
    "S3BackendAssumeRoleConfig",
    "S3BackendEndpointConfig",
    "TerraformDataSource",
    "TerraformOutput",
    "TerraformResource",
    "TerraformStack",
    "Testing",
)
if typing.TYPE_CHECKING:  # both frameworks have the same API; type checkers see the default's
    # re-exported: stacks and constructs import these names from here
    # (``X as X``: explicit re-exports for the type checkers; at run time ``__all__`` lists them from _CORE_NAMES)
    from cdktf import App as App
    from cdktf import Fn as Fn
    from cdktf import LocalBackend as LocalBackend
    from cdktf import S3Backend as S3Backend
    from cdktf import S3BackendAssumeRoleConfig as S3BackendAssumeRoleConfig
    from cdktf import S3BackendEndpointConfig as S3BackendEndpointConfig
    from cdktf import TerraformDataSource as TerraformDataSource
    from cdktf import TerraformOutput as TerraformOutput
    from cdktf import (
        TerraformProvider as TerraformProvider,  # type-only (annotations of provider arguments)
    )
    from cdktf import TerraformResource as TerraformResource
    from cdktf import TerraformStack as TerraformStack
    from cdktf import Testing as Testing
else:
    _core = importlib.import_module(_MODULES["core"])
    globals().update({name: getattr(_core, name) for name in _CORE_NAMES})


def provider_package(provider: str) -> str:
    """The Python package of a provider's prebuilt bindings on this framework: ``aws`` ->
    ``cdktf_cdktf_provider_aws`` or ``cdktn_provider_aws`` (``time``, ``databricks``, ... alike)."""
    return typing.cast(str, _MODULES["provider"]).format(provider)


EAGER_ENV = "KINESIS_XACCT_EAGER_IMPORT"


_LAZY: set[str] = set()  # packages registered here without their __init__
_MAPPED: set[str] = set()  # ... whose submodules are in the jsii runtime's submodule map


def _submodule_names(locations: list[str]) -> list[str]:
    """The package's submodules: folders with an ``__init__.py`` (``_jsii`` and private ones excluded)."""
    names: list[str] = []
    for loc in locations:
        with os.scandir(loc) as entries:
            names.extend(
                e.name
                for e in entries
                if e.is_dir() and not e.name.startswith("_") and os.path.isfile(os.path.join(e.path, "__init__.py"))
            )
    return sorted(set(names))


def _jsii_submodule(python_name: str) -> str:
    """jsii-pacmak names a Python submodule by snake-casing the jsii one: ``iam_role`` <- ``iamRole``."""
    first, *rest = python_name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def _lazy_getattr(package: str, locations: list[str]) -> typing.Callable[[str], types.ModuleType]:
    names = frozenset(_submodule_names(locations))

    # PEP 562: ``package.iam_role`` imports that submodule, as the eager package
    def __getattr__(name: str) -> types.ModuleType:
        if name in names:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


def _lazy_package(package: str) -> bool:
    """Register ``package`` without executing its ``__init__``. Returns False where that is not safe."""
    if package in sys.modules:
        return package in _LAZY
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations or spec.origin is None:
        return False
    locations = list(spec.submodule_search_locations)
    if not any(os.path.isfile(os.path.join(loc, "_jsii", "__init__.py")) for loc in locations):
        return False
    module = types.ModuleType(package)
    module.__file__ = spec.origin
    module.__path__ = locations
    module.__package__ = package
    module.__spec__ = spec
    module.__getattr__ = _lazy_getattr(package, locations)  # type: ignore[method-assign]  # PEP 562 hook on a bare module
    sys.modules[package] = module
    _LAZY.add(package)
    return True


def _register_submodules(package: str) -> bool:
    """Tell the jsii runtime which Python module holds each jsii submodule of a lazily loaded package.

    When the kernel returns an object whose type is not registered yet, jsii (>= 1.1xx) imports the
    module named for the type's submodule in ``_submodule_fqn_map``, or else the package root, which
    here would be the bare module. The prebuilt provider packages ship no such map, so it is made
    from the folder names. Returns False if this jsii has no such hook (then the caller imports eagerly).
    """
    if package in _MAPPED:
        return True
    from jsii import _reference_map

    fqn_map = getattr(_reference_map, "_submodule_fqn_map", None)
    to_module = getattr(_reference_map, "_assembly_to_module", None)
    if not isinstance(fqn_map, dict) or not isinstance(to_module, dict):
        return False
    assembly = next((name for name, module in to_module.items() if module == package), None)
    if assembly is None:  # the assembly is loaded by the first submodule's import, which has not happened
        return False
    locations = list(sys.modules[package].__path__)
    fqn_map.update({f"{assembly}.{_jsii_submodule(name)}": f"{package}.{name}" for name in _submodule_names(locations)})
    _MAPPED.add(package)
    return True


def _eager(package: str, submodule: str) -> types.ModuleType:
    if package in _LAZY:  # a bare module registered here: replace it with the real package
        sys.modules.pop(package, None)
        _LAZY.discard(package)
    importlib.import_module(package)
    return importlib.import_module(f"{package}.{submodule}")


def provider_module(package: str, submodule: str) -> types.ModuleType:
    """Import ``package.submodule`` (for example the AWS ``iam_role`` bindings) as cheaply as possible."""
    if _MODULES["native_lazy"]:  # the package's own __init__ is lazy; nothing to avoid
        return importlib.import_module(f"{package}.{submodule}")
    if os.environ.get(EAGER_ENV) == "1" or (package in sys.modules and package not in _LAZY):
        return _eager(package, submodule)
    try:
        if _lazy_package(package):
            module = importlib.import_module(f"{package}.{submodule}")
            if _register_submodules(package):
                return module
    except ImportError:
        pass
    return _eager(package, submodule)


def provider(name: str, submodule: str) -> types.ModuleType:
    """A submodule of provider ``name``'s bindings on this framework, e.g. ``provider("time", "sleep")``."""
    return provider_module(provider_package(name), submodule)


def aws(submodule: str) -> types.ModuleType:
    return provider("aws", submodule)


def databricks(submodule: str) -> types.ModuleType:
    return provider("databricks", submodule)


def time(submodule: str) -> types.ModuleType:
    """hashicorp/time bindings (``time_sleep``); named after the provider, as ``aws`` and ``databricks``."""
    return provider("time", submodule)


__all__ = [
    "EAGER_ENV",
    "FRAMEWORK",
    "FRAMEWORK_MODULES",
    *_CORE_NAMES,
    "Construct",
    "aws",
    "checkov_skip",
    "databricks",
    "provider",
    "provider_module",
    "provider_package",
    "time",
    "unquote_references",
]

_CHECK_ID_RE = re.compile(r"^CKV2?_[A-Z0-9]+_[0-9]+$")
_SKIPS_ATTR = "_kinesis_xacct_checkov_skips"


def checkov_skip(resource: TerraformResource, check_id: str, reason: str) -> None:
    """Suppress one checkov check on one resource: ``# checkov:skip=<check_id>:<reason>`` inside its block.

    checkov reads such comments only inside the HCL block of the resource (CDKTF's JSON ``//`` comments
    are ignored), and CDKTF has no API for a comment line. :func:`unquote_references` writes it: the
    resource's ``provider`` meta-argument is rendered verbatim (``"type": "reference"``), so its value can
    carry a newline and the comment line after the provider address. Needs the HCL output and an explicit
    provider on the resource (every resource here has one).
    """
    if not _CHECK_ID_RE.match(check_id):
        raise ValueError(f"{check_id!r} is not a checkov check ID")
    if not reason.strip() or "\n" in reason or "\r" in reason:
        raise ValueError(f"{check_id}: the reason must be one non-empty line (it becomes an HCL comment)")
    setattr(resource, _SKIPS_ATTR, [*getattr(resource, _SKIPS_ATTR, []), (check_id, reason.strip())])


def unquote_references(stack: TerraformStack) -> None:
    """Make CDKTF 0.21's HCL writer emit ``provider = aws.kinesis`` and ``depends_on = [aws_x.y]`` instead
    of quoted strings, which Terraform reports as deprecated. Call once the stack is complete.

    The HCL renderer writes an attribute given as ``{"value": ..., "type": "reference"}`` verbatim; this sets
    the two meta-arguments that way through the escape hatch. Only for HCL output: the JSON form keeps
    CDKTF's own quoted strings, which are correct in JSON syntax.

    It also writes the ``# checkov:skip`` comment lines recorded by :func:`checkov_skip`, after the
    provider line, so that they are inside the resource's block.

    One pass over the finished tree from Python (rather than an aspect, which the jsii kernel calls back for
    every construct at synth): each jsii round trip costs, and this keeps them to the needed ones (measured
    at 100 created streams: 0.35 s as an aspect).
    """
    fqns: dict[int, tuple[object, str]] = {}  # id -> (provider, fqn); holding it keeps its id unique
    for node in stack.node.find_all():
        if not isinstance(node, (TerraformResource, TerraformDataSource)):
            continue
        provider = node.provider
        skips = getattr(node, _SKIPS_ATTR, None) or []
        if skips and provider is None:
            raise ValueError(f"{node.node.path}: a checkov suppression needs an explicit provider on the resource")
        if provider is not None:
            known = fqns.get(id(provider))
            if known is None:
                known = fqns[id(provider)] = (provider, provider.fqn)
            fqn = known[1]
            comments = "".join(f"\n# checkov:skip={check_id}:{reason}" for check_id, reason in skips)
            node.add_override("provider", {"value": fqn + comments, "type": "reference"})
        depends_on = node.depends_on
        if depends_on:
            node.depends_on = None  # the override below replaces the list; a list would be merged into
            node.add_override("depends_on", {"value": "[" + ", ".join(depends_on) + "]", "type": "reference"})


def require_terraform(stack: TerraformStack, constraint: str) -> None:
    """``required_version`` in the stack's ``terraform {}`` block. The JSON form takes it as an override; CDKTF's HCL
    writer (0.21 and CDK Terrain, ``lib/hcl/render.js`` ``renderTerraform``) renders the block's other attributes
    from the list of their names (``0 = "required_version"``), which :func:`synth_hcl` repairs."""
    stack.add_override("terraform.required_version", constraint)


# What the HCL writer makes of the terraform block's only other attribute, required_version (require_terraform).
_BROKEN_REQUIRED_VERSION = re.compile(r'^  0 = "required_version"$', re.M)


def synth_hcl(app: App, outdir: str | os.PathLike[str], constraint: str) -> None:
    """``app.synth()``, then ``required_version = "<constraint>"`` written where the HCL writer wrote the
    attribute's index, in every stack's ``cdk.tf`` under ``outdir`` (a stand-in stack has none)."""
    app.synth()
    for path in sorted(Path(outdir, "stacks").glob("*/cdk.tf")):
        text = path.read_text(encoding="utf-8")
        fixed, count = _BROKEN_REQUIRED_VERSION.subn(f'  required_version = "{constraint}"', text)
        if count:
            path.write_text(fixed, encoding="utf-8")
