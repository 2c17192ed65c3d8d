"""A private link is the only key to someone's answers: no server log may hold one, neither
runserver's request log, Django's warnings nor gunicorn's access log (Referer included)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import REPO
from tests.servers import database_url, free_port, get, gunicorn, port_open, stop, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def start_answers(base: str) -> str:
    """POST the first answers as a browser would; the private link is where it is sent next."""
    page = urllib.request.urlopen(f"{base}/apply/", timeout=30)
    cookie = page.headers["Set-Cookie"].split(";")[0]
    token = cookie.split("=", 1)[1]
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "question": "citizenships",
                                   "citizenships__value": "FR"}).encode()
    request = urllib.request.Request(f"{base}/apply/", data=body, headers={"Cookie": cookie, "Referer": f"{base}/apply/"})
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.read()
        return str(redirect.headers["Location"])
    raise AssertionError("no redirect to a private link")


def visit_private_pages(base: str) -> str:
    link = start_answers(base)  # /apply/<hex>:<signature>/
    secret = link.split("/")[2]
    assert get(f"{base}{link}")[0] == 200
    assert get(f"{base}{link}results/", {"Referer": f"{base}{link}"})[0] == 200
    assert get(f"{base}/apply/{secret[:-3]}xyz/")[0] == 404  # a bad signature: Django logs "Not Found"
    assert get(f"{base}/apply/{secret.replace(':', '%3A')}/answers/")[0] in (200, 404)
    return secret


@contextmanager
def runserver(log: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.test",
           "DATABASE_URL": database_url(connection.settings_dict)}
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks",
                                    f"127.0.0.1:{port}"], cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: port_open(port) or process.poll() is not None, 30, "runserver")
            assert process.poll() is None, log.read_text()
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def assert_no_secret(log: str, secret: str) -> None:
    hex_id, signature = secret.split(":")
    assert "/apply/" in log, log  # the requests were logged...
    assert hex_id not in log and signature not in log, log  # ...without the link's secret


def test_runserver_and_django_logs_never_hold_a_private_link(tmp_path: Path) -> None:
    with runserver(tmp_path / "runserver.log") as base:
        secret = visit_private_pages(base)
    log = (tmp_path / "runserver.log").read_text()
    assert "Not Found" in log
    assert_no_secret(log, secret)


def test_gunicorns_access_log_never_holds_a_private_link(tmp_path: Path) -> None:
    with gunicorn(tmp_path / "gunicorn.log", DATABASE_URL=database_url(connection.settings_dict)) as base:
        secret = visit_private_pages(base)
    log = (tmp_path / "gunicorn.log").read_text()
    assert '"GET /apply/' in log  # gunicorn.conf.py turns the access log on
    assert_no_secret(log, secret)
