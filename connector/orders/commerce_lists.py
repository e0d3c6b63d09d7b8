"""Store views and processing statuses read from Commerce for the Order settings form.

Kept for a few minutes per store so the form opens fast; when Commerce cannot be reached the
form still works with the values saved before, and says why the lists are missing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from connector.commerce import CommerceError
from connector.domain import CommerceState
from connector.models import Store
from connector.orders.services import Services

TTL_SECONDS = 300


@dataclass(frozen=True)
class CommerceLists:
    store_views: list[dict] | None  # [{"code", "name"}]; None: Commerce unreachable
    processing_statuses: list[dict] | None  # [{"status", "label"}]
    problem: str | None = None

    @property
    def store_view_codes(self) -> list[str] | None:
        return None if self.store_views is None else [v["code"] for v in self.store_views]

    @property
    def processing_status_codes(self) -> list[str] | None:
        return (None if self.processing_statuses is None
                else [s["status"] for s in self.processing_statuses])


class CommerceListsCache:
    def __init__(self, ttl: float = TTL_SECONDS):
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[int, tuple[float, CommerceLists]] = {}

    def get(self, svc: Services, store: Store) -> CommerceLists:
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(store.id)
            if entry is not None and now - entry[0] < self.ttl:
                return entry[1]
        lists = read_lists(svc, store)
        if lists.problem is None:  # an outage is not remembered: the next visit asks again
            with self._lock:
                self._entries[store.id] = (now, lists)
        return lists

    def forget(self, store_id: int) -> None:
        with self._lock:
            self._entries.pop(store_id, None)


def read_lists(svc: Services, store: Store) -> CommerceLists:
    """Each list on its own: a Commerce without the companion module still lists its store
    views, only not its order statuses."""
    try:
        commerce = svc.commerce_for(store, for_page=True)
    except (CommerceError, ValueError) as exc:
        return CommerceLists(None, None, f"Commerce could not be reached ({exc}).")
    views = statuses = None
    problems: list[str] = []
    try:
        try:
            views = [{"code": v["code"], "name": v.get("name") or v["code"]}
                     for v in commerce.store_views() if v.get("code") != "admin"]
        except CommerceError as exc:
            problems.append(f"store views ({exc})")
        try:
            statuses = [{"status": s["status"], "label": s.get("label") or s["status"]}
                        for s in commerce.order_statuses()
                        if s.get("state") == CommerceState.PROCESSING]
        except CommerceError as exc:
            problems.append(f"order statuses ({exc})")
    finally:
        commerce.close()
    problem = ("Commerce could not be reached for " + " and ".join(problems) + "."
               if problems else None)
    return CommerceLists(views, statuses, problem)
