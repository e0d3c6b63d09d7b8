"""``GET /V1/directory/countries``: the countries the shop ships to, with their regions.

The sandbox's directory is ISO 3166-2's (``pycountry``) for the countries listed in
``REGION_COUNTRIES``, with the ISO code (less the country) as the region code: what Magento
ships for the Americas, Australia and India. Region ids are numbered in that order, as a
Magento installation numbers its own.
"""

from __future__ import annotations

import copy
import functools

import pycountry

from connector.sandbox.commerce.errors import MagentoError

#: The countries whose regions the sandbox knows (a region is required for them).
REGION_COUNTRIES = ("US", "CA", "AU", "MX", "BR", "IN")
#: Countries a sandbox order may ship to (the Amazon marketplaces' countries).
COUNTRIES = ("US", "CA", "MX", "BR", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "SE", "PL",
             "JP", "AU", "SG", "IN", "AE", "SA", "TR", "EG", "ZA")


@functools.cache
def _countries() -> tuple[dict, ...]:
    next_id = iter(range(1, 10_000))
    found = []
    for code in COUNTRIES:
        country = pycountry.countries.get(alpha_2=code)
        entry = {"id": code, "two_letter_abbreviation": code,
                 "three_letter_abbreviation": country.alpha_3,
                 "full_name_locale": country.name, "full_name_english": country.name}
        if code in REGION_COUNTRIES:
            subs = sorted((s for s in pycountry.subdivisions.get(country_code=code) or ()
                           if s.parent_code is None), key=lambda s: s.name)
            entry["available_regions"] = [
                {"id": str(next(next_id)), "code": s.code.split("-", 1)[1], "name": s.name}
                for s in subs]
        found.append(entry)
    return tuple(found)


def countries() -> list[dict]:
    return copy.deepcopy(list(_countries()))


def country(code: str) -> dict:
    for entry in countries():
        if entry["id"] == code:
            return entry
    raise MagentoError(400, "Requested country is not available.")
