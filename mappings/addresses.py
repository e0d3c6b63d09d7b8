"""Amazon's buyer and delivery address -> Commerce order addresses.

Commerce's order address validator needs a first and last name, a street, city, postcode,
country, telephone (required by default) and a syntactically valid email. Amazon withholds
some of these: FBA orders carry no name, street or phone, orders seen without the PII roles
carry none, and Pending orders have no address at all. What Amazon withheld is replaced by
the placeholders below, which Commerce accepts, and reported as a ``pii_missing`` finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mappings.regions import RegionList, iso_regions

if TYPE_CHECKING:
    from connector.domain import Address, Order

PLACEHOLDERS = {
    "firstname": "Amazon",
    "lastname": "Customer",
    "street": "Address withheld by Amazon",
    "city": "Not provided by Amazon",
    "postcode": "00000",
    "telephone": "0000000000",
}
# Commerce requires a last name; a one-word name keeps the word as first name and this mark.
NO_LAST_NAME = "-"
NAME_MAX = 128  # customer_firstname / customer_lastname columns

# Where marketplace and country agree, a missing country comes from the marketplace.
MARKETPLACE_COUNTRIES = {
    "A2EUQ1WTGCTBG2": "CA", "ATVPDKIKX0DER": "US", "A1AM78C64UM0Y8": "MX",
    "A2Q3Y263D00KWC": "BR", "A1RKKUPIHCS9HS": "ES", "A1F83G8C2ARO7P": "GB",
    "A13V1IB3VIYZZH": "FR", "AMEN7PMS3EDWL": "BE", "A1805IZSGTT6HS": "NL",
    "A1PA6795UKMFR9": "DE", "APJ6JRA9NG5V4": "IT", "A2NODRKZP88ZB9": "SE",
    "AE08WJ6YKNBMC": "ZA", "A1C3SOZRARQ6R3": "PL", "ARBP9OOSHTCHU": "EG",
    "A33AVAJ2PDY3EV": "TR", "A17E79C6D8DWNP": "SA", "A2VIGQ35RCS4UG": "AE",
    "A21TJRUUN4KGV": "IN", "A19VAU5U5O7RUS": "SG", "A39IBJ37TRP1C6": "AU",
    "A1VC38T7YXB528": "JP",
}
UNKNOWN_COUNTRY = "US"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
EMAIL_MAX = 128


@dataclass(frozen=True)
class Person:
    firstname: str
    lastname: str


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _family_name_first(name: str) -> bool:
    """Japanese, Chinese and Korean names are written family name first."""
    for char in name:
        kind = unicodedata.name(char, "")
        if kind.startswith(("CJK UNIFIED", "HIRAGANA", "KATAKANA", "HANGUL")):
            return True
    return False


def split_name(name: str | None) -> Person | None:
    """``"Maria Silva Santos"`` -> Maria / Silva Santos; ``"山田 太郎"`` -> 太郎 / 山田."""
    text = _text(name)
    if text is None:
        return None
    words = text.split(" ")
    if len(words) == 1:
        return Person(words[0][:NAME_MAX], NO_LAST_NAME)
    if _family_name_first(text):
        first, last = " ".join(words[1:]), words[0]
    else:
        first, last = words[0], " ".join(words[1:])
    return Person(first[:NAME_MAX], last[:NAME_MAX])


def usable_email(email: str | None) -> str | None:
    text = _text(email)
    if text is None or len(text) > EMAIL_MAX or not _EMAIL.match(text):
        return None
    return text


@dataclass(frozen=True)
class AddressParts:
    """An order address as Commerce wants it, and which fields are placeholders."""

    fields: dict
    withheld: tuple[str, ...]
    unrecognised_region: str | None = None


def order_address(order: Order, address_type: str, *, email: str,
                  person: Person | None, regions: RegionList | None = None) -> AddressParts:
    """The billing or shipping address of the order. Amazon gives one address (delivery);
    the billing address is the same place in the payer's name."""
    address: Address | None = order.shipping_address
    withheld: list[str] = []

    def value(name: str, amazon_value: str | None) -> str:
        text = _text(amazon_value)
        if text is None:
            withheld.append(name)
            return PLACEHOLDERS[name]
        return text

    if person is None:
        withheld.append("name")
        person = Person(PLACEHOLDERS["firstname"], PLACEHOLDERS["lastname"])
    lines = [t for t in (_text(getattr(address, f, None)) for f in ("line1", "line2", "line3"))
             if t]
    if not lines:
        withheld.append("street")
        lines = [PLACEHOLDERS["street"]]
    country = _text(getattr(address, "country_code", None))
    if country is None:
        country = MARKETPLACE_COUNTRIES.get(order.marketplace_id or "", UNKNOWN_COUNTRY)
        withheld.append("country")
    fields = {
        "address_type": address_type,
        "firstname": person.firstname,
        "lastname": person.lastname,
        "street": lines,
        "city": value("city", getattr(address, "city", None)),
        "postcode": value("postcode", getattr(address, "postal_code", None)),
        "country_id": country.upper(),
        "telephone": value("telephone", getattr(address, "phone", None)),
        "email": email,
    }
    company = _text(getattr(address, "company", None))
    if company is None and address_type == "billing":
        company = _text(order.buyer.company)
    if company:
        fields["company"] = company
    unrecognised = None
    state = _text(getattr(address, "state_or_region", None))
    regions = regions or iso_regions()
    region = regions.find(country, state)
    if region is not None:
        fields["region"] = region.name
        if region.code:
            fields["region_code"] = region.code
    elif state is not None and regions.has_regions(country):
        fields["region"] = state
        unrecognised = state
    return AddressParts(fields, tuple(withheld), unrecognised)
