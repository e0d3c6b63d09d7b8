"""``gunicorn wsgi:app``: the web app alone (run the scheduler with ``connector scheduler``)."""

import sys

from connector import create_app
from connector.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    sys.exit(f"error: {exc}")
