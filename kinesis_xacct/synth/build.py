"""Config -> stacks: every config is an organisation (a one-pair config an organisation of one,
``config.organisation.organisation_of``); this builds its stacks from the mesh's sides and the stacks' settings.
The stacks only wire: they get sides and settings (``iam.settings``), never the config."""

from __future__ import annotations

from kinesis_xacct.cdk.framework import Construct, TerraformStack
from kinesis_xacct.config.organisation import Organisation, Selection
from kinesis_xacct.iam.mesh import ConsumerSide, Mesh
from kinesis_xacct.iam.settings import stack_settings
from kinesis_xacct.render.templates import consumer_notebook
from kinesis_xacct.stacks.modes import ConsumerStack, consumer_stacks
from kinesis_xacct.stacks.organisation import SourceStack, SourceStandIn
from kinesis_xacct.stacks.pair import state_path


def build_organisation(
    scope: Construct, org: Organisation, m: Mesh, *, state_dir: str, selection: Selection | None = None
) -> dict[str, TerraformStack]:
    """Every stack (``selection`` None), or the selected ones in full and their stand-ins: consumers first, then
    sources (config order). A source stack depends on the consumer stacks of its pairs and takes the external IDs
    of service-credential pairs from them. ``state_dir``: the config's local state folder as seen from a stack folder
    (``paths.state_dir_from_stack``). A one-pair config comes here as an organisation of one
    (``config.organisation.organisation_of``)."""

    def wanted(name: str) -> str | None:
        if selection is None or name in selection.full:
            return "full"
        return "stand-in" if name in selection.stand_ins else None

    naming = org.naming
    stacks: dict[str, TerraformStack] = {}
    consumers: dict[str, ConsumerStack] = {}
    for name in org.consumers:
        sid = naming.consumer_stack(name)
        kind = wanted(sid)
        if kind is not None:
            stacks[sid] = consumers[name] = consumer_stack_of(scope, org, m.consumers[name], kind, state_dir=state_dir)
    for name in org.sources:
        sid = naming.source_stack(name)
        kind = wanted(sid)
        if kind is None:
            continue
        side = m.sources[name]
        external_ids: dict[str, str] = {}
        for ps in side.pairs:
            dep = consumers.get(ps.pair.consumer)
            ids = dep.external_ids if dep is not None else {}
            if ps.kinesis.external_id_placeholder and name in ids:
                external_ids[ps.pair.consumer] = ids[name]
        if kind == "stand-in":
            stacks[sid] = SourceStandIn(scope, side, external_ids, naming)
            continue
        stack = SourceStack(
            scope,
            stack_settings(org.source_cfgs[name], "kinesis"),
            side,
            naming=naming,
            state_path=state_path(sid, state_dir),
            external_ids=external_ids,
        )
        # instance-profile: the role's trust names the consumer's role, and IAM refuses a principal that does not
        # exist yet; service-credential: the trust needs the credential's external ID. Either way consumers first.
        for ps in side.pairs:
            stack.add_dependency(stacks[naming.consumer_stack(ps.pair.consumer)])
        stacks[sid] = stack
    return stacks


def consumer_stack_of(
    scope: Construct, org: Organisation, consumer: ConsumerSide, kind: str, *, state_dir: str
) -> ConsumerStack:
    """A consumer's stack (``kind`` "full") or its stand-in, in its auth mode (``stacks.modes``)."""
    naming = org.naming
    sid = naming.consumer_stack(consumer.name)
    cfg = org.consumer_cfg(consumer.name)
    settings = stack_settings(cfg, "deployment")
    stacks = consumer_stacks(consumer.mode)
    if kind == "stand-in":
        return stacks.stand_in(scope, settings, consumer, naming, state_dir)
    notebook = consumer_notebook(consumer, one_pair=naming.one_pair)  # every stream the consumer's pairs grant
    return stacks.full(scope, settings, consumer, naming, state_path(sid, state_dir), notebook)
