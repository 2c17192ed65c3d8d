"""Response headers: a Content-Security-Policy on every page that the pages keep to (no inline
script or style, no event-handler attributes), and private answers never kept by a cache."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from applications import services
from applications.models import Job

pytestmark = pytest.mark.django_db

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def directives(response: Any) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def inline_code(html: str) -> list[str]:
    return [what for pattern, what in INLINE if pattern.search(html)]


def start_applicant(client: Client) -> str:
    response = client.post("/apply/", {"question": ["citizenships"], "citizenships__value": "FR"})
    return str(response["Location"])  # /apply/<token>/


@pytest.fixture
def report_job(firms: dict[str, Any]) -> Job:
    job = firms["job"]
    services.job_execute(job.pk)  # what the worker does (this test's transaction never commits)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    return job


def public_and_private_pages(client: Client, firms: dict[str, Any], report_job: Job) -> list[str]:
    step = start_applicant(client)
    file_id, screening_id = firms["file"].pk, firms["screening"].pk
    return ["/", "/apply/", step, f"{step}results/", f"{step}results/?print=1", f"{step}answers/", "/employer/",
            "/noc/?q=software", "/accounts/login/", "/no-such-page/",
            "/files/", f"/files/{file_id}/", f"/files/{file_id}/facts/person/", f"/files/{file_id}/edit/",
            f"/files/{file_id}/screenings/{screening_id}/", f"/files/{file_id}/jobs/{report_job.pk}/"]


def test_every_page_has_a_content_security_policy_and_keeps_to_it(firms: dict[str, Any], report_job: Job) -> None:
    client = Client()
    client.force_login(firms["alice"])
    for url in public_and_private_pages(client, firms, report_job):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url  # htmx and our script are served from here
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], url
        assert inline_code(response.content.decode()) == [], url


def test_the_noc_suggestions_fill_the_field_without_inline_script() -> None:
    html = Client().get("/noc/?q=software&target=id_noc__value", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-noc-target="id_noc__value"' in html and "data-noc-code=" in html
    assert inline_code(html) == []


def test_the_api_and_its_docs_have_a_policy_too() -> None:
    client = Client()
    for url in ("/api/v1/streams", "/api/v1/docs/", "/api/v1/redoc/", "/healthz"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in directives(response)["script-src"], url
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url  # their scripts are files


def test_the_report_download_is_a_sandboxed_document(firms: dict[str, Any], report_job: Job) -> None:
    client = Client()
    client.force_login(firms["alice"])
    response = client.get(f"/files/{firms['file'].pk}/jobs/{report_job.pk}/download.html")
    assert response.status_code == 200
    policy = directives(response)
    # a self-contained document (its print styles inline, for the PDF renderer): no script at all
    assert policy["default-src"] == ["'none'"] and "sandbox" in policy and "script-src" not in policy


def private(response: Any) -> bool:
    parts = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts


def test_private_link_pages_are_never_cached() -> None:
    client = Client()
    step = start_applicant(client)
    for url in (step, f"{step}results/", f"{step}results/?print=1", f"{step}answers/"):
        response = client.get(url)
        assert response.status_code == 200 and private(response), url
    employer = client.post("/employer/", {"noc__value": "21231", "question": ["noc"]})
    assert employer.status_code == 302
    for url in (employer["Location"], f"{employer['Location']}edit/"):
        assert private(client.get(url)), url


def test_signed_in_pages_reports_and_the_file_api_are_never_cached(firms: dict[str, Any], report_job: Job) -> None:
    client = Client()
    client.force_login(firms["alice"])
    file_id = firms["file"].pk
    for url in ("/files/", f"/files/{file_id}/", f"/files/{file_id}/jobs/{report_job.pk}/download.pdf",
                f"/files/{file_id}/jobs/{report_job.pk}/download.html", "/"):
        response = client.get(url)
        assert response.status_code == 200 and private(response), url
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=firms['alice']).key}")
    for url in ("/api/v1/files/", f"/api/v1/files/{file_id}/", f"/api/v1/files/{file_id}/jobs/{report_job.pk}/report.pdf"):
        response = api.get(url)
        assert response.status_code == 200 and private(response), url
    assert private(Client().get("/api/v1/files/"))  # refused, and not cached either


def test_public_pages_stay_cacheable() -> None:
    assert not private(Client().get("/api/v1/streams"))


def test_a_new_report_job_page_is_not_cached_either(firms: dict[str, Any]) -> None:
    job = services.job_request(screening=firms["screening"], actor=firms["alice"], kind="checklist")
    client = Client()
    client.force_login(firms["alice"])
    assert private(client.get(f"/files/{firms['file'].pk}/jobs/{job.pk}/"))
