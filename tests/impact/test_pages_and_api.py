"""The firm's impact page, the notice and staleness on a file, and the token API: consultants see
their own firm's runs and files; everyone else gets "not found" (404), like every other route.

The routes are enumerated from the URL configuration, so a new route cannot be forgotten here."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications import services as file_services
from impact import services
from impact.models import FileDecision, FileImpact, ImpactRun
from tests.impact.conftest import (
    FRENCH_SPEAKING_COOK,
    OWNER_OF_HALF,
    OWNER_SILENT_ON_FUNDS,
    OWNER_WITH_FUNDS,
    client_file,
)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_BOTH, AFTER_BOTH = date(2023, 6, 14), date(2025, 5, 27)


def routes(prefix: str, module: str) -> list[str]:
    patterns = __import__(module, fromlist=["urlpatterns"]).urlpatterns
    assert all(isinstance(p, URLPattern) for p in patterns)
    return [prefix + str(p.pattern) for p in patterns]


PAGE_ROUTES = routes("/impact/", "impact.urls")
API_ROUTES = routes("/api/v1/", "impact.api_urls")


@pytest.fixture
def scene(people: dict[str, Any]) -> dict[str, Any]:
    """North's files (Alice's) and South's (Bob's), screened before the 2023 and 2025 changes;
    one run over every firm, then one run of each firm's own."""
    north, south, alice, bob = people["north"], people["south"], people["alice"], people["bob"]
    applicant = get_user_model().objects.create_user(username="awa", password="pw-awa")
    files = {
        "cook": client_file(north, alice, "Awa Diop", FRENCH_SPEAKING_COOK, screened_on=BEFORE_BOTH, applicant=applicant),
        "half": client_file(north, alice, "Half Owner", OWNER_OF_HALF, screened_on=BEFORE_BOTH),
        "funded": client_file(north, alice, "Funded Owner", OWNER_WITH_FUNDS, screened_on=BEFORE_BOTH),
        "silent": client_file(south, bob, "Silent Owner", OWNER_SILENT_ON_FUNDS, screened_on=BEFORE_BOTH),
    }
    every = services.impact_run_start(firm=None, as_of=AFTER_BOTH)
    north_run = services.impact_run_start(firm=north, as_of=AFTER_BOTH)
    south_run = services.impact_run_start(firm=south, as_of=AFTER_BOTH)
    return {**people, **files, "applicant": applicant, "every": every, "north_run": north_run,
            "south_run": south_run}


def concrete(route: str, scene: dict[str, Any], run: ImpactRun) -> str:
    return (route.replace("<int:firm_id>", str(scene["north"].pk)).replace("<int:run_id>", str(run.pk))
            .replace("<int:file_id>", str(scene["half"].pk)))


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_the_route_lists_are_complete() -> None:
    assert len(PAGE_ROUTES) == 5 and len(API_ROUTES) == 3


@pytest.mark.parametrize("route", [r for r in PAGE_ROUTES if "<" in r])
@pytest.mark.parametrize("who", ["bob", "stranger", "applicant"])
@pytest.mark.parametrize("which", ["every", "north_run"])
def test_pages_of_another_firm_are_not_found(scene: dict[str, Any], route: str, who: str, which: str) -> None:
    client = signed_in(scene[who])
    url = concrete(route, scene, scene[which])
    assert client.get(url).status_code in (404, 405), url
    assert client.post(url, {"as_of": "2099-01-01"}).status_code in (404, 405), url
    assert client.get(f"/impact/firms/{scene['north'].pk}/?run={scene[which].pk}").status_code == 404


@pytest.mark.parametrize("route", API_ROUTES)
@pytest.mark.parametrize("who", ["bob", "stranger"])
def test_api_routes_of_another_firm_are_not_found(scene: dict[str, Any], route: str, who: str) -> None:
    client = api(scene[who])
    if "<int:run_id>" not in route:
        listed = client.get(route).json()
        assert scene["north_run"].pk not in [r["id"] for r in listed]
        return
    url = route.replace("<int:run_id>", str(scene["north_run"].pk))
    for method in ("get", "post", "patch"):
        assert getattr(client, method)(url, {}, format="json").status_code in (404, 405), (method, url)


