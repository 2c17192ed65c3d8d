"""Values that a message shows in the reader's language: country names, enumeration labels."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


class CountryName(str):
    """A country code that messages print as the country's name in their language."""

    __slots__ = ()

    def in_language(self, language: str) -> str:
        return country_name(str(self), language)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@cache
def country_name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if language != "en":
        # pycountry's catalogues translate the official "name", not "common_name"
        translated = _translations(language).gettext(country.name)
        return translated
    return name
