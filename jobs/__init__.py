"""Scheduled jobs: which lifecycle function runs when, under a per-store lease."""
