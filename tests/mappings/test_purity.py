"""The mappings stand alone: importing them loads nothing of the service but the internal
order model (``connector.domain``), and none of Flask, SQLAlchemy or requests."""

import subprocess
import sys


def test_mappings_import_nothing_from_connector_but_the_order_model():
    code = ("import sys, mappings, mappings.order, mappings.shipment, mappings.status; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('connector', 'flask', 'sqlalchemy', 'requests')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == str(["connector", "connector.domain", "connector.domain.order",
                          "connector.domain.statuses"])
