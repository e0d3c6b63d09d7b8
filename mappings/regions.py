"""Regions: Amazon's free-text ``StateOrRegion`` -> the region Commerce knows.

Amazon accepts whatever the buyer typed (``WA``, ``washington``, ``Calif.``, ``N.Y.``,
``Bayern``); Commerce wants a region of its own list for the countries it has one for. The
list is Commerce's: ``RegionList.from_commerce`` reads its directory
(``GET /V1/directory/countries``), whose codes are the installation's own (2.4.8 spells
Bavaria ``BAY`` and Paris's department ``75``). Where Commerce was not asked (``connector
map``, a form checked while Commerce is away) the list comes from ISO 3166-2 (``pycountry``)
for the countries whose ISO codes are the ones Commerce uses, ``ISO_COUNTRIES``.

A text is matched, in this order, on a region's code, its name (any case, accents and
punctuation aside), the ISO 3166-2 code or name of the same region (``BY`` -> Bayern -> BAY),
and as an abbreviation of its name (``Calif.``, ``N. Mex.``), only when one region fits.
For a country without a list the text is sent as the region's name, as Commerce's own
checkout does.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pycountry

#: Countries whose ISO 3166-2 subdivision codes are the region codes Commerce ships (and
#: which need a region), used when Commerce's own list is not at hand.
ISO_COUNTRIES = ("US", "CA", "AU", "MX", "BR", "IN")


@dataclass(frozen=True)
class Region:
    code: str | None
    name: str


def key(text: str) -> str:
    """Upper case, no accents, single spaces; ``-``, ``.``, ``_``, ``,`` and apostrophes
    count as spaces; ISO's bracketed other names are dropped."""
    text = text.split("[", 1)[0]
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in "-._,'’":
        plain = plain.replace(mark, " ")
    return " ".join(plain.upper().split())


def _compact(text: str) -> str:
    return key(text).replace(" ", "")


def _abbreviates(short: str, word: str) -> bool:
    """``CALIF`` of ``CALIFORNIA``, ``FLA`` of ``FLORIDA``: same first letter, the others in
    order."""
    if not short or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(letter in rest for letter in short[1:])


def _abbreviation_of(text: str, name: str) -> bool:
    words = [w for w in key(text).split() if w != "OF"]
    name_words = [w for w in key(name).split() if w != "OF"]
    return len(words) == len(name_words) and all(
        _abbreviates(w, n) for w, n in zip(words, name_words, strict=True))


def _iso_names(country: str) -> dict[str, str]:
    """ISO 3166-2 code (without the country) and name keys -> the ISO name."""
    found: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=country) or ():
        code = sub.code.split("-", 1)[1]
        found.setdefault(_compact(code), sub.name)
        found.setdefault(key(sub.name), sub.name)
        if "," in sub.name:  # ISO writes "Murcia, Región de"
            found.setdefault(key(sub.name.split(",")[0]), sub.name)
    return found


class RegionList:
    """The regions Commerce knows, per country (two-letter code)."""

    def __init__(self, regions: Mapping[str, Iterable[Region]], source: str = "iso"):
        self.source = source
        self._regions = {c.upper(): tuple(r) for c, r in regions.items() if r}
        self._by_key: dict[str, dict[str, Region]] = {}
        for country, rows in self._regions.items():
            by_key: dict[str, Region] = {}
            for region in rows:
                by_key.setdefault(key(region.name), region)
            for region in rows:
                if region.code:
                    by_key.setdefault(_compact(region.code), region)
            self._by_key[country] = by_key

    @classmethod
    def from_commerce(cls, countries: Iterable[Mapping]) -> RegionList:
        """From Commerce's ``GET /V1/directory/countries`` answer."""
        regions: dict[str, list[Region]] = {}
        for country in countries:
            code = str(country.get("id") or country.get("two_letter_abbreviation") or "")
            for region in country.get("available_regions") or ():
                if region.get("name"):
                    regions.setdefault(code, []).append(
                        Region(region.get("code") or None, str(region["name"])))
        return cls(regions, source="commerce")

    def countries(self) -> tuple[str, ...]:
        return tuple(self._regions)

    def regions(self, country: str | None) -> tuple[Region, ...]:
        return self._regions.get((country or "").upper(), ())

    def has_regions(self, country: str | None) -> bool:
        return (country or "").upper() in self._regions

    def find(self, country: str | None, text: str | None) -> Region | None:
        """Commerce's region for the text, or None when the country has a list and the text
        is not in it (or fits several) or is empty. For a country without a list: the text
        as the name."""
        text = (text or "").strip()
        if not text:
            return None
        country = (country or "").upper()
        if country not in self._regions:
            return Region(None, text)
        by_key = self._by_key[country]
        found = by_key.get(key(text)) or by_key.get(_compact(text))
        if found is not None:
            return found
        iso_name = _iso_names(country).get(key(text)) or _iso_names(country).get(
            _compact(text))
        if iso_name is not None:
            found = by_key.get(key(iso_name)) or by_key.get(key(iso_name.split(",")[0]))
            if found is not None:
                return found
        if sum(c.isalpha() for c in text) < 3:
            return None
        fits = [r for r in self._regions[country] if _abbreviation_of(text, r.name)]
        return fits[0] if len(fits) == 1 else None


@functools.cache
def iso_regions() -> RegionList:
    """The list used when Commerce's own is not at hand (see ``ISO_COUNTRIES``)."""
    regions = {}
    for country in ISO_COUNTRIES:
        subs = [s for s in pycountry.subdivisions.get(country_code=country) or ()
                if s.parent_code is None]
        regions[country] = sorted((Region(s.code.split("-", 1)[1], s.name) for s in subs),
                                  key=lambda r: r.name)
    return RegionList(regions, source="iso")


def has_regions(country_code: str | None, regions: RegionList | None = None) -> bool:
    return (regions or iso_regions()).has_regions(country_code)


def find_region(country_code: str | None, state_or_region: str | None,
                regions: RegionList | None = None) -> Region | None:
    """See ``RegionList.find``; the ISO list unless Commerce's is given."""
    return (regions or iso_regions()).find(country_code, state_or_region)
