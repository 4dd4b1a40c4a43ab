"""The access chain as a Mermaid flowchart, drawn from the same sides as the RUNBOOK's tables.

GitHub and most Markdown viewers render a fenced ``mermaid`` block as a diagram. Every ARN in the diagram is
taken from :class:`~kinesis_xacct.iam.policies.KinesisSide` / :class:`~kinesis_xacct.iam.modes.DeploymentSide`
(and the config's stream keys), exactly as the tables show them; a test compares the two sets. The part that
reads the streams (role B -> streams -> keys, :func:`kinesis_part`) is the same for every way into account B.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kinesis_xacct.config.model import Config
from kinesis_xacct.iam.policies import CredentialSide, DeploymentSide, KinesisSide
from kinesis_xacct.render import text

MAX_STREAMS = 10  # beyond this, the first MAX_STREAMS - 1 streams are drawn and the rest counted


@dataclass(frozen=True)
class Node:
    id: str
    title: str  # what it is, e.g. "IAM role (account B)"
    detail: str = ""  # its ARN or name (a second line)
    shape: str = "box"  # box | round (outside AWS: Databricks, people) | stadium (data: streams, keys)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    dotted: bool = False


@dataclass(frozen=True)
class Chain:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def __add__(self, other: Chain) -> Chain:
        return Chain(self.nodes + other.nodes, self.edges + other.edges)


_SHAPES = {"box": ('["', '"]'), "round": ('("', '")'), "stadium": ('(["', '"])')}


def render(chain: Chain, direction: str = "LR") -> str:
    """The chain as Mermaid flowchart source (without the Markdown fence)."""
    lines = [f"flowchart {direction}"]
    for n in chain.nodes:
        start, end = _SHAPES[n.shape]
        detail = f"<br/>{text.mermaid(n.detail)}" if n.detail else ""
        lines.append(f"  {n.id}{start}{text.mermaid(n.title)}{detail}{end}")
    for e in chain.edges:
        arrow = "-.->" if e.dotted else "-->"
        label = f'|"{text.mermaid(e.label)}"|' if e.label else ""
        lines.append(f"  {e.source} {arrow}{label} {e.target}")
    return "\n".join(lines) + "\n"


def kinesis_part(cfg: Config, kinesis: KinesisSide, entry: str, via: str) -> Chain:
    """Role B, what it may do on which streams, and the keys those streams are encrypted with.

    ``entry`` is the node that assumes role B; ``via`` the label of that edge (trust, external ID).
    """
    nodes = [Node("roleB", f"IAM role, account B {kinesis.account_id}", kinesis.role_arn)]
    edges = [Edge(entry, "roleB", via)]
    access = cfg.kinesis_account.access
    for i, arn in enumerate(kinesis.managed_policy_arns):
        nodes.append(Node(f"managed{i}", "AWS managed policy", arn))
        edges.append(Edge("roleB", f"managed{i}", "attached", dotted=True))
    created = {s.arn: s for s in kinesis.created_streams}
    keys = {cfg.stream_arn(s.name): s.kms_key_arn for s in cfg.kinesis_account.streams}
    arns = list(kinesis.stream_arns)
    shown = arns if len(arns) <= MAX_STREAMS else arns[: MAX_STREAMS - 1]
    key_nodes: dict[str, str] = {}  # key ARN -> node id (several streams may share one given key)
    for i, arn in enumerate(shown):
        stream = f"stream{i}"
        made = "created here, SSE-KMS" if arn in created else "existing"
        nodes.append(Node(stream, f"Kinesis stream ({made})", arn, shape="stadium"))
        edges.append(Edge("roleB", stream, access))
        key = keys.get(arn)
        if key:
            if key not in key_nodes:
                key_nodes[key] = f"key{len(key_nodes)}"
                nodes.append(Node(key_nodes[key], "KMS key (given)", key, shape="stadium"))
            edges.append(Edge(stream, key_nodes[key], "kms:Decrypt via Kinesis"))
        elif arn in created:
            name = arn.rsplit("/", 1)[1]
            nodes.append(
                Node(f"newkey{i}", "KMS key (created, rotation on)", f"alias/kinesis-xacct/{name}", shape="stadium")
            )
            edges.append(Edge(stream, f"newkey{i}", "kms:Decrypt via Kinesis (key policy)"))
    if len(shown) < len(arns):
        more = arns[len(shown) :]
        n_created = sum(1 for a in more if a in created)
        nodes.append(Node("more", f"{len(more)} more streams ({n_created} created)", shape="stadium"))
        edges.append(Edge("roleB", "more", access))
    return Chain(tuple(nodes), tuple(edges))


def _trust_label(cfg: Config) -> str:
    kb = cfg.kinesis_account
    who = "trusts this role" if kb.trust == "role" else "trusts all of account A"
    external = ", external ID required" if kb.external_id else ""
    return f"sts:AssumeRole ({who}{external})"


def instance_profile_chain(cfg: Config, kinesis: KinesisSide, deployment: DeploymentSide) -> Chain:
    """cluster -> instance profile -> role A -> role B (trust, external ID) -> streams -> keys."""
    db = cfg.databricks
    if db.enabled:
        cluster = Node("cluster", "Databricks cluster (dedicated)", db.cluster_name, shape="round")
    else:
        cluster = Node("cluster", "your Databricks cluster (dedicated)", shape="round")
    head = Chain(
        (
            cluster,
            Node("profile", f"instance profile, account A {deployment.account_id}", deployment.instance_profile_arn),
            Node("roleA", f"IAM role, account A {deployment.account_id}", deployment.role_arn),
        ),
        (Edge("cluster", "profile", "runs on EC2 with"), Edge("profile", "roleA", "holds")),
    )
    return head + kinesis_part(cfg, kinesis, "roleA", _trust_label(cfg))


def service_credential_chain(cfg: Config, kinesis: KinesisSide, credential: CredentialSide) -> Chain:
    """compute -> service credential -> Unity Catalog master role -> role B (external ID) -> streams -> keys."""
    compute = Node(
        "cluster",
        "Unity Catalog compute (standard or dedicated)",
        cfg.databricks.cluster_name if cfg.databricks.enabled else "",
        shape="round",
    )
    head = Chain(
        (
            compute,
            Node("credential", "Unity Catalog service credential", credential.name, shape="round"),
            Node("master", "Databricks Unity Catalog master role", credential.unity_catalog_iam_arn),
        ),
        (Edge("cluster", "credential", "serviceCredential (ACCESS)"), Edge("credential", "master", "used by")),
    )
    via = "sts:AssumeRole (trusts the master role and itself, external ID required)"
    return head + kinesis_part(cfg, kinesis, "master", via)


def arns_in(chain_source: str) -> set[str]:
    """Every ARN a diagram (or any Markdown) names."""
    return set(re.findall(r"arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:[a-z0-9]*:[A-Za-z0-9_+=,.@:/*-]+", chain_source))
