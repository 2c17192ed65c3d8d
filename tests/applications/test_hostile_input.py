"""Text PostgreSQL cannot store (the NUL character) and impossible numbers in client files are
refused naming the field, on every route that writes a file, never a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications.models import ClientFile

pytestmark = pytest.mark.django_db

NUL_FACTS = {"job_offer": {"employer_name": "Northwind\u0000 Inc."}}
NUL_JSON = '{"job_offer": {"employer_name": "Northwind\\u0000 Inc."}}'
NUL_LOC = "job_offer.employer_name"


@pytest.fixture
def api(firms: dict[str, Any]) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=firms['alice']).key}")
    return client


@pytest.fixture
def pages(firms: dict[str, Any]) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(firms["alice"])
    return client


def test_api_create_refuses_a_nul_in_the_facts(api: APIClient) -> None:
    response = api.post("/api/v1/files/", {"client_name": "Ana", "request": NUL_FACTS}, format="json")
    assert response.status_code == 400
    assert [e["loc"] for e in response.json()["errors"]] == [NUL_LOC]
    assert not ClientFile.objects.filter(client_name="Ana").exists()


def test_api_update_refuses_a_nul_in_the_facts(api: APIClient, firms: dict[str, Any]) -> None:
    before = firms["file"].request
    response = api.patch(f"/api/v1/files/{firms['file'].pk}/", {"request": NUL_FACTS}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 400
    assert [e["loc"] for e in response.json()["errors"]] == [NUL_LOC]
    firms["file"].refresh_from_db()
    assert firms["file"].request == before


def test_api_refuses_impossible_numbers_in_the_facts(api: APIClient) -> None:
    for body in ('{"client_name": "Ana", "request": {"applicant": {"funds_cad": 1e400}}}',
                 '{"client_name": "Ana", "request": {"job_offer": {"duration_months": 100000000000000000000000}}}'):
        response = api.post("/api/v1/files/", body, content_type="application/json")
        assert response.status_code == 400, response.content
    assert not ClientFile.objects.filter(client_name="Ana").exists()


def test_page_create_refuses_a_nul_in_the_facts_the_upload_or_the_name(pages: Client) -> None:
    response = pages.post("/files/new/", {"client_name": "Ana", "facts": NUL_JSON})
    assert response.status_code == 200 and NUL_LOC in response.content.decode()
    response = pages.post("/files/new/", {"client_name": "Ana\u0000", "facts": "{}"})
    assert response.status_code == 200 and "client_name" in response.content.decode()
    assert not ClientFile.objects.filter(client_name__startswith="Ana").exists()


def test_page_edit_refuses_a_nul_in_the_facts(pages: Client, firms: dict[str, Any]) -> None:
    response = pages.post(f"/files/{firms['file'].pk}/edit/", {"facts": NUL_JSON, "version": firms["file"].version})
    assert response.status_code == 200 and NUL_LOC in response.content.decode()


def test_page_note_refuses_a_nul(pages: Client, firms: dict[str, Any]) -> None:
    response = pages.post(f"/files/{firms['file'].pk}/notes/", {"note": "call back\u0000"})
    assert response.status_code == 400 and "note" in response.content.decode()
    assert not firms["file"].notes.filter(text__contains="call back").exists()


def test_page_question_form_refuses_a_nul(pages: Client, firms: dict[str, Any]) -> None:
    response = pages.post(f"/files/{firms['file'].pk}/facts/", {"offer_employer__value": "North\u0000wind"})
    assert response.status_code < 500


DEEP = "[" * 50_000 + "]" * 50_000  # well under the size limit, far deeper than any request


def test_api_refuses_deeply_nested_json(api: APIClient, firms: dict[str, Any]) -> None:
    body = '{"client_name": "Ana", "request": {"applicant": ' + DEEP + "}}"
    for response in (api.post("/api/v1/files/", body, content_type="application/json"),
                     api.patch(f"/api/v1/files/{firms['file'].pk}/", body, content_type="application/json",
                               HTTP_IF_MATCH="*")):
        assert response.status_code == 400, response.content
        assert response.json()["errors"][0]["message"]


def test_facts_nested_deeper_than_any_request_are_refused(api: APIClient, pages: Client) -> None:
    nested: Any = "x"
    for _ in range(900):  # parses as JSON, but no request of the contract is a tenth as deep
        nested = [nested]
    response = api.post("/api/v1/files/", {"client_name": "Ana", "request": {"applicant": nested}}, format="json")
    assert response.status_code == 400, response.content
    page = pages.post("/files/new/", {"client_name": "Ana", "facts": '{"applicant": ' + DEEP + "}"})
    assert page.status_code == 200 and "JSON" in page.content.decode()
    assert not ClientFile.objects.filter(client_name="Ana").exists()
