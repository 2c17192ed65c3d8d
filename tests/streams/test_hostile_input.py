"""Numbers the server cannot hold or nobody could mean, oversized bodies, unknown API paths and
server errors: each gets the contract's error shape, ``{"errors": [{"loc", "message"}]}``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def screen(body: str | dict[str, Any]) -> Any:
    client = APIClient(raise_request_exception=False)  # a server error shows as a 500, as for a user
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/v1/screen", text, content_type="application/json")


def locs(response: Any) -> list[str]:
    return [e["loc"] for e in response.json()["errors"]]


def test_an_integer_above_2_to_the_64_is_refused_naming_the_field() -> None:
    response = screen('{"schema_version": "1", "job_offer": {"duration_months": 100000000000000000000000}}')
    assert response.status_code == 400
    assert locs(response) == ["job_offer.duration_months"]


@pytest.mark.parametrize("amount", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_infinite_or_not_a_number_wages_are_refused(amount: str) -> None:
    body = '{"schema_version": "1", "job_offer": {"wage": {"amount": AMOUNT, "per": "hour"}}}'
    response = screen(body.replace("AMOUNT", amount))
    assert response.status_code == 400
    assert locs(response) == ["job_offer.wage.amount"]


# Each number of the request, one beyond what anybody could mean.
UNBELIEVABLE = [
    ({"applicant": {"years_experience_in_offer_occupation": 200}}, "applicant.years_experience_in_offer_occupation"),
    ({"applicant": {"funds_cad": 1e12}}, "applicant.funds_cad"),
    ({"applicant": {"english_clb": {"speaking": 13}}}, "applicant.english_clb.speaking"),
    ({"applicant": {"employment_history": [{"hours_per_week": 169}]}}, "applicant.employment_history.0.hours_per_week"),
    ({"job_offer": {"wage": {"amount": 20000, "per": "hour"}}}, "job_offer.wage.amount"),
    ({"job_offer": {"wage": {"amount": 50_000_000, "per": "year"}}}, "job_offer.wage.amount"),
    ({"job_offer": {"hours_per_week": 200}}, "job_offer.hours_per_week"),
    ({"job_offer": {"duration_months": 1200}}, "job_offer.duration_months"),
    ({"job_offer": {"prevailing_wage_hourly": 6_000}}, "job_offer.prevailing_wage_hourly"),
    ({"job_offer": {"gts": {"positions_this_year": 10**9}}}, "job_offer.gts.positions_this_year"),
    ({"job_offer": {"business": {"ownership_percent": 101}}}, "job_offer.business.ownership_percent"),
    ({"principal": {"study_program": {"length_months": 10**6}}}, "principal.study_program.length_months"),
]


@pytest.mark.parametrize(("facts", "loc"), UNBELIEVABLE, ids=[loc for _, loc in UNBELIEVABLE])
def test_every_number_is_bounded_to_a_believable_range(facts: dict[str, Any], loc: str) -> None:
    response = screen({"schema_version": "1", **facts})
    assert response.status_code == 400
    assert locs(response) == [loc]
    assert "or less" in response.json()["errors"][0]["message"]


def test_believable_numbers_still_pass() -> None:
    response = screen({"schema_version": "1", "applicant": {"funds_cad": 2_500_000, "years_experience_in_offer_occupation": 45},
                       "job_offer": {"wage": {"amount": 4_500_000, "per": "year"}, "duration_months": 120,
                                     "prevailing_wage_hourly": 95.5, "gts": {"positions_this_year": 40}},
                       "principal": {"study_program": {"length_months": 60}}})
    assert response.status_code == 200, response.json()


def test_a_body_over_the_size_limit_gets_413_in_the_contracts_shape(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    body = json.dumps({"schema_version": "1", "applicant": {"citizenships": ["US"] * 1_000}})
    response = screen(body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    message = response.json()["errors"][0]["message"]
    assert locs(response) == [""] and "2000 bytes" in message
    # the file API and the pages too
    assert APIClient().post("/api/v1/files/", body, content_type="application/json").status_code == 413
    page = APIClient().post("/apply/", {"citizenships__value": "US" * 2_000})
    assert page.status_code == 413 and "text/html" in page["Content-Type"]


def test_unknown_api_paths_answer_json_404() -> None:
    response = APIClient().get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert locs(response) == [""]
    assert "text/html" in APIClient().get("/no-such-page/")["Content-Type"]  # pages stay pages


def test_api_server_errors_answer_json_500(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the engine broke")

    monkeypatch.setattr("streams.apis.screen_request_json", broken)
    response = screen({"schema_version": "1"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": [{"loc": "", "message": "server error: the request could not be completed"}]}
