"""What the README promises about the demo's timing follows from its schedule."""

import re
from pathlib import Path

from connector.sandbox import demo

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_the_readme_states_the_demos_bound_from_ship_to_completed():
    walk = README.split("A walk through:", 1)[1].split("\n\n", 1)[0]
    stated = re.search(r"`Completed`: about\s+a minute later \(at most (\d+) s", walk)
    assert stated, walk
    # A tick to confirm the shipment, then the next sync (due a minute after the last one,
    # run on a tick) completes it in the same run.
    assert demo.completion_bound() == demo.TICK_SECONDS + 60 + demo.TICK_SECONDS
    assert demo.completion_bound() <= int(stated.group(1))
