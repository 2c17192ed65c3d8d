"""Project-wide test setup.

The suite runs against the PostgreSQL and Redis that DATABASE_URL and REDIS_URL name. When either
is unreachable the run stops with a failure naming it: a missing service must never turn into
skipped or silently faked tests.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))


def _reachable(url: str, default_port: int) -> str | None:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
    try:
        with socket.create_connection((host, port), timeout=3):
            return None
    except OSError as exc:
        return f"{host}:{port} ({exc.strerror or exc})"


def pytest_sessionstart(session: pytest.Session) -> None:
    problems = []
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith(("postgres", "psql")):
        error = _reachable(database, 5432)
        if error:
            problems.append(f"PostgreSQL at DATABASE_URL={database} is unreachable: {error}")
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        error = _reachable(redis_url, 6379)
        if error:
            problems.append(f"Redis at REDIS_URL={redis_url} is unreachable: {error}")
        else:
            import redis

            try:
                redis.Redis.from_url(redis_url, socket_timeout=3).ping()
            except redis.RedisError as exc:
                problems.append(f"Redis at REDIS_URL={redis_url} does not answer PING: {exc}")
    if problems:
        pytest.exit("Test services unavailable:\n  " + "\n  ".join(problems), returncode=1)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the checkout (or SHARED_DIR). Its absence fails the tests."""
    if not (SHARED / "scenarios").is_dir():
        pytest.fail(f"shared scenarios folder not found at {SHARED / 'scenarios'} (set SHARED_DIR)")
    return SHARED
