"""A request is validated strictly, and every error names its field in plain words.

Each bad request must be refused with exactly one error at exactly the field at fault (``loc``,
dotted, list items by index), with a plain message: no pydantic wording or documentation link. A
dict and its JSON text are accepted or refused alike.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from streams.engine import RequestError, parse_request

from .strategies import SAMPLES

BASE: dict[str, Any] = {"schema_version": "1", "as_of": "2026-11-22"}


def refused(data: Any, **kwargs: Any) -> list[dict[str, str]]:
    with pytest.raises(RequestError) as caught:
        parse_request(data, **kwargs)
    errors = caught.value.errors
    assert errors, "a refusal must say why"
    for error in errors:
        assert set(error) == {"loc", "message"}
        message = error["message"]
        assert message.strip(), error
        assert "pydantic" not in message.lower() and "http" not in message, error
        assert "Input should" not in message and "[type=" not in message, error  # pydantic's own wording
    assert caught.value.as_json() == {"errors": errors}
    return errors


def assert_refused_at(request: dict[str, Any], loc: str) -> None:
    """Refused at exactly ``loc``, alike as a dict, as JSON text and as JSON bytes."""
    errors = refused(request)
    assert [e["loc"] for e in errors] == [loc], errors
    text = json.dumps(request)
    assert refused(text) == errors
    assert refused(text.encode()) == errors


def applicant(**facts: Any) -> dict[str, Any]:
    return {**BASE, "applicant": facts}


def job_offer(**facts: Any) -> dict[str, Any]:
    return {**BASE, "job_offer": facts}


def principal(**facts: Any) -> dict[str, Any]:
    return {**BASE, "principal": facts}


UNKNOWN_FIELDS = [
    ({**BASE, "colour": "blue"}, "colour"),
    (applicant(nickname="Al"), "applicant.nickname"),
    (applicant(education=[{"level": "bachelor"}, {"level": "master", "gpa": 4}]), "applicant.education.1.gpa"),
    (applicant(employment_history=[{"salary": 1}]), "applicant.employment_history.0.salary"),
    (applicant(french_nclc={"speaking": 7, "grammar": 7}), "applicant.french_nclc.grammar"),
    (applicant(english_clb={"oral": 7}), "applicant.english_clb.oral"),
    (applicant(specialized_knowledge={"patents": True}), "applicant.specialized_knowledge.patents"),
    (applicant(iec_participations=[{"year": 2020}]), "applicant.iec_participations.0.year"),
    (applicant(post_secondary_enrolment={"school": "X"}), "applicant.post_secondary_enrolment.school"),
    (applicant(residence_history=[{"country": "FR", "until": "2020-01-01"}]), "applicant.residence_history.0.until"),
    (job_offer(bonus=10), "job_offer.bonus"),
    (job_offer(wage={"amount": 40, "per": "hour", "currency": "CAD"}), "job_offer.wage.currency"),
    (job_offer(intra_company={"parent_name": "X"}), "job_offer.intra_company.parent_name"),
    (job_offer(gts={"fast": True}), "job_offer.gts.fast"),
    (principal(salary=1), "principal.salary"),
    (principal(study_program={"school": "X"}), "principal.study_program.school"),
    ({**BASE, "significant_benefit": {"score": 3}}, "significant_benefit.score"),
    ({**BASE, "application": {"fee_paid": True}}, "application.fee_paid"),
]

WRONG_TYPES = [
    (applicant(funds_cad="2500"), "applicant.funds_cad"),  # a string for a number
    (applicant(years_experience_in_offer_occupation="3"), "applicant.years_experience_in_offer_occupation"),
    (job_offer(wage={"amount": "40", "per": "hour"}), "job_offer.wage.amount"),
    (job_offer(duration_months="12"), "job_offer.duration_months"),
    (job_offer(duration_months=12.5), "job_offer.duration_months"),  # a fraction for a whole number
    (applicant(funds_cad=True), "applicant.funds_cad"),  # a boolean is not a number
    (applicant(accompanying_dependants="yes"), "applicant.accompanying_dependants"),  # "yes" for a bool
    (job_offer(signed="true"), "job_offer.signed"),
    (job_offer(self_employed=1), "job_offer.self_employed"),
    (applicant(employment_history=[{"related_to_offer_employer": "no"}]),
     "applicant.employment_history.0.related_to_offer_employer"),
    (job_offer(title=7), "job_offer.title"),  # a number for a string
    (job_offer(noc_code=21231), "job_offer.noc_code"),
    (applicant(education=[{"field": 3.5}]), "applicant.education.0.field"),
    (applicant(citizenships="US"), "applicant.citizenships"),  # a string for a list
    ({**BASE, "streams": "ict"}, "streams"),
    ({**BASE, "applicant": []}, "applicant"),  # a list for an object
    (job_offer(wage=40), "job_offer.wage"),
    (applicant(date_of_birth=20000101), "applicant.date_of_birth"),  # a number for a date
    (applicant(education=[{"level": "phd"}]), "applicant.education.0.level"),  # not in the enumeration
    (job_offer(wage={"amount": 40, "per": "week"}), "job_offer.wage.per"),
    (job_offer(wage={"amount": 40}), "job_offer.wage.per"),  # both parts are required
    ({**BASE, "language": "de"}, "language"),
]

IMPOSSIBLE_DATES = [
    ({**BASE, "as_of": "2026-02-30"}, "as_of"),
    (applicant(date_of_birth="2000-13-01"), "applicant.date_of_birth"),
    (applicant(date_of_birth="1999-02-29"), "applicant.date_of_birth"),
    (applicant(passport_expiry="22/11/2030"), "applicant.passport_expiry"),
    (applicant(date_of_birth="2000-01-01T00:00:00"), "applicant.date_of_birth"),
    (job_offer(start_date="2027-04-31"), "job_offer.start_date"),
    # an end before its start
    (applicant(employment_history=[{"start_date": "2024-01-01"}, {"start_date": "2020-01-01", "end_date": "2019-12-31"}]),
     "applicant.employment_history.1.end_date"),
    (applicant(residence_history=[{"country": "FR", "from": "2020-01-01", "to": "2019-12-31"}]),
     "applicant.residence_history.0.to"),
    # dates against as_of and the date of birth
    (applicant(date_of_birth="2026-11-23"), "applicant.date_of_birth"),
    (applicant(employment_history=[{"start_date": "2026-11-23"}]), "applicant.employment_history.0.start_date"),
    (applicant(date_of_birth="2000-01-01", employment_history=[{"start_date": "2010-01-01"}, {"start_date": "1999-12-31"}]),
     "applicant.employment_history.1.start_date"),
    (applicant(iec_participations=[{"permit_issued_on": "2027-01-01"}]), "applicant.iec_participations.0.permit_issued_on"),
    ({**BASE, "application": {"initial_application_date": "2027-01-01"}}, "application.initial_application_date"),
]

OUT_OF_RANGE = [
    (applicant(funds_cad=-5), "applicant.funds_cad"),
    (applicant(funds_cad=-0.01), "applicant.funds_cad"),
    (job_offer(wage={"amount": -1, "per": "hour"}), "job_offer.wage.amount"),
    (applicant(years_experience_in_offer_occupation=-2), "applicant.years_experience_in_offer_occupation"),
    (job_offer(prevailing_wage_hourly=-0.01), "job_offer.prevailing_wage_hourly"),
    (job_offer(duration_months=0), "job_offer.duration_months"),
    (job_offer(hours_per_week=0), "job_offer.hours_per_week"),
    (applicant(employment_history=[{"hours_per_week": 169}]), "applicant.employment_history.0.hours_per_week"),
    (job_offer(gts={"positions_this_year": -1}), "job_offer.gts.positions_this_year"),
    (principal(study_program={"length_months": 0}), "principal.study_program.length_months"),
    (applicant(french_nclc={"speaking": 13}), "applicant.french_nclc.speaking"),
    (applicant(french_nclc={"reading": -1}), "applicant.french_nclc.reading"),
    (applicant(english_clb={"writing": 12.5}), "applicant.english_clb.writing"),
    (applicant(english_clb={"listening": 99}), "applicant.english_clb.listening"),
]

BAD_CODES = [
    (applicant(citizenships=["FR", "XX"]), "applicant.citizenships.1"),
    (applicant(citizenships=["us"]), "applicant.citizenships.0"),  # codes are upper case
    (applicant(country_of_residence="USA"), "applicant.country_of_residence"),
    (applicant(permanent_residences=["EU"]), "applicant.permanent_residences.0"),
    (applicant(education=[{"country": "UK"}]), "applicant.education.0.country"),
    (job_offer(intra_company={"foreign_employer_country": "ZZ"}), "job_offer.intra_company.foreign_employer_country"),
    (job_offer(province="ZZ"), "job_offer.province"),
    (job_offer(province="PQ"), "job_offer.province"),  # Quebec's old abbreviation
    (job_offer(province="on"), "job_offer.province"),
    (job_offer(noc_code="2123"), "job_offer.noc_code"),
    (job_offer(noc_code="99999"), "job_offer.noc_code"),
    (job_offer(noc_code="2123A"), "job_offer.noc_code"),
    (principal(noc_code="00000"), "principal.noc_code"),
    (applicant(employment_history=[{"noc_code": "1234"}]), "applicant.employment_history.0.noc_code"),
    (job_offer(cusma_profession="wizard"), "job_offer.cusma_profession"),
    (job_offer(cusma_profession="Economist"), "job_offer.cusma_profession"),
    ({**BASE, "streams": ["ict", "astronaut"]}, "streams.1"),
    ({**BASE, "streams": ["ict", "cusma_ict", "ict"]}, "streams"),  # a stream twice
    ({**BASE, "schema_version": "2"}, "schema_version"),
    ({**BASE, "schema_version": 1}, "schema_version"),
    ({"as_of": "2026-11-22"}, "schema_version"),
]


@pytest.mark.parametrize(("request_data", "loc"), UNKNOWN_FIELDS, ids=[loc for _, loc in UNKNOWN_FIELDS])
def test_an_unknown_field_is_refused_at_its_place(request_data: dict[str, Any], loc: str) -> None:
    assert_refused_at(request_data, loc)


@pytest.mark.parametrize(("request_data", "loc"), WRONG_TYPES, ids=[f"{i}-{loc}" for i, (_, loc) in enumerate(WRONG_TYPES)])
def test_a_wrong_type_is_refused_not_coerced(request_data: dict[str, Any], loc: str) -> None:
    assert_refused_at(request_data, loc)


@pytest.mark.parametrize(("request_data", "loc"), IMPOSSIBLE_DATES, ids=[f"{i}-{loc}" for i, (_, loc) in enumerate(IMPOSSIBLE_DATES)])
def test_an_impossible_date_is_refused_at_the_later_field(request_data: dict[str, Any], loc: str) -> None:
    assert_refused_at(request_data, loc)


@pytest.mark.parametrize(("request_data", "loc"), OUT_OF_RANGE, ids=[f"{i}-{loc}" for i, (_, loc) in enumerate(OUT_OF_RANGE)])
def test_a_negative_amount_or_out_of_range_level_is_refused(request_data: dict[str, Any], loc: str) -> None:
    assert_refused_at(request_data, loc)


@pytest.mark.parametrize(("request_data", "loc"), BAD_CODES, ids=[f"{i}-{loc}" for i, (_, loc) in enumerate(BAD_CODES)])
def test_a_code_outside_its_list_is_refused(request_data: dict[str, Any], loc: str) -> None:
    assert_refused_at(request_data, loc)


def test_the_messages_say_what_is_expected() -> None:
    # The users' most common mistakes read as instructions, not as validator jargon.
    def message(request: dict[str, Any]) -> str:
        return refused(request)[0]["message"]

    assert message(applicant(nickname="Al")) == "unknown field: it is not part of screening contract v1"
    assert message(applicant(accompanying_dependants="yes")) == "must be true or false"
    assert message(applicant(funds_cad="2500")) == "must be a number"
    assert message({**BASE, "as_of": "2026-02-30"}) == "must be a real date written YYYY-MM-DD"
    assert message(applicant(funds_cad=-5)) == "must be 0 or more"
    assert message(applicant(french_nclc={"speaking": 13})) == "must be 12 or less"
    assert "'XX'" in message(applicant(citizenships=["XX"]))
    assert "is after as_of" in message(applicant(date_of_birth="2026-11-23"))
    assert message({**BASE, "streams": ["ict", "ict"]}) == "a stream is listed twice"


def test_several_errors_are_all_reported() -> None:
    errors = refused(applicant(funds_cad=-1, citizenships=["XX"], nickname="Al"))
    assert sorted(e["loc"] for e in errors) == ["applicant.citizenships.0", "applicant.funds_cad", "applicant.nickname"]


@pytest.mark.parametrize("text", ["[1, 2]", "42", '"a request"', "null", "true", "  [ ]"])
def test_json_that_is_not_an_object_is_refused(text: str) -> None:
    assert refused(text) == [{"loc": "", "message": "the request must be a JSON object"}]
    assert refused(text.encode()) == [{"loc": "", "message": "the request must be a JSON object"}]


@pytest.mark.parametrize("text", ["{oops", "", '{"schema_version": "1",}', '{"schema_version": "1"} trailing'])
def test_invalid_json_is_refused(text: str) -> None:
    assert refused(text) == [{"loc": "", "message": "the request is not valid JSON"}]


def test_an_absent_as_of_is_the_given_today() -> None:
    assert parse_request({"schema_version": "1"}, today=date(2025, 1, 21)).as_of == date(2025, 1, 21)
    assert parse_request({"schema_version": "1", "as_of": None}, today=date(2025, 1, 21)).as_of == date(2025, 1, 21)
    # and the checks against as_of use it
    late_birth = {"schema_version": "1", "applicant": {"date_of_birth": "2025-01-22"}}
    assert [e["loc"] for e in refused(late_birth, today=date(2025, 1, 21))] == ["applicant.date_of_birth"]
    assert parse_request(late_birth, today=date(2025, 1, 22)).as_of == date(2025, 1, 22)
    future_job = {"schema_version": "1", "applicant": {"employment_history": [{"start_date": "2025-02-01"}]}}
    assert [e["loc"] for e in refused(future_job, today=date(2025, 1, 21))] == ["applicant.employment_history.0.start_date"]


def test_without_a_given_today_an_absent_as_of_is_the_real_today() -> None:
    before = date.today()
    as_of = parse_request({"schema_version": "1"}).as_of
    assert as_of in {before, date.today()}


def test_a_given_as_of_wins_over_today() -> None:
    assert parse_request(BASE, today=date(2020, 1, 1)).as_of == date(2026, 11, 22)


def test_boundaries_that_are_allowed() -> None:
    # the limits themselves are valid: born on as_of, a job starting on as_of or on the birth date,
    # a job that ends the day it starts, zero funds, levels 0 and 12, an empty list, null for unknown
    request = parse_request(applicant(
        date_of_birth="2000-01-01", funds_cad=0, years_experience_in_offer_occupation=0,
        french_nclc={"speaking": 0, "writing": 12}, citizenships=[], iec_participations=[],
        employment_history=[{"start_date": "2000-01-01", "end_date": "2000-01-01"}, {"start_date": "2026-11-22"}],
        residence_history=[{"country": "FR", "from": "2020-01-01", "to": "2020-01-01"}],
        passport_expiry=None, education=[{"level": None, "completed": None}],
    ))
    assert request.applicant is not None and request.applicant.citizenships == []
    assert request.applicant.residence_history is not None
    assert request.applicant.residence_history[0].from_ == date(2020, 1, 1)
    assert parse_request(applicant(date_of_birth="2026-11-22")).applicant is not None
    assert parse_request({**BASE, "application": {"initial_application_date": "2026-11-22"}}).application is not None
    assert parse_request(job_offer(cusma_profession="none")).job_offer is not None


@pytest.mark.parametrize("request_data", SAMPLES[:60])
def test_a_dict_and_its_json_text_are_accepted_alike(request_data: dict[str, Any]) -> None:
    text = json.dumps(request_data)
    from_dict, from_text, from_bytes = parse_request(request_data), parse_request(text), parse_request(text.encode())
    assert from_dict == from_text == from_bytes
