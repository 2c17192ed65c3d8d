"""Celery for real: a worker process on the Redis broker, and a job requested while the broker is
down that runs once it is back. Bounded waits; the processes are always stopped."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from typing import Any

import pytest

from applications import services
from applications.models import AuditEvent, Firm, Job
from tests.applications.conftest import GERMAN_MANAGER, consultant
from tests.celery_worker import broker, worker
from tests.servers import free_port, redis_server

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_file(path: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} did not appear within {seconds}s")


def wait_for(job: Job, status: str, seconds: float) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == status:
            return job
        time.sleep(0.25)
    raise AssertionError(f"job still {job.status} after {seconds}s (wanted {status})")


def new_screening() -> Any:
    firm = Firm.objects.create(name="North Immigration")
    alice = consultant("alice", firm)
    client_file = services.client_file_create(firm=firm, actor=alice, client_name="Klaus Weber", request=GERMAN_MANAGER)
    return alice, services.screening_run(client_file=client_file, actor=alice)


def test_a_real_worker_on_the_redis_broker_makes_the_report() -> None:
    url = os.environ["REDIS_URL"]
    alice, screening = new_screening()
    with broker(url), worker(url):
        job = services.job_request(screening=screening, actor=alice, kind="report")
        done = wait_for(job, Job.Status.DONE, seconds=90)
    assert bytes(done.report_pdf).startswith(b"%PDF") and done.attempts == 1


def test_a_report_requested_while_the_broker_is_down_is_made_once_it_is_back(tmp_path: Any) -> None:
    redis_server = shutil.which("redis-server")
    assert redis_server, "redis-server is needed for this test"
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    alice, screening = new_screening()
    log = (tmp_path / "worker.log").open("wb")
    with broker(url), worker(url, log):
        job = services.job_request(screening=screening, actor=alice, kind="report")  # broker down
        job.refresh_from_db()
        assert job.status == Job.Status.PENDING  # recorded, not lost
        server = subprocess.Popen([redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no", "--dir", str(tmp_path)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # What the beat sweep does every minute, here every few seconds: queue pending jobs again.
            # A second delivery is harmless: only a pending job runs.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                services.jobs_requeue_pending(older_than_seconds=0)
                try:
                    done = wait_for(job, Job.Status.DONE, seconds=5)
                    break
                except AssertionError:
                    continue
            else:
                raise AssertionError("the job never ran after the broker came back")
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert bytes(done.report_pdf).startswith(b"%PDF")


# Short limits for the worker-kill tests, in the same order as production's (soft < hard < lease <
# visibility timeout), and a worker that looks for messages to redeliver every second.
SHORT_LIMITS = {"CELERY_TASK_SOFT_TIME_LIMIT": "8", "CELERY_TASK_TIME_LIMIT": "10", "JOB_LEASE_SECONDS": "12",
                "CELERY_VISIBILITY_TIMEOUT": "15", "CELERY_REDELIVERY_SWEEP_SECONDS": "1"}


def made_once(job: Job) -> None:
    """The report was finished exactly once, on the second attempt, after the first was lost."""
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and bytes(job.report_pdf).startswith(b"%PDF")
    actions = list(AuditEvent.objects.filter(details__job=str(job.pk)).values_list("action", flat=True))
    assert actions == ["report_requested", "report_started", "report_retrying", "report_started", "report_done"]


def test_a_worker_killed_in_the_middle_of_a_report_is_replaced_and_the_report_made_once(tmp_path: Any) -> None:
    hold = tmp_path / "hold"  # while this file exists, a job waits just after it started (test settings)
    hold.touch()
    env = {**SHORT_LIMITS, "JOBS_TEST_HOLD_FILE": str(hold)}
    alice, screening = new_screening()
    with redis_server(tmp_path) as (url, _), broker(url):
        with worker(url, (tmp_path / "first.log").open("wb"), pool="prefork", env=env) as first:
            job = services.job_request(screening=screening, actor=alice, kind="report")
            wait_for_file(tmp_path / f"hold.{job.pk}.1.started", seconds=60)
            assert wait_for(job, Job.Status.RUNNING, seconds=5).attempts == 1
            # given the worker (main process and pool) is killed in the middle of the job
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        hold.unlink()
        assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING  # what used to stay for ever
        # when another worker starts, it gets the unacknowledged message once the visibility timeout
        # has passed, finds the lease expired and makes the report
        with worker(url, (tmp_path / "second.log").open("wb"), pool="prefork", env=env):
            wait_for(job, Job.Status.DONE, seconds=90)
            time.sleep(3)  # any duplicate delivery would show now
    made_once(job)
    assert not (tmp_path / f"hold.{job.pk}.3.started").exists()


def test_a_pool_process_killed_in_the_middle_of_a_report_gives_the_job_back(tmp_path: Any) -> None:
    hold = tmp_path / "hold"
    hold.touch()
    env = {**SHORT_LIMITS, "JOBS_TEST_HOLD_FILE": str(hold)}
    alice, screening = new_screening()
    with redis_server(tmp_path) as (url, _), broker(url):
        with worker(url, (tmp_path / "worker.log").open("wb"), pool="prefork", env=env):
            job = services.job_request(screening=screening, actor=alice, kind="report")
            started = tmp_path / f"hold.{job.pk}.1.started"
            wait_for_file(started, seconds=60)
            hold.unlink()
            # the pool process running the job dies (out of memory, say): the worker rejects the
            # message back to the queue; the job runs again once its lease has ended
            os.kill(int(started.read_text()), signal.SIGKILL)
            wait_for(job, Job.Status.DONE, seconds=90)
            time.sleep(3)
    made_once(job)
