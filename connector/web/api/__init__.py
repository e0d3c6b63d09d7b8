"""Integrator API under ``/api/v1``."""


def init_app(app) -> None:
    """Register the integrator API on ``app``."""
