"""The Order settings form: every field, Commerce's lists, per-field errors, nothing
half-saved."""

from __future__ import annotations

import re
from html import unescape

import pytest

from connector.commerce import CommerceNetworkError
from connector.models import OrderSettings
from connector.order_settings import describe_settings

STATUSES = [
    {"status": "processing", "label": "Processing", "state": "processing"},
    {"status": "fraud", "label": "Suspected Fraud", "state": "processing"},
    {"status": "amazon_new", "label": "Amazon New", "state": "processing"},
    {"status": "holded", "label": "On Hold", "state": "holded"},
]
VIEWS = [{"id": 0, "code": "admin", "name": "Admin"},
         {"id": 1, "code": "default", "name": "Default Store View"},
         {"id": 2, "code": "us_en", "name": "US English"}]


class FakeCommerce:
    """Commerce's store views and order statuses; ``down`` makes it unreachable."""

    def __init__(self, calls, down=False):
        self.calls, self.down = calls, down
        self.timeout, self.max_retries = 30, 3

    def _answer(self, value):
        self.calls.append(value)
        if self.down:
            raise CommerceNetworkError("GET http://commerce.test: connection refused",
                                       method="GET", url="http://commerce.test")
        return value

    def store_views(self):
        return self._answer(VIEWS)

    def order_statuses(self):
        return self._answer(STATUSES)

    def close(self):
        pass


@pytest.fixture
def commerce(app):
    state = {"down": False, "calls": []}
    lifecycle = app.extensions["connector_services"]
    lifecycle.commerce_factory = lambda store, pool_size=1: FakeCommerce(state["calls"],
                                                                         state["down"])
    return state


GOOD = {"import_enabled": "enabled", "store_view_code": "us_en",
        "customer_creation": "create", "order_number_source": "amazon",
        "order_status": "custom", "processing_status": "amazon_new",
        "payment_method_code": "amazonpayment", "shipping_method_code": "amazon_standard",
        "sync_interval_minutes": "10", "carrier_mapping": "ups = UPS\r\nmy_courier = DHL"}


def saved(db, store_id) -> dict:
    with db.session() as session:
        return describe_settings(session.get(OrderSettings, store_id))


def errors_on(page: str) -> dict[str, str]:
    return {name: unescape(text) for name, text in
            re.findall(r'class="field-error" id="error-([a-z_]+)"[^>]*>([^<]+)<', page)}


def test_the_form_has_every_field_with_commerce_lists(admin, store_id, commerce):
    page = admin.get(f"/admin/stores/{store_id}/settings").get_data(as_text=True)
    for label in ("Import Amazon Orders", "Import Amazon Orders Into Store",
                  "Customer Creation", "Order Number Source", "Order Status",
                  "Processing Order Status", "Payment method code", "Shipping method code",
                  "Sync interval (minutes)", "Carrier mapping"):
        assert f">{label}</label>" in page, label
    for option in ("No Customer Creation (guest)", "Build New Customer Account",
                   "Build Using Commerce Order Number", "Build Using Amazon Order Number",
                   "Default Order Status", "Custom Order Status", "US English (us_en)",
                   "Suspected Fraud", "Amazon New"):
        assert option in page, option
    assert "On Hold" not in page and "Admin (admin)" not in page  # not state processing
    assert "Save order settings" in page
    # Lists are cached: a second visit does not ask Commerce again.
    asked = len(commerce["calls"])
    admin.get(f"/admin/stores/{store_id}/settings")
    assert len(commerce["calls"]) == asked


def test_saving_valid_settings_confirms_and_stores_them(admin, db, store_id, commerce):
    url = f"/admin/stores/{store_id}/settings"
    answer = admin.post(url, GOOD)
    assert answer.status_code == 303
    assert "You saved the order settings." in admin.get(url).get_data(as_text=True)
    assert saved(db, store_id) == {
        "import_enabled": True, "store_view_code": "us_en", "customer_creation": "create",
        "order_number_source": "amazon", "order_status": "custom",
        "processing_status": "amazon_new", "payment_method_code": "amazonpayment",
        "shipping_method_code": "amazon_standard", "sync_interval_minutes": 10,
        "carrier_mapping": {"ups": "UPS", "my_courier": "DHL"}, "reservation_strategy": "none",
        "reserve_pending": False, "hold_buyer_cancellations": True}


