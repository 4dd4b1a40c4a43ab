"""The generated notebook, run: every access mode's notebook executes in real PySpark 4 against a STAND-IN
streaming source named ``kinesis`` (tests/kinesis_standin.py: it checks our Spark code and the option names
and values we pass, not Databricks' connector), on the kind of session its cluster gives it:

* instance-profile mode (dedicated access mode): a classic Spark session, one for the module;
* service-credential mode (standard access mode): SPARK CONNECT, as standard access mode runs Python
  (PySpark's local Connect server, ``remote("local[1]")``), in a subprocess of its own
  (tests/spark_connect_run.py): the Connect server and the classic session cannot share one process.

Databricks-only helpers are stubbed (``display``, ``dbutils``) and nothing else: the read, the bounded trigger,
the sink and the count from the query's progress are Spark's own. Each query must end by itself. The counts the
notebook reports must equal what the stand-in gave, per stream (different for each stream, read over several
micro-batches, and none for an empty stream).
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import time

import pytest

from kinesis_xacct.config import names, parse_config
from kinesis_xacct.config.organisation import parse_organisation
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.iam.modes import ServiceCredentialMode
from kinesis_xacct.render.templates import consumer_notebook, render_notebook

from . import kinesis_standin
from .helpers import ROOT, SEED, SERVICE_CREDENTIAL, load_yaml, variant
from .notebook_run import run_notebook

MODES = {
    "read": variant(**{"kinesis_account.streams": [{"name": "testStream"}, {"name": "orders.v2"}]}),
    "read-efo": variant(
        **{
            "kinesis_account.access": "read-efo",
            "kinesis_account.external_id": "myExternalCode",
            "databricks.sts_endpoint": "https://sts.us-east-1.amazonaws.com",
        }
    ),
    "read-write": variant(
        **{
            "kinesis_account.access": "read-write",
            "databricks.initial_position": "at_timestamp",
            "databricks.initial_timestamp": "2024-01-31T00:00:00+0000",
        }
    ),
    "full": variant(SEED),
    # databricks.auth service-credential: serviceCredential instead of roleArn; run over Spark Connect
    "service-credential": variant(SERVICE_CREDENTIAL, **{"kinesis_account.access": "read-efo"}),
    "service-credential-read": variant(
        SERVICE_CREDENTIAL,
        **{
            "kinesis_account.streams": [{"name": "clicks"}, {"name": "empty-audit"}, {"name": "orders.v2"}],
            "databricks.validation_window_minutes": 30,
        },
    ),
}
CONNECT_MODES = [m for m, data in MODES.items() if data["databricks"].get("auth") == "service-credential"]
# The organisation example's consumers: each consumer's notebook reads every stream its pairs grant.
ORG = mesh(parse_organisation(load_yaml(ROOT / "config" / "organisation.yaml")))
ORG_CONNECT = [f"org:{c}" for c, side in ORG.consumers.items() if isinstance(side.mode, ServiceCredentialMode)]
ORG_CLASSIC = [f"org:{c}" for c, side in ORG.consumers.items() if not isinstance(side.mode, ServiceCredentialMode)]
CLASSIC_MODES = [m for m in MODES if m not in CONNECT_MODES]
BROKEN = "service-credential, misspelt option"
EFO_OPTIONS = {"consumermode", "consumername", "requireconsumerderegistration"}


@pytest.fixture(scope="module")
def standin_log(tmp_path_factory, monkeypatch_module):
    log = tmp_path_factory.mktemp("standin") / "options.jsonl"
    # Spark's Python workers: this interpreter (the venv's), and where the stand-in logs its options.
    monkeypatch_module.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch_module.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    monkeypatch_module.setenv(kinesis_standin.LOG_ENV, str(log))
    return log


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def spark(standin_log):
    """The classic session of dedicated access mode."""
    from pyspark import cloudpickle
    from pyspark.sql import SparkSession

    cloudpickle.register_pickle_by_value(kinesis_standin)  # the workers need not import tests/
    started = time.monotonic()
    session = (
        SparkSession.builder.master("local[1]")
        .appName("kinesis-xacct-notebook")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.dataSource.register(kinesis_standin.KinesisStandIn)
    print(f"\nSpark session up in {time.monotonic() - started:.1f}s")
    yield session, standin_log
    session.stop()


def _logged(log, since: int) -> list[dict]:
    lines = log.read_text().splitlines() if log.exists() else []
    return [json.loads(line) for line in lines[since:]]


@pytest.fixture(scope="module")
def connect_runs(standin_log, tmp_path_factory):
    """The service-credential notebooks run over Spark Connect, in one subprocess (one Connect server):
    {mode: {"shown", "exits", "error", "active"}}, and the options the stand-in saw per mode."""
    work = tmp_path_factory.mktemp("connect")
    notebooks = {mode: render_notebook(parse_config(MODES[mode])) for mode in CONNECT_MODES}
    # a read that fails must raise over Spark Connect too (here: an option the connector does not have)
    notebooks[BROKEN] = notebooks[CONNECT_MODES[0]].replace('.option("region"', '.option("regoin"')
    notebooks.update({name: consumer_notebook(ORG.consumers[name[4:]], one_pair=False) for name in ORG_CONNECT})
    (work / "notebooks.json").write_text(json.dumps(notebooks))
    before = len(_logged(standin_log, 0))
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.spark_connect_run", str(work / "notebooks.json"), str(work / "results.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,  # a hang (a client that cannot reach its server) fails the test instead of blocking CI
    )
    assert proc.returncode == 0, proc.stderr[-5000:]
    results = json.loads((work / "results.json").read_text())
    seen = _logged(standin_log, before)
    return results, seen, (started, time.time())


@pytest.fixture(scope="module")
def runs(spark, connect_runs):
    """Each mode's notebook run once: {mode: (cfg, shown, exits, options seen by the source)}."""
    session, log = spark
    out = {}
    for mode in CLASSIC_MODES:
        cfg = parse_config(MODES[mode])
        before = len(_logged(log, 0))
        started = time.time()
        shown, dbutils = run_notebook(session, render_notebook(cfg))
        print(f"{mode}: {time.time() - started:.1f}s")
        out[mode] = (cfg, shown, dbutils.exits, _logged(log, before), (started, time.time()))
    results, seen, when = connect_runs
    for mode in CONNECT_MODES:
        cfg = parse_config(MODES[mode])
        result = results[mode]
        assert result["error"] is None, f"{mode} over Spark Connect:\n{result['error']}"
        assert result["active"] == 0, f"{mode}: a query did not end by itself"
        streams = {s.name for s in cfg.kinesis_account.streams}
        out[mode] = (
            cfg,
            result["shown"],
            result["exits"],
            [o for o in seen if o["streamname"] in streams and "regoin" not in o],
            when,
        )
    return out


