"""Names the Unicode CLDR keeps in every language (through Babel): countries by ISO 3166 code, languages by
ISO 639 code, and the UN M49 regions and subregions the Member States are grouped in.

Nobody writes these by hand: each comes in the reader's language (the active one unless `language` is
given) and, for a language the platform does not speak, in English. The English names of the Member States
are the UN's own (the reference fixture's M49 names, "Bolivia (Plurinational State of)"), which CLDR
shortens ("Bolivia"); so the fixture keeps them, and `country_name` serves the other languages.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language, to_locale

ENGLISH = "en"

# The regions of Organization.Region, by their UN M49 code.
REGION_CODES = {
    "africa": "002",
    "americas": "019",
    "asia": "142",
    "europe": "150",
    "oceania": "009",
}

# The UN M49 subregions, by the English name the reference fixture writes.
SUBREGION_CODES = {
    "Australia and New Zealand": "053",
    "Caribbean": "029",
    "Central America": "013",
    "Central Asia": "143",
    "Eastern Africa": "014",
    "Eastern Asia": "030",
    "Eastern Europe": "151",
    "Melanesia": "054",
    "Micronesia": "057",
    "Middle Africa": "017",
    "Northern Africa": "015",
    "Northern America": "021",
    "Northern Europe": "154",
    "Polynesia": "061",
    "South America": "005",
    "South-eastern Asia": "035",
    "Southern Africa": "018",
    "Southern Asia": "034",
    "Southern Europe": "039",
    "Western Africa": "011",
    "Western Asia": "145",
    "Western Europe": "155",
}


def official_language(language: str | None = None) -> str:
    """`language` (the active one by default) as one of the six codes of UN_LANGUAGES: "es-419" is "es",
    "zh-cn" is "zh-hans"; any other language is English."""
    code = (language or get_language() or ENGLISH).lower()
    codes = [known for known, _name in settings.UN_LANGUAGES]
    if code in codes:
        return code
    if code in ("zh", "zh-cn", "zh-sg", "zh-my") or code.startswith("zh-hans"):
        return "zh-hans"
    prefix = code.split("-")[0]
    return prefix if prefix in codes and prefix != "zh" else ENGLISH


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    return Locale.parse(to_locale(language))


def _territory(code: str, language: str | None) -> str:
    return _locale(official_language(language)).territories.get(code, "")


def country_name(iso_alpha2: str, language: str | None = None) -> str:
    """The CLDR name of the country with ISO 3166 alpha-2 code `iso_alpha2`; "" for an unknown code."""
    return _territory(iso_alpha2.upper(), language)


def language_name(code: str, language: str | None = None) -> str:
    """The CLDR name of the language with ISO 639 code `code` ("zh", "pt"), as a sentence starts it
    ("Árabe" rather than "árabe"); "" for an unknown code."""
    name = _locale(official_language(language)).languages.get(code, "")
    return name[:1].upper() + name[1:]


def region_name(region: str, language: str | None = None) -> str:
    """The name of a region of Organization.Region ("africa"): CLDR's, by its M49 code; the code itself
    when it is none of them."""
    code = REGION_CODES.get(region)
    return (_territory(code, language) if code else "") or region


def subregion_name(subregion: str, language: str | None = None) -> str:
    """The name of a UN M49 subregion given by its English name ("Eastern Africa"): CLDR's in the reader's
    language, and in English the M49 name as given (CLDR writes "Southeast Asia" for "South-eastern Asia").
    A name outside M49 is returned as it is."""
    code = SUBREGION_CODES.get(subregion)
    if code is None or official_language(language) == ENGLISH:
        return subregion
    return _territory(code, language) or subregion


# For labels computed when they are shown (Organization.Region's): in the language of the reader then.
lazy_region_name = lazy(region_name, str)
