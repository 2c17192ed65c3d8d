"""Real processes for the tests that need them: a Redis server of the test's own, and the app
under gunicorn. Bounded waits; the processes are always stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} not ready after {seconds}s")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def redis_server(folder: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A redis-server of this test's own on a free port: (its URL, its process)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed for this test (.ci/run installs it)"
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: port_open(port), 10, "redis-server")
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        stop(process)


def database_url(settings_dict: dict[str, Any]) -> str:
    """The URL of the database the test runs on (pytest-django's test database)."""
    d = settings_dict
    auth = d["USER"] + (f":{d['PASSWORD']}" if d.get("PASSWORD") else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


@contextmanager
def gunicorn(log: Path, **env: str) -> Iterator[str]:
    """The app under gunicorn with the project's gunicorn.conf.py, one sync worker: its base URL."""
    port = free_port()
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.test", **env}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "imp_screening.wsgi:application"],
            cwd=REPO, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: port_open(port) or process.poll() is not None, 30, "gunicorn")
            assert process.poll() is None, log.read_text()
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
