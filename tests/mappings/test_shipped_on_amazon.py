"""Units Amazon shipped that Commerce has not -> the Commerce shipment that records them."""

from connector.domain import OrderStatus
from mappings import made_on_amazon, shipment_for_amazon_shipped
from tests.mappings.builders import item, order


def commerce_item(item_id, amazon_id, ordered, shipped=0, **extra):
    return {"item_id": item_id, "ext_order_item_id": amazon_id, "qty_ordered": ordered,
            "qty_shipped": shipped, **extra}


def lines(body):
    return None if body is None else [(x["order_item_id"], x["qty"]) for x in body["items"]]


def test_a_shipped_order_ships_every_unit_commerce_did_not():
    amazon = order([item("A", "MUG", qty=2), item("B", "PLATE", qty=3)],
                   status=OrderStatus.SHIPPED)
    body = shipment_for_amazon_shipped(amazon, [commerce_item(1, "A", 2, shipped=2),
                                                commerce_item(2, "B", 3.0, shipped="1.0000")])
    assert lines(body) == [(2, 2)]
    assert body["notify"] is False
    assert made_on_amazon({"comments": [body["comment"]]})


def test_a_partly_shipped_order_ships_what_amazon_counts_as_shipped():
    amazon = order([item("A", "MUG", qty=4, quantity_shipped=1), item("B", "PLATE", qty=1)],
                   status=OrderStatus.PARTIALLY_SHIPPED)
    assert lines(shipment_for_amazon_shipped(amazon, [commerce_item(1, "A", 4),
                                                      commerce_item(2, "B", 1)])) == [(1, 1)]


def test_nothing_to_record_is_none():
    amazon = order([item("A", "MUG", qty=2)], status=OrderStatus.SHIPPED)
    assert shipment_for_amazon_shipped(amazon, [commerce_item(1, "A", 2, shipped=2)]) is None
    # Canceled or refunded units are not shipped; items not linked to Amazon are left alone.
    assert shipment_for_amazon_shipped(amazon, [
        commerce_item(1, "A", 2, qty_canceled=2), commerce_item(3, None, 5),
        commerce_item(4, "A", 1, parent_item_id=1)]) is None


def test_only_the_marked_comment_counts():
    assert not made_on_amazon({"comments": [{"comment": "Left at the door."}]})
    assert not made_on_amazon({"comments": None})
    assert not made_on_amazon({})
