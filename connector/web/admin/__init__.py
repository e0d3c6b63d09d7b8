"""Admin pages, embedded in the Commerce admin as an iframe."""


def init_app(app) -> None:
    """Register the admin pages on ``app``."""
