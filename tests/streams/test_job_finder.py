"""The job finder: everyday titles in English and French find their NOC 2021 unit groups."""

from __future__ import annotations

import pytest

from streams.job_finder import fold, job_search


@pytest.mark.parametrize(("query", "language", "code"), [
    ("data analyst", "en", "21223"),
    ("dishwasher", "en", "65201"),
    ("registered nurse", "en", "31301"),
    ("marketing manager", "en", "10022"),
    ("Software eng", "en", "21231"),
    ("infirmière autorisée", "fr", "31301"),
    ("infirmiere autorisee", "fr", "31301"),  # without accents
    ("INFIRMIÈRE AUTORISÉE", "fr", "31301"),  # without regard to case
    ("électricien", "fr", "72200"),
    ("plong", "fr", "65201"),  # a word's start is enough
])
def test_everyday_titles_find_their_unit_group(query: str, language: str, code: str) -> None:
    codes = [m.code for m in job_search(query, language=language)]
    assert code in codes[:4], codes


def test_a_match_names_the_unit_group_and_its_teer_in_the_readers_language() -> None:
    (first, *_) = job_search("dishwasher", language="fr")
    assert first.code == "65201" and first.teer == 5
    assert first.title == "Dishwasher"  # the title that matched
    assert first.unit_group.startswith("Serveurs/serveuses au comptoir")  # the group, in French


def test_the_start_of_a_code_finds_codes() -> None:
    assert [m.code for m in job_search("2123", language="en")][:2] == ["21230", "21231"]


def test_every_word_must_match() -> None:
    assert job_search("registered dishwasher", language="en") == []
    assert job_search("a", language="en") == []  # one letter is too little to search on


def test_fold() -> None:
    assert fold("Électricienne d'ÉQUIPEMENT") == "electricienne d'equipement"
