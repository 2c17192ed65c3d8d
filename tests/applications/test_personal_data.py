"""Personal data (PIPEDA): each person sees only what is hers to see, a consultant can erase a file,
closed files are erased after the retention period, and the audit log holds no personal data."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications import services
from applications.models import AuditEvent, ClientFile, Job, Note, Screening
from tests.test_settings import load

pytestmark = pytest.mark.django_db(transaction=True)

# Facts of the applicant (GERMAN_MANAGER) that are hers alone, and a consultant's note.
APPLICANTS_HISTORY = ("1982-03-02", "2006-01-01", "2018-04-01")
NOTE = "Client mentioned a past refusal in 2019."


def browser(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def with_note(firms: dict[str, Any]) -> dict[str, Any]:
    services.client_file_add_note(client_file=firms["file"], actor=firms["alice"], note=NOTE)
    return firms


# --- who sees what -------------------------------------------------------------------------------

def test_the_employer_sees_the_job_offer_and_the_outcomes_only(firms: dict[str, Any]) -> None:
    firms, file_id, screening_id = with_note(firms), firms["file"].pk, firms["screening"].pk
    employer = browser(firms["employer"])
    page = employer.get(f"/files/{file_id}/").content.decode()
    assert "00012" in page and "Could be eligible" in page  # the job offer's NOC; the ICT outcome
    screening = employer.get(f"/files/{file_id}/screenings/{screening_id}/").content.decode()
    assert "Intra-company transferee" in screening and "Could be eligible" in screening
    for text in (*APPLICANTS_HISTORY, NOTE):
        assert text not in page and text not in screening
    assert "note_added" not in page  # nor the file's internal history
    # the comparison, checklists and reports describe the applicant: not for the employer
    job = firms["job"]
    for url in (f"/files/{file_id}/compare/?a={screening_id}&b={screening_id}", f"/files/{file_id}/jobs/{job.pk}/",
                f"/files/{file_id}/jobs/{job.pk}/download.pdf", f"/files/{file_id}/jobs/{job.pk}/status/"):
        assert employer.get(url).status_code == 404, url


def test_the_employer_api_gives_the_job_offer_and_the_outcomes_only(firms: dict[str, Any]) -> None:
    firms, file_id = with_note(firms), firms["file"].pk
    client = api(firms["employer"])
    detail = client.get(f"/api/v1/files/{file_id}/").json()
    assert set(detail["request"]) == {"job_offer"} and detail["request"]["job_offer"]["noc_code"] == "00012"
    screenings = client.get(f"/api/v1/files/{file_id}/screenings/").json()
    ict = next(s for s in screenings[0]["result"]["streams"] if s["stream"] == "ict")
    assert ict["outcome"] == "eligible" and "criteria" not in ict
    text = json.dumps([detail, screenings, client.get("/api/v1/files/").json()])
    for secret in (*APPLICANTS_HISTORY, NOTE, "applicant"):
        assert secret not in text
    job = firms["job"]
    assert client.get(f"/api/v1/files/{file_id}/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/api/v1/files/{file_id}/jobs/{job.pk}/report.pdf").status_code == 404


def test_the_applicant_sees_her_file_but_not_the_internal_notes(firms: dict[str, Any]) -> None:
    firms, file_id = with_note(firms), firms["file"].pk
    page = browser(firms["client"]).get(f"/files/{file_id}/").content.decode()
    assert "1982-03-02" in page and NOTE not in page and "note_added" not in page
    assert browser(firms["client"]).get(f"/files/{file_id}/jobs/{firms['job'].pk}/download.pdf").status_code == 200
    body = json.dumps(api(firms["client"]).get(f"/api/v1/files/{file_id}/").json())
    assert "1982-03-02" in body and NOTE not in body
    # the consultant sees everything
    consultant = browser(firms["alice"]).get(f"/files/{file_id}/").content.decode()
    assert NOTE in consultant and "1982-03-02" in consultant


# --- the audit log ---------------------------------------------------------------------------

def test_the_audit_log_keeps_field_names_and_ids_not_personal_data(firms: dict[str, Any]) -> None:
    firms = with_note(firms)
    services.client_file_update(client_file=firms["file"], actor=firms["alice"], version=None,
                                client_name="Klaus Maria Weber")
    logged = json.dumps(list(AuditEvent.objects.values_list("details", flat=True)))
    for secret in (NOTE, "Klaus", "Weber", *APPLICANTS_HISTORY):
        assert secret not in logged


# --- erasure -----------------------------------------------------------------------------------

def assert_erased(firms: dict[str, Any], file_id: int, reason: str) -> AuditEvent:
    assert not ClientFile.objects.filter(pk=file_id).exists()
    assert not Screening.objects.filter(client_file_id=file_id).exists()
    assert not Job.objects.filter(client_file_id=file_id).exists()
    assert not Note.objects.filter(client_file_id=file_id).exists()
    assert not AuditEvent.objects.filter(client_file_id=file_id).exists()
    tombstone = AuditEvent.objects.get(action="file_erased")
    assert tombstone.client_file is None and tombstone.firm == firms["north"]
    assert tombstone.details["file"] == file_id and tombstone.details["reason"] == reason
    for secret in (NOTE, "Klaus", "Weber", *APPLICANTS_HISTORY):
        assert secret not in json.dumps(tombstone.details)
    return tombstone


def test_a_consultant_erases_a_client_file_leaving_a_tombstone(firms: dict[str, Any]) -> None:
    firms, file_id = with_note(firms), firms["file"].pk
    alice = browser(firms["alice"])
    confirm = alice.get(f"/files/{file_id}/erase/")
    assert confirm.status_code == 200 and ClientFile.objects.filter(pk=file_id).exists()
    # nobody else can erase it
    for who in ("client", "employer", "bob"):
        assert browser(firms[who]).post(f"/files/{file_id}/erase/").status_code == 404
    erased = alice.post(f"/files/{file_id}/erase/")
    assert erased.status_code == 302 and erased["Location"] == "/files/"
    tombstone = assert_erased(firms, file_id, "requested")
    assert tombstone.actor == firms["alice"]
    assert alice.get(f"/files/{file_id}/").status_code == 404


def test_a_file_is_erased_through_the_api(firms: dict[str, Any]) -> None:
    file_id = firms["file"].pk
    assert api(firms["employer"]).delete(f"/api/v1/files/{file_id}/").status_code == 404
    assert api(firms["alice"]).delete(f"/api/v1/files/{file_id}/").status_code == 204
    assert_erased(firms, file_id, "requested")


def test_closed_files_are_erased_after_the_retention_period(firms: dict[str, Any], settings: Any) -> None:
    settings.CLOSED_FILES_RETENTION_DAYS = 30
    old, file_id = firms["file"], firms["file"].pk
    services.client_file_set_status(client_file=old, actor=firms["alice"], status="closed")
    recent = services.client_file_create(firm=firms["north"], actor=firms["alice"], client_name="Ana", request={})
    services.client_file_set_status(client_file=recent, actor=firms["alice"], status="closed")
    still_open = services.client_file_create(firm=firms["north"], actor=firms["alice"], client_name="Li", request={})
    reopened = services.client_file_create(firm=firms["north"], actor=firms["alice"], client_name="Jo", request={})
    services.client_file_set_status(client_file=reopened, actor=firms["alice"], status="closed")
    services.client_file_set_status(client_file=reopened, actor=firms["alice"], status="documents")
    ClientFile.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=31))
    ClientFile.objects.filter(pk=still_open.pk).update(updated_at=timezone.now() - timedelta(days=400))
    assert ClientFile.objects.get(pk=reopened.pk).closed_at is None

    assert services.client_files_purge_closed() == 1
    assert set(ClientFile.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk, reopened.pk}
    assert assert_erased(firms, file_id, "retention").actor is None


def test_the_retention_period_comes_from_the_environment() -> None:
    run = load("imp_screening.settings.local", CLOSED_FILES_RETENTION_DAYS="10")
    assert run.returncode == 0, run.stderr
    probe = load("imp_screening.settings.local", CLOSED_FILES_RETENTION_DAYS="10",
                 PROBE="from django.conf import settings; print(settings.CLOSED_FILES_RETENTION_DAYS)")
    assert probe.stdout.strip() == "10"


def test_the_daily_purges_run_at_a_time_of_day_not_24_hours_after_beat_starts() -> None:
    from celery.schedules import crontab

    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE
    for name, task in (("purge-expired-answers", "streams.purge_expired_answers"),
                       ("purge-closed-files", "applications.client_files_purge_closed")):
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        assert entry["task"] == task and isinstance(entry["schedule"], crontab)
        assert entry["schedule"].hour == {settings.PURGE_HOUR} and entry["schedule"].minute == {settings.PURGE_MINUTE}
