"""Inputs written in one pass.

- ``FastSelect``: a select whose options are written at once (Django renders each option through a
  template of its own: a page with three lists of 250 countries took a fifth of a second).
- ``CountryInput``: a text input that suggests countries as one types, from one list on the page
  (``COUNTRY_LIST_ID``, written once by the page however many country questions it asks) instead of
  250 options repeated under every question. It takes a country's name in English or French, with or
  without accents, or its two-letter code.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from streams.engine.labels import country_name
from streams.engine.reference import countries

COUNTRY_LIST_ID = "country-names"


class FastSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((str(code), " selected" if str(code) in chosen else "", label) for code, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


def collation_key(name: str) -> str:
    """Accents and case aside (« États-Unis » is « etats-unis »)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()


@cache
def country_names(language: str) -> list[tuple[str, str]]:
    """(code, name) of every country, in ``language``, in alphabetical order (accents aside)."""
    return sorted(((code, country_name(code, language)) for code in countries()), key=lambda c: collation_key(c[1]))


@cache
def _codes_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for language in ("en", "fr"):
        for code, name in country_names(language):
            found.setdefault(collation_key(name), code)
    return found


def country_code(text: str) -> str | None:
    """The code of the country ``text`` names (its name in English or French, or its code)."""
    key = collation_key(text)
    if len(key) == 2 and key.upper() in countries():
        return key.upper()
    return _codes_by_name().get(key)


class CountryInput(forms.TextInput):
    """Shows the stored code as the country's name in the page's language."""

    def __init__(self, language: Any, none_label: Any = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"list": COUNTRY_LIST_ID, "autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.language = language  # a function: the page's language when the input is drawn
        self.none_label = none_label

    def format_value(self, value: Any) -> str | None:
        if value == "none" and self.none_label:
            return str(self.none_label)
        if value and isinstance(value, str) and value.upper() in countries():
            return country_name(value.upper(), self.language())
        return super().format_value(value)  # type: ignore[no-any-return]


def country_datalist(language: str, none_label: Any = "") -> SafeString:
    """The one list of suggestions every country input of a page reads."""
    options = format_html_join("", "<option value=\"{}\"></option>", ((name,) for _, name in country_names(language)))
    none = format_html("<option value=\"{}\"></option>", none_label) if none_label else ""
    return format_html("<datalist id=\"{}\">{}{}</datalist>", COUNTRY_LIST_ID, none, options)
