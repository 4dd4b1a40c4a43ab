"""Execute a generated notebook's source as Databricks would: one namespace, all cells in order, with the
Databricks-only names stubbed and nothing else (``display`` collects the table, ``dbutils.notebook.exit``
records its value). Shared by the classic and the Spark Connect runs."""

from __future__ import annotations


class Dbutils:
    """The one dbutils call the notebook makes: ``dbutils.notebook.exit(value)`` (recorded)."""

    def __init__(self):
        self.exits: list[str] = []
        self.notebook = self

    def exit(self, value: str) -> None:
        self.exits.append(value)


def run_notebook(spark_session, source: str) -> tuple[list[list[list]], Dbutils]:
    shown: list[list[list]] = []
    dbutils = Dbutils()
    namespace = {
        "__name__": "__main__",
        "spark": spark_session,
        "dbutils": dbutils,
        "display": lambda df: shown.append([list(row) for row in df.collect()]),
    }
    exec(compile(source, "validate_kinesis.py", "exec"), namespace)  # the generated notebook
    return shown, dbutils
