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
from streams.engine.rulebook import ENGINE_DIR, digest, request_field_exists
from streams.engine.timeline import Timeline, add_months, age_on, whole_months_between

from .strategies import SAMPLES, requests


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def rewrite(path: Path, change: Callable[[Any], None]) -> None:
    """Load a YAML file, change its structure, write it back (anchors are expanded)."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def refused(data: Path) -> str:
    with pytest.raises(RuleDataError) as error:
        book = Rulebook(data)
        book.check()
    return str(error.value)


def criterion(content: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in content["criteria"] if c["id"] == criterion_id)
    return found


ICT = "streams/ict.yaml"


def test_a_round_trip_of_the_data_still_loads(data: Path) -> None:
    # The mutations below rewrite files through PyYAML: an unchanged rewrite must load, so that a
    # refusal can only come from the mutation.
    rewrite(data / ICT, lambda content: None)
    rewrite(data / "parameters/ict/exemption_codes.yaml", lambda content: None)
    book = Rulebook(data)
    book.check()
    assert list(book.streams) == list(default_rulebook().streams)


def test_a_duplicate_yaml_key_is_refused(data: Path) -> None:
    path = data / ICT
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
    rewrite(data / ICT, lambda c: criterion(c, "ict.doing_business").update(sources=["no_such_source"]))
    message = refused(data)
    assert "ict.yaml" in message and "ict.doing_business" in message and "unknown source 'no_such_source'" in message


def test_a_template_that_does_not_exist_is_refused(data: Path) -> None:
    rewrite(data / ICT, lambda c: criterion(c, "ict.doing_business").update(use="ict.nothing"))
    message = refused(data)
    assert "ict.yaml: ict.doing_business uses template 'ict.nothing', which is not defined" in message


def test_a_stream_rule_that_does_not_exist_is_refused(data: Path) -> None:
    rewrite(data / "streams/cusma_ict.yaml", lambda c: c["max_duration"].update(use="forever"))
    assert "cusma_ict.yaml: max_duration uses rule 'forever', which is not defined" in refused(data)


def test_a_misspelt_argument_is_refused(data: Path) -> None:
    rewrite(data / ICT, lambda c: criterion(c, "ict.position_teer").update(args={"teer": "ict.manager_teers"}))
    message = refused(data)
    assert "ict.position_teer: arguments:" in message and "teers: Field required" in message


def test_an_argument_naming_a_parameter_that_does_not_exist_is_refused(data: Path) -> None:
    rewrite(data / ICT, lambda c: criterion(c, "ict.position_teer").update(args={"teers": "ict.no_such_list"}))
    assert "argument teers names parameter 'ict.no_such_list', which is not defined" in refused(data)


def test_a_parameter_read_as_two_types_is_refused(data: Path) -> None:
    # The TEER list read where a table of codes is expected.
    rewrite(data / ICT, lambda c: c["exemption_code"]["args"].update(codes="ict.manager_teers"))
    assert "parameter ict.manager_teers is read as" in refused(data)


def test_a_parameter_value_of_the_wrong_type_is_refused(data: Path) -> None:
    def bad(content: dict[str, Any]) -> None:
        content["values"][date(2024, 10, 3)]["value"] = ["zero", "one"]

    rewrite(data / "parameters/ict/manager_teers.yaml", bad)
    assert "parameter ict.manager_teers (2024-10-03)" in refused(data)


def test_a_parameter_citing_an_unknown_source_is_refused(data: Path) -> None:
    def cite_nowhere(content: dict[str, Any]) -> None:
        content["values"][date(2022, 12, 15)]["sources"] = ["nowhere"]

    rewrite(data / "parameters/ict/exemption_codes.yaml", cite_nowhere)
    assert "parameter ict.exemption_codes (2022-12-15) cites unknown source 'nowhere'" in refused(data)


@pytest.mark.parametrize("where", ["title", "requirement", "messages"])
def test_a_declared_template_without_french_is_refused(data: Path, where: str) -> None:
    def drop_french(content: dict[str, Any]) -> None:
        text = content["ict.position_held_open"][where]
        del (text["unknown"] if where == "messages" else text)["fr"]

    rewrite(data / "templates/ict.yaml", drop_french)
    message = refused(data)
    assert message.startswith("ict.yaml: ") and "fr: Field required" in message


def test_an_empty_french_text_is_refused(data: Path) -> None:
    rewrite(data / ICT, lambda c: c["title"].update(fr=""))
    assert refused(data).startswith("ict.yaml: title.fr")


def test_a_placeholder_missing_in_french_is_refused(data: Path) -> None:
    def lose_placeholder(content: dict[str, Any]) -> None:
        content["messages"]["not_assessed"]["fr"] = "Pas évalué."

    rewrite(data / "common.yaml", lose_placeholder)
    assert "messages.not_assessed: the English and French texts use different placeholders" in refused(data)


def test_a_stream_file_named_other_than_its_id_is_refused(data: Path) -> None:
    (data / ICT).rename(data / "streams/intra.yaml")
    message = refused(data)
    assert message.startswith("intra.yaml: ") and "declares id 'ict'; the file name must match" in message


def test_a_criterion_outside_its_stream_is_refused(data: Path) -> None:
    rewrite(data / ICT, lambda c: criterion(c, "ict.doing_business").update(id="cusma_ict.doing_business"))
    assert "ict.yaml: criterion id 'cusma_ict.doing_business' repeated or not under ict" in refused(data)


def test_a_source_defined_twice_is_refused(data: Path) -> None:
    (data / "sources/extra.yaml").write_text(
        "irpa_s2: {title: {en: x, fr: x}, url: 'https://laws-lois.justice.gc.ca/eng/acts/I-2.5/', official: true}\n",
        encoding="utf-8")
    assert "source irpa_s2 is defined twice" in refused(data)


def test_a_source_on_plain_http_is_refused(data: Path) -> None:
    rewrite(data / "sources/ict.yaml", lambda c: c["ircc_ict_pdi"].update(url="http://www.canada.ca/en/x.html"))
    message = refused(data)
    assert "ircc_ict_pdi" in message and "https://" in message


def test_an_official_source_off_government_sites_is_refused(data: Path) -> None:
    rewrite(data / "sources/ict.yaml", lambda c: c["ircc_ict_pdi"].update(url="https://example.com/ict"))
    assert "an official source must be on a government or treaty site" in refused(data)


def test_a_criterion_citing_only_secondary_sources_is_refused(data: Path) -> None:
    rewrite(data / "sources/ict.yaml", lambda c: c["ict_changes_2024"].update(official=False))
    rewrite(data / ICT, lambda c: criterion(c, "ict.physical_premises").update(sources=["ict_changes_2024"]))
    assert "ict.physical_premises cites no official source on 2024-10-03" in refused(data)


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
    assert {"common.yaml", "streams/ict.yaml", "parameters/ict/manager_teers.yaml",
            "reference/cusma_professions.csv"} <= set(files)
    original = Rulebook(data).version
    seen = {original}
    for name in files:
        path = data / name
        before = path.read_bytes()
        path.write_bytes(before + b"\n")  # a blank line at the end: same rules, other bytes
        version = digest(ENGINE_DIR, data)
        assert version not in seen, f"{name} changed but the version did not"
        seen.add(version)
        path.write_bytes(before)
    assert Rulebook(data).version == original


def test_the_rulebook_version_changes_when_the_engine_code_changes(tmp_path: Path) -> None:
    # A change of rule code alone (same data) is a new version: stored screenings are not reused.
    code = tmp_path / "engine"
    shutil.copytree(ENGINE_DIR, code, ignore=shutil.ignore_patterns("__pycache__", "data"))
    before = digest(code, DATA_DIR)
    assert before == digest(ENGINE_DIR, DATA_DIR)
    path = code / "templates" / "ict.py"
    path.write_text(path.read_text(encoding="utf-8").replace("teer in ctx.p(a.teers)", "teer not in ctx.p(a.teers)"),
                    encoding="utf-8")
    assert digest(code, DATA_DIR) != before


# --- invariants of the shipped data ------------------------------------------------------------


def test_the_shipped_data_loads_in_the_contract_order() -> None:
    book = default_rulebook()
    contract_streams = ["ict", "cusma_ict", "cusma_professional", "iec_working_holiday", "iec_young_professionals",
                        "iec_international_coop", "spousal_open_work_permit", "significant_benefit",
                        "global_talent_stream"]
    assert list(book.streams)[: len(contract_streams)] == contract_streams
    assert book.common.stream_order[: len(contract_streams)] == contract_streams
    assert set(book.streams) == set(book.common.stream_order)


def test_every_stream_is_encoded_from_2022_11_16_at_the_latest() -> None:
    # NOC 2021 entered IRCC's programs on 2022-11-16: every stream is encoded from then to today.
    for stream in default_rulebook().streams.values():
        assert stream.spec.encoded_from <= date(2022, 11, 16), stream.id


def test_every_criterion_cites_an_official_source_on_every_date() -> None:
    book = default_rulebook()
    for stream in book.streams.values():
        for day in book.change_points:
            plan = book.plan(stream.id, day)
            for planned in plan.criteria if plan else ():
                assert planned.source_ids, planned.id
                assert any(book.register[s].official for s in planned.source_ids), (planned.id, day)
                for citation in planned.statics["fr"]["citations"]:
                    assert str(citation["url"]).startswith("https://"), (planned.id, citation)


def test_every_criterion_reads_real_request_fields() -> None:
    for stream in default_rulebook().streams.values():
        for c in stream.criteria:
            reads = c.template.reads_for(c.args)
            assert reads, c.id
            for field in reads:
                assert request_field_exists(field), (c.id, field)


def test_every_text_is_in_english_and_french() -> None:
    book = default_rulebook()
    for stream in book.streams.values():
        spec = stream.spec
        assert spec.title.en != spec.title.fr and spec.summary.en != spec.summary.fr, stream.id
        for c in stream.criteria:
            template = c.template
            texts = [template.title, template.requirement, *template.messages.values()]
            for text in texts:
                assert text.en.strip() and text.fr.strip(), c.id
            # a translation is not a copy (titles and requirements are sentences, never names)
            assert template.title.en != template.title.fr, c.id
            assert template.requirement.en != template.requirement.fr, c.id
    for key, text in book.common.messages.items():
        assert text.en.strip() and text.fr.strip(), key


def test_a_stream_before_its_encoded_rules_is_not_assessed() -> None:
    # Not encoded is not "no": one row in each language says which dates are encoded.
    for language in ("en", "fr"):
        result = screen_data(parse_request({"schema_version": "1", "as_of": "2020-01-01", "language": language,
                                            "streams": ["ict"]}))
        (stream,) = result["streams"]
        assert stream["outcome"] == "not_assessed" and stream["exemption_code"] is None
        assert [c["id"] for c in stream["criteria"]] == ["ict.rules_encoded"]
        assert stream["criteria"][0]["citations"] and ("2022" in stream["criteria"][0]["explanation"])


def _missing_fields(request: dict[str, Any]) -> list[tuple[str, str]]:
    result = screen_data(parse_request(request))
    found = []
    for stream in result["streams"]:
        for c in stream["criteria"]:
            if c["status"] == "unknown":
                found += [(c["id"], field) for field in c["missing"]]
            else:
                assert not c["missing"], c["id"]
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