def test_each_mode_runs_on_the_session_of_its_cluster():
    assert CONNECT_MODES == ["service-credential", "service-credential-read"]
    assert [m for m in CLASSIC_MODES if parse_config(MODES[m]).databricks.auth != "instance-profile"] == []


@pytest.mark.parametrize("mode", list(MODES))
def test_notebook_reports_the_records_the_stand_in_gave_per_stream(runs, mode):
    cfg, shown, exits, _, _ = runs[mode]
    streams = [s.name for s in cfg.kinesis_account.streams]
    expected = {name: kinesis_standin.records_in(name) for name in streams}
    # the table: one row per stream, its count, and words that tell a read with data from one without
    assert shown == [[[name, n, "records read" if n else "NO RECORDS in the window"] for name, n in expected.items()]]
    (exit_value,) = exits
    reported = json.loads(exit_value)
    assert reported["access"] == {name: cfg.kinesis_account.access for name in streams}
    assert reported["records"] == expected
    assert reported["no_records"] == [name for name, n in expected.items() if n == 0]


def test_counts_span_several_batches_and_differ_per_stream():
    """The cases above prove the count adds every micro-batch and belongs to its stream."""
    counts = {name: kinesis_standin.records_in(name) for name in ("clicks", "orders.v2", "testStream")}
    assert max(counts.values()) > kinesis_standin.RECORDS_PER_BATCH
    assert len(set(counts.values())) == len(counts)
    assert kinesis_standin.records_in("empty-audit") == 0


def test_the_classic_session_is_not_connect_and_the_other_is(spark, connect_runs):
    session, _ = spark
    assert not type(session).__module__.startswith("pyspark.sql.connect")
    results, _, _ = connect_runs
    assert set(results) == {*CONNECT_MODES, BROKEN, *ORG_CONNECT}  # the subprocess asserts it is a Connect client


def test_a_failed_read_raises_over_spark_connect(connect_runs):
    results, _, _ = connect_runs
    broken = results[BROKEN]
    assert broken["error"] and "'regoin' is not an option" in broken["error"], broken
    assert broken["exits"] == [] and broken["shown"] == []  # no count is reported for a failed read


