"""The generated notebook, run: every access mode's notebook executes in real PySpark 4 against a STAND-IN
streaming source named ``kinesis`` (tests/kinesis_standin.py: it checks our Spark code and the option names
and values we pass, not Databricks' connector). One local Spark session for all modes.

Databricks-only helpers are stubbed (``display``, ``dbutils``) and nothing else: the read, the bounded trigger,
the counting sink and the per-stream result are Spark's own. Each query must end by itself.
"""

from __future__ import annotations

import json
import sys
import time

import pytest

from kinesis_xacct.config import parse_config
from kinesis_xacct.render.templates import render_notebook

from . import kinesis_standin
from .helpers import SEED, SERVICE_CREDENTIAL, variant

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
    # databricks.auth service-credential (issue 12): serviceCredential instead of roleArn, with EFO
    "service-credential": variant(SERVICE_CREDENTIAL, **{"kinesis_account.access": "read-efo"}),
}
EFO_OPTIONS = {"consumermode", "consumername", "requireconsumerderegistration"}


class Dbutils:
    """The one dbutils call the notebook makes: ``dbutils.notebook.exit(value)`` (recorded)."""

    def __init__(self):
        self.exits: list[str] = []
        self.notebook = self

    def exit(self, value: str) -> None:
        self.exits.append(value)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    log = tmp_path_factory.mktemp("standin") / "options.jsonl"
    with pytest.MonkeyPatch.context() as mp:
        # Spark's Python workers: this interpreter (the venv's), and where the stand-in logs its options.
        mp.setenv("PYSPARK_PYTHON", sys.executable)
        mp.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        mp.setenv(kinesis_standin.LOG_ENV, str(log))
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
        yield session, log
        session.stop()


def run_notebook(spark_session, source: str) -> tuple[list[list[tuple]], Dbutils]:
    """Execute a notebook's source as Databricks would (one namespace, all cells in order)."""
    shown: list[list[tuple]] = []
    dbutils = Dbutils()
    namespace = {
        "__name__": "__main__",
        "spark": spark_session,
        "dbutils": dbutils,
        "display": lambda df: shown.append([tuple(row) for row in df.collect()]),
    }
    exec(compile(source, "validate_kinesis.py", "exec"), namespace)  # noqa: S102 - the generated notebook
    return shown, dbutils


def _logged(log, since: int) -> list[dict]:
    lines = log.read_text().splitlines() if log.exists() else []
    return [json.loads(line) for line in lines[since:]]


@pytest.fixture(scope="module")
def runs(spark):
    """Each mode's notebook run once: {mode: (shown, dbutils, options seen by the source, seconds)}."""
    session, log = spark
    out = {}
    for mode, data in MODES.items():
        cfg = parse_config(data)
        before = len(_logged(log, 0))
        started = time.monotonic()
        shown, dbutils = run_notebook(session, render_notebook(cfg))
        took = time.monotonic() - started
        print(f"{mode}: {took:.1f}s")
        out[mode] = (cfg, shown, dbutils, _logged(log, before), took)
    return out


@pytest.mark.parametrize("mode", list(MODES))
def test_notebook_runs_to_its_end_and_reports_each_stream(runs, spark, mode):
    cfg, shown, dbutils, _, _ = runs[mode]
    streams = [s.name for s in cfg.kinesis_account.streams]
    expected = {name: kinesis_standin.RECORDS_PER_STREAM for name in streams}
    assert shown == [[(name, kinesis_standin.RECORDS_PER_STREAM) for name in streams]]
    assert [json.loads(v) for v in dbutils.exits] == [{"access": cfg.kinesis_account.access, "records": expected}]
    session, _ = spark
    assert session.streams.active == []  # every query ended by itself (availableNow)


@pytest.mark.parametrize("mode", list(MODES))
def test_options_reach_the_source_per_mode(runs, mode):
    cfg, _, _, seen, _ = runs[mode]
    assert seen, "the stand-in source was never created"
    streams = {s.name for s in cfg.kinesis_account.streams}
    assert {opts["streamname"] for opts in seen} == streams
    for opts in seen:
        assert all(name == name.lower() for name in opts)  # Spark hands the names over lower-cased
        assert opts["region"] == cfg.region
        if cfg.uses_service_credential:
            assert opts["servicecredential"] == cfg.databricks.service_credential_name
            assert not {"rolearn", "roleexternalid", "rolesessionname", "stsendpoint"} & set(opts)
        else:
            assert opts["rolearn"] == cfg.kinesis_role_arn and "servicecredential" not in opts
        assert (set(opts) >= EFO_OPTIONS) is (cfg.kinesis_account.access == "read-efo")
        assert not (EFO_OPTIONS & set(opts)) or opts["consumermode"] == "efo"
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
        "missing streamName": source.replace('.option("streamName", stream_name)', ""),
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
