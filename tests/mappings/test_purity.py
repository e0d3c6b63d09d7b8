"""The mappings stand alone: importing them loads nothing of the service."""

import subprocess
import sys


def test_mappings_import_nothing_from_connector():
    code = ("import sys, mappings, mappings.order, mappings.shipment, mappings.status; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('connector', 'flask', 'sqlalchemy', 'requests')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"
