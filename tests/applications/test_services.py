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
    facts["job_offer"]["noc_code"] = "64100"  # a "senior manager" in a TEER 4 occupation
    services.client_file_update_request(client_file=client_file, actor=alice, request=facts)
    newer = services.screening_run(client_file=client_file, actor=alice, as_of=date(2024, 10, 3))
    diff = screening_compare(older, newer)
    assert {"stream": "ict", "title": diff["streams"][0]["title"], "before": "eligible", "after": "ineligible"} in diff["streams"]
    teer = next(c for c in diff["criteria"] if c["id"] == "ict.position_teer")
    assert (teer["before"], teer["after"]) == ("absent", "unmet")


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
    items = {item["id"]: item for item in ict["items"]}
    # police certificates, if the visa office or an officer asks: Germany (since 2006) and France
    # (9 months as an adult); not Italy (2 months) nor the United Kingdom (left before age 18)
    assert items["DOC-GEN-13-DE"]["status"] == items["DOC-GEN-13-FR"]["status"] == "unknown"
    assert "DOC-GEN-13-IT" not in items and "DOC-GEN-13-GB" not in items
    assert items["DOC-GEN-13-FR"]["country"] == "FR" and items["DOC-GEN-13-FR"]["document"] == "DOC-GEN-13"
    assert items["DOC-GEN-08"]["status"] == "needed"  # biometrics: a German citizen aged 44
    assert "DOC-EMP-03" in items and "DOC-ICT-07" in items  # offer number; multinational proof
    assert "DOC-ICT-09" in items  # premises of an established office (since 2024-10-03)
    assert "DOC-ICT-15" not in items  # not a new office
    assert "DOC-GEN-03" not in items  # not needed: not a US citizen
    offer = items["DOC-EMP-03"]
    assert offer["who"] == "employer" and offer["sources"][0]["url"].startswith("https://")
    assert offer["sources"][0]["official"] is True
    assert all(s["outcome"] in ("eligible", "needs_information") for s in checklist["sections"])


def test_a_screening_stored_before_documents_gets_its_checklist(firms: dict[str, Any]) -> None:
    screening = firms["screening"]
    old_result = {**screening.result, "streams": [{k: v for k, v in s.items() if k != "documents"}
                                                  for s in screening.result["streams"]]}
    sections = checklist_build(screening.request, old_result)["sections"]
    assert any(item["id"] == "DOC-EMP-03" for s in sections for item in s["items"])


def test_general_documents_are_listed_once_and_permit_documents_per_stream() -> None:
    from streams.engine import parse_request, screen_data

    from .conftest import GERMAN_MANAGER

    request = {"schema_version": "1", "as_of": "2026-11-22", **GERMAN_MANAGER,
               "applicant": {**GERMAN_MANAGER["applicant"], "citizenships": ["US"]}}
    request["job_offer"]["intra_company"] = {**request["job_offer"]["intra_company"], "foreign_employer_country": "US"}
    checklist = checklist_build(request, screen_data(parse_request(request)))
    sections = {s["stream"]: [i["id"] for i in s["items"]] for s in checklist["sections"]}
    assert list(sections)[:2] == ["ict", "cusma_ict"]  # then the other streams still open
    assert "DOC-GEN-02" in sections["ict"] and "DOC-GEN-02" not in sections["cusma_ict"]
    assert "DOC-EMP-02" in sections["ict"] and "DOC-EMP-02" in sections["cusma_ict"]
    assert "DOC-ICT-16" in sections["cusma_ict"] and "DOC-GEN-08" not in sections["ict"]  # US: no biometrics


def test_a_health_job_needs_a_medical_exam(firms: dict[str, Any]) -> None:
    from streams.engine import parse_request, screen_data

    stored = firms["screening"].request
    request = {**stored, "job_offer": {**stored["job_offer"], "public_health_setting": True}}
    items = {i["id"]: i for s in checklist_build(request, screen_data(parse_request(request)))["sections"]
             for i in s["items"]}
    assert items["DOC-GEN-14"]["status"] == "needed" and "DOC-GEN-14b" not in items


@pytest.mark.parametrize(("paid", "fee_due"), [(False, False), (True, True)])
def test_unpaid_religious_work_pays_no_compliance_fee(paid: bool, fee_due: bool) -> None:
    from streams.engine import parse_request, screen_data

    request = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["ict"],
               "applicant": {"citizenships": ["DE"]}, "job_offer": {"work_type": "religious", "paid": paid}}
    section = checklist_build(request, screen_data(parse_request(request)))["sections"][0]
    ids = [item["id"] for item in section["items"]]
    assert ("DOC-EMP-09" in ids) is fee_due and "DOC-EMP-02" in ids  # the offer is submitted all the same


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
