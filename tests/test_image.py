"""The Docker image and compose file: what they must do (no Docker daemon here, so they are read;
what the image does is run without Docker by .ci/production_check.py, a step of `make test`)."""

from __future__ import annotations

import importlib.util
import re
import shlex
from typing import Any

import yaml

from tests.conftest import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def production_check() -> Any:
    """.ci/production_check.py, which reads the Dockerfile the way this test does."""
    spec = importlib.util.spec_from_file_location("production_check", REPO / ".ci" / "production_check.py")
    assert spec and spec.loader, "missing .ci/production_check.py"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def instructions(name: str) -> list[str]:
    """The arguments of each Dockerfile instruction ``name`` (continuation lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1].strip() for line in joined.splitlines()
            if line.strip().upper().startswith(name + " ")]


def test_static_files_are_collected_under_the_production_settings() -> None:
    check = production_check()
    assert check.image_collectstatic_command(DOCKERFILE)[-2:] == ["collectstatic", "--noinput"]
    env = check.image_build_environment(DOCKERFILE)
    assert env["DJANGO_SETTINGS_MODULE"] == "imp_screening.settings.production"
    # and the image runs under the same settings
    assert check.image_environment(DOCKERFILE)["DJANGO_SETTINGS_MODULE"] == "imp_screening.settings.production"


def test_the_image_has_pango_for_the_pdf_reports() -> None:
    packages = {word for run in instructions("RUN") if "apt-get install" in run for word in shlex.split(run)}
    assert {"libpango-1.0-0", "libpangoft2-1.0-0"} <= packages


def test_the_image_runs_as_a_user_who_is_not_root() -> None:
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0", "0:0")


def test_the_image_and_the_services_have_health_checks() -> None:
    assert any("imp_screening.healthcheck" in check for check in instructions("HEALTHCHECK"))
    services = COMPOSE["services"]
    assert "imp_screening.healthcheck" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])


def test_compose_redirects_to_https_unless_told_otherwise() -> None:
    app = COMPOSE["x-app"]["environment"]
    assert app["DJANGO_SECURE_SSL_REDIRECT"] == "${DJANGO_SECURE_SSL_REDIRECT:-true}"


def test_ci_runs_the_production_check() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    test_target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert ".ci/production_check.py" in test_target


def test_the_health_check_asks_an_allowed_host(monkeypatch: Any) -> None:
    from imp_screening import healthcheck

    for allowed, host in (("screener.example.org,localhost", "screener.example.org"),
                          (".example.org", "example.org"), ("*", "localhost"), ("", "localhost")):
        monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", allowed)
        assert healthcheck._host() == host
