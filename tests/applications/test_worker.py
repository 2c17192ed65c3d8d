"""Celery for real: a worker process on the Redis broker, and a job requested while the broker is
down that runs once it is back. Bounded waits; the processes are always stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

from applications import services
from applications.models import Firm, Job
from imp_screening.celery import app as celery_app
from tests.applications.conftest import GERMAN_MANAGER, consultant
from tests.conftest import REPO

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery client at ``url`` and stop running tasks eagerly."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    _forget_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        _forget_connections()


def _forget_connections() -> None:
    # Celery caches its connection and producer pools for the broker it first used.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def worker(broker_url: str, log: Any = subprocess.DEVNULL) -> Iterator[subprocess.Popen[bytes]]:
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.test", "CELERY_EAGER": "0",
           "REDIS_URL": broker_url, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "imp_screening", "worker", "--pool=solo", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=REPO, env=env, stdout=log, stderr=log,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


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
