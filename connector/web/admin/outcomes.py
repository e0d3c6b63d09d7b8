"""What a retry did, in the merchant's words (after a SKU match or an address fix)."""

from __future__ import annotations

from connector.orders import ImportOutcome


def describe_outcome(outcome: ImportOutcome, latest_note: str | None = None
                     ) -> tuple[str, str]:
    """(message, kind) for a flash; kind is ``success``, ``warning`` or ``error``."""
    if outcome.stopped_by is not None:
        what = "Commerce" if outcome.stopped_by.source == "commerce" else \
            "Amazon" if outcome.stopped_by.source == "amazon" else "The database"
        return (f"{what} could not be reached to import it now; it will be retried at the "
                "next sync.", "warning")
    created = outcome.get("created") + outcome.get("already_imported")
    blocked = outcome.get("blocked")
    queued = outcome.get("queued")
    failed = outcome.get("failed")
    parts, kind = [], "success"
    if created:
        parts.append(f"{created} order{'s' if created != 1 else ''} imported into Commerce.")
    if blocked:
        kind = "warning"
        still = f"{blocked} order{'s are' if blocked != 1 else ' is'} still blocked"
        parts.append(f"{still}: {latest_note}" if latest_note and blocked == 1 else f"{still}.")
    if queued:
        parts.append(f"A sync is running: {queued} order{'s' if queued != 1 else ''} will be "
                     "retried by it.")
    if failed:
        kind = "warning"
        parts.append("Commerce could not be reached; the order will be retried on the next "
                     "sync.")
    if not parts:
        parts.append("Nothing needed importing.")
    return " ".join(parts), kind
