"""The regions a store's Commerce knows, and normalising an order's address before import.

Commerce's region list (its directory) is read once an hour per store and kept on the
``Services``; a Commerce too old for the directory route, or one that cannot be reached while a
page checks an address, leaves the ISO 3166-2 list (``mappings.regions.iso_regions``).
"""

from __future__ import annotations

import time
from dataclasses import replace

from connector.commerce import CommerceAuthError, CommerceClient, CommerceError, CommerceNotFound
from connector.domain import BlockReason, Order
from connector.models import AmazonOrder, Store
from connector.orders.outcomes import OrderBlocked
from connector.orders.records import add_note
from connector.orders.services import Services
from connector.orders.snapshot import dump_order
from mappings.address_normalisation import (
    Normalised,
    describe_changes,
    describe_problem,
    normalise_address,
)
from mappings.regions import RegionList, iso_regions

TTL_SECONDS = 3600


def _cached(svc: Services, store_id: int) -> RegionList | None:
    entry = svc.regions.get(store_id)
    if entry is not None and time.monotonic() - entry[0] < TTL_SECONDS:
        return entry[1]
    return None


def regions_from(svc: Services, store_id: int, commerce: CommerceClient) -> RegionList:
    """The store's Commerce region list (cached). A Commerce without the directory route
    gives the ISO list; other failures propagate (the run's outcome policy decides)."""
    found = _cached(svc, store_id)
    if found is not None:
        return found
    try:
        found = RegionList.from_commerce(commerce.directory_countries())
    except (CommerceNotFound, CommerceAuthError):
        found = iso_regions()
    svc.regions[store_id] = (time.monotonic(), found)
    return found


def regions_for_page(svc: Services, store: Store) -> RegionList:
    """For a page checking an address: Commerce's list, or the ISO list when Commerce cannot
    be reached now (the import checks again with Commerce's own)."""
    found = _cached(svc, store.id)
    if found is not None:
        return found
    commerce = svc.commerce_for(store, for_page=True)
    try:
        return regions_from(svc, store.id, commerce)
    except CommerceError:
        return iso_regions()
    finally:
        commerce.close()


def normalised_order(svc: Services, row_id: int, order: Order, regions: RegionList) -> Order:
    """The order with its shipping address normalised for Commerce; what changed is kept on
    the row (the order's page shows it) with a note. ``OrderBlocked`` names a field that
    cannot be normalised."""
    result: Normalised = normalise_address(order.shipping_address, regions)
    if result.problems:
        raise OrderBlocked(f"Cannot create sales order: {describe_problem(result.problems[0])} "
                           "Correct the address and click Save Order.", BlockReason.ADDRESS)
    if not result.changes:
        return order
    normalised = replace(order, shipping_address=result.address)
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        known = {c["field"]: c for c in row.address_normalised or []}
        for change in result.changes:
            first = known.get(change.field)
            known[change.field] = {"field": change.field, "label": change.label,
                                   "before": first["before"] if first else change.before,
                                   "after": change.after}
        row.address_normalised = list(known.values())
        data = dump_order(normalised)
        row.shipping_address = dict(data["shipping_address"])
        row.order_data = data
        add_note(session, row, "Shipping address normalised for Commerce: "
                               f"{describe_changes(result.changes)}.", svc.clock())
    return normalised