@pytest.mark.parametrize("field, value, message", [
    ("store_view_code", "nl_nl", 'Commerce has no store view "nl_nl".'),
    ("store_view_code", "", "Choose the store view"),
    ("customer_creation", "maybe", "Choose No Customer Creation (guest) or Build New"),
    ("order_number_source", "ebay", "Choose Build Using Commerce Order Number"),
    ("order_status", "whatever", "Choose Default Order Status or Custom Order Status."),
    ("processing_status", "holded", '"holded" is not an order status of state processing'),
    ("processing_status", "", "Choose the Processing Order Status"),
    ("payment_method_code", "Check Money", "Enter a payment method code such as checkmo"),
    ("shipping_method_code", "flatrate", "carrier_method, such as flatrate_flatrate"),
    ("sync_interval_minutes", "0", "from 1 to 1440"),
    ("sync_interval_minutes", "five", "from 1 to 1440"),
    ("sync_interval_minutes", "2.5", "from 1 to 1440"),
    ("carrier_mapping", "ups UPS", "Line 1: write each line as Commerce carrier code"),
    ("carrier_mapping", "ups = UPS\nups = USPS", "ups is mapped twice"),
    ("carrier_mapping", "ups = ", "Line 1: enter the Amazon carrier code"),
    ("import_enabled", "sometimes", "Choose Enabled or Disabled."),
    ("reserve_pending", "reserve", "Reserve Quantity needs the companion module"),
    ("reserve_pending", "maybe", "Choose Reserve Quantity or Do Not Reserve Quantity."),
])
def test_each_bad_field_says_what_is_wrong_and_nothing_is_saved(admin, db, store_id,
                                                                commerce, field, value,
                                                                message):
    before = saved(db, store_id)
    answer = admin.post(f"/admin/stores/{store_id}/settings", {**GOOD, field: value})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert message in errors_on(page).get(field, ""), errors_on(page)
    assert "The order settings were not saved" in page
    assert saved(db, store_id) == before


def test_several_bad_fields_are_all_reported(admin, db, store_id, commerce):
    answer = admin.post(f"/admin/stores/{store_id}/settings",
                        {**GOOD, "payment_method_code": "", "sync_interval_minutes": "-3",
                         "customer_creation": "x"})
    assert set(errors_on(answer.get_data(as_text=True))) == {
        "payment_method_code", "sync_interval_minutes", "customer_creation"}


def test_disabled_import_greys_out_and_keeps_the_other_fields(admin, db, store_id, commerce):
    url = f"/admin/stores/{store_id}/settings"
    admin.post(url, GOOD)
    # A disabled fieldset posts nothing but the switch.
    assert admin.post(url, {"import_enabled": "disabled"}).status_code == 303
    after = saved(db, store_id)
    assert after["import_enabled"] is False and after["payment_method_code"] == "amazonpayment"
    page = admin.get(url).get_data(as_text=True)
    assert '<fieldset id="import-dependent" disabled>' in page


def test_commerce_unreachable_still_lets_the_merchant_save(admin, db, store_id, commerce):
    commerce["down"] = True
    url = f"/admin/stores/{store_id}/settings"
    page = admin.get(url).get_data(as_text=True)
    assert "Commerce could not be reached for store views" in page
    assert '<option value="default" selected>' in page  # the saved store view
    answer = admin.post(url, {**GOOD, "store_view_code": "default", "order_status": "default",
                              "processing_status": ""})
    assert answer.status_code == 303
    assert saved(db, store_id)["sync_interval_minutes"] == 10


def pending_orders_field(page: str) -> str:
    return re.search(r'<div class="field" id="pending-orders"[^>]*>', page).group(0)


def test_the_stock_reservation_strategy_is_chosen_on_the_page(admin, db, store_id, commerce):
    url = f"/admin/stores/{store_id}/settings"
    page = admin.get(url).get_data(as_text=True)
    assert ">Stock Reservations</label>" in page
    answer = admin.post(url, {**GOOD, "reservation_strategy": "always"})
    assert "Choose how stock is reserved." in answer.get_data(as_text=True)
    assert saved(db, store_id)["reservation_strategy"] == "none"  # nothing saved
    admin.post(url, {**GOOD, "reservation_strategy": "cli-recipe"})
    assert saved(db, store_id)["reservation_strategy"] == "cli-recipe"


def test_pending_orders_is_offered_only_with_the_companion_module(admin, db, store_id,
                                                                  commerce):
    url = f"/admin/stores/{store_id}/settings"
    for strategy in ("none", "cli-recipe"):
        admin.post(url, {**GOOD, "reservation_strategy": strategy})
        page = admin.get(url).get_data(as_text=True)
        assert " hidden" in pending_orders_field(page), strategy
        assert re.search(r'<select id="reserve_pending" name="reserve_pending" disabled', page)
    admin.post(url, {**GOOD, "reservation_strategy": "module"})
    page = admin.get(url).get_data(as_text=True)
    assert " hidden" not in pending_orders_field(page)
    assert ">Pending Orders</label>" in page and ">Reserve Quantity</option>" in page
    assert '<option value="do_not_reserve" selected>Do Not Reserve Quantity' in page

    assert admin.post(url, {**GOOD, "reservation_strategy": "module",
                            "reserve_pending": "reserve"}).status_code == 303
    assert saved(db, store_id)["reserve_pending"] is True
    page = admin.get(url).get_data(as_text=True)
    assert '<option value="reserve" selected>Reserve Quantity' in page
    # Choosing both at once is fine; leaving the module turns the holds off with it.
    admin.post(url, {**GOOD, "reservation_strategy": "none"})
    assert saved(db, store_id)["reserve_pending"] is False
    assert admin.post(url, {**GOOD, "reservation_strategy": "module",
                            "reserve_pending": "reserve"}).status_code == 303
    assert saved(db, store_id)["reserve_pending"] is True
