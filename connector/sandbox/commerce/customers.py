"""Customer accounts, for merchants who import Amazon buyers as customers: an email is unique
per website, as Magento's account management enforces.
"""

from __future__ import annotations

import copy

from connector.sandbox.commerce.errors import CUSTOMER_EXISTS, MagentoError
from connector.sandbox.commerce.orders import now
from connector.sandbox.commerce.state import CommerceState


def create(state: CommerceState, body: dict, store: dict) -> dict:
    """``POST /V1/customers``: the saved customer, on the store view's website by default."""
    customer = copy.deepcopy(body["customer"])
    website_id = customer.setdefault("website_id", store["website_id"])
    with state.lock:
        if any(c["email"].casefold() == customer["email"].casefold()
               and c["website_id"] == website_id for c in state.customers.values()):
            raise MagentoError(400, CUSTOMER_EXISTS)
        customer_id = state.next_id("customer")
        stamp = now()
        customer.update({"id": customer_id, "created_at": stamp, "updated_at": stamp,
                         "created_in": "Default Store View"})
        customer.setdefault("group_id", 1)
        customer.setdefault("store_id", store["id"] or 1)
        customer.setdefault("disable_auto_group_change", 0)
        for address in customer.setdefault("addresses", []):
            address.update({"id": state.next_id("customer_address"),
                            "customer_id": customer_id})
        state.customers[customer_id] = customer
        return copy.deepcopy(customer)
