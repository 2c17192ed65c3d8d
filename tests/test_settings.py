"""Settings come from the environment; production has no secret defaults and tests need services."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def load(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        # PROBE: code to run once the settings are loaded (to print a setting)
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='{module}'; django.setup(); "
                               "exec(os.environ.get('PROBE', ''))"],
        cwd=REPO, env={**clean, **env}, capture_output=True, text=True, check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    run = load("imp_screening.settings.production", DJANGO_ALLOWED_HOSTS="example.org")
    assert run.returncode != 0 and "DJANGO_SECRET_KEY" in run.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    run = load("imp_screening.settings.production", DJANGO_SECRET_KEY="x" * 50)
    assert run.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in run.stderr


def test_production_refuses_to_start_without_redis() -> None:
    # Throttle counts and sign-in lockouts must be shared by every process: no per-process fallback.
    run = load("imp_screening.settings.production", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="example.org")
    assert run.returncode != 0 and "REDIS_URL" in run.stderr


def test_production_starts_with_its_settings() -> None:
    run = load("imp_screening.settings.production", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="example.org",
               REDIS_URL="redis://127.0.0.1:6379/0")
    assert run.returncode == 0, run.stderr


def test_the_test_settings_need_both_services() -> None:
    run = load("imp_screening.settings.test", REDIS_URL="redis://127.0.0.1:6379/0")
    assert run.returncode != 0 and "DATABASE_URL" in run.stderr


def test_local_settings_need_nothing() -> None:
    run = load("imp_screening.settings.local")
    assert run.returncode == 0, run.stderr


def test_job_limits_out_of_order_stop_the_boot() -> None:
    # a lease shorter than the hard time limit would let a second worker take a job still running
    run = load("imp_screening.settings.local", JOB_LEASE_SECONDS="100")
    assert run.returncode != 0 and "JOB_LEASE_SECONDS" in run.stderr
    run = load("imp_screening.settings.local", CELERY_VISIBILITY_TIMEOUT="300")
    assert run.returncode != 0 and "CELERY_VISIBILITY_TIMEOUT" in run.stderr
    assert load("imp_screening.settings.local", CELERY_TASK_TIME_LIMIT="900",
                CELERY_TASK_SOFT_TIME_LIMIT="800").returncode == 0  # the lease and timeout follow
