"""Client-file services: audit trail, stored screenings, comparison, jobs, checklists, reports."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from applications import services
from applications.checklist import checklist_build
from applications.models import AuditEvent, ClientFile, Job, Screening
from applications.selectors import screening_compare
from streams.engine import RequestError

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_change_writes_an_audit_row(firms: dict[str, Any]) -> None:
    client_file, alice = firms["file"], firms["alice"]
    facts = copy.deepcopy(client_file.request)
    facts["job_offer"]["province"] = "BC"
    services.client_file_update_request(client_file=client_file, actor=alice, request=facts)
    services.client_file_set_status(client_file=client_file, actor=alice, status="documents")
    services.client_file_add_note(client_file=client_file, actor=alice, note="Called the client.")
    actions = list(AuditEvent.objects.filter(client_file=client_file).values_list("action", flat=True))
    # the first screening moves the file from intake to screening
    # the report job ran eagerly, its state changes recorded by the system
    assert actions == ["created", "screened", "status_changed", "report_requested", "report_started", "report_done",
                       "facts_changed", "status_changed", "note_added"]
    changed = AuditEvent.objects.get(action="facts_changed")
    assert changed.details == {"fields": ["job_offer.province"]} and changed.actor == alice


def test_a_bad_request_stores_nothing(firms: dict[str, Any]) -> None:
    with pytest.raises(RequestError) as error:
        services.client_file_update_request(client_file=firms["file"], actor=firms["alice"],
                                            request={"applicant": {"citizenships": ["ZZ"]}})
    assert error.value.errors[0]["loc"] == "applicant.citizenships.0"
    firms["file"].refresh_from_db()
    assert firms["file"].request["applicant"]["citizenships"] == ["DE"]
    assert not AuditEvent.objects.filter(action="facts_changed").exists()


def test_screenings_are_stored_exactly_and_repeated_ones_are_the_same(firms: dict[str, Any]) -> None:
    first = firms["screening"]
    again = services.screening_run(client_file=firms["file"], actor=firms["alice"], as_of=first.as_of)
    assert again.pk == first.pk and Screening.objects.count() == 1
    assert first.result["rulebook_version"] == first.rulebook_version
    ict = next(s for s in first.result["streams"] if s["stream"] == "ict")
    assert (ict["outcome"], ict["exemption_code"]) == ("eligible", "C62")
    assert services.screening_rerun(screening=first) == first.result  # re-run gives the stored answer


def test_comparison_shows_what_changed(firms: dict[str, Any]) -> None:
    client_file, alice = firms["file"], firms["alice"]
    older = services.screening_run(client_file=client_file, actor=alice, as_of=date(2024, 10, 2))
    facts = copy.deepcopy(client_file.request)
    facts["job_offer"]["intra_company"]["foreign_employer_multinational"] = False
    services.client_file_update_request(client_file=client_file, actor=alice, request=facts)
    newer = services.screening_run(client_file=client_file, actor=alice, as_of=date(2024, 10, 3))
    diff = screening_compare(older, newer)
    assert {"stream": "ict", "title": diff["streams"][0]["title"], "before": "eligible", "after": "ineligible"} in diff["streams"]
    multinational = next(c for c in diff["criteria"] if c["id"] == "ict.multinational")
    assert (multinational["before"], multinational["after"]) == ("absent", "unmet")


def test_jobs_run_once_even_when_delivered_twice(firms: dict[str, Any]) -> None:
    job = firms["job"]
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 1  # ran eagerly on commit
    services.job_execute(job.pk)  # a second delivery
    job.refresh_from_db()
    assert job.attempts == 1
    assert bytes(job.report_pdf).startswith(b"%PDF")
    assert "Klaus Weber" in job.report_html and firms["screening"].rulebook_version in job.report_html


def test_checklists_are_tailored_to_the_facts(firms: dict[str, Any]) -> None:
    screening = firms["screening"]
    checklist = checklist_build(screening.request, screening.result)
    ict = next(s for s in checklist["sections"] if s["stream"] == "ict")
    ids = [item["id"] for item in ict["items"]]
    # police certificates: Germany (since 2006) and France (9 months as an adult); not Italy
    # (2 months) nor the United Kingdom (left before the 18th birthday, in March 2000)
    assert "DOC-GEN-13-DE" in ids and "DOC-GEN-13-FR" in ids
    assert "DOC-GEN-13-IT" not in ids and "DOC-GEN-13-GB" not in ids
    assert "DOC-EMP-03" in ids and "DOC-ICT-07" in ids  # offer number; multinational proof
    assert "DOC-ICT-09" not in ids  # not a new office
    offer = next(item for item in ict["items"] if item["id"] == "DOC-EMP-03")
    assert offer["who"] == "employer" and offer["sources"][0]["url"].startswith("https://")
    assert all(s["outcome"] != "ineligible" for s in checklist["sections"])


def test_a_health_job_needs_a_medical_exam(firms: dict[str, Any]) -> None:
    request = {**firms["screening"].request, "job_offer": {**firms["screening"].request["job_offer"],
                                                           "public_health_setting": True}}
    result = firms["screening"].result
    ids = [i["id"] for s in checklist_build(request, result)["sections"] for i in s["items"]]
    assert "DOC-GEN-14" in ids and "DOC-GEN-14b" not in ids


@pytest.mark.parametrize(("paid", "fee_due"), [(False, False), (True, True)])
def test_unpaid_religious_work_needs_proof_of_fee_exemption_not_the_fee(paid: bool, fee_due: bool) -> None:
    from streams.engine import parse_request, screen_data

    request = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["religious_charitable_work"],
               "job_offer": {"work_type": "religious", "signed": True, "paid": paid}}
    result = screen_data(parse_request(request))
    section = checklist_build(request, result)["sections"][0]
    ids = [item["id"] for item in section["items"]]
    assert ("DOC-EMP-09" in ids) is fee_due and ("DOC-EMP-10" in ids) is not fee_due
    assert "DOC-REL-01" in ids and "DOC-REL-03" in ids  # duties letter; religious training


def test_francophone_mobility_asks_for_proof_of_french() -> None:
    from streams.engine import parse_request, screen_data

    request = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["francophone_mobility"],
               "applicant": {"french_nclc": {"speaking": 6, "listening": 6}},
               "job_offer": {"province": "NB", "noc_code": "65200", "signed": True}}
    section = checklist_build(request, screen_data(parse_request(request)))["sections"][0]
    french = next(item for item in section["items"] if item["id"] == "DOC-C16-01")
    assert french["criterion"] == "francophone_mobility.french" and french["who"] == "applicant"


def test_a_failing_job_is_retried_then_marked_failed(firms: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from celery.exceptions import Retry

    from applications import checklist
    from applications.tasks import MAX_RETRIES, job_run

    def broken(*args: Any) -> Any:
        raise RuntimeError("template missing")

    monkeypatch.setattr(checklist, "checklist_build", broken)
    job = Job.objects.create(client_file=firms["file"], screening=firms["screening"], kind="checklist")

    def deliver(retries: int) -> None:
        job_run.push_request(retries=retries, id="test", is_eager=False)
        try:
            job_run.run(str(job.pk))
        finally:
            job_run.pop_request()

    with pytest.raises((Retry, RuntimeError)):  # a worker gets Retry; a direct call the error itself
        deliver(0)  # first failure: retried later, the job waits again
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.PENDING, 1, "template missing")
    deliver(MAX_RETRIES)  # the last retry fails too: the job is marked failed, not retried again
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 2


def test_statuses_are_the_issue_list(firms: dict[str, Any]) -> None:
    assert ClientFile.Status.values == ["intake", "screening", "documents", "submitted", "decided", "closed"]
