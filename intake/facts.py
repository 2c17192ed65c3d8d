"""A request's facts as lines for a facts table (reports, an applicant's PDF), in the active language:
each fact named by its question's label, each value in words (yes, no, a country's name, a choice's
label, a date written out)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import get_language, pgettext

from streams.engine.labels import country_name
from streams.engine.reference import PROVINCES, cusma_professions
from streams.engine.texts import long_date, money

from .contract import CHOICE, COUNTRY, CUSMA, DATE, MULTI, PROVINCE, YES_NO, shape
from .questions import ANY, CHOICE_LABELS, FACT_LABELS, QUESTIONS, Field, Question

SKIPPED = ("schema_version", "language", "as_of", "streams")


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _fields_by_path() -> dict[str, tuple[Question, Field]]:
    found: dict[str, tuple[Question, Field]] = {}
    for question in QUESTIONS:
        for spec in question.fields:
            if spec.name != ANY:
                found.setdefault(question.field_path(spec), (question, spec))
    return found


def label_of(path: str) -> str:
    """A fact's name for a path with list indexes (``applicant.education.1.level``)."""
    indexes = [int(p) for p in path.split(".") if p.isdigit()]
    plain = ".".join(p for p in path.split(".") if not p.isdigit())
    found = _fields_by_path().get(plain)
    if found is not None:
        question, spec = found
        label = str(spec.label)
        if question.item and indexes:
            return f"{question.title} {indexes[0] + 1} · {label}"
        if len([f for f in question.fields if f.name != ANY]) > 1 and not label.endswith("?") and len(label) < 30:
            return f"{question.title} · {label}"  # "The wage · Per", not "Per"
        return label
    fixed = FACT_LABELS.get(plain)
    if fixed is not None:
        if indexes:
            return f"{fixed} {indexes[0] + 1}"
        return str(fixed)
    return plain


def value_of(path: str, value: Any) -> str:
    """A fact's value in words, in the active language."""
    language = _language()
    plain = ".".join(p for p in path.split(".") if not p.isdigit())
    if value is None:
        # an employment without an end date is current (contract); anything else is unknown
        return pgettext("fact value", "current") if plain.endswith(".end_date") else pgettext("fact value", "not known")
    if isinstance(value, list):
        if not value:
            return pgettext("fact value", "none")
        return ", ".join(value_of(path, item) for item in value)
    try:
        kind = shape(plain)
    except (KeyError, TypeError):
        kind = None
    if isinstance(value, bool) or (kind is not None and kind.kind == YES_NO):
        return pgettext("fact value", "yes") if value else pgettext("fact value", "no")
    if kind is None:
        return str(value)
    if kind.kind == COUNTRY and isinstance(value, str):
        return country_name(value, language)
    if kind.kind == PROVINCE and isinstance(value, str) and value in PROVINCES:
        return PROVINCES[value][1 if language == "fr" else 0]
    if kind.kind in (CHOICE, MULTI) and kind.enum is not None:
        return str(CHOICE_LABELS.get(kind.enum, {}).get(value, value))
    if kind.kind == CUSMA:
        profession = cusma_professions().get(value)
        return profession.title_in(language) if profession else pgettext("fact value", "none of them")
    if kind.kind == DATE and isinstance(value, str):
        try:
            return long_date(date.fromisoformat(value), language)
        except ValueError:
            return value
    if isinstance(value, float) and path.endswith(("amount", "_cad", "wage_hourly")):
        return money(value, language)
    if isinstance(value, (int, float)):
        text = str(int(value)) if float(value).is_integer() else str(value)
        return text.replace(".", ",") if language == "fr" else text
    return str(value)


def fact_lines(request: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """A request's facts as (name, value) lines, in the active language."""
    lines: list[tuple[str, str]] = []
    for key, value in request.items():
        if not prefix and key in SKIPPED:
            continue
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            lines += fact_lines(value, path)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                lines += fact_lines(item, f"{path}.{index}")
        else:
            lines.append((label_of(path), value_of(path, value)))
    return lines





def question_answers(question: Question, request: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers given to one question, as facts lines ("not known" when none is stored)."""
    node: Any = request
    for part in question.path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return [(str(question.title), pgettext("fact value", "not known"))]
    sub: dict[str, Any] = {}
    target = sub
    parts = question.path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = node
    lines = fact_lines(sub)
    return lines or [(str(question.title), pgettext("fact value", "none"))]
