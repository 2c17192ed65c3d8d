"""What the Docker image does, done without Docker (the CI machines have no daemon); fails on a 500.

1. Collect the static files with the Dockerfile's own command and environment (its ENV lines and the
   variables on its collectstatic RUN line, nothing else from this shell), into a temporary folder.
2. Under the image's settings (production) with those files, a throwaway PostgreSQL database (on the
   server DATABASE_URL names) and REDIS_URL's Redis: migrate, load the reference data, run
   ``check --deploy`` (errors fail), then render ``/`` and its stylesheet and have a consultant make
   a PDF report through the pages (the worker's code, run in-process: Pango must be installed).
3. Serve with the image's gunicorn command and pass the image's HEALTHCHECK command; plain HTTP must
   be redirected to HTTPS (the default).

Run from the repository root with the project's Python: ``.venv/bin/python .ci/production_check.py``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO / "Dockerfile"


# --- reading the Dockerfile ------------------------------------------------------------------------

def _instructions(text: str, name: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line.split(None, 1)[1].strip() for line in joined.splitlines()
            if line.strip().upper().startswith(name + " ")]


def _assignments(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading NAME=value words, and the words after them."""
    env: dict[str, str] = {}
    while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    return env, words


def image_environment(text: str) -> dict[str, str]:
    """The image's ENV instructions."""
    env: dict[str, str] = {}
    for line in _instructions(text, "ENV"):
        env.update(_assignments(shlex.split(line))[0])
    return env


def _collectstatic_run(text: str) -> list[str]:
    runs = [run for run in _instructions(text, "RUN") if "collectstatic" in run]
    if len(runs) != 1:
        raise SystemExit(f"expected one collectstatic RUN line in the Dockerfile, found {len(runs)}")
    return shlex.split(runs[0])


def image_build_environment(text: str) -> dict[str, str]:
    """The environment the image's collectstatic runs in: its ENV, then the RUN line's variables."""
    return {**image_environment(text), **_assignments(_collectstatic_run(text))[0]}


def image_collectstatic_command(text: str) -> list[str]:
    return _assignments(_collectstatic_run(text))[1]


def _exec_form(instruction: str) -> list[str]:
    """["a", "b"] of a CMD (or of a HEALTHCHECK's CMD)."""
    return json.loads(instruction[instruction.index("["):])


def image_command(text: str) -> list[str]:
    return _exec_form(_instructions(text, "CMD")[-1])


def image_healthcheck(text: str) -> list[str]:
    return _exec_form(_instructions(text, "HEALTHCHECK")[-1].split(" CMD ", 1)[1])


# --- running it -------------------------------------------------------------------------------------

def _python(argv: list[str]) -> list[str]:
    """The image's ``python`` is this Python (the project's virtual environment)."""
    return [sys.executable, *argv[1:]] if argv and argv[0] == "python" else argv


