"""Run generated notebooks over SPARK CONNECT, as standard access mode runs them: a local Spark Connect server
(``SparkSession.builder.remote("local[1]")``) in this process, the stand-in ``kinesis`` source registered over
the connection, and each notebook executed as Databricks would (one namespace, all cells in order).

Run in a subprocess of its own by tests/test_notebook_spark.py: a Connect server and the classic session of
the other modes cannot share one Python process (both own the process's one SparkContext).

    python -m tests.spark_connect_run <notebooks.json> <results.json>

``notebooks.json``: {name: notebook source}; ``results.json``: {name: {"shown": [...], "exits": [...],
"error": text or null, "active": number of streams still active}}.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

from . import kinesis_standin
from .notebook_run import run_notebook


def main(notebooks_path: str, results_path: str) -> None:
    from pyspark import cloudpickle
    from pyspark.sql import SparkSession

    cloudpickle.register_pickle_by_value(kinesis_standin)  # the server's Python workers need not import tests/
    # An ephemeral port, not Connect's fixed 15002, so that another run on the same machine (another checkout's
    # tests, a second CI job) cannot collide with this one: PySpark's own testing switch binds the local server to
    # port 0 and lets the client ask the server which port it got (pyspark.sql.connect.session
    # _start_connect_server and client.core.DefaultChannelBuilder.default_port, SPARK-42272). Setting only
    # spark.connect.grpc.binding.port=0 would leave the client dialling 15002 and waiting forever.
    os.environ["SPARK_TESTING"] = "1"
    session = (
        SparkSession.builder.remote("local[1]")
        .appName("kinesis-xacct-notebook-connect")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    assert type(session).__module__.startswith("pyspark.sql.connect"), type(session)  # a Connect client session
    session.dataSource.register(kinesis_standin.KinesisStandIn)
    with open(notebooks_path, encoding="utf-8") as f:
        notebooks = json.load(f)
    results = {}
    for name, source in notebooks.items():
        try:
            shown, dbutils = run_notebook(session, source)
            results[name] = {"shown": shown, "exits": dbutils.exits, "error": None}
        except Exception:  # reported to the test, which decides
            results[name] = {"shown": [], "exits": [], "error": traceback.format_exc()}
        results[name]["active"] = len(session.streams.active)
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f)
    session.stop()


if __name__ == "__main__":
    main(*sys.argv[1:])
