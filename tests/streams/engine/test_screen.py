"""Screening results: the contract's shape, the outcome and score rules, codes and durations by
date and facts, the streams asked for, French, determinism, and an engine free of frameworks."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from streams.engine import (
    Rulebook,
    ScreeningResult,
    default_rulebook,
    evaluate,
    parse_request,
    screen,
    screen_data,
    screen_json,
    to_data,
    to_json,
)

from .strategies import REPO, SAMPLES, requests

AS_OF = "2026-11-22"
STREAM_KEYS = {"stream", "title", "program", "legal_basis", "exemption_code", "outcome", "score",
               "max_duration_months", "criteria", "next_steps", "window", "changes", "questions"}  # 1.1 included
CRITERION_KEYS = {"id", "title", "status", "kind", "explanation", "citations", "missing"}
# Optional fields the project added to the contract (allowed: "The project may add optional fields").
ADDED_STREAM_KEYS = {"notice", "documents"}
ADDED_CRITERION_KEYS = {"requirement"}


def streams_of(request: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["stream"]: s for s in screen_json(request)["streams"]}


def statuses(stream: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in stream["criteria"]}


def ict_transferee(as_of: str = AS_OF, **changes: Any) -> dict[str, Any]:
    """A German senior manager of a multinational moving to its Canadian subsidiary."""
    request: dict[str, Any] = {
        "schema_version": "1", "as_of": as_of,
        "applicant": {"citizenships": ["DE"], "employment_history": [
            {"country": "DE", "start_date": "2020-01-01", "hours_per_week": 40, "related_to_offer_employer": True,
             "similar_to_offer": True}]},
        "job_offer": {"noc_code": "00012", "duration_months": 36, "intra_company": {
            "relationship": "subsidiary", "foreign_employer_multinational": True, "canadian_entity_doing_business": True,
            "new_office": False, "physical_premises_secured": True, "position_category": "senior_manager", "foreign_position_held_open": True}},
    }
    for path, value in changes.items():
        target = request
        *parents, last = path.split("__")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return request


def cusma_professional(as_of: str = AS_OF, citizenship: str = "US", **applicant: Any) -> dict[str, Any]:
    return {"schema_version": "1", "as_of": as_of, "streams": ["cusma_professional"],
            "applicant": {"citizenships": [citizenship], "education": [
                {"level": "bachelor", "country": "US", "completed": True, "related_to_offer": True}], **applicant},
            "job_offer": {"cusma_profession": "economist", "noc_code": "41401", "signed": True, "self_employed": False,
                          "duration_months": 36}}


# --- shape -------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_every_result_has_the_contract_shape(request: dict[str, Any]) -> None:
    result = screen_json(request)
    json.dumps(result)  # JSON all the way down
    typed = ScreeningResult.model_validate(result)
    assert typed.model_dump(mode="json", exclude_unset=True) == json.loads(json.dumps(result))
    assert set(result) == {"schema_version", "as_of", "rulebook_version", "streams", "general_requirements"}
    assert result["schema_version"] == "1" and result["as_of"] == request["as_of"]
    assert result["rulebook_version"] == default_rulebook().version
    for stream in result["streams"]:
        assert STREAM_KEYS <= set(stream) <= STREAM_KEYS | ADDED_STREAM_KEYS
        assert stream["program"] in ("IMP", "TFWP") and 0 <= stream["score"] <= 100
        assert stream["criteria"], stream["stream"]
        for criterion in stream["criteria"]:
            assert CRITERION_KEYS <= set(criterion) <= CRITERION_KEYS | ADDED_CRITERION_KEYS
            assert criterion["id"].startswith(stream["stream"] + ".")
            assert criterion["explanation"].strip() and criterion["citations"]
            assert (criterion["status"] == "unknown") or not criterion["missing"]


def test_screen_returns_the_same_result_typed() -> None:
    for request in SAMPLES[:30]:
        assert screen(parse_request(request)).model_dump(mode="json", exclude_unset=True) == json.loads(json.dumps(screen_json(request)))


# --- outcome and score -------------------------------------------------------------------------


def expected_outcome(stream: dict[str, Any]) -> str:
    if [c["id"] for c in stream["criteria"]] == [f"{stream['stream']}.rules_encoded"]:
        return "not_assessed"
    found = {c["status"] for c in stream["criteria"]}
    if "unmet" in found:
        return "ineligible"
    return "needs_information" if "unknown" in found else "eligible"


def expected_score(stream: dict[str, Any]) -> int:
    if expected_outcome(stream) == "not_assessed":
        return 0
    weights = {c.id: c.use.weight for s in default_rulebook().streams.values() for c in s.criteria}
    met = total = 0
    for criterion in stream["criteria"]:
        weight = weights.get(criterion["id"], 1)  # the "not in force" row weighs 1
        total += weight
        met += weight if criterion["status"] == "met" else 0
    return round(100 * met / total)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_outcome_and_score_follow_from_the_criteria(request: dict[str, Any]) -> None:
    for stream in screen_json(request)["streams"]:
        assert stream["outcome"] == expected_outcome(stream)
        assert stream["score"] == expected_score(stream)
        if stream["outcome"] in ("ineligible", "not_assessed"):
            # no code or duration is offered for a stream the facts rule out, or not assessed
            assert stream["exemption_code"] is None and stream["max_duration_months"] is None
        if stream["outcome"] != "needs_information":
            assert stream["questions"] == []
        if stream["outcome"] not in ("eligible", "needs_information"):
            assert stream["next_steps"] == []
        assert "documents" not in stream  # only when asked for


def test_outcome_rule_on_named_cases() -> None:
    eligible = streams_of(ict_transferee())["ict"]
    assert eligible["outcome"] == "eligible" and eligible["score"] == 100
    unknown = streams_of(ict_transferee(job_offer__intra_company={"relationship": "subsidiary"}))["ict"]
    assert unknown["outcome"] == "needs_information" and "unmet" not in statuses(unknown).values()
    # one unmet among unknowns is enough
    ruled_out = streams_of({"schema_version": "1", "as_of": AS_OF, "job_offer": {"intra_company": {"relationship": "none"}}})
    assert ruled_out["ict"]["outcome"] == "ineligible"
    assert sorted(set(statuses(ruled_out["ict"]).values())) == ["unknown", "unmet"]


def test_score_is_the_share_of_met_weight() -> None:
    # Given an ict request where exactly the relationship and the category are met
    request = {"schema_version": "1", "as_of": AS_OF, "streams": ["ict"],
               "job_offer": {"intra_company": {"relationship": "branch", "position_category": "executive"}}}
    (stream,) = screen_json(request)["streams"]
    met = [c for c in stream["criteria"] if c["status"] == "met"]
    assert [c["id"] for c in met] == ["ict.qualifying_relationship", "ict.position_category"]
    # Then the score is their share of the criteria present, rounded
    assert stream["score"] == round(100 * 2 / len(stream["criteria"]))
    # and a request with nothing known scores 0
    (empty,) = screen_json({"schema_version": "1", "as_of": AS_OF, "streams": ["ict"]})["streams"]
    assert empty["score"] == 0 and empty["outcome"] == "needs_information"


# --- exemption codes and durations ---------------------------------------------------------------


@pytest.mark.parametrize(("as_of", "category", "new_office", "code"), [
    ("2022-12-14", "senior_manager", False, "C12"),
    ("2022-12-15", "senior_manager", False, "C62"),
    ("2022-12-15", "functional_manager", False, "C62"),
    ("2022-12-15", "executive", True, "C61"),
    ("2022-12-14", "executive", True, "C12"),
])
def test_ict_exemption_code_by_date(as_of: str, category: str, new_office: bool, code: str) -> None:
    intra = {"relationship": "subsidiary", "canadian_entity_doing_business": not new_office, "new_office": new_office,
             "physical_premises_secured": True, "staffing_plan": True, "financial_capacity": True,
             "position_category": category, "foreign_position_held_open": True}
    stream = streams_of(ict_transferee(as_of, job_offer__intra_company=intra))["ict"]
    assert stream["outcome"] == "eligible" and stream["exemption_code"] == code


def test_ict_specialized_knowledge_code_by_date() -> None:
    intra = {"relationship": "subsidiary", "canadian_entity_doing_business": True, "new_office": False, "physical_premises_secured": True,
             "position_category": "specialized_knowledge"}
    facts = {"job_offer__intra_company": intra, "job_offer__wage": {"amount": 45, "per": "hour"},
             "job_offer__prevailing_wage_hourly": 40,
             "applicant__specialized_knowledge": {"proprietary_knowledge": True, "advanced_expertise": True}}
    assert streams_of(ict_transferee("2022-12-14", **facts))["ict"]["exemption_code"] == "C12"
    assert streams_of(ict_transferee("2022-12-15", **facts))["ict"]["exemption_code"] == "C63"


@pytest.mark.parametrize(("as_of", "code"), [("2022-11-16", "T23"), ("2022-12-14", "T23"), ("2022-12-15", "T36"), (AS_OF, "T36")])
def test_cusma_professional_code_by_date(as_of: str, code: str) -> None:
    stream = streams_of(cusma_professional(as_of))["cusma_professional"]
    assert stream["outcome"] == "eligible" and stream["exemption_code"] == code


def test_before_its_encoded_rules_a_stream_is_not_assessed_never_ineligible() -> None:
    stream = streams_of(cusma_professional("2022-11-15"))["cusma_professional"]
    assert stream["outcome"] == "not_assessed" and stream["exemption_code"] is None


def test_cusma_transferee_codes_by_date() -> None:
    request = ict_transferee("2022-12-14", applicant__citizenships=["US"])
    request["job_offer"]["intra_company"]["foreign_employer_country"] = "US"
    assert streams_of(request)["cusma_ict"]["exemption_code"] == "T24"
    request["as_of"] = "2022-12-15"
    assert streams_of(request)["cusma_ict"]["exemption_code"] == "T37"


def test_the_code_stays_unknown_while_the_facts_that_choose_it_are() -> None:
    request = ict_transferee()
    del request["job_offer"]["intra_company"]["new_office"]
    stream = streams_of(request)["ict"]
    assert stream["outcome"] == "needs_information" and stream["exemption_code"] is None
    assert stream["max_duration_months"] is None


@pytest.mark.parametrize(("citizenships", "passport_expiry", "duration", "months"), [
    (["DE"], None, 36, 36),  # the stream's maximum for an established office
    (["DE"], None, 24, 24),  # the job's own length
    (["DE"], "2027-09-22", 36, 10),  # the passport expires in ten months
    (["DE"], "2027-09-21", 36, 9),
    (["DE"], "2026-11-01", 36, 0),  # already expired
    (["US"], "2027-09-22", 36, 36),  # US citizens are not capped by the passport
    (["MX", "US"], "2027-09-22", 36, 36),  # nor is a dual US citizen
    (["DE"], "2040-01-01", 12, 12),
])
def test_ict_duration_caps(citizenships: list[str], passport_expiry: str | None, duration: int, months: int) -> None:
    applicant = {"citizenships": citizenships}
    if passport_expiry:
        applicant["passport_expiry"] = passport_expiry
    request = ict_transferee(job_offer__duration_months=duration)
    request["applicant"] |= applicant
    stream = streams_of(request)["ict"]
    assert stream["outcome"] == "eligible" and stream["max_duration_months"] == months


def test_the_passport_is_counted_from_the_job_start() -> None:
    request = ict_transferee(applicant__passport_expiry="2028-01-01", job_offer__start_date="2027-01-01")
    assert streams_of(request)["ict"]["max_duration_months"] == 12


def test_a_new_office_gets_a_year() -> None:
    intra = {"relationship": "affiliate", "new_office": True, "physical_premises_secured": True, "staffing_plan": True,
             "financial_capacity": True, "position_category": "executive", "foreign_employer_multinational": True,
             "foreign_position_held_open": True}
    stream = streams_of(ict_transferee(job_offer__intra_company=intra))["ict"]
    assert stream["outcome"] == "eligible" and (stream["exemption_code"], stream["max_duration_months"]) == ("C61", 12)


def test_cusma_professional_duration_caps() -> None:
    capped = cusma_professional(citizenship="MX", passport_expiry="2027-09-22")
    assert streams_of(capped)["cusma_professional"]["max_duration_months"] == 10
    not_capped = cusma_professional(citizenship="US", passport_expiry="2027-09-22")
    assert streams_of(not_capped)["cusma_professional"]["max_duration_months"] == 36


# --- the 3 October 2024 rule change -------------------------------------------------------------


def test_the_multinational_rule_changes_the_outcome_on_2024_10_03() -> None:
    # Given the same one-country company opening its first office abroad, on the eve and the day
    def on(day: str) -> dict[str, Any]:
        return streams_of(ict_transferee(day, job_offer__intra_company={
            "relationship": "subsidiary", "foreign_employer_multinational": False, "new_office": True,
            "physical_premises_secured": True, "staffing_plan": True, "financial_capacity": True,
            "position_category": "senior_manager", "foreign_position_held_open": True}))["ict"]

    eve, day = on("2024-10-02"), on("2024-10-03")
    # Then the eve knows no multinational test and the transfer is eligible (C61)
    assert eve["outcome"] == "eligible" and eve["exemption_code"] == "C61"
    assert "ict.multinational" not in statuses(eve) and statuses(eve)["ict.position_held_open"] == "met"
    # and from the day of the change it is not
    assert day["outcome"] == "ineligible" and statuses(day)["ict.multinational"] == "unmet"


# --- the streams asked for, and in which language ---------------------------------------------


def test_only_the_streams_asked_for_in_the_contract_order() -> None:
    request = {"schema_version": "1", "as_of": AS_OF, "streams": ["global_talent_stream", "ict", "cusma_professional"]}
    result = screen_json(request)
    assert [s["stream"] for s in result["streams"]] == ["ict", "cusma_professional", "global_talent_stream"]
    for requirement in result["general_requirements"]:
        assert requirement["applies_to"] and set(requirement["applies_to"]) <= set(request["streams"])
    assert "general.lmia" in {r["id"] for r in result["general_requirements"]}
    only_iec = screen_json({**request, "streams": ["iec_working_holiday"]})
    assert "general.lmia" not in {r["id"] for r in only_iec["general_requirements"]}


def test_without_a_subset_every_stream_in_the_contract_order() -> None:
    result = screen_json({"schema_version": "1", "as_of": AS_OF})
    assert [s["stream"] for s in result["streams"]] == list(default_rulebook().streams)
    assert [s["stream"] for s in result["streams"]][:3] == ["ict", "cusma_ict", "cusma_professional"]


def test_french_gives_french_titles_and_explanations() -> None:
    book = default_rulebook()
    english = screen_json(ict_transferee())
    french = screen_json({**ict_transferee(), "language": "fr"})
    for en_stream, fr_stream in zip(english["streams"], french["streams"], strict=True):
        spec = book.streams[fr_stream["stream"]].spec
        assert (en_stream["title"], fr_stream["title"]) == (spec.title.en, spec.title.fr)
        assert [c["status"] for c in en_stream["criteria"]] == [c["status"] for c in fr_stream["criteria"]]
        for en_row, fr_row in zip(en_stream["criteria"], fr_stream["criteria"], strict=True):
            assert fr_row["title"] != en_row["title"] and fr_row["explanation"] != en_row["explanation"]
            # the same sources, each in the page's language where it has one (Justice Laws: /fra/)
            assert [c["official"] for c in fr_row["citations"]] == [c["official"] for c in en_row["citations"]]
            assert len(fr_row["citations"]) == len(en_row["citations"])
    fr_ict = {c["id"]: c for c in french["streams"][0]["criteria"]}
    assert fr_ict["ict.qualifying_relationship"]["explanation"].startswith("L'employeur canadien est une filiale")
    laws = [c["url"] for c in fr_ict["ict.foreign_national"]["citations"]]
    assert laws and all("/fra/" in url for url in laws), laws


def test_french_numbers_and_country_names() -> None:
    request = {"schema_version": "1", "as_of": AS_OF, "language": "fr", "streams": ["ict", "cusma_ict"],
               "job_offer": {"wage": {"amount": 39.99, "per": "hour"}, "prevailing_wage_hourly": 2500.5,
                             "intra_company": {"position_category": "specialized_knowledge", "foreign_employer_country": "DE"}}}
    rows = {c["id"]: c["explanation"] for s in screen_json(request)["streams"] for c in s["criteria"]}
    assert "39,99 $ CA" in rows["ict.prevailing_wage"] and "2\u202f500,50 $ CA" in rows["ict.prevailing_wage"]
    assert "Allemagne" in rows["cusma_ict.foreign_employer_country"]
    english = {c["id"]: c["explanation"] for s in screen_json({**request, "language": "en"})["streams"] for c in s["criteria"]}
    assert "CAN$2,500.50" in english["ict.prevailing_wage"] and "Germany" in english["cusma_ict.foreign_employer_country"]


def test_a_met_discretionary_criterion_says_an_officer_decides() -> None:
    book = default_rulebook()
    claims = {"proprietary_knowledge": True, "advanced_expertise": True}
    for language in ("en", "fr"):
        note = book.officer_decides[language]
        request = {**ict_transferee(applicant__specialized_knowledge=claims,
                                    job_offer__intra_company={"position_category": "specialized_knowledge"}),
                   "language": language}
        rows = {c["id"]: c for s in screen_json(request)["streams"] for c in s["criteria"]}
        row = rows["ict.specialized_knowledge"]
        assert row["kind"] == "discretionary" and row["status"] == "met"
        assert row["explanation"].endswith(" " + note)
        assert not rows["ict.position_category"]["explanation"].endswith(note)  # requirements get no note
    # an unmet discretionary criterion gets no note
    request = ict_transferee(applicant__specialized_knowledge={"proprietary_knowledge": False, "advanced_expertise": True},
                             job_offer__intra_company={"position_category": "specialized_knowledge"})
    row = {c["id"]: c for s in screen_json(request)["streams"] for c in s["criteria"]}["ict.specialized_knowledge"]
    assert row["status"] == "unmet" and not row["explanation"].endswith(book.officer_decides["en"])


# --- determinism ---------------------------------------------------------------------------------


def test_the_same_request_gives_the_same_json() -> None:
    fresh = Rulebook()  # no cached plans or rows yet
    for request in [*SAMPLES[:40], ict_transferee(), {**ict_transferee(), "language": "fr"}]:
        first = json.dumps(screen_json(request), sort_keys=True)
        assert json.dumps(screen_json(json.dumps(request)), sort_keys=True) == first
        assert json.dumps(screen_data(parse_request(request), fresh), sort_keys=True) == first


_SECOND_BOOK: list[Rulebook] = []  # made once (loading the rules takes a fifth of a second)


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_the_json_bytes_are_those_of_the_json_object(request: dict[str, Any]) -> None:
    """``to_json`` copies in rows and steps it keeps encoded: its bytes must be those of the object,
    in either language, with documents or without, on a rulebook of its own (where ``to_json`` makes
    most rows before ``to_data`` does) and on the shared one (whose rows other tests made first)."""
    if not _SECOND_BOOK:
        _SECOND_BOOK.append(Rulebook())
    parsed = parse_request(request)
    for book in (_SECOND_BOOK[0], default_rulebook()):
        for documents in (False, True):
            screening = evaluate(parsed, book, documents=documents)
            for language in ("en", "fr"):
                assert to_json(screening, language) == orjson.dumps(to_data(screening, language))
                assert to_json(screening, language) == orjson.dumps(to_data(screening, language))


def test_screening_does_not_change_the_request() -> None:
    request = ict_transferee()
    kept = copy.deepcopy(request)
    screen_json(request)
    assert request == kept


# --- no framework inside the engine ----------------------------------------------------------------


def test_the_engine_imports_no_framework_or_project_app() -> None:
    forbidden = ["django", "rest_framework", "celery", "drf_spectacular", "applications", "imp_screening"]
    code = (
        "import sys, json\n"
        "import streams.engine\n"
        "from streams.engine import screen_json\n"
        "screen_json({'schema_version': '1', 'as_of': '2026-11-22', 'language': 'fr'})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    modules = json.loads(run.stdout)
    assert "streams.engine" in modules  # the check saw the engine
    leaks = [m for m in modules if m.split(".")[0] in forbidden]
    assert not leaks, leaks
    # within the streams package, only the engine (and the package itself) may be loaded
    outside = [m for m in modules if m.startswith("streams.") and not m.startswith("streams.engine")]
    assert not outside, outside


# --- a test that may not apply, decided on the facts given --------------------------------------------


def test_a_test_whose_application_is_open_tells_what_the_facts_given_show() -> None:
    # Given a TEER 5 job and a wage under the prevailing wage, but no position category (the TEER
    # test is for executives and managers, the wage test for specialized knowledge)
    request = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["ict"],
               "job_offer": {"noc_code": "65201", "wage": {"amount": 36000, "per": "year"}, "hours_per_week": 40,
                             "prevailing_wage_hourly": 20}}
    for language, teer, pending in (("en", "NOC 65201 is in TEER 5", "depends on an answer we do not have yet"),
                                    ("fr", "Le code CNP 65201 relève de la FEER 5", "Reste à savoir si ce critère")):
        rows = {c["id"]: c for c in screen_json({**request, "language": language})["streams"][0]["criteria"]}
        row = rows["ict.position_teer"]
        # Then both tests stay unknown (unknown is not no), asking only for the category, and say what
        # the facts given already show, never that the NOC code is not known
        assert row["status"] == "unknown" and list(row["missing"]) == ["job_offer.intra_company.position_category"]
        assert row["explanation"].startswith(teer) and pending in row["explanation"]
        assert "do not know the NOC" not in row["explanation"]
        wage = rows["ict.prevailing_wage"]
        assert wage["status"] == "unknown" and pending in wage["explanation"]
    # and once the category is given, the test it names decides as before
    managerial = {**request, "job_offer": {**request["job_offer"],
                                           "intra_company": {"position_category": "senior_manager"}}}
    row = {c["id"]: c for c in screen_json(managerial)["streams"][0]["criteria"]}["ict.position_teer"]
    assert row["status"] == "unmet" and "depends on an answer" not in row["explanation"]


def test_the_global_talent_stream_says_what_the_occupation_given_shows() -> None:
    base = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["global_talent_stream"],
            "applicant": {"education": [{"level": "master", "completed": True, "related_to_offer": True}]}}
    # Given an occupation off the Global Talent Occupations List and no word on a referral
    listed_off = {**base, "job_offer": {"noc_code": "65201", "province": "ON"}}
    for language, start in (("en", "NOC 65201 is not on the Global Talent Occupations List"),
                            ("fr", "La CNP 65201 ne figure pas sur la Liste")):
        rows = {c["id"]: c for c in screen_json({**listed_off, "language": language})["streams"][0]["criteria"]}
        # Then the category test asks only for the referral, and says the occupation is not listed
        category = rows["global_talent_stream.category"]
        assert category["status"] == "unknown" and category["explanation"].startswith(start)
        assert list(category["missing"]) == ["job_offer.gts.designated_partner_referral"]
    # Given no occupation at all, the Category A test decided on the degree says so, and that it may not apply
    rows = {c["id"]: c for c in screen_json({**base, "job_offer": {"province": "ON"}})["streams"][0]["criteria"]}
    specialized = rows["global_talent_stream.specialized_position"]
    assert specialized["status"] == "unknown" and specialized["explanation"].startswith("The worker holds an advanced")
    assert "depends on an answer we do not have yet" in specialized["explanation"]
    # Given a master's whose field is not said, the test says the degree is there and what is open
    unrelated = {**listed_off, "applicant": {"education": [{"level": "master", "completed": True}]}}
    rows = {c["id"]: c for c in screen_json(unrelated)["streams"][0]["criteria"]}
    specialized = rows["global_talent_stream.specialized_position"]
    assert specialized["status"] == "unknown" and "it counts if it is in an area related to the job" in (
        specialized["explanation"])
