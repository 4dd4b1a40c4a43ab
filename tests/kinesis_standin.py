"""A STAND-IN for Databricks' Kinesis connector: a Python streaming data source registered as ``kinesis``.

It is not the connector and talks to no AWS API. It lets the generated notebook run in real PySpark
(tests/test_notebook_spark.py) and checks what only our side decides: the Spark code (bounded read, counting
sink) and the option names and values the notebook passes. It accepts only the connector's documented options,
fails on a missing required one and on one that does not belong to the chosen mode, and yields a few records
with the connector's schema. What the real connector does with the options, only a workspace shows.

Sources of the option names (Databricks docs): "Connect to Amazon Kinesis" (streamName, region, initialPosition,
the fetch options, awsAccessKey/awsSecretKey, roleArn/roleExternalId/roleSessionName, serviceCredential on
Runtime 16.1+), "Enhanced fan-out for Kinesis" and the read_kinesis reference (endpoint, stsEndpoint,
consumerMode polling|efo, consumerName, registerConsumerTimeoutInterval, requireConsumerDeregistration).
Spark hands a data source its options with lower-cased names (case-insensitive options), so they are compared
lower-cased here.

Each instance appends the options it was given, as one JSON line, to the file named by ``KINESIS_STANDIN_LOG``
(if set): the source runs in Spark's Python workers, not in the test process.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterator, Mapping

from pyspark.sql.datasource import DataSource, DataSourceStreamReader, InputPartition
from pyspark.sql.streaming.datasource import ReadAllAvailable, ReadLimit, ReadMaxRows, SupportsTriggerAvailableNow

LOG_ENV = "KINESIS_STANDIN_LOG"
# At most this many records per micro-batch (the stand-in's read limit), so that a stream with more records is read
# in several batches and a count must add up every batch's progress.
RECORDS_PER_BATCH = 3
EMPTY_PREFIX = "empty"  # a stream whose name starts with this holds no records


def records_in(stream: str) -> int:
    """How many records the stand-in gives for a stream: 0 for an ``empty...`` stream, else 1-8 by its name
    (different streams, different counts: a count reported for the wrong stream shows)."""
    if stream.startswith(EMPTY_PREFIX):
        return 0
    return sum(stream.encode()) % 8 + 1


SCHEMA = (
    "partitionKey string, data binary, stream string, shardId string, sequenceNumber string, "
    "approximateArrivalTimestamp timestamp"
)

# Documented options, lower-cased, by what they belong to.
COMMON = {
    "streamname",
    "region",
    "endpoint",
    "initialposition",
    "maxrecordsperfetch",
    "maxfetchrate",
    "maxfetchduration",
    "fetchbuffersize",
    "shardspertask",
    "shardfetchinterval",
    "consumermode",
}
ROLE = {"rolearn", "roleexternalid", "rolesessionname", "stsendpoint"}
KEYS = {"awsaccesskey", "awssecretkey"}
SERVICE_CREDENTIAL = {"servicecredential"}
EFO_ONLY = {"consumername", "registerconsumertimeoutinterval", "requireconsumerderegistration"}
DOCUMENTED = COMMON | ROLE | KEYS | SERVICE_CREDENTIAL | EFO_ONLY
POSITIONS = {"latest", "trim_horizon", "earliest"}
CONSUMER_MODES = {"polling", "efo"}


def option_problems(options: Mapping[str, str]) -> list[str]:
    """What is wrong with the options a notebook gives ``format("kinesis")``, per the connector's docs."""
    names = {k.lower(): v for k, v in options.items()}
    problems = [f"{name!r} is not an option of the Kinesis connector" for name in sorted(set(names) - DOCUMENTED)]
    if "streamname" not in names:
        problems.append("'streamName' is required")
    auth = [
        kind
        for kind, keys in (
            ("roleArn", ROLE),
            ("awsAccessKey/awsSecretKey", KEYS),
            ("serviceCredential", SERVICE_CREDENTIAL),
        )
        if keys & set(names)
    ]
    if len(auth) > 1:
        problems.append(f"one way to authenticate, not {' and '.join(auth)}")
    if (ROLE - {"rolearn"}) & set(names) and "rolearn" not in names:
        problems.append("roleExternalId, roleSessionName and stsEndpoint belong to roleArn, which is missing")
    if bool(KEYS & set(names)) and not set(names) >= KEYS:
        problems.append("awsAccessKey and awsSecretKey go together")
    if not auth:
        problems.append("no credentials given (the stand-in has no default credential chain)")
    mode = names.get("consumermode", "polling").lower()
    if mode not in CONSUMER_MODES:
        problems.append(f"consumerMode {names['consumermode']!r} is not one of polling, efo")
    elif mode != "efo" and EFO_ONLY & set(names):
        problems.append(
            f"{', '.join(sorted(EFO_ONLY & set(names)))}: enhanced fan-out options without consumerMode efo"
        )
    if names.get("requireconsumerderegistration", "false") not in ("true", "false"):
        problems.append("requireConsumerDeregistration is 'true' or 'false'")
    position = names.get("initialposition", "latest")
    if position.lower() not in POSITIONS:
        try:
            start = json.loads(position)
            ok = isinstance(start, dict) and set(start) == {"at_timestamp", "format"}
        except ValueError:
            ok = False
        if not ok:
            problems.append(
                f"initialPosition {position!r}: one of latest, trim_horizon, earliest or "
                f'a JSON object {{"at_timestamp": ..., "format": ...}}'
            )
    return problems


class _Reader(DataSourceStreamReader, SupportsTriggerAvailableNow):
    """``records_in(stream)`` records, at most RECORDS_PER_BATCH per micro-batch: a bounded (availableNow) read
    ends after them."""

    def __init__(self, options: Mapping[str, str]):
        self.stream = options["streamname"]

    def initialOffset(self) -> dict:
        return {"sequence": 0}

    def prepareForTriggerAvailableNow(self) -> None:
        pass  # the stand-in's records never change: the target is always records_in(stream)

    def getDefaultReadLimit(self) -> ReadLimit:
        return ReadMaxRows(RECORDS_PER_BATCH)

    def latestOffset(self, start: dict, limit: ReadLimit) -> dict:
        total = records_in(self.stream)
        if isinstance(limit, ReadAllAvailable):
            return {"sequence": total}
        assert isinstance(limit, ReadMaxRows), limit
        return {"sequence": min(start["sequence"] + limit.max_rows, total)}

    def partitions(self, start: dict, end: dict):
        return [InputPartition((start["sequence"], end["sequence"]))]

    def read(self, partition) -> Iterator[tuple]:
        first, end = partition.value
        arrival = datetime.datetime(2024, 1, 31)
        for seq in range(first, end):
            yield (f"pk-{seq}", f"record {seq}".encode(), self.stream, "shardId-000000000000", str(seq), arrival)

    def commit(self, end: dict) -> None:
        pass


class KinesisStandIn(DataSource):
    """Registered as ``kinesis``: refuses options the connector does not document for the chosen mode."""

    @classmethod
    def name(cls) -> str:
        return "kinesis"

    def __init__(self, options):
        super().__init__(options)
        log = os.environ.get(LOG_ENV)
        if log:
            with open(log, "a", encoding="utf-8") as f:
                f.write(json.dumps(dict(options), sort_keys=True) + "\n")
        problems = option_problems(options)
        if problems:
            raise ValueError("kinesis stand-in: " + "; ".join(problems))

    def schema(self) -> str:
        return SCHEMA

    def streamReader(self, schema) -> DataSourceStreamReader:
        return _Reader(self.options)
