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
