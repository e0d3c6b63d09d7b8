"""The README keeps up with the code."""

import re
from pathlib import Path

from connector.config import VARIABLES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_the_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert first_block.strip().splitlines() == ["make run", "make test"]


def test_the_configuration_table_lists_every_variable_the_code_reads():
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(CONNECTOR_[A-Z_]+)` \|", section, flags=re.M)
    assert documented == [v.name for v in VARIABLES]


def test_every_connector_variable_in_the_code_is_declared():
    root = Path(__file__).resolve().parents[1]
    used = set()
    for path in [*root.glob("connector/**/*.py"), *root.glob("jobs/**/*.py"), root / "wsgi.py"]:
        if path.exists():
            used |= set(re.findall(r"\"(CONNECTOR_[A-Z_]+)\"", path.read_text()))
    cli_only = {"CONNECTOR_LWA_CLIENT_SECRET", "CONNECTOR_LWA_REFRESH_TOKEN",
                "CONNECTOR_COMMERCE_TOKEN", "CONNECTOR_TESTING"}
    assert used - cli_only <= {v.name for v in VARIABLES}
