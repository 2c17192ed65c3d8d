"""Every fact of the contract has a label in English and French, every enumeration value reads as
words, and numbers, dates and places read as the language writes them. No database needed."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

import pytest
from django.utils import translation
from pydantic import BaseModel

from applications.fact_labels import ENUM_LABELS, FACTS, NOT_FACTS, Kind, answer, enum_label, fact_label, fact_sections
from streams.engine import default_rulebook
from streams.engine.inputs import ScreeningRequest


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _unwrap(next(a for a in typing.get_args(annotation) if a is not type(None)))
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation


def contract_fields(model: type[BaseModel] = ScreeningRequest, prefix: str = "") -> dict[str, Any]:
    """Every field path of the contract (list items without their index), with its type."""
    found: dict[str, Any] = {}
    for name, spec in model.model_fields.items():
        path = f"{prefix}.{spec.alias or name}".lstrip(".")
        kind = _unwrap(spec.annotation)
        inner = _unwrap(typing.get_args(kind)[0]) if typing.get_origin(kind) is list else None
        found[path] = inner if inner is not None else kind
        nested = inner if inner is not None else kind
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            found.update(contract_fields(nested, path))
    return found


FIELDS = {path: kind for path, kind in contract_fields().items() if path.split(".")[0] not in NOT_FACTS}
ENUMS = {kind for kind in FIELDS.values() if isinstance(kind, type) and issubclass(kind, Enum)}


def test_every_field_of_the_contract_has_a_label_and_nothing_else_does() -> None:
    assert sorted(set(FIELDS) - set(FACTS)) == []
    assert sorted(set(FACTS) - set(FIELDS)) == []


def test_enumerations_are_labelled_by_their_own_enum() -> None:
    for path, kind in FIELDS.items():
        if isinstance(kind, type) and issubclass(kind, Enum):
            assert FACTS[path].kind in (Kind.CHOICE, Kind.CHOICES) and FACTS[path].enum is kind, path


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_enumeration_value_reads_as_words(language: str) -> None:
    engine = default_rulebook().labels
    with translation.override(language):
        for enum in ENUMS:
            for member in enum:
                key = f"{enum.__name__}.{member.value}"
                assert key in engine or key in ENUM_LABELS, key
                label = enum_label(enum, member.value, language)
                assert "_" not in label and label[:1].isupper(), (key, label)


def test_every_label_is_translated() -> None:
    same = {"Date", "Code"}  # the same word in both languages
    for path, fact in FACTS.items():
        with translation.override("en"):
            english = str(fact.label)
        with translation.override("fr"):
            french = str(fact.label)
        assert french != english or english in same, path
    for key, label in ENUM_LABELS.items():
        with translation.override("en"):
            english = str(label)
        with translation.override("fr"):
            assert str(label) != english, key


@pytest.mark.parametrize(("path", "value", "english", "french"), [
    ("applicant.date_of_birth", "1982-03-01", "1 March 1982", "1er mars 1982"),
    ("applicant.citizenships", ["DE", "GB"], "Germany, United Kingdom", "Allemagne, Royaume-Uni"),
    ("applicant.location", "outside_canada", "Outside Canada", "À l'extérieur du Canada"),
    ("applicant.funds_cad", 4000, "CAN$4,000", "4\u202f000 $ CA"),
    ("applicant.funds_cad", 2500.5, "CAN$2,500.50", "2\u202f500,50 $ CA"),
    ("applicant.years_experience_in_offer_occupation", 2.5, "2.5", "2,5"),
    ("job_offer.wage", {"amount": 185000.0, "per": "year"}, "CAN$185,000 a year", "185\u202f000 $ CA par année"),
    ("job_offer.wage", {"amount": 52.5, "per": "hour"}, "CAN$52.50 an hour", "52,50 $ CA de l'heure"),
    ("job_offer.province", "QC", "Quebec", "Québec"),
    ("job_offer.noc_code", "21231", "21231 – Software engineers and designers",
     "21231 – Ingénieurs/ingénieures et concepteurs/conceptrices en logiciel"),
    ("job_offer.duration_months", 1, "1 month", "1 mois"),
    ("job_offer.duration_months", 36, "36 months", "36 mois"),
    ("job_offer.business.ownership_percent", 51, "51%", "51\u00a0%"),
    ("job_offer.cusma_profession", "none", "None of the professions CUSMA lists",
     "Aucune des professions énumérées dans l'ACEUM"),
    ("job_offer.signed", True, "Yes", "Oui"),
    ("job_offer.intra_company.relationship", "subsidiary", "Subsidiary", "Filiale"),
    ("applicant.french_nclc", {"speaking": 7, "listening": 6}, "speaking 7, listening 6",
     "expression orale 7, compréhension de l'oral 6"),
    ("significant_benefit.indicators", ["awards", "job_creation"], "Awards, Job creation",
     "Prix, Création d'emplois"),
])
def test_values_read_as_the_language_writes_them(path: str, value: Any, english: str, french: str) -> None:
    for language, expected in (("en", english), ("fr", french)):
        with translation.override(language):
            assert answer(FACTS[path], value, language) == expected


def test_paths_read_as_questions_never_as_paths() -> None:
    with translation.override("en"):
        assert fact_label("applicant.employment_history.0.start_date") == "Employment 1: Started on"
        assert fact_label("applicant.residence_history.1") == "Stay 2"
        assert fact_label("principal.relationship") == "Relationship to the principal"
        assert fact_label("job_offer.unknown_fact") == "The job offer: Unknown fact"
    with translation.override("fr"):
        assert fact_label("applicant.employment_history.1.end_date") == "Emploi 2\u00a0: Fin"


def test_facts_come_in_parts_with_lists_one_line_per_entry() -> None:
    request = {"applicant": {"citizenships": ["MX"], "employment_history": [
        {"employer_name": "Hospital General", "start_date": "2019-01-01"},
        {"employer_name": "Clínica Norte", "start_date": "2015-01-01", "end_date": "2018-12-31"}]},
        "job_offer": {"intra_company": {"new_office": False}}}
    with translation.override("en"):
        sections = fact_sections(request, "en")
    assert [title for title, _ in sections] == ["The applicant", "The job offer"]
    rows = {row.label: row.answer for _, part in sections for row in part}
    assert rows["Employment 1"] == ("Employer: Hospital General; Started on: 1 January 2019; "
                                    "Ended on: still employed there")
    assert rows["Employment 2"].endswith("Ended on: 31 December 2018")
    assert rows["Transfer to open a new office?"] == "No"
    assert [row.label for row in sections[1][1]] == ["Transfer within a company", "Transfer to open a new office?"]
    assert sections[1][1][0].heading
