"""The Tracking tab: an order's shipments as Commerce has them (item, quantity, carrier,
tracking number), or what was confirmed to Amazon when Commerce cannot be reached."""

from __future__ import annotations

from dataclasses import dataclass, field

from connector.commerce import CommerceError
from connector.models import AmazonOrder, ConfirmedShipment, Store
from connector.orders.services import Services


@dataclass(frozen=True)
class Tracking:
    rows: list[dict] = field(default_factory=list)
    #: Why the rows come from the confirmations instead of Commerce.
    problem: str | None = None


def order_tracking(svc: Services, store: Store, row: AmazonOrder,
                   confirmed: list[ConfirmedShipment]) -> Tracking:
    if row.commerce_order_id is None:
        return Tracking()
    try:
        commerce = svc.commerce_for(store, for_page=True)
        try:
            shipments = list(commerce.search_shipments(order_id=row.commerce_order_id))
        finally:
            commerce.close()
    except CommerceError as exc:
        return Tracking([{"title": "—", "qty": None, "carrier_code": c.carrier_code,
                          "method": None, "tracking_number": c.tracking_number}
                         for c in confirmed],
                        f"Commerce could not be reached ({exc}); showing the shipments "
                        "confirmed to Amazon.")
    rows = []
    for shipment in shipments:
        tracks = shipment.get("tracks") or [{}]
        for item in shipment.get("items") or [{}]:
            for track in tracks:
                rows.append({"title": item.get("name") or item.get("sku") or "—",
                             "qty": item.get("qty"), "carrier_code": track.get("carrier_code"),
                             "method": track.get("title"),
                             "tracking_number": track.get("track_number")})
    return Tracking(rows)
