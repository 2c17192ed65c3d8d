"""Windows (contract 1.1): the days a stream's outcome starts and stops holding, from the same rules.

The property: screened again on ``eligible_from`` or on ``eligible_until``, nothing else changed, the
stream is open (eligible or needing information); the day after ``eligible_until`` it is ruled out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings

from streams.engine import RequestError, screen_json

from .strategies import requests

OPEN = ("eligible", "needs_information")


def outcome_on(request: dict[str, Any], stream_id: str, day: date) -> str | None:
    try:
        result = screen_json({**request, "as_of": day.isoformat(), "streams": [stream_id]})
    except RequestError:
        return None  # a fact dated after that day (the request would be refused on it): nothing to check
    (stream,) = result["streams"]
    outcome: str = stream["outcome"]
    return outcome


@settings(max_examples=250, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_screening_on_the_window_days_gives_the_outcome_the_window_promises(request: dict[str, Any]) -> None:
    for stream in screen_json(request)["streams"]:
        window = stream["window"]
        if window["eligible_until"]:
            until = date.fromisoformat(window["eligible_until"])
            assert stream["outcome"] in OPEN, stream["stream"]
            assert outcome_on(request, stream["stream"], until) in (*OPEN, None), (stream["stream"], until, request)
            assert outcome_on(request, stream["stream"], until + timedelta(days=1)) in ("ineligible", "not_assessed",
                                                                                       None), (stream["stream"], until)
            assert window["reasons"], stream["stream"]
        if window["eligible_from"]:
            since = date.fromisoformat(window["eligible_from"])
            assert stream["outcome"] == "ineligible", stream["stream"]
            assert outcome_on(request, stream["stream"], since) in (*OPEN, None), (stream["stream"], since)
            assert outcome_on(request, stream["stream"], since - timedelta(days=1)) in ("ineligible", None)
            assert window["reasons"], stream["stream"]


def test_an_iec_applicant_can_apply_until_the_day_before_the_36th_birthday() -> None:
    # Issue 14's example: a French citizen born 1991-03-10, screened on 2026-12-01.
    request = {"schema_version": "1", "as_of": "2026-12-01", "streams": ["iec_working_holiday"],
               "applicant": {"citizenships": ["FR"], "country_of_residence": "FR", "date_of_birth": "1991-03-10",
                             "iec_participations": [], "applying_through_recognized_organization": False,
                             "funds_cad": 4000, "will_hold_health_insurance": True, "accompanying_dependants": False}}
    (stream,) = screen_json(request)["streams"]
    assert stream["outcome"] == "eligible"
    assert stream["window"]["eligible_until"] == "2027-03-09"
    assert "10 March 2027" in stream["window"]["reasons"][0]
    (french,) = screen_json({**request, "language": "fr"})["streams"]
    assert "10 mars 2027" in french["window"]["reasons"][0]


def test_a_raised_threshold_moves_the_day_a_window_closes() -> None:
    # Screened before the spousal rules of 2025-01-21: the worker's permit needed 6 months left then,
    # 16 from that day, so the window closes 16 months (not 6) before the permit ends.
    request = {"schema_version": "1", "as_of": "2024-10-03", "streams": ["spousal_open_work_permit"],
               "applicant": {"citizenships": ["BR"], "studying_full_time_in_canada": False},
               "principal": {"relationship": "common_law_partner", "status": "worker", "resides_in_canada": True,
                             "authorization": "employer_specific_permit", "authorization_valid_until": "2027-03-22",
                             "applied_for_permanent_residence": False, "noc_code": "62010"}}
    (stream,) = screen_json(request)["streams"]
    assert (stream["outcome"], stream["window"]["eligible_until"]) == ("eligible", "2025-11-22")
    assert outcome_on(request, "spousal_open_work_permit", date(2025, 11, 22)) in OPEN
    assert outcome_on(request, "spousal_open_work_permit", date(2025, 11, 23)) == "ineligible"


def test_two_citizenships_close_when_the_one_still_open_ages_out() -> None:
    # Japanese and British: the British agreement's participations are used up, so only the Japanese
    # one (ages 18 to 30) stays open; the window ends the day before the 31st birthday, not the 36th.
    request = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["iec_working_holiday"], "applicant": {
        "citizenships": ["JP", "GB"], "date_of_birth": "2000-01-01", "country_of_residence": "JP",
        "applying_through_recognized_organization": False, "funds_cad": 4000, "will_hold_health_insurance": True,
        "accompanying_dependants": False, "iec_participations": [
            {"country": "GB", "category": "working_holiday", "permit_issued_on": "2019-01-01",
             "through_recognized_organization": False},
            {"country": "GB", "category": "young_professionals", "permit_issued_on": "2022-01-01",
             "through_recognized_organization": False}]}}
    (stream,) = screen_json(request)["streams"]
    assert (stream["outcome"], stream["window"]["eligible_until"]) == ("eligible", "2030-12-31")
    assert outcome_on(request, "iec_working_holiday", date(2030, 12, 31)) == "eligible"
    assert outcome_on(request, "iec_working_holiday", date(2031, 1, 1)) == "ineligible"
