"""The architecture's arrows (``[importlinter]`` in setup.cfg) hold, and breaking one is caught.

The contracts are what keeps the lifecycle the one application layer: pages, jobs and the CLI
call its exported entry points, the clients know no rules, the mappings stay pure, and nothing
of the product imports the stand-ins."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(root / "setup.cfg"),
                           "--no-cache"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    for package in ("connector", "mappings", "jobs"):
        shutil.copytree(ROOT / package, copy / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "setup.cfg", copy / "setup.cfg")
    return copy


VIOLATIONS = [
    ("connector/web/admin/stores.py", "from connector.commerce import CommerceError",
     "Pages, jobs and the CLI reach Amazon and Commerce only through the lifecycle"),
    ("connector/web/api/views.py", "from connector.orders.importer import import_orders",
     "Pages, jobs and the CLI call only the entry points connector.orders exports"),
    ("jobs/scheduler.py", "from sqlalchemy import select",
     "Pages and jobs run no SQL"),
    ("connector/orders/runner.py", "import jobs.scheduler",
     "The lifecycle knows nothing of who calls it"),
    ("mappings/order.py", "from connector.models import AmazonOrder",
     "Mappings are pure"),
    ("connector/commerce/client.py", "from connector.amazon import AmazonClient",
     "The Amazon and Commerce clients know nothing of each other"),
    ("connector/orders/importer.py", "from connector.sandbox import demo",
     "Production code never imports the stand-ins"),
    ("connector/sandbox/amazon/contract.py", "from connector.amazon.parse import parse_time",
     "The Amazon stand-in uses none of the Amazon client"),
    ("connector/sandbox/commerce/app.py", "from connector.commerce import CommerceClient",
     "The Commerce stand-in uses none of the Commerce client"),
]


@pytest.mark.parametrize("module, line, contract", VIOLATIONS,
                         ids=[v[0].rsplit("/", 1)[-1] + "->" + v[1].split()[1]
                              for v in VIOLATIONS])
def test_a_deliberate_violation_breaks_its_contract(copy_of_the_code, module, line, contract):
    target = copy_of_the_code / module
    original = target.read_text()
    target.write_text(original + f"\n{line}  # noqa\n")
    try:
        result = lint_imports(copy_of_the_code)
    finally:
        target.write_text(original)
    assert result.returncode != 0
    broken = [text for text in result.stdout.splitlines() if " BROKEN" in text or
              text.rstrip().endswith("BROKEN")]
    assert any(text.startswith(contract) for text in broken), result.stdout
