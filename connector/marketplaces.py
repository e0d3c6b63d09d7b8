"""Amazon marketplaces: id, region, country and the Seller Central host of each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marketplace:
    id: str
    region: str  # NA | EU | FE
    country: str
    name: str
    seller_central: str


_ALL = [
    Marketplace("A2EUQ1WTGCTBG2", "NA", "CA", "Amazon.ca", "sellercentral.amazon.ca"),
    Marketplace("ATVPDKIKX0DER", "NA", "US", "Amazon.com", "sellercentral.amazon.com"),
    Marketplace("A1AM78C64UM0Y8", "NA", "MX", "Amazon.com.mx", "sellercentral.amazon.com.mx"),
    Marketplace("A2Q3Y263D00KWC", "NA", "BR", "Amazon.com.br", "sellercentral.amazon.com.br"),
    Marketplace("A1RKKUPIHCS9HS", "EU", "ES", "Amazon.es", "sellercentral.amazon.es"),
    Marketplace("A1F83G8C2ARO7P", "EU", "GB", "Amazon.co.uk", "sellercentral.amazon.co.uk"),
    Marketplace("A13V1IB3VIYZZH", "EU", "FR", "Amazon.fr", "sellercentral.amazon.fr"),
    Marketplace("AMEN7PMS3EDWL", "EU", "BE", "Amazon.com.be", "sellercentral.amazon.com.be"),
    Marketplace("A1805IZSGTT6HS", "EU", "NL", "Amazon.nl", "sellercentral.amazon.nl"),
    Marketplace("A1PA6795UKMFR9", "EU", "DE", "Amazon.de", "sellercentral.amazon.de"),
    Marketplace("APJ6JRA9NG5V4", "EU", "IT", "Amazon.it", "sellercentral.amazon.it"),
    Marketplace("A2NODRKZP88ZB9", "EU", "SE", "Amazon.se", "sellercentral.amazon.se"),
    Marketplace("AE08WJ6YKNBMC", "EU", "ZA", "Amazon.co.za", "sellercentral.amazon.co.za"),
    Marketplace("A1C3SOZRARQ6R3", "EU", "PL", "Amazon.pl", "sellercentral.amazon.pl"),
    Marketplace("ARBP9OOSHTCHU", "EU", "EG", "Amazon.eg", "sellercentral.amazon.eg"),
    Marketplace("A33AVAJ2PDY3EV", "EU", "TR", "Amazon.com.tr", "sellercentral.amazon.com.tr"),
    Marketplace("A17E79C6D8DWNP", "EU", "SA", "Amazon.sa", "sellercentral.amazon.sa"),
    Marketplace("A2VIGQ35RCS4UG", "EU", "AE", "Amazon.ae", "sellercentral.amazon.ae"),
    Marketplace("A21TJRUUN4KGV", "EU", "IN", "Amazon.in", "sellercentral.amazon.in"),
    Marketplace("A19VAU5U5O7RUS", "FE", "SG", "Amazon.sg", "sellercentral.amazon.sg"),
    Marketplace("A39IBJ37TRP1C6", "FE", "AU", "Amazon.com.au", "sellercentral.amazon.com.au"),
    Marketplace("A1VC38T7YXB528", "FE", "JP", "Amazon.co.jp", "sellercentral.amazon.co.jp"),
]

MARKETPLACES: dict[str, Marketplace] = {m.id: m for m in _ALL}
REGIONS = ("NA", "EU", "FE")


def seller_central_order_url(marketplace_id: str | None, amazon_order_id: str) -> str:
    market = MARKETPLACES.get(marketplace_id or "", MARKETPLACES["ATVPDKIKX0DER"])
    return f"https://{market.seller_central}/orders-v3/order/{amazon_order_id}"


def seller_central_links(marketplace_id: str | None) -> list[tuple[str, str, str]]:
    """(label, what it is for, URL) of the Seller Central pages a merchant of this
    marketplace manages orders with."""
    market = MARKETPLACES.get(marketplace_id or "", MARKETPLACES["ATVPDKIKX0DER"])
    base = f"https://{market.seller_central}"
    return [("Orders", "Manage orders, also those handled outside Commerce",
             f"{base}/orders-v3"),
            ("Shipping settings", "Shipping templates and handling time",
             f"{base}/sbr/ref=xx_shipset_dnav_xx"),
            ("Notifications", "Notification preferences",
             f"{base}/notifications/preferences")]
