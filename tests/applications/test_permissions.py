"""Another firm's consultant (or a stranger) gets a 404 on every client-file route, read or write.

The routes are enumerated from the URL configuration, so a new route cannot be forgotten here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def routes(prefix: str, module: str) -> list[str]:
    resolver = get_resolver()
    found = []
    for pattern in __import__(module, fromlist=["urlpatterns"]).urlpatterns:
        assert isinstance(pattern, URLPattern)
        found.append(prefix + str(pattern.pattern))
    assert resolver  # the project resolves these prefixes (checked by the calls below)
    return found


def concrete(route: str, data: dict[str, Any], fmt: str = "pdf") -> str:
    return (route.replace("<int:file_id>", str(data["file"].pk))
            .replace("<int:screening_id>", str(data["screening"].pk))
            .replace("<uuid:job_id>", str(data["job"].pk)).replace("<str:fmt>", fmt))


PAGE_ROUTES = routes("/files/", "applications.urls")
API_ROUTES = routes("/api/v1/", "applications.api_urls")
FILE_ROUTES = [r for r in PAGE_ROUTES if "<int:file_id>" in r]
API_FILE_ROUTES = [r for r in API_ROUTES if "<int:file_id>" in r]


def test_the_route_lists_are_complete() -> None:
    assert len(FILE_ROUTES) == 15 and len(API_FILE_ROUTES) == 8


@pytest.mark.parametrize("route", FILE_ROUTES)
@pytest.mark.parametrize("who", ["bob", "stranger", "other_employer"])
def test_pages_of_another_firms_file_are_not_found(firms: dict[str, Any], route: str, who: str) -> None:
    client = Client()
    client.force_login(firms[who])
    url = concrete(route, firms)
    assert client.get(url).status_code in (404, 405), url
    response = client.post(url, {"facts": "{}", "status": "closed", "note": "x", "kind": "report"})
    assert response.status_code in (404, 405), url
    assert client.get(url).status_code != 200


@pytest.mark.parametrize("route", API_FILE_ROUTES)
def test_api_routes_of_another_firms_file_are_not_found(firms: dict[str, Any], route: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=firms['bob']).key}")
    url = concrete(route, firms)
    for method in ("get", "post", "patch"):
        status = getattr(client, method)(url, {"kind": "report", "status": "closed"}, format="json").status_code
        assert status in (404, 405), (method, url, status)


def test_the_firms_consultant_the_client_and_her_employer_can_read(firms: dict[str, Any]) -> None:
    for who in ("alice", "client", "employer"):
        client = Client()
        client.force_login(firms[who])
        assert client.get(f"/files/{firms['file'].pk}/").status_code == 200
    # the client and the employer read but do not edit
    for who in ("client", "employer"):
        client = Client()
        client.force_login(firms[who])
        assert client.post(f"/files/{firms['file'].pk}/status/", {"status": "closed"}).status_code == 404


def test_lists_show_only_visible_files(firms: dict[str, Any]) -> None:
    client = Client()
    client.force_login(firms["bob"])
    assert "Klaus Weber" not in client.get("/files/").content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=firms['bob']).key}")
    assert api.get("/api/v1/files/").json() == []


def test_signed_out_users_are_sent_to_sign_in(firms: dict[str, Any]) -> None:
    response = Client().get(f"/files/{firms['file'].pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert APIClient().get("/api/v1/files/").status_code == 401
