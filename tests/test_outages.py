"""Outages: Redis down or hung, a database restarted or silent. The site degrades and says so on
/readyz; it never answers 500 for them nor hangs. The tests start and stop their own processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import REPO
from tests.servers import database_url, get, gunicorn, redis_server

SCREEN = {"schema_version": "1", "applicant": {"citizenships": ["FR"]}}


def screen(client: APIClient) -> int:
    return client.post("/api/v1/screen", SCREEN, format="json").status_code


def readyz(client: APIClient) -> tuple[int, dict[str, Any]]:
    response = client.get("/readyz")
    return response.status_code, response.json()


def within(seconds: float, call: Any) -> Any:
    """``call()``'s result, failing (not hanging) if it takes longer than ``seconds``."""
    outcome: list[Any] = []
    thread = threading.Thread(target=lambda: outcome.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still waiting after {seconds}s"
    return outcome[0]


@pytest.mark.django_db
def test_a_redis_outage_never_makes_screening_fail(tmp_path: Path, settings: Any, caplog: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("streams.throttling._last_outage_log", float("-inf"))
    with redis_server(tmp_path) as (url, redis):
        # given the app on a Redis of its own, with the timeouts it runs with
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
        settings.REDIS_URL = url
        client = APIClient(raise_request_exception=False)
        assert screen(client) == 200
        assert readyz(client) == (200, {"status": "ok", "checks": {"database": "ok", "redis": "ok"}})
        # when Redis stops answering (hung), requests still complete, promptly
        redis.send_signal(signal.SIGSTOP)
        try:
            assert within(5, lambda: screen(client)) == 200
            status, body = within(5, lambda: readyz(client))
            assert status == 503 and body["checks"] == {"database": "ok", "redis": "failed"}
        finally:
            redis.send_signal(signal.SIGCONT)
        # and when it is gone
        redis.kill()
        redis.wait(timeout=10)
        assert [screen(client) for _ in range(3)] == [200, 200, 200]
        status, body = readyz(client)
        assert status == 503 and body == {"status": "unavailable", "checks": {"database": "ok", "redis": "failed"}}
    assert "throttle cache unavailable" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_after_a_database_restart_the_first_request_succeeds(tmp_path: Path) -> None:
    user = get_user_model().objects.create_user(username="alice", password="correct-horse-battery")
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    with gunicorn(tmp_path / "gunicorn.log", DATABASE_URL=database_url(connection.settings_dict)) as base:
        assert get(f"{base}/api/v1/files/", headers)[0] == 200  # the worker now holds a connection
        # a database restart: every connection the app had is gone
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            assert cursor.fetchone()[0] >= 1
        status, body, _ = get(f"{base}/api/v1/files/", headers)
    assert status == 200, body


def run_django(code: str, timeout: float, **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.test", **env}
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", f"import django; django.setup()\n{code}"], cwd=REPO,
                         env=environment, capture_output=True, text=True, timeout=timeout, check=False)
    return run, time.monotonic() - started


@pytest.mark.django_db
def test_a_query_that_runs_too_long_is_cancelled_by_the_database() -> None:
    run, seconds = run_django("from django.db import connection\nconnection.cursor().execute('SELECT pg_sleep(20)')",
                              timeout=30, DATABASE_URL=database_url(connection.settings_dict),
                              DATABASE_STATEMENT_TIMEOUT="1")
    assert run.returncode != 0 and "statement timeout" in run.stderr
    assert seconds < 10


def test_a_database_that_does_not_answer_fails_the_connection_promptly() -> None:
    with socket.socket() as silent:  # accepts TCP connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        run, seconds = run_django("from django.db import connection\nconnection.ensure_connection()", timeout=40,
                                  DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/none",
                                  DATABASE_CONNECT_TIMEOUT="2")
    assert run.returncode != 0 and "timeout" in run.stderr.lower()
    assert seconds < 15


def test_readyz_names_a_silent_database(tmp_path: Path) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        with gunicorn(tmp_path / "gunicorn.log", DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/none",
                      DATABASE_CONNECT_TIMEOUT="2") as base:
            started = time.monotonic()
            status, body, headers = get(f"{base}/readyz")
            seconds = time.monotonic() - started
            assert get(f"{base}/healthz")[0] == 200  # alive, though not ready
    assert status == 503 and json.loads(body) == {"status": "unavailable",
                                                  "checks": {"database": "failed", "redis": "ok"}}
    assert seconds < 15
    assert "no-store" in headers["Cache-Control"]


def test_gunicorn_kills_a_stuck_worker_before_clients_give_up() -> None:
    # gunicorn.conf.py: what the Docker image and the compose file run; its timeout is longer than
    # the database's statement timeout (the database gives up first) and well under a minute.
    config: dict[str, Any] = {}
    exec((REPO / "gunicorn.conf.py").read_text(), config)
    assert 20 < config["timeout"] <= 30
    for deployment in ("Dockerfile", "docker-compose.yml"):
        assert "gunicorn.conf.py" in (REPO / deployment).read_text(), deployment
