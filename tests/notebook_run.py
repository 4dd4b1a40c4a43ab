"""Execute a generated notebook's source as Databricks would: one namespace, all cells in order, with the
Databricks-only names stubbed and nothing else (``display`` collects the table, ``dbutils.notebook.exit``
records its value, ``dbutils.widgets`` answers the injected checkpoint root, ``dbutils.fs.rm`` removes a local
folder). Shared by the classic and the Spark Connect runs.

The checkpoint root is injected through the notebook's widget, as a job's ``base_parameters`` would: a local
temporary folder here, where the deployed notebook uses its default (service-credential mode: the Unity Catalog
volume; dedicated access mode: the driver's local disk)."""

from __future__ import annotations

import os
import shutil
import tempfile


class Widgets:
    """``dbutils.widgets``: ``text`` declares a widget with its default, ``get`` answers the injected value."""

    def __init__(self, values: dict[str, str]):
        self.values = dict(values)
        self.defaults: dict[str, str] = {}

    def text(self, name: str, default: str, label: str = "") -> None:
        self.defaults[name] = default

    def get(self, name: str) -> str:
        return self.values.get(name, self.defaults[name])


class Fs:
    """``dbutils.fs.rm(path, recurse)`` on the local file system (``file:`` or a plain path)."""

    def __init__(self):
        self.removed: list[str] = []

    def rm(self, path: str, recurse: bool = False) -> bool:
        local = path.removeprefix("file:")
        self.removed.append(path)
        if os.path.isdir(local) and recurse:
            shutil.rmtree(local)
            return True
        return False


class Dbutils:
    """The dbutils calls the notebook makes: ``notebook.exit(value)`` (recorded), ``widgets``, ``fs.rm``."""

    def __init__(self, widgets: dict[str, str] | None = None):
        self.exits: list[str] = []
        self.notebook = self
        self.widgets = Widgets(widgets or {})
        self.fs = Fs()

    def exit(self, value: str) -> None:
        self.exits.append(value)


def run_notebook(spark_session, source: str, checkpoint_root: str | None = None) -> tuple[list[list[list]], Dbutils]:
    """Run ``source``; its checkpoints go below ``checkpoint_root`` (default: a fresh temporary folder, which
    must be empty again when the run ends: the notebook removes its run's folder)."""
    shown: list[list[list]] = []
    own_root = checkpoint_root is None
    root = checkpoint_root if checkpoint_root is not None else tempfile.mkdtemp(prefix="kinesis-xacct-checkpoints-")
    dbutils = Dbutils({"checkpoint_root": root})
    namespace = {
        "__name__": "__main__",
        "spark": spark_session,
        "dbutils": dbutils,
        "display": lambda df: shown.append([list(row) for row in df.collect()]),
    }
    try:
        exec(compile(source, "validate_kinesis.py", "exec"), namespace)  # the generated notebook
        if own_root:
            left = os.listdir(root)
            assert left == [], f"the notebook left checkpoint folders behind: {left}"
    finally:
        if own_root:
            shutil.rmtree(root, ignore_errors=True)
    return shown, dbutils
