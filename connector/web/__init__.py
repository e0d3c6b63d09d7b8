"""Blueprints: health, integrator API, admin pages."""
