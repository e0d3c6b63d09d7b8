"""The Commerce sandbox and the connector's Commerce client keep to themselves: neither loads
the other, so the sandbox judges the client's requests with a reading of the contract the
client does not share."""

from __future__ import annotations

import subprocess
import sys


def loaded_after_import(module: str) -> set[str]:
    script = (f"import sys, {module}; "
              "print(' '.join(m for m in sys.modules if m.startswith('connector.')))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    return set(run.stdout.split())


def test_the_sandbox_and_the_commerce_client_load_nothing_of_each_other():
    sandbox = loaded_after_import("connector.sandbox.commerce")
    assert "connector.sandbox.commerce" in sandbox
    assert {m for m in sandbox if m.startswith("connector.commerce")} == set()
    client = loaded_after_import("connector.commerce")
    assert "connector.commerce.client" in client
    assert {m for m in client if m.startswith("connector.sandbox")} == set()
