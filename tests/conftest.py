"""Fixtures shared by the test modules. Tool-specific fixtures live beside the tests that use them."""

from __future__ import annotations

import pytest

from .emulator import start_emulator


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    """One moto server for the session, on a free 127.0.0.1 port; stopped at the end."""
    emu = start_emulator(tmp_path_factory.mktemp("moto") / "moto.log")
    yield emu
    emu.stop()


# Modules whose setup is long (real deploys against the emulator) start first, so that with
# `pytest -n 2 --dist loadfile` (make test) the rest of the suite runs beside them.
SLOW_FIRST = (
    "test_adopt_emulator.py",
    "test_deploy_emulator.py",
    "test_make_targets_emulator.py",
    "test_verify_emulator.py",
    "test_demo.py",
    "test_newcomer.py",
    "test_service_credential_emulator.py",
    "test_cdktn.py",
    "test_remote_state.py",
    "test_security.py",
    "test_fast_import.py",
    "test_notebook_spark.py",
    "test_provider_locks.py",
    "test_examples.py",
)


# `make test-fast` leaves these out (-m 'not emulator and not spark'): tests that deploy on the emulator (its
# fixture, or the demo's own) and the notebook runs on Spark.
EMULATOR_MODULES = ("test_demo.py",)
SPARK_MODULES = ("test_notebook_spark.py",)


def pytest_configure(config):
    config.addinivalue_line("markers", "emulator: deploys on the AWS emulator (left out by make test-fast)")
    config.addinivalue_line("markers", "spark: runs a notebook on Spark (left out by make test-fast)")


def pytest_collection_modifyitems(items):
    for item in items:
        if "emulator" in getattr(item, "fixturenames", ()) or item.path.name in EMULATOR_MODULES:
            item.add_marker(pytest.mark.emulator)
        if item.path.name in SPARK_MODULES:
            item.add_marker(pytest.mark.spark)

    def rank(item):
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)
