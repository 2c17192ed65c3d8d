"""A job whose worker disappears is not left "running" for ever: the worker holds a lease on the job
row; past it the job is run again, and after the last attempt it is marked failed with the reason,
which the consultant sees on the page and in the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications import services
from applications.models import AuditEvent, Job

pytestmark = pytest.mark.django_db(transaction=True)


def running_job(firms: dict[str, Any], *, attempts: int, lease_left: timedelta) -> Job:
    """A report job a worker took and never finished (the worker was killed)."""
    return Job.objects.create(client_file=firms["file"], screening=firms["screening"], kind="report",
                              status=Job.Status.RUNNING, attempts=attempts,
                              lease_expires_at=timezone.now() + lease_left)


def test_celery_is_set_up_to_redeliver_the_work_of_a_lost_worker() -> None:
    from applications.tasks import job_run

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert job_run.acks_late and job_run.reject_on_worker_lost
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    # a live worker has finished, or been stopped by the hard limit, before its lease ends; and the
    # broker does not hand the message to another worker while the lease may still be held
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < settings.JOB_LEASE_SECONDS
    assert settings.JOB_LEASE_SECONDS < visibility
    assert settings.JOB_MAX_ATTEMPTS >= 2


def test_a_job_past_its_lease_is_run_again_by_the_sweep(firms: dict[str, Any]) -> None:
    job = running_job(firms, attempts=1, lease_left=timedelta(seconds=-5))
    assert services.jobs_recover() == 1  # tasks run eagerly in tests: it is made at once
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and bytes(job.report_pdf).startswith(b"%PDF")
    actions = list(AuditEvent.objects.filter(details__job=str(job.pk)).values_list("action", flat=True))
    assert actions == ["report_retrying", "report_started", "report_done"]
    assert AuditEvent.objects.get(action="report_retrying", details__job=str(job.pk)).details["reason"] == "worker_lost"


def test_a_job_whose_lease_still_runs_is_left_to_its_worker(firms: dict[str, Any]) -> None:
    job = running_job(firms, attempts=1, lease_left=timedelta(minutes=3))
    assert services.jobs_recover() == 0
    with pytest.raises(services.JobLeased) as busy:  # a second delivery of its message waits for the lease
        services.job_execute(job.pk)
    assert 170 < busy.value.seconds <= 180
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)


def test_a_redelivered_message_takes_over_a_job_past_its_lease(firms: dict[str, Any]) -> None:
    job = running_job(firms, attempts=1, lease_left=timedelta(seconds=-1))
    services.job_execute(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)


def test_after_the_last_attempt_the_job_fails_with_the_reason_shown(firms: dict[str, Any]) -> None:
    job = running_job(firms, attempts=settings.JOB_MAX_ATTEMPTS, lease_left=timedelta(seconds=-5))
    services.jobs_recover()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == settings.JOB_MAX_ATTEMPTS
    assert "stopped before finishing" in job.error
    page = Client()
    page.force_login(firms["alice"])
    shown = page.get(f"/files/{firms['file'].pk}/jobs/{job.pk}/").content.decode()
    assert "It failed:" in shown and "stopped before finishing" in shown
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=firms['alice']).key}")
    body = api.get(f"/api/v1/files/{firms['file'].pk}/jobs/{job.pk}/").json()
    assert body["status"] == "failed" and "stopped before finishing" in body["error"]
    assert AuditEvent.objects.get(action="report_failed", details__job=str(job.pk)).details["reason"] == "worker_lost"


def test_a_worker_that_finishes_after_losing_its_lease_writes_nothing(firms: dict[str, Any],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from applications import reports

    job = Job.objects.create(client_file=firms["file"], screening=firms["screening"], kind="report")
    real_render = reports.report_render

    def slow_render(*args: Any) -> Any:
        # meanwhile the lease ran out and another worker took the job (attempt 2)
        Job.objects.filter(pk=job.pk).update(attempts=2, lease_expires_at=timezone.now() + timedelta(minutes=5))
        return real_render(*args)

    monkeypatch.setattr(reports, "report_render", slow_render)
    services.job_execute(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.attempts == 2 and not job.report_pdf
    assert not AuditEvent.objects.filter(action="report_done", details__job=str(job.pk)).exists()


def test_the_sweep_runs_every_minute_from_beat() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-pending-jobs"]
    assert entry["task"] == "applications.jobs_requeue_pending" and entry["schedule"] == 60
