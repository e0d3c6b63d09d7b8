"""Static checks of the Commerce module: PHP syntax, PSR-12, well-formed XML, and that its files
agree with each other and with the service (routes, ACL ids, payment method, class names).

There is no Magento here: nothing checks the XML against Magento's XSDs or runs the DI wiring.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.commerce_module.conftest import HERE, MODULE, run

PHP_FILES = sorted(p for p in MODULE.rglob("*") if p.suffix in (".php", ".phtml")) + [
    HERE / "mint_token.php"]
XML_FILES = sorted(p for p in MODULE.rglob("*") if p.name.endswith((".xml", ".xml.dist")))
CLASS_NAME = re.compile(r"AmazonOrders\\Bridge(?:\\\w+)+")


def rel(path: Path) -> str:
    return str(path.relative_to(MODULE.parent))


def xml(name: str) -> ET.Element:
    return ET.parse(MODULE / name).getroot()


def class_file(name: str) -> Path:
    return MODULE.joinpath(*name.split("\\")[2:]).with_suffix(".php")


def acl_ids() -> set[str]:
    return {r.get("id") for r in xml("etc/acl.xml").iter("resource")}


def test_the_module_has_its_files():
    expected = ["registration.php", "composer.json", "README.md", "phpunit.xml.dist",
                "etc/module.xml", "etc/acl.xml", "etc/config.xml", "etc/di.xml", "etc/payment.xml",
                "etc/webapi.xml", "etc/csp_whitelist.xml", "etc/adminhtml/menu.xml",
                "etc/adminhtml/routes.xml", "etc/adminhtml/system.xml", "etc/adminhtml/di.xml"]
    assert [f for f in expected if not (MODULE / f).is_file()] == []
    assert len(PHP_FILES) > 10 and len(XML_FILES) >= 12


@pytest.mark.parametrize("path", PHP_FILES, ids=rel)
def test_php_syntax(php, path):
    result = run(php, "-l", path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", PHP_FILES, ids=rel)
def test_strict_types(path):
    assert "declare(strict_types=1);" in path.read_text(encoding="utf-8")


def test_psr12(phpcs):
    result = run(phpcs, "--standard=PSR12", "--extensions=php", "-q", "--report=full", MODULE,
                 HERE / "mint_token.php")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", XML_FILES, ids=rel)
def test_xml_is_well_formed(path):
    ET.parse(path)


def test_module_name_is_the_same_everywhere():
    composer = json.loads((MODULE / "composer.json").read_text(encoding="utf-8"))
    assert composer["type"] == "magento2-module"
    assert composer["autoload"] == {"files": ["registration.php"],
                                    "psr-4": {"AmazonOrders\\Bridge\\": ""}}
    assert "'AmazonOrders_Bridge'" in (MODULE / "registration.php").read_text(encoding="utf-8")
    module = xml("etc/module.xml").find("module")
    assert module.get("name") == "AmazonOrders_Bridge"
    sequence = {m.get("name") for m in module.iter("module")}
    assert {"Magento_Sales", "Magento_Payment", "Magento_InventorySalesApi"} <= sequence


def test_rest_routes_are_the_ones_the_service_calls():
    from connector.sandbox.commerce import REST_ROUTES
    from connector.sandbox.commerce.schemas import OPERATIONS, definition

    service = {(op, resource) for _, _, op, resource, _ in REST_ROUTES if "/amazon-orders/" in op}
    module = {(f"{r.get('method')} {r.get('url')}", r.find("resources/resource").get("ref"))
              for r in xml("etc/webapi.xml").iter("route")}
    assert module == service
    # the body {"orderId": N} binds to the service method's parameter of that name
    assert definition(OPERATIONS["reservations"]) == {"orderId": ("int", True)}
    interface = (MODULE / "Api/ReservationManagementInterface.php").read_text(encoding="utf-8")
    assert "public function placeForOrder(int $orderId): string;" in interface
    # the pending-hold body binds to hold()'s parameters, each item to the data interface, and
    # the DELETE path's :amazonOrderId to release()'s parameter
    assert definition(OPERATIONS["pending_holds"]) == {
        "amazonOrderId": ("str<=64", True), "storeCode": ("str", True),
        "items": ("[@pending-hold-item]+", True)}
    assert definition("pending-hold-item") == {"sku": ("str", True), "qty": ("num", True)}
    holds = (MODULE / "Api/PendingHoldManagementInterface.php").read_text(encoding="utf-8")
    assert ("public function hold(string $amazonOrderId, string $storeCode, array $items): "
            "string;") in holds
    assert "@param \\AmazonOrders\\Bridge\\Api\\Data\\PendingHoldItemInterface[] $items" \
        in holds
    assert "public function release(string $amazonOrderId): string;" in holds
    item = (MODULE / "Api/Data/PendingHoldItemInterface.php").read_text(encoding="utf-8")
    assert "public function getSku(): string;" in item and "public function getQty(): float;" \
        in item
    for route in xml("etc/webapi.xml").iter("route"):
        service_class = route.find("service")
        source = class_file(service_class.get("class")).read_text(encoding="utf-8")
        assert f"public function {service_class.get('method')}(" in source


def test_every_acl_resource_used_is_declared():
    used = {r.get("ref") for r in xml("etc/webapi.xml").iter("resource")}
    used |= {a.get("resource") for a in xml("etc/adminhtml/menu.xml").iter("add")}
    used |= {r.text for r in xml("etc/adminhtml/system.xml").iter("resource")}
    controller = (MODULE / "Controller/Adminhtml/Pages/Index.php").read_text(encoding="utf-8")
    used |= set(re.findall(r"ADMIN_RESOURCE = '([^']+)'", controller))
    assert used == {"AmazonOrders_Bridge::admin_pages", "AmazonOrders_Bridge::reservations",
                    "AmazonOrders_Bridge::config"}
    assert used <= acl_ids()


def test_admin_menu_route_controller_layout_and_template_fit_together():
    route = xml("etc/adminhtml/routes.xml").find("router[@id='admin']/route")
    action = xml("etc/adminhtml/menu.xml").find("menu/add").get("action")
    front_name, controller, action_name = action.split("/")
    assert front_name == route.get("frontName")
    assert route.find("module").get("name") == "AmazonOrders_Bridge"
    assert (MODULE / "Controller/Adminhtml" / controller.title() / f"{action_name.title()}.php"
            ).is_file()
    handle = f"{route.get('id')}_{controller}_{action_name}"
    layout = ET.parse(MODULE / f"view/adminhtml/layout/{handle}.xml").getroot()
    block = layout.find(".//block")
    assert class_file(block.get("class")).is_file()
    module_name, template = block.get("template").split("::")
    assert module_name == "AmazonOrders_Bridge"
    assert (MODULE / "view/adminhtml/templates" / template).is_file()


def test_every_class_named_in_xml_exists():
    named = set()
    for path in XML_FILES:
        named |= set(CLASS_NAME.findall(path.read_text(encoding="utf-8")))
    assert named
    assert sorted(n for n in named if not class_file(n).is_file()) == []


def test_payment_method_is_offline_and_never_offered():
    from mappings.order import PAYMENT_TITLE

    method = xml("etc/config.xml").find("default/payment/amazon_channel")
    settings = {child.tag: child.text for child in method}
    assert settings["title"] == PAYMENT_TITLE
    assert (settings["active"], settings["is_offline"]) == ("1", "1")
    assert (settings["can_use_checkout"], settings["can_use_internal"]) == ("0", "0")
    virtual_types = {v.get("name"): v for v in xml("etc/di.xml").iter("virtualType")}
    facade = virtual_types[settings["model"]]
    assert facade.get("type") == "Magento\\Payment\\Model\\Method\\Adapter"
    assert facade.find("arguments/argument[@name='code']").text == "amazon_channel"
    assert xml("etc/payment.xml").find("methods/method").get("name") == "amazon_channel"


def test_shared_secret_is_stored_encrypted():
    encrypted = "Magento\\Config\\Model\\Config\\Backend\\Encrypted"
    field = xml("etc/adminhtml/system.xml").find(
        "system/section[@id='amazon_orders']/group[@id='service']/field[@id='secret']")
    assert field.get("type") == "obscure"
    assert field.find("backend_model").text == encrypted
    default = xml("etc/config.xml").find("default/amazon_orders/service/secret")
    assert default.get("backend_model") == encrypted


def test_the_admin_may_frame_the_service():
    policy = xml("etc/csp_whitelist.xml").find("policies/policy[@id='frame-src']")
    assert policy is not None and policy.findall("values/value")
    plugin = xml("etc/adminhtml/di.xml").find(
        "type[@name='Magento\\Csp\\Model\\Collector\\CspWhitelistXmlCollector']/plugin")
    assert class_file(plugin.get("type")).is_file()


def test_the_integration_follows_magentos_integration_xsd_and_the_acl():
    """etc/integration.xml as Magento_Integration's integration.xsd allows it (an email of the
    form [^@]+@[^.]+..+, a name of two characters or more, resources named Module_Name::id) and
    only resources the integration's calls need, each existing in its module's ACL."""
    import re

    root = xml("etc/integration.xml")
    assert root.tag == "config"
    (integration,) = root.findall("integration")
    assert integration.get("name") == "Amazon Orders"
    assert {child.tag for child in integration} <= {"email", "endpoint_url",
                                                    "identity_link_url", "resources"}
    assert re.fullmatch(r"[^@]+@[^.]+\..+", integration.findtext("email"))
    names = [r.get("name") for r in integration.iter("resource")]
    assert names and all(re.fullmatch(r".+_.+::.+", n) for n in names)
    ours = {n for n in names if n.startswith("AmazonOrders_Bridge::")}
    assert ours <= acl_ids()
    documented = (MODULE.parent / "docs" / "commerce-setup.md").read_text()
    assert all(f"`{n}`" in documented for n in names
               if not n.endswith(("::sales", "::sales_operation", "::sales_order", "::actions",
                                  "::catalog", "::catalog_inventory", "::stores",
                                  "::stores_settings", "::inventory", "::amazon_orders")))
