"""The rule data loads only when it is well formed, and its invariants hold for every stream.

Malformed data is built in a copy of ``streams/engine/data`` (the shipped files are never touched)
and must be refused with a ``RuleDataError`` that names the file at fault.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.engine import ENGINE_VERSION, Rulebook, default_rulebook, parse_request, screen_data
from streams.engine.loader import RuleDataError
from streams.engine.reference import DATA_DIR
from streams.engine.rulebook import request_field_exists
from streams.engine.timeline import Timeline, add_months, age_on, whole_months_between

from .strategies import SAMPLES, requests


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Load a YAML file, change its structure, write it back (anchors are expanded)."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def refused(data: Path) -> str:
    with pytest.raises(RuleDataError) as error:
        Rulebook(data)
    return str(error.value)


def first_criterion(content: dict[str, Any]) -> dict[str, Any]:
    criterion: dict[str, Any] = content["criteria"][0]
    return criterion


def test_a_round_trip_of_the_data_still_loads(data: Path) -> None:
    # The mutations below rewrite files through PyYAML: an unchanged rewrite must load, so that a
    # refusal can only come from the mutation.
    rewrite(data / "streams" / "ict.yaml", lambda content: None)
    rewrite(data / "streams" / "cusma_professional.yaml", lambda content: None)
    assert list(Rulebook(data).streams) == list(default_rulebook().streams)


def test_a_duplicate_yaml_key_is_refused(data: Path) -> None:
    path = data / "streams" / "ict.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nprogram: IMP\n", encoding="utf-8")
    message = refused(data)
    assert message.startswith("ict.yaml: ") and "duplicate key 'program'" in message


def test_a_duplicate_key_deep_inside_is_refused(data: Path) -> None:
    path = data / "common.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(\n  officer_decides:\n)", r"\1    en: \"twice\"\n", text, count=1)
    path.write_text(text, encoding="utf-8")
    message = refused(data)
    assert message.startswith("common.yaml: ") and "duplicate key 'en'" in message


def test_a_criterion_citing_an_unknown_source_is_refused(data: Path) -> None:
    rewrite(data / "streams" / "ict.yaml", lambda c: first_criterion(c).update(sources=["no_such_source"]))
    message = refused(data)
    assert "ict.yaml" in message and "ict.qualifying_relationship" in message
    assert "unknown source 'no_such_source'" in message


def test_a_criterion_reading_a_field_the_contract_lacks_is_refused(data: Path) -> None:
    rewrite(data / "streams" / "ict.yaml",
            lambda c: first_criterion(c).update(reads=["job_offer.intra_company.colour"]))
    message = refused(data)
    assert "ict.yaml" in message and "'job_offer.intra_company.colour', which the contract lacks" in message


def test_a_formula_that_does_not_exist_is_refused(data: Path) -> None:
    rewrite(data / "streams" / "ict.yaml",
            lambda c: first_criterion(c).update(versions={date(2014, 6, 9): "meets_ict_nothing"}))
    message = refused(data)
    assert "ict.yaml" in message and "'meets_ict_nothing', which is not defined" in message


def test_a_stream_formula_that_does_not_exist_is_refused(data: Path) -> None:
    rewrite(data / "streams" / "cusma_ict.yaml", lambda c: c.update(max_duration_formula="forever"))
    message = refused(data)
    assert "cusma_ict.yaml" in message and "'forever' is not defined" in message


@pytest.mark.parametrize("where", ["message", "title", "requirement"])
def test_a_text_without_french_is_refused(data: Path, where: str) -> None:
    def drop_french(content: dict[str, Any]) -> None:
        criterion = first_criterion(content)
        text = criterion["messages"]["unknown"] if where == "message" else criterion[where]
        del text["fr"]

    rewrite(data / "streams" / "cusma_professional.yaml", drop_french)
    message = refused(data)
    assert message.startswith("cusma_professional.yaml: ")
    assert re.search(r"criteria\.0\.[a-z.]*\bfr: Field required", message), message


def test_an_empty_french_text_is_refused(data: Path) -> None:
    rewrite(data / "streams" / "ict.yaml", lambda c: c["title"].update(fr=""))
    assert refused(data).startswith("ict.yaml: title.fr")


def test_a_parameter_citing_an_unknown_source_is_refused(data: Path) -> None:
    def cite_nowhere(content: dict[str, Any]) -> None:
        dated = content["parameters"]["ict_exemption_codes"]["values"]
        dated[max(dated)]["sources"] = ["nowhere"]

    rewrite(data / "streams" / "ict.yaml", cite_nowhere)
    message = refused(data)
    assert "ict.yaml" in message and "parameter ict_exemption_codes (2022-12-15) cites 'nowhere'" in message


def test_a_common_parameter_citing_an_unknown_source_is_refused(data: Path) -> None:
    rewrite(data / "common.yaml",
            lambda c: c["parameters"]["weeks_per_year"]["values"][date(2014, 6, 9)].update(sources=["nowhere"]))
    assert "common.yaml: parameter weeks_per_year (2014-06-09) cites 'nowhere'" in refused(data)


def test_a_cusma_credential_table_missing_a_profession_is_refused(data: Path) -> None:
    def drop_economist(content: dict[str, Any]) -> None:
        table = content["parameters"]["cusma_credentials"]["values"][date(2014, 6, 9)]["value"]
        del table["professions"]["economist"]

    rewrite(data / "streams" / "cusma_professional.yaml", drop_economist)
    message = refused(data)
    assert "cusma_professional.yaml" in message and "professions without credentials: ['economist']" in message


def test_a_cusma_credential_with_an_unknown_education_class_is_refused(data: Path) -> None:
    def bad_class(content: dict[str, Any]) -> None:
        table = content["parameters"]["cusma_credentials"]["values"][date(2014, 6, 9)]["value"]
        table["professions"]["economist"] = [{"label": {"en": "a degree", "fr": "un diplôme"}, "education": "phd"}]

    rewrite(data / "streams" / "cusma_professional.yaml", bad_class)
    message = refused(data)
    assert "cusma_professional.yaml" in message and "economist: unknown education class 'phd'" in message


def test_a_stream_file_named_other_than_its_id_is_refused(data: Path) -> None:
    (data / "streams" / "ict.yaml").rename(data / "streams" / "intra.yaml")
    message = refused(data)
    assert message.startswith("intra.yaml: ") and "declares id 'ict'; the file name must match" in message


def test_a_criterion_outside_its_stream_is_refused(data: Path) -> None:
    rewrite(data / "streams" / "ict.yaml", lambda c: first_criterion(c).update(id="cusma_ict.qualifying_relationship"))
    assert "ict.yaml: criterion id 'cusma_ict.qualifying_relationship' repeated or not under ict" in refused(data)


def test_a_source_defined_twice_is_refused(data: Path) -> None:
    def copy_source(content: dict[str, Any]) -> None:
        content["sources"]["irpr_200"] = {"title": {"en": "x", "fr": "x"}, "url": "https://example.org"}

    rewrite(data / "streams" / "cusma_ict.yaml", copy_source)
    assert "cusma_ict.yaml: source irpr_200 is defined twice" in refused(data)


def test_a_source_without_a_web_address_is_refused(data: Path) -> None:
    rewrite(data / "streams" / "ict.yaml", lambda c: c["sources"]["ircc_ict_relationship"].update(url="ftp://x"))
    message = refused(data)
    assert message.startswith("ict.yaml: ") and "https://" in message


# --- the version -----------------------------------------------------------------------------


def data_files() -> list[str]:
    return sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*") if p.is_file())


def test_the_rulebook_version_is_stable_while_the_data_is(data: Path) -> None:
    version = Rulebook(data).version
    assert version == default_rulebook().version  # the content counts, not where it lies
    assert version == Rulebook(data).version
    assert re.fullmatch(re.escape(ENGINE_VERSION) + r"\+[0-9a-f]{16}", version)
    for path in data.rglob("*"):  # rewriting the same bytes changes nothing
        if path.is_file():
            path.write_bytes(path.read_bytes())
    assert Rulebook(data).version == version


def test_the_rulebook_version_changes_when_any_data_file_changes(data: Path) -> None:
    files = data_files()
    assert {"common.yaml", "streams/ict.yaml", "reference/cusma_professions.csv"} <= set(files)
    original = Rulebook(data).version
    seen = {original}
    for name in files:
        path = data / name
        before = path.read_bytes()
        path.write_bytes(before + b"\n")  # a blank line at the end: same rules, other bytes
        version = Rulebook(data).version
        assert version not in seen, f"{name} changed but the version did not"
        seen.add(version)
        path.write_bytes(before)
    assert Rulebook(data).version == original
    (data / "reference" / "NOTES.md").write_text("a new file\n", encoding="utf-8")
    assert Rulebook(data).version not in seen


# --- invariants of the shipped data ------------------------------------------------------------


def test_the_shipped_data_loads_in_the_contract_order() -> None:
    book = default_rulebook()
    contract_streams = ["ict", "cusma_ict", "cusma_professional", "iec_working_holiday", "iec_young_professionals",
                        "iec_international_coop", "spousal_open_work_permit", "significant_benefit",
                        "global_talent_stream"]
    assert list(book.streams)[: len(contract_streams)] == contract_streams
    assert book.common.stream_order[: len(contract_streams)] == contract_streams
    assert set(book.streams) == set(book.common.stream_order)


def test_every_criterion_cites_a_web_source() -> None:
    book = default_rulebook()
    for stream in book.streams.values():
        assert stream.criteria, stream.id
        for criterion in stream.criteria:
            assert criterion.source_ids, criterion.id
            for source_id in criterion.source_ids:
                assert book.sources[source_id].url.startswith(("https://", "http://")), (criterion.id, source_id)
                assert book.sources[source_id].title.en and book.sources[source_id].title.fr
    for requirement in book.general_requirements:
        assert requirement.sources and all(book.sources[s].url.startswith("http") for s in requirement.sources)


def test_every_dated_parameter_value_cites_a_known_source() -> None:
    book = default_rulebook()
    specs = [book.common.parameters, *(s.spec.parameters for s in book.streams.values())]
    for parameters in specs:
        for name, parameter in parameters.items():
            for since, dated in parameter.values.items():
                assert dated.sources and all(s in book.sources for s in dated.sources), (name, since)


def test_every_criterion_reads_real_request_fields() -> None:
    for stream in default_rulebook().streams.values():
        for criterion in stream.criteria:
            assert criterion.reads, criterion.id
            for field in criterion.reads:
                assert request_field_exists(field), (criterion.id, field)


def test_every_text_is_in_english_and_french() -> None:
    book = default_rulebook()
    for stream in book.streams.values():
        spec = stream.spec
        texts = [("title", spec.title), ("summary", spec.summary)]
        if spec.notice:
            texts.append(("notice", spec.notice))
        for criterion in stream.criteria:
            texts += [(f"{criterion.id}.title", criterion.title), (f"{criterion.id}.requirement", criterion.requirement)]
            texts += [(f"{criterion.id}.messages.{key}", text) for key, text in criterion.messages.items()]
            # a translation is not a copy (titles and requirements are sentences, never names)
            assert criterion.title.en != criterion.title.fr, criterion.id
            assert criterion.requirement.en != criterion.requirement.fr, criterion.id
        for where, text in texts:
            assert text.en.strip() and text.fr.strip(), (stream.id, where)
            # the same placeholders in both languages
            assert _placeholders(text.en) == _placeholders(text.fr), (stream.id, where)
    for key, text in book.common.messages.items():
        assert text.en.strip() and text.fr.strip(), key
        assert _placeholders(text.en) == _placeholders(text.fr), key


def _placeholders(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", template))


def test_the_not_in_force_row_uses_the_common_texts() -> None:
    # A stream asked about before it starts gets one unmet row, in both languages.
    for language in ("en", "fr"):
        result = screen_data(parse_request({"schema_version": "1", "as_of": "2020-01-01", "language": language,
                                            "streams": ["spousal_open_work_permit"]}))
        (stream,) = result["streams"]
        assert [c["id"] for c in stream["criteria"]] == ["spousal_open_work_permit.in_force"]
        assert stream["outcome"] == "ineligible" and stream["criteria"][0]["citations"]


def _missing_fields(request: dict[str, Any]) -> list[tuple[str, str]]:
    result = screen_data(parse_request(request))
    found = []
    for stream in result["streams"]:
        for criterion in stream["criteria"]:
            if criterion["status"] == "unknown":
                found += [(criterion["id"], field) for field in criterion["missing"]]
            else:
                assert not criterion["missing"], criterion["id"]
    return found


def _is_request_field(field: str) -> bool:
    return request_field_exists(".".join(part for part in field.split(".") if not part.isdigit()))


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_every_missing_field_reported_is_a_request_field(request: dict[str, Any]) -> None:
    for criterion_id, field in _missing_fields(request):
        assert _is_request_field(field), (criterion_id, field)


def test_missing_fields_name_list_items_by_index() -> None:
    fields = [f for sample in SAMPLES for _, f in _missing_fields(sample)]
    fields += [f for _, f in _missing_fields({"schema_version": "1", "as_of": "2026-11-22", "applicant": {
        "employment_history": [{"start_date": "2020-01-01", "related_to_offer_employer": True}]}})]
    assert "applicant.employment_history.0.hours_per_week" in fields
    assert all(_is_request_field(f) for f in fields)
    # an empty request asks for the facts themselves, never for nothing
    empty = _missing_fields({"schema_version": "1", "as_of": "2026-11-22"})
    assert empty and all(_is_request_field(f) for _, f in empty)


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # a year from a leap day ends on 28 February
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # clamped to the month's last day, leap year
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2025, 1, 31), 3, date(2025, 4, 30)),
    (date(2024, 3, 31), -1, date(2024, 2, 29)),
    (date(2024, 12, 31), 2, date(2025, 2, 28)),  # across the year end
    (date(2025, 1, 15), -1, date(2024, 12, 15)),
    (date(2026, 11, 22), -36, date(2023, 11, 22)),
    (date(2026, 11, 22), 0, date(2026, 11, 22)),
])
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2026, 11, 22), date(2028, 3, 22), 16),
    (date(2026, 11, 22), date(2028, 3, 21), 15),
    (date(2024, 1, 31), date(2024, 2, 29), 1),  # the end of a short month completes the month
    (date(2024, 1, 31), date(2024, 2, 28), 0),
    (date(2024, 2, 29), date(2025, 2, 28), 12),
    (date(2024, 3, 31), date(2024, 2, 29), -1),
    (date(2026, 11, 22), date(2026, 11, 22), 0),
    (date(2026, 11, 22), date(2026, 10, 23), 0),
    (date(2026, 11, 22), date(2026, 10, 22), -1),
])
def test_whole_months_between(start: date, end: date, months: int) -> None:
    assert whole_months_between(start, end) == months


@pytest.mark.parametrize(("birth", "on", "age"), [
    (date(1990, 11, 22), date(2026, 11, 22), 36),  # on the birthday
    (date(1990, 11, 23), date(2026, 11, 22), 35),  # the day before
    (date(2000, 2, 29), date(2018, 2, 28), 17),  # a leap-day birthday comes on 1 March in common years
    (date(2000, 2, 29), date(2018, 3, 1), 18),
    (date(2000, 2, 29), date(2020, 2, 29), 20),
    (date(2000, 2, 29), date(2020, 2, 28), 19),
    (date(2000, 12, 31), date(2001, 1, 1), 0),
])
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


@settings(max_examples=300, database=None)
@given(day=st.dates(date(1950, 1, 1), date(2060, 12, 31)), months=st.integers(-600, 600))
def test_add_months_and_whole_months_agree(day: date, months: int) -> None:
    later = add_months(day, months)
    assert whole_months_between(day, later) == months
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day


def test_a_timeline_gives_the_value_in_force_and_null_repeals() -> None:
    line = Timeline({date(2022, 12, 15): "C62", date(2014, 6, 9): "C12", date(2030, 1, 1): None})
    assert line.at(date(2014, 6, 8)) is None  # before the first value
    assert line.at(date(2014, 6, 9)) == "C12"
    assert line.at(date(2022, 12, 14)) == "C12"
    assert line.at(date(2022, 12, 15)) == "C62"  # in force from its own day
    assert line.at(date(2030, 1, 1)) is None  # repealed
    assert list(line.dates) == [date(2014, 6, 9), date(2022, 12, 15), date(2030, 1, 1)]