def test_signed_out_users_are_sent_to_sign_in(scene: dict[str, Any]) -> None:
    response = Client().get(f"/impact/firms/{scene['north'].pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert APIClient().get("/api/v1/impact-runs/").status_code == 401
    assert signed_in(scene["stranger"]).get("/impact/").status_code == 404


def test_the_firm_page_lists_the_files_that_flipped_best_news_first(scene: dict[str, Any]) -> None:
    client = signed_in(scene["alice"])
    assert client.get("/impact/")["Location"] == f"/impact/firms/{scene['north'].pk}/"
    page = client.get(f"/impact/firms/{scene['north'].pk}/?run={scene['every'].pk}").content.decode()
    assert page.index("Newly eligible") < page.index("Awa Diop") < page.index("Newly not eligible") \
        < page.index("Half Owner") < page.index("Criteria changed") < page.index("Funded Owner")
    assert "Silent Owner" not in page  # South's file, in the run over every firm
    assert f"/impact/runs/{scene['every'].pk}/files/{scene['half'].pk}/" in page
    assert "<label for=\"as_of\">" in page and "<script" not in page.split("<main")[1]


def test_a_running_run_shows_its_progress_and_the_page_follows_it_until_it_is_over(scene: dict[str, Any]) -> None:
    client, run = signed_in(scene["alice"]), scene["north_run"]
    url = f"/impact/firms/{scene['north'].pk}/?run={run.pk}"
    ImpactRun.objects.filter(pk=run.pk).update(status=ImpactRun.Status.RUNNING)
    page = client.get(url).content.decode()
    assert 'id="run-progress"' in page and 'hx-trigger="every 2s"' in page and f'hx-get="?run={run.pk}"' in page
    assert "parts done" in page and "<progress" in page and "updates by itself" in page
    # once over, the polled fragment says so (and stops asking); a plain visit shows no progress at all
    ImpactRun.objects.filter(pk=run.pk).update(status=ImpactRun.Status.DONE)
    polled = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "The run is over" in polled and 'hx-trigger="every 2s"' not in polled
    assert 'id="run-progress"' not in client.get(url).content.decode()


def test_a_run_over_every_firm_shows_each_firm_its_own_files_and_counts(scene: dict[str, Any]) -> None:
    page = signed_in(scene["bob"]).get(f"/impact/firms/{scene['south'].pk}/?run={scene['every'].pk}").content.decode()
    assert "Silent Owner" in page and "Half Owner" not in page and "Awa Diop" not in page
    figures = api(scene["bob"]).get(f"/api/v1/impact-runs/{scene['every'].pk}/").json()
    assert (figures["scope"], figures["files"], figures["changed"], figures["flipped"]) == ("all", 1, 1, 1)
    assert figures["by_stream"] == {"business_owners": 1}
    files = api(scene["bob"]).get(f"/api/v1/impact-runs/{scene['every'].pk}/files/").json()
    assert [f["client_name"] for f in files["results"]] == ["Silent Owner"]


def test_the_api_lists_runs_and_the_files_they_changed(scene: dict[str, Any]) -> None:
    client = api(scene["alice"])
    runs = client.get("/api/v1/impact-runs/").json()
    assert {r["id"] for r in runs} == {scene["every"].pk, scene["north_run"].pk}  # not South's own run
    north_figures = next(r for r in runs if r["id"] == scene["every"].pk)
    assert (north_figures["files"], north_figures["changed"], north_figures["flipped"]) == (3, 3, 2)
    files = client.get(f"/api/v1/impact-runs/{scene['every'].pk}/files/").json()
    assert [(f["client_name"], f["rank_label"]) for f in files["results"]] == [
        ("Awa Diop", "Newly eligible"), ("Half Owner", "Newly not eligible"), ("Funded Owner", "Criteria changed")]
    half = files["results"][1]
    assert half["streams"] == [{"stream": "business_owners", "title": half["streams"][0]["title"],
                                "before": "eligible", "after": "ineligible", "direction": -1}]
    assert any(c["explanation_before"] and c["explanation_after"] for c in half["criteria"])
    flipped = client.get(f"/api/v1/impact-runs/{scene['every'].pk}/files/?flipped=true").json()
    assert flipped["count"] == 2

    started = client.post("/api/v1/impact-runs/", {"as_of": "2099-01-01"}, format="json")
    assert started.status_code == 202 and started.json()["preview"] is True and started.json()["scope"] == "firm"
    assert ImpactRun.objects.get(pk=started.json()["id"]).firm == scene["north"]
    assert api(scene["stranger"]).post("/api/v1/impact-runs/", {}, format="json").status_code == 404


def test_the_schema_documents_the_impact_api(scene: dict[str, Any]) -> None:
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert {"/api/v1/impact-runs/", "/api/v1/impact-runs/{run_id}/", "/api/v1/impact-runs/{run_id}/files/"} \
        <= set(schema["paths"])


def test_the_file_page_tells_its_consultant_until_the_file_is_screened_again(scene: dict[str, Any]) -> None:
    url = f"/files/{scene['half'].pk}/"
    page = signed_in(scene["alice"]).get(url).content.decode()
    assert "The rules as of 2025-05-27 change this file" in page
    assert f"/impact/runs/{scene['north_run'].pk}/files/{scene['half'].pk}/" in page or \
        f"/impact/runs/{scene['every'].pk}/files/{scene['half'].pk}/" in page
    detail = signed_in(scene["alice"]).get(f"/impact/runs/{scene['every'].pk}/files/{scene['half'].pk}/")
    text = detail.content.decode()
    assert "at least the 50% required" in text and "less than the 51% required" in text
    assert "Compare with the screening before" in text
    # the run stored no full screening: the buttons make it (once), then the links lead to it
    impact_url = f"/impact/runs/{scene['every'].pk}/files/{scene['half'].pk}/screening/"
    assert 'action="' + impact_url + '"' in text
    consultant = signed_in(scene["alice"])
    assert consultant.get(impact_url).status_code == 405  # made by a POST only, never by following a link
    compared = consultant.post(impact_url, {"compare": "1"})
    after = FileImpact.objects.get(run=scene["every"], client_file=scene["half"]).after_screening
    assert after is not None and after.as_of == AFTER_BOTH
    assert compared["Location"] == f"/files/{scene['half'].pk}/compare/?a={after_before(scene)}&b={after.pk}"
    assert consultant.post(impact_url)["Location"] == f"/files/{scene['half'].pk}/screenings/{after.pk}/"
    again = consultant.get(f"/impact/runs/{scene['every'].pk}/files/{scene['half'].pk}/").content.decode()
    assert f"/files/{scene['half'].pk}/screenings/{after.pk}/" in again and impact_url not in again
    assert "change this file" not in signed_in(scene["applicant"]).get(f"/files/{scene['cook'].pk}/").content.decode()

    file_services.screening_run(client_file=scene["half"], actor=scene["alice"])  # the consultant looks again
    assert "change this file" not in signed_in(scene["alice"]).get(url).content.decode()


def after_before(scene: dict[str, Any]) -> int:
    return FileImpact.objects.get(run=scene["every"], client_file=scene["half"]).before_screening_id


def test_a_file_screened_with_older_rules_says_so(scene: dict[str, Any]) -> None:
    client = signed_in(scene["alice"])
    assert "older rules" not in client.get(f"/files/{scene['half'].pk}/").content.decode()
    FileDecision.objects.filter(client_file=scene["half"]).update(rulebook_version="0.9.0+older")
    assert "latest screening used older rules" in client.get(f"/files/{scene['half'].pk}/").content.decode()
    listing = client.get("/files/").content.decode()
    assert listing.count("screened with older rules") == 1
