"""The contract suite reads the shared fixtures in place; it never copies them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(os.environ.get("CONNECTOR_CONTRACT_FIXTURES") or ROOT.parent / "shared" /
                "fixtures")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/contract/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.contract)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    require((FIXTURES / "sp-api").is_dir() and (FIXTURES / "commerce").is_dir(),
            f"contract fixtures not found at {FIXTURES} (set CONNECTOR_CONTRACT_FIXTURES)")
    return FIXTURES


@pytest.fixture(scope="session")
def load_fixture(fixtures_dir):
    def load(relative: str):
        return json.loads((fixtures_dir / relative).read_text())

    return load
