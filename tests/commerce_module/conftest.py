"""The Commerce companion module (``commerce-module/``), checked without a Magento installation.

Needs Debian's ``php-cli``, ``php-xml``, ``php-mbstring``, ``php-codesniffer`` (phpcs) and
``phpunit``: a missing one skips locally and fails under ``CONNECTOR_REQUIRE_ALL=1`` (CI).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "commerce-module"
HERE = Path(__file__).resolve().parent
TIMEOUT = 120  # seconds for one tool run


def tool(name: str, package: str) -> str:
    """The tool's path; skips (locally) or fails (CI) when it is not installed."""
    path = shutil.which(name)
    require(path is not None, f"{name} not installed (Debian package {package})")
    return path


def run(*args: str | Path, stdin: str | None = None,
        cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Runs a command to completion; its pipes are closed when this returns."""
    return subprocess.run([str(a) for a in args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=TIMEOUT, check=False)


@pytest.fixture(scope="session")
def php() -> str:
    return tool("php", "php-cli")


@pytest.fixture(scope="session")
def phpcs() -> str:
    return tool("phpcs", "php-codesniffer")


@pytest.fixture(scope="session")
def phpunit() -> str:
    return tool("phpunit", "phpunit")
