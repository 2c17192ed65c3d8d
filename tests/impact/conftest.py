"""Personas and helpers for the rule-change impact tests: two firms, client files whose outcome a
dated rule change moves (and files it leaves alone), and a real Celery worker on Redis."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from impact.models import ImpactRun
from tests.celery_worker import broker, worker  # noqa: F401 (the impact tests import them from here)
from tests.personas import GERMAN_MANAGER, client_file, consultant, people  # noqa: F401 (re-exported)

# Business owners (C11): from 2025-05-27 control of 51% (50% before) and new criteria on funds.
OWNER_OF_HALF = {  # eligible -> not eligible: controls 50%, no longer enough
    "applicant": {"citizenships": ["FR"], "date_of_birth": "1980-01-01"},
    "job_offer": {"self_employed": True, "duration_months": 12, "business": {"ownership_percent": 50, "business_plan": True}},
}
OWNER_SILENT_ON_FUNDS = {  # eligible -> more information needed: the new support-funds facts are unknown
    "applicant": {"citizenships": ["BE"], "date_of_birth": "1980-01-01"},
    "job_offer": {"self_employed": True, "duration_months": 12, "business": {"ownership_percent": 60, "business_plan": True}},
}
OWNER_WITH_FUNDS = {  # still eligible; the new criteria are met (criteria change, outcome does not)
    "applicant": {"citizenships": ["BE"], "date_of_birth": "1980-01-01", "family_size": 2},
    "job_offer": {"self_employed": True, "duration_months": 12, "business": {
        "ownership_percent": 80, "business_plan": True, "sufficient_funds": True, "business_funds_separate": True,
        "exit_plan": True, "support_funds_cad": 60000}},
}
# Francophone mobility (C16): TEER 4 and 5 jobs covered from 2023-06-15 (not eligible the day before).
FRENCH_SPEAKING_COOK = {
    "applicant": {"citizenships": ["SN"], "date_of_birth": "1990-01-01", "french_nclc": {"speaking": 6, "listening": 6}},
    "job_offer": {"province": "NB", "noc_code": "65200", "signed": True, "duration_months": 24,
                  "remote_for_quebec_employer": False},
}
ICT_MANAGER = GERMAN_MANAGER  # no rule of hers changes in 2025


def _spouse(principal: dict[str, Any]) -> dict[str, Any]:
    return {"applicant": {"citizenships": ["IN"], "date_of_birth": "1991-05-05", "location": "outside_canada",
                          "studying_full_time_in_canada": False},
            "principal": {"relationship": "spouse", "resides_in_canada": True, "applied_for_permanent_residence": False,
                          **principal}}


# Spousal open work permits (C41, C42, C47): restricted from 2025-01-21.
SPOUSE_OF_RETAIL_SUPERVISOR = _spouse({  # TEER 2 off the select list, 12 months left: C41 until 2025-01-20
    "status": "worker", "authorization": "employer_specific_permit", "authorization_valid_until": "2026-01-31",
    "noc_code": "62010"})
SPOUSE_OF_COOK = _spouse({  # TEER 5 worker not moving to permanent residence: refused from 2025-01-21
    "status": "worker", "authorization": "employer_specific_permit", "authorization_valid_until": "2027-06-30",
    "noc_code": "65200"})
SPOUSE_OF_ENGINEER_LEAVING_SOON = _spouse({  # TEER 1, 15 months left: 16 needed from 2025-01-21
    "status": "worker", "authorization": "employer_specific_permit", "authorization_valid_until": "2026-04-30",
    "noc_code": "21231"})
SPOUSE_OF_ONE_YEAR_MASTERS_STUDENT = _spouse({  # a master's program under 16 months: refused from 2025-01-21
    "status": "student", "authorization": "study_permit", "authorization_valid_until": "2026-06-30",
    "study_program": {"level": "master", "length_months": 12, "full_time": True, "pgwp_eligible_institution": True}})
SPOUSE_OF_ENGINEER_STAYING = _spouse({  # TEER 1, years left: eligible on both days
    "status": "worker", "authorization": "employer_specific_permit", "authorization_valid_until": "2029-01-31",
    "noc_code": "21231"})
SPOUSE_OF_UNDERGRADUATE = _spouse({  # refused since 2024-03-19 already: no change on 2025-01-21
    "status": "student", "authorization": "study_permit", "authorization_valid_until": "2028-06-30",
    "study_program": {"level": "bachelor", "length_months": 48, "full_time": True, "pgwp_eligible_institution": True}})


def wait_for_run(run: ImpactRun, seconds: float, *, sweep: bool = False) -> ImpactRun:
    from impact.services import chunks_requeue_pending

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status != ImpactRun.Status.RUNNING:
            return run
        if sweep:
            chunks_requeue_pending(older_than_seconds=2)
        time.sleep(0.25)
    raise AssertionError(f"run still running after {seconds}s: {run.chunks_done}/{run.chunks_total} chunks")


# --- a real worker on the Redis broker -----------------------------------------------------------


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The test Redis database, emptied before and after (messages of another test's run must
    not reach this one's worker)."""
    import redis

    url = os.environ["REDIS_URL"]
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()
