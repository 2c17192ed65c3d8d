"""The public rules pages (/rules/ and /rules/<stream>/): every stream's criteria readably, from the
rulebook the engine runs, in English and French, for any date; no internal field paths, the
program, dates and units in the page's language."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client

from streams.engine import default_rulebook
from streams.templatetags.rules import _UNITS

STREAMS = sorted(default_rulebook().streams)
FIELD_PATH = re.compile(r"\b(?:applicant|job_offer|principal|significant_benefit|application)\.[a-z_]+")


def visible(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return unescape(re.sub(r"<[^>]+>", " ", main))


def get(path: str, language: str) -> Any:
    client = Client()
    if language == "fr":
        client.cookies["django_language"] = "fr"
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_index_lists_every_stream_and_the_same_rules_as_data(language: str) -> None:
    response = get("/rules/?as_of=2026-12-01", language)
    assert response.status_code == 200
    html = response.content.decode()
    for stream_id in STREAMS:
        assert f"/rules/{stream_id}/" in html, stream_id
    assert "/api/v1/rulebook" in html
    assert ("Les règles que nous appliquons" if language == "fr" else "The rules we apply") in html


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("stream_id", STREAMS)
def test_each_stream_page_reads_in_the_pages_language(stream_id: str, language: str) -> None:
    response = get(f"/rules/{stream_id}/?as_of=2026-12-01", language)
    assert response.status_code == 200
    text = visible(response.content.decode())
    assert FIELD_PATH.findall(text) == [], FIELD_PATH.findall(text)
    if language == "fr":
        assert "Critères en vigueur le 1er décembre 2026" in text
        assert " IMP " not in text and "ISO 3166-1 alpha-2" not in text and "hours/week" not in text
    else:
        assert "Criteria in force on 1 December 2026" in text


def test_the_french_page_names_the_program_and_units_in_french() -> None:
    text = visible(get("/rules/cusma_professional/?as_of=2026-12-01", "fr").content.decode())
    assert "PMI · R204(a)" in text and "codes de pays (ISO 3166-1)" in text
    assert "IMP · R204(a)" in visible(get("/rules/cusma_professional/?as_of=2026-12-01", "en").content.decode())


def test_a_day_before_a_streams_encoded_rules_says_not_assessed_and_a_bad_date_is_named() -> None:
    text = visible(get("/rules/iec_working_holiday/?as_of=2020-01-01", "en").content.decode())
    assert "on 1 January 2020 it is not assessed" in text
    bad = get("/rules/iec_working_holiday/?as_of=2026-13-45", "en")
    assert bad.status_code == 200 and "2026-13-45" in visible(bad.content.decode())
    assert get("/rules/no_such_stream/", "en").status_code == 404


def test_every_unit_the_parameters_name_has_words_for_the_pages() -> None:
    units = {p.spec.unit for p in default_rulebook().parameters.values() if p.spec.unit}
    assert units, "the parameter files name their units"
    assert units - _UNITS.keys() == set()  # a new unit needs its words (and their French) in the rules tags


def test_a_french_source_known_only_at_its_english_address_says_the_page_is_in_english() -> None:
    register = default_rulebook().register
    title = register["ircc_cusma_professionals"].title
    french = visible(get("/rules/cusma_professional/?as_of=2026-12-01", "fr").content.decode())
    english = visible(get("/rules/cusma_professional/?as_of=2026-12-01", "en").content.decode())
    tail = title.fr.rsplit(" – ", 1)[-1]  # the title's last part (the page sets its own spaces before colons)
    assert f"{tail} (en anglais)" in french
    assert title.en.rsplit(" – ", 1)[-1] in english and "(en anglais)" not in english
