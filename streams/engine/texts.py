"""Texts in the product's two languages, and messages whose values are shown in the reader's language.

A message is written once per language with named placeholders (``{months}``, ``{wage:money}``).
Its values come from the parameters a rule tests and from what the rule found, so a threshold is
typed once, in its parameter file, and every text that shows it follows it.

Placeholders take a format spec of Python's mini-language, or one of these:

- ``money``: CAN$1,234.56 / 1 234,56 $ CA; ``money0``: whole dollars (CAN$1,234), cents only when
  there are any.
- ``long``: a date in words (9 March 2027 / 9 mars 2027); a date without a spec is ISO (2027-03-09).
- ``and``: a list joined with "and"; lists are joined with "or" otherwise.
- ``countries``: ISO 3166-1 codes (one, or a list) shown as country names.

Country codes (``CountryName``), enumeration members, ``Text`` values and lists are shown in the
reader's language. Messages are compiled once, when the rule data loads.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .labels import CountryName

LANGUAGES = ("en", "fr")


class Text(BaseModel):
    """A text in both languages of the product."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def __getitem__(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
              "octobre", "novembre", "décembre")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_NNBSP = "\u202f"  # narrow no-break space: French thousands separator


def long_date(day: date, language: str) -> str:
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {_MONTHS_FR[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def money(amount: float, language: str, *, cents: bool = True) -> str:
    """An amount of Canadian dollars. ``cents=False``: whole dollars, unless the amount has cents
    (rounding them off made "funds of CAN$22,894 reach the CAN$22,894.50 needed")."""
    if not cents and round(amount, 2) != round(amount):
        cents = True
    text = f"{amount:,.2f}" if cents else f"{round(amount):,}"
    if language == "fr":
        return text.replace(",", _NNBSP).replace(".", ",") + " $ CA"
    return f"CAN${text}"


def join(items: Sequence[str], language: str, *, conjunction: str = "or") -> str:
    if len(items) < 2:
        return "".join(items)
    word = {"or": {"en": " or ", "fr": " ou "}, "and": {"en": " and ", "fr": " et "}}[conjunction][language]
    separator = "; " if any("," in item for item in items) else ", "
    return separator.join(items[:-1]) + word + items[-1]


EnumLabels = Mapping[str, Text]  # "EnumClass.value" -> label


def shown(value: Any, language: str, labels: EnumLabels, spec: str = "") -> str:
    """``value`` as a message shows it in ``language``. The common types are told apart by their exact
    type first: ``isinstance`` against pydantic models and abstract classes is slow."""
    kind = type(value)
    if spec == "countries":
        codes = [value] if isinstance(value, str) else list(value)
        return join(sorted(CountryName(c).in_language(language) for c in codes), language)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is float:
        return _number(value, spec, language)
    if kind is CountryName:
        return value.in_language(language)  # type: ignore[no-any-return]
    if kind is list or kind is tuple or kind is frozenset:
        items = [shown(v, language, labels) for v in value]
        return join(items, language, conjunction="and" if spec == "and" else "or")
    if kind is date:
        return long_date(value, language) if spec == "long" else value.isoformat()
    if kind is Text:
        return value[language]  # type: ignore[no-any-return]
    if kind is bool:
        return str(value)
    if isinstance(value, Enum):
        label = labels.get(f"{kind.__name__}.{value.value}")
        return label[language] if label is not None else str(value.value)
    if isinstance(value, CountryName):
        return value.in_language(language)
    if isinstance(value, date):
        return long_date(value, language) if spec == "long" else value.isoformat()
    return str(value)


def _number(value: float, spec: str, language: str) -> str:
    if spec == "money":
        return money(value, language)
    if spec == "money0":
        return money(value, language, cents=False)
    if not spec:
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        return text.replace(".", ",") if language == "fr" else text
    text = format(value, spec)
    if language == "fr":
        text = text.replace(",", _NNBSP).replace(".", ",")
    return text


class Message:
    """A message compiled once: literal pieces and named fields, rendered in one language."""

    __slots__ = ("fields", "parts", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        parts: list[tuple[str, str | None, str]] = []
        for literal, name, spec, conversion in string.Formatter().parse(source):
            if conversion:
                raise ValueError(f"conversions (!{conversion}) are not used in messages: {source!r}")
            if name is not None and not all(part.isidentifier() for part in name.split(".")):
                raise ValueError(f"placeholder {{{name}}} must be a name, or name.attribute: {source!r}")
            parts.append((literal, name, spec or ""))
        self.parts = tuple(parts)
        self.fields = frozenset(name.split(".")[0] for _, name, _ in parts if name)

    def render(self, values: Mapping[str, Any], language: str, labels: EnumLabels) -> str:
        if not self.fields:
            return self.source
        out = []
        for literal, name, spec in self.parts:
            out.append(literal)
            if name is not None:
                out.append(shown(_lookup(values, name), language, labels, spec))
        return "".join(out)


def _lookup(values: Mapping[str, Any], name: str) -> Any:
    first, *rest = name.split(".")
    value = values[first]
    for attribute in rest:
        value = value[attribute] if type(value) is dict else getattr(value, attribute)
    return value


class BilingualMessage:
    """A ``Text`` compiled in both languages; both must use the same placeholders."""

    __slots__ = ("en", "fields", "fr")

    def __init__(self, text: Text, *, where: str, allowed: Callable[[str], bool] | None = None) -> None:
        try:
            self.en = Message(text.en)
            self.fr = Message(text.fr)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if self.en.fields != self.fr.fields:
            raise ValueError(f"{where}: the English and French texts use different placeholders "
                             f"({sorted(self.en.fields)} / {sorted(self.fr.fields)})")
        self.fields = self.en.fields
        if allowed is not None:
            unknown = sorted(f for f in self.fields if not allowed(f))
            if unknown:
                raise ValueError(f"{where}: placeholders {unknown} are neither arguments nor parameters")

    def __getitem__(self, language: str) -> Message:
        return self.fr if language == "fr" else self.en

    def render(self, values: Mapping[str, Any], language: str, labels: EnumLabels) -> str:
        return self[language].render(values, language, labels)
