"""The consumer stack each auth mode builds, and its stand-in: the stacks' one registry of the modes
(:data:`CONSUMER_STACKS`, keyed by the mode's type, ``iam.modes``). ``synth/build.py`` asks it for a consumer's
stack and never tests the mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kinesis_xacct.cdk.framework import Construct
from kinesis_xacct.iam.mesh import ConsumerSide
from kinesis_xacct.iam.modes import AuthMode, InstanceProfileMode, ServiceCredentialMode
from kinesis_xacct.iam.settings import StackSettings
from kinesis_xacct.paths import StackNaming
from kinesis_xacct.stacks.organisation import ConsumerStandIn, CredentialConsumerStack
from kinesis_xacct.stacks.pair import DeploymentAccountStack

# A consumer's stack: every one carries ``external_ids`` (source -> the external ID B's trust takes from it).
ConsumerStack = DeploymentAccountStack | CredentialConsumerStack | ConsumerStandIn


def instance_profile_stack(
    scope: Construct, settings: StackSettings, side: ConsumerSide, naming: StackNaming, state_path: str, notebook: str
) -> ConsumerStack:
    """Account A's role and instance profile (the union of the consumer's pairs' assume statements)."""
    if side.deployment is None:
        raise ValueError(f"consumer {side.name!r}: the instance-profile mode gives every consumer a deployment side")
    return DeploymentAccountStack(
        scope,
        settings,
        side.deployment,
        state_path=state_path,
        stack_id=naming.consumer_stack(side.name),
        notebook_source=notebook,
        providers=side.mode.consumer_providers(settings.workspace.enabled),
    )


@dataclass(frozen=True)
class ConsumerStacks:
    """A mode's consumer stack (``full``: scope, settings, side, naming, state path, notebook) and what its
    stand-in holds: with ``credentials`` the pairs' credentials, whose external IDs B's trust references; without,
    nothing (B's trust names the consumer's role by its computed ARN)."""

    full: Callable[[Construct, StackSettings, ConsumerSide, StackNaming, str, str], ConsumerStack]
    credentials: bool

    def stand_in(
        self, scope: Construct, settings: StackSettings, side: ConsumerSide, naming: StackNaming, state_dir: str
    ) -> ConsumerStack:
        """The consumer's stand-in (``state_dir``: the config's state folder)."""
        return ConsumerStandIn(scope, settings, side, naming=naming, state_dir=state_dir, credentials=self.credentials)


CONSUMER_STACKS: dict[type[AuthMode], ConsumerStacks] = {
    InstanceProfileMode: ConsumerStacks(instance_profile_stack, credentials=False),
    # one Unity Catalog service credential per pair; nothing in the consumer's AWS account
    ServiceCredentialMode: ConsumerStacks(CredentialConsumerStack, credentials=True),
}


def consumer_stacks(mode: AuthMode) -> ConsumerStacks:
    return CONSUMER_STACKS[type(mode)]