@pytest.mark.parametrize("mode", list(MODES))
def test_options_reach_the_source_per_mode(runs, mode):
    cfg, _, _, seen, (started, ended) = runs[mode]
    assert seen, "the stand-in source was never created"
    streams = {s.name for s in cfg.kinesis_account.streams}
    assert {opts["streamname"] for opts in seen} == streams
    for opts in seen:
        assert [name for name in opts if name != name.lower()] == []  # Spark hands the names over lower-cased
        assert opts["region"] == cfg.region
        if cfg.uses_service_credential:
            assert opts["servicecredential"] == names.credential_name(cfg)
            assert not {"rolearn", "roleexternalid", "rolesessionname", "stsendpoint"} & set(opts)
        else:
            assert opts["rolearn"] == cfg.kinesis_role_arn and "servicecredential" not in opts
        assert opts["maxfetchrate"] == "0.5"  # the validation read's fetch cap per shard
        if cfg.databricks.initial_position is None:
            # a bounded recent window: at_timestamp = when the notebook ran, minus the window
            start = json.loads(opts["initialposition"])
            assert start["format"] == "yyyy-MM-dd'T'HH:mm:ssZ"
            at = datetime.datetime.strptime(start["at_timestamp"], "%Y-%m-%dT%H:%M:%S%z").timestamp()
            window = cfg.databricks.validation_window_minutes * 60
            assert int(started) - window - 1 <= at <= ended - window, (start, started, ended)
        if not cfg.uses_service_credential:
            # given (read-efo, as an https URL) or not: the host of STS's regional endpoint of us-east-1
            assert opts["stsendpoint"] == "sts.us-east-1.amazonaws.com"
        assert (set(opts) >= EFO_OPTIONS) is (cfg.kinesis_account.access == "read-efo")
        assert not (EFO_OPTIONS & set(opts)) or opts["consumermode"] == "efo"
        if cfg.kinesis_account.access == "read-efo":  # the deployment's own consumer, which its role may manage
            assert opts["consumername"] == names.efo_consumer_name(cfg, "validate")
    if mode == "read-efo":
        assert {(o["roleexternalid"], o["stsendpoint"]) for o in seen} == {
            ("myExternalCode", "sts.us-east-1.amazonaws.com")
        }
    if mode == "read-write":
        assert {json.loads(o["initialposition"])["at_timestamp"] for o in seen} == {"2024-01-31T00:00:00+0000"}


def test_the_stand_in_refuses_what_the_connector_does_not_document(spark):
    """The stand-in is strict, so the runs above prove the option names: a misspelt, a missing or a foreign
    option, and EFO options in polling mode, all fail at load()."""
    session, _ = spark
    source = render_notebook(parse_config(MODES["read"]))
    broken = {
        "misspelt": source.replace('.option("roleSessionName"', '.option("roleSessionNam"'),
        "missing streamName": source.replace('.option("streamName", read["stream"])', ""),
        "EFO option without consumerMode efo": source.replace(
            '.option("initialPosition"', '.option("consumerName", "x")\n        .option("initialPosition"'
        ),
        "second way to authenticate": source.replace(
            '.option("initialPosition"', '.option("serviceCredential", "x")\n        .option("initialPosition"'
        ),
    }
    expected = {
        "misspelt": "'rolesessionnam' is not an option",
        "missing streamName": "'streamName' is required",
        "EFO option without consumerMode efo": "without consumerMode efo",
        "second way to authenticate": "one way to authenticate",
    }
    for name, text in broken.items():
        assert text != source, name
        with pytest.raises(Exception) as err:
            run_notebook(session, text)
        assert expected[name] in str(err.value), (name, str(err.value)[:2000])
    assert session.streams.active == []


def _org_expected(consumer: str) -> dict[str, int]:
    return {
        f"{ps.pair.source}/{stream.name}": kinesis_standin.records_in(stream.name)
        for ps in ORG.consumers[consumer].pairs
        for stream in ps.pair.cfg.kinesis_account.streams
    }


@pytest.fixture(scope="module")
def org_runs(spark, connect_runs):
    """Each organisation consumer's notebook: instance-profile consumers on the classic session, service-credential
    consumers over Spark Connect (with the one-pair notebooks, one server): {name: exit values}."""
    session, _ = spark
    out = {}
    for name in ORG_CLASSIC:
        _, dbutils = run_notebook(session, consumer_notebook(ORG.consumers[name[4:]], one_pair=False))
        out[name] = dbutils.exits
    results, _, _ = connect_runs
    for name in ORG_CONNECT:
        assert results[name]["error"] is None, f"{name} over Spark Connect:\n{results[name]['error']}"
        assert results[name]["active"] == 0, f"{name}: a query did not end by itself"
        out[name] = results[name]["exits"]
    return out


def test_the_organisation_example_has_consumers_of_both_modes():
    assert ORG_CONNECT and ORG_CLASSIC


@pytest.mark.parametrize("name", ORG_CLASSIC + ORG_CONNECT)
def test_organisation_notebook_reports_each_granted_stream(org_runs, name):
    """A consumer's notebook counts every stream of every pair (source/stream), from the query's progress."""
    (exit_value,) = org_runs[name]
    reported = json.loads(exit_value)
    expected = _org_expected(name[4:])
    assert reported["records"] == expected
    assert reported["no_records"] == [k for k, n in expected.items() if n == 0]


def test_a_local_checkpoint_root_is_refused_on_a_databricks_cluster(spark, monkeypatch, tmp_path):
    """The service-credential notebook runs on standard access mode, which refuses Spark access to local paths:
    on a Databricks cluster (DATABRICKS_RUNTIME_VERSION set) it stops before any read when the checkpoint root
    is not a Unity Catalog volume, with a message that names the volume to use."""
    session, _ = spark
    source = render_notebook(parse_config(MODES["service-credential-read"]))
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "16.4")
    for local in (f"file:{tmp_path}", str(tmp_path)):
        with pytest.raises(ValueError, match="not a Unity Catalog volume") as err:
            run_notebook(session, source, checkpoint_root=local)
        assert "WorkspaceLocalFileSystem" in str(err.value) and "/Volumes/" in str(err.value)
    assert list(tmp_path.iterdir()) == [] and session.streams.active == []
