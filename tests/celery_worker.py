"""A real Celery worker on the test database and a Redis broker, for the tests that need one (jobs,
bulk re-screening, reminders). Bounded waits; the worker is always stopped, its pool with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from imp_screening.celery import app as celery_app
from tests.conftest import REPO


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery client at ``url`` and stop running tasks in-process."""
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
def worker(broker_url: str, log: Any = subprocess.DEVNULL, *, pool: str = "solo", concurrency: int = 1,
           env: dict[str, str] | None = None, email_dir: str | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """A worker process on ``broker_url`` and the test database, in its own process group (so that
    a test can kill it whole); emails it sends go to files in ``email_dir``."""
    db = connection.settings_dict
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.test", "CELERY_EAGER": "0",
        "REDIS_URL": broker_url, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_URL": f"filemail:///{email_dir}" if email_dir else "dummymail://", **(env or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "imp_screening", "worker", f"--pool={pool}",
         f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
        cwd=REPO, env=environment, stdout=log, stderr=log, start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
