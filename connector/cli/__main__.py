"""``python -m connector.cli``: the ``connector`` command."""

from connector.cli import main

main()
