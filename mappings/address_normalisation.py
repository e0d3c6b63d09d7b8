"""Normalising a shipping address before import, as Amazon Sales Channel 4.2 does.

Amazon takes free-form addresses ("Escondido, californiA 92025-1501"); Commerce needs the
region code it knows and a postal code of the country's form. ``normalise_address`` returns
the address as Commerce will get it ("Escondido, CA 92025"), what it changed (each field
before -> after, for the order's page) and what it could not make sense of (each names the
field: the order is then blocked until the merchant corrects it).

Pure: the region list is given (``mappings.regions.RegionList``), nothing is looked up.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from connector.domain import Address
from mappings.regions import RegionList, iso_regions

#: The merchant's words for the fields (as on Amazon Order Details).
LABELS = {"state_or_region": "Shipping region", "postal_code": "Shipping postal code",
          "country_code": "Shipping country"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None
    after: str | None

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    value: str | None = None

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class Normalised:
    address: Address | None
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()


# -- postal codes ----------------------------------------------------------------------------

def _digits(count: int, shape: Callable[[str], str] = lambda d: d, *, also: tuple = ()
            ) -> Callable[[str], str | None]:
    """A postal code of ``count`` digits (spaces and dashes aside), written by ``shape``;
    ``also``: other digit counts that shorten unambiguously to the first ``count``."""
    def normalise(text: str) -> str | None:
        digits = re.sub(r"[\s-]", "", text)
        if not digits.isdigit():
            return None
        if len(digits) == count:
            return shape(digits)
        if len(digits) in also:
            return shape(digits[:count])
        return None
    return normalise


def _pattern(regex: str, shape: Callable[[str], str]) -> Callable[[str], str | None]:
    compiled = re.compile(regex)

    def normalise(text: str) -> str | None:
        compact = re.sub(r"[\s-]", "", text.upper())
        return shape(compact) if compiled.fullmatch(compact) else None
    return normalise


#: The postal code forms of the countries Amazon sells in (others are only tidied: upper
#: case, single spaces). The US ZIP+4 becomes the five-digit ZIP, as ASC 4.2 writes it.
POSTCODES: dict[str, tuple[Callable[[str], str | None], str]] = {
    "US": (_digits(5, also=(9,)), "a ZIP code such as 80202"),
    "CA": (_pattern(r"[A-Z]\d[A-Z]\d[A-Z]\d", lambda c: f"{c[:3]} {c[3:]}"),
           "a postal code such as K1A 0B1"),
    "MX": (_digits(5), "a five-digit postal code"),
    "BR": (_digits(8, lambda d: f"{d[:5]}-{d[5:]}"), "a CEP such as 01310-100"),
    "DE": (_digits(5), "a five-digit postal code"),
    "FR": (_digits(5), "a five-digit postal code"),
    "IT": (_digits(5), "a five-digit postal code"),
    "ES": (_digits(5), "a five-digit postal code"),
    "SE": (_digits(5, lambda d: f"{d[:3]} {d[3:]}"), "a postal code such as 114 55"),
    "PL": (_digits(5, lambda d: f"{d[:2]}-{d[2:]}"), "a postal code such as 00-950"),
    "NL": (_pattern(r"\d{4}[A-Z]{2}", lambda c: f"{c[:4]} {c[4:]}"),
           "a postcode such as 1012 AB"),
    "BE": (_digits(4), "a four-digit postal code"),
    "AU": (_digits(4), "a four-digit postcode"),
    "IN": (_digits(6), "a six-digit PIN code"),
    "JP": (_digits(7, lambda d: f"{d[:3]}-{d[3:]}"), "a postal code such as 100-0001"),
    "SG": (_digits(6), "a six-digit postal code"),
    "GB": (_pattern(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", lambda c: f"{c[:-3]} {c[-3:]}"),
           "a postcode such as SW1A 1AA"),
}


def normalise_postcode(country: str | None, text: str | None) -> tuple[str | None, str | None]:
    """(postal code as the country writes it, None) or (None, what is wrong)."""
    tidy = " ".join((text or "").upper().split())
    if not tidy:
        return None, None
    rule = POSTCODES.get((country or "").upper())
    if rule is None:
        return tidy, None
    normalise, example = rule
    found = normalise(tidy)
    return (found, None) if found else (None, f"Enter {example}.")


# -- the address -----------------------------------------------------------------------------

def normalise_address(address: Address | None, regions: RegionList | None = None
                      ) -> Normalised:
    """The address with its country, region and postal code as Commerce wants them."""
    if address is None:
        return Normalised(None)
    regions = regions or iso_regions()
    changes: list[Change] = []
    problems: list[Problem] = []
    values: dict[str, str | None] = {}

    country = " ".join((address.country_code or "").split()).upper() or None
    if country != address.country_code:
        values["country_code"] = country
    text = " ".join((address.state_or_region or "").split()) or None
    if text is not None and regions.has_regions(country):
        region = regions.find(country, text)
        if region is None:
            problems.append(Problem("state_or_region", f'"{text}" is not a state or region '
                                                       f"of {country} that Commerce knows.",
                                    text))
        elif region.code and region.code != address.state_or_region:
            values["state_or_region"] = region.code
    elif text is None and regions.has_regions(country) and address.line1:
        problems.append(Problem("state_or_region", f"Enter the state or region ({country} "
                                                   "addresses need one)."))
    postcode, wrong = normalise_postcode(country, address.postal_code)
    if wrong:
        problems.append(Problem("postal_code", wrong, address.postal_code))
    elif postcode != address.postal_code and postcode is not None:
        values["postal_code"] = postcode
    for name, after in values.items():
        changes.append(Change(name, getattr(address, name), after))
    return Normalised(dataclasses.replace(address, **values), tuple(changes), tuple(problems))


def describe_problem(problem: Problem) -> str:
    """``Shipping postal code "8O2O2": Enter a ZIP code such as 80202.``"""
    shown = f' "{problem.value}"' if problem.value and problem.value not in problem.message \
        else ""
    return f"{problem.label}{shown}: {problem.message}"


def describe_changes(changes) -> str:
    """``Shipping region "californiA" -> "CA"; Shipping postal code ...``"""
    return "; ".join(f'{c.label} "{c.before or ""}" -> "{c.after or ""}"' for c in changes)