def _base_environment() -> dict[str, str]:
    """What a container starts with: no DATABASE_URL, DJANGO_* or REDIS_URL from this shell."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {name: os.environ[name] for name in keep if name in os.environ}


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    print(f"production check: {what}", flush=True)
    result = subprocess.run(argv, cwd=REPO, env=env, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-4000:])
        sys.stderr.write(result.stderr[-8000:])
        raise SystemExit(f"production check failed: {what} (exit {result.returncode})")
    for line in (result.stdout + result.stderr).splitlines():
        if "WARNINGS" in line or "security.W" in line:
            print(f"  {line}")


def _database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{name}"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("production check: DATABASE_URL must name a PostgreSQL server")
    database = f"{urlparse(database_url).path.strip('/') or 'imp'}_production_check_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="imp-static-") as static_root:
        # 1. the image's collectstatic, as the image runs it
        build = {**_base_environment(), **image_build_environment(text), "DJANGO_STATIC_ROOT": static_root}
        _run(_python(image_collectstatic_command(text)), build, "collectstatic as in the Dockerfile")
        if not (Path(static_root) / "staticfiles.json").exists():
            raise SystemExit("production check failed: collectstatic wrote no manifest (staticfiles.json)")

        # the image runs under the production settings (its ENV says so, and so does docker-compose.yml)
        runtime = {**_base_environment(), **image_environment(text), "DJANGO_STATIC_ROOT": static_root,
                   "DJANGO_SETTINGS_MODULE": "imp_screening.settings.production",
                   "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                   "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
                   "DATABASE_URL": _database(database_url, database)}
        if os.environ.get("REDIS_URL"):
            runtime["REDIS_URL"] = os.environ["REDIS_URL"]
        _admin(database_url, f'CREATE DATABASE "{database}"')
        try:
            # 2. pages and a PDF report under the production settings
            _run([sys.executable, "manage.py", "migrate", "--noinput"], runtime, "migrate")
            _run([sys.executable, "manage.py", "load_reference_data"], runtime, "load_reference_data")
            _run([sys.executable, "manage.py", "check", "--deploy"], runtime, "check --deploy (errors fail)")
            _run([sys.executable, str(Path(__file__).resolve()), "render"], runtime,
                 "render / , its stylesheet and a PDF report")
            # 3. the image's server and health check
            _serve_and_probe(text, runtime)
        finally:
            _admin(database_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print("production check: OK")


def _serve_and_probe(text: str, runtime: dict[str, str]) -> None:
    port = _free_port()
    command = image_command(text)
    # The image binds 0.0.0.0:8000 through gunicorn.conf.py (GUNICORN_BIND); here a free local port,
    # which the HEALTHCHECK is told through PORT, as docker-compose.yml would.
    serving = {**runtime, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    print(f"production check: GUNICORN_BIND=127.0.0.1:{port} {' '.join(command)}; then the HEALTHCHECK",
          flush=True)
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, "-m", *command], cwd=REPO, env=serving, stdout=log, stderr=log)
    try:
        probe = {**runtime, "PORT": str(port)}
        deadline = time.monotonic() + 60
        while True:
            result = subprocess.run(_python(image_healthcheck(text)), cwd=REPO, env=probe, check=False,
                                    capture_output=True, text=True)
            if result.returncode == 0:
                break
            if time.monotonic() > deadline or server.poll() is not None:
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-8000:])
                raise SystemExit(f"production check failed: the health check never passed ({result.stderr.strip()})")
            time.sleep(0.5)
        # plain HTTP is sent to HTTPS; behind the proxy (X-Forwarded-Proto) the page is served
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=10)
            raise SystemExit("production check failed: plain HTTP was not redirected to HTTPS")
        except urllib.error.HTTPError as redirect:
            if redirect.code != 301 or not redirect.headers["Location"].startswith("https://"):
                raise SystemExit(f"production check failed: plain HTTP answered {redirect.code}") from None
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=10) as page:
            if page.status != 200:
                raise SystemExit(f"production check failed: / through gunicorn answered {page.status}")
    finally:
        server.terminate()
        server.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def render() -> None:
    """In a process of its own, under the production settings: pages and a PDF report, no 500."""
    sys.path.insert(0, str(REPO))  # this checkout's code, as manage.py (beside it) would import it
    import django

    django.setup()
    from django.test import Client

    from applications import services
    from applications.models import Firm, Membership
    from imp_screening.celery import app as celery_app

    def expect(response: object, status: int, what: str) -> object:
        got = response.status_code  # type: ignore[attr-defined]
        if got != status:
            body = getattr(response, "content", b"")[:3000].decode(errors="replace")
            raise SystemExit(f"{what}: {got}, expected {status}\n{body}")
        return response

    # as the TLS proxy sends it (HTTPS redirects are on); a server error is a 500 here, not a traceback
    client = Client(HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)
    home = expect(client.get("/"), 200, "GET /").content.decode()  # type: ignore[attr-defined]
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home)
    if not stylesheet or not re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)):
        raise SystemExit(f"GET /: no hashed stylesheet link ({stylesheet and stylesheet.group(1)})")
    expect(client.get(stylesheet.group(1)), 200, f"GET {stylesheet.group(1)}")
    expect(client.get("/healthz"), 200, "GET /healthz")

    # A consultant makes a PDF report through the pages; the worker's code runs in this process.
    celery_app.conf.task_always_eager = True
    from django.contrib.auth import get_user_model

    firm = Firm.objects.create(name="Production check")
    user = get_user_model().objects.create_user(username="production-check", password=secrets.token_urlsafe(20))
    Membership.objects.create(user=user, firm=firm)
    client_file = services.client_file_create(firm=firm, actor=user, client_name="Production check", request={
        "applicant": {"citizenships": ["MX"]}, "job_offer": {"cusma_profession": "registered_nurse"}})
    client.force_login(user)
    expect(client.get(f"/files/{client_file.pk}/"), 200, "GET the client file")
    screened = expect(client.post(f"/files/{client_file.pk}/screen/"), 302, "screen the file")
    screening_url = screened["Location"]  # type: ignore[index]
    expect(client.get(screening_url), 200, "GET the screening")
    made = expect(client.post(screening_url + "jobs/", {"kind": "report"}), 302, "request the report")
    job_url = made["Location"]  # type: ignore[index]
    expect(client.get(job_url), 200, "GET the report's job page")
    pdf = expect(client.get(job_url + "download.pdf"), 200, "GET the PDF report")
    if not pdf.content.startswith(b"%PDF"):  # type: ignore[attr-defined]
        raise SystemExit("the PDF report is not a PDF")


if __name__ == "__main__":
    render() if sys.argv[1:] == ["render"] else main()
