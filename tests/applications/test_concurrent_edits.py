"""Optimistic concurrency on a client file's facts: nobody silently overwrites a colleague's change.

API: a file carries an ETag; a PATCH must send it back in If-Match (428 without it, 412 when it is
stale, naming who changed what and when). Pages: the facts form and the JSON editor carry the
version they edit; a stale save shows the conflict and gives back everything that was typed."""

from __future__ import annotations

import copy
import json
import re
import threading
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications.models import ClientFile, Membership
from tests.applications.test_notes import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def carol(firms: dict[str, Any]) -> Any:
    """A second consultant of the same firm as alice."""
    user = get_user_model().objects.create_user(username="carol", password="pw-carol")
    Membership.objects.create(user=user, firm=firms["north"])
    return user


def api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def browser(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def with_province(facts: dict[str, Any], province: str) -> dict[str, Any]:
    changed = copy.deepcopy(facts)
    changed["job_offer"]["province"] = province
    return changed


# --- API ---------------------------------------------------------------------------------------

def test_a_patch_with_a_stale_etag_is_refused_and_names_the_change(firms: dict[str, Any], carol: Any) -> None:
    url = f"/api/v1/files/{firms['file'].pk}/"
    alice, facts = api(firms["alice"]), firms["file"].request
    etag = alice.get(url)["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    # carol saves first, with the same ETag
    saved = api(carol).patch(url, {"request": with_province(facts, "BC")}, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200 and saved["ETag"] != etag
    # alice's save, based on what she read before, is refused
    stale = alice.patch(url, {"request": with_province(facts, "QC")}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    body = stale.json()
    assert body["errors"][0]["loc"] == "If-Match"
    change = body["changes"][0]
    assert change["by"] == "carol" and change["fields"] == ["job_offer.province"] and change["at"]
    assert stale["ETag"] == saved["ETag"]  # what to send once she has merged
    assert ClientFile.objects.get(pk=firms["file"].pk).request["job_offer"]["province"] == "BC"
    # with the current ETag her save goes through
    merged = alice.patch(url, {"request": with_province(facts, "QC")}, format="json", HTTP_IF_MATCH=stale["ETag"])
    assert merged.status_code == 200


def test_a_patch_without_if_match_is_refused_with_428(firms: dict[str, Any]) -> None:
    url = f"/api/v1/files/{firms['file'].pk}/"
    response = api(firms["alice"]).patch(url, {"status": "documents"}, format="json")
    assert response.status_code == 428
    assert response.json()["errors"][0]["loc"] == "If-Match" and response["ETag"]
    assert ClientFile.objects.get(pk=firms["file"].pk).status == "screening"


def test_if_match_star_overwrites_on_purpose(firms: dict[str, Any]) -> None:
    url = f"/api/v1/files/{firms['file'].pk}/"
    response = api(firms["alice"]).patch(url, {"status": "documents"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200


def test_every_change_to_the_file_moves_its_etag(firms: dict[str, Any]) -> None:
    url = f"/api/v1/files/{firms['file'].pk}/"
    alice = api(firms["alice"])
    first = alice.get(url)["ETag"]
    second = alice.patch(url, {"status": "documents"}, format="json", HTTP_IF_MATCH=first)["ETag"]
    third = alice.patch(url, {"client_name": "Klaus M. Weber"}, format="json", HTTP_IF_MATCH=second)["ETag"]
    assert len({first, second, third}) == 3 and alice.get(url)["ETag"] == third


def test_two_saves_at_the_same_moment_with_the_same_etag_one_wins(firms: dict[str, Any], carol: Any) -> None:
    url = f"/api/v1/files/{firms['file'].pk}/"
    facts = firms["file"].request
    etag = api(firms["alice"]).get(url)["ETag"]
    together = threading.Barrier(2, timeout=20)

    def save(user: Any, province: str) -> int:
        client = api(user)
        together.wait()
        return client.patch(url, {"request": with_province(facts, province)}, format="json",
                            HTTP_IF_MATCH=etag).status_code

    statuses = in_threads(lambda: save(firms["alice"], "QC"), lambda: save(carol, "BC"))
    assert sorted(statuses) == [200, 412]
    winner = "QC" if statuses[0] == 200 else "BC"
    assert ClientFile.objects.get(pk=firms["file"].pk).request["job_offer"]["province"] == winner


# --- pages -------------------------------------------------------------------------------------

def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} field on the page"
    from html import unescape

    return unescape(match.group(1))


def test_the_json_editor_shows_the_conflict_and_keeps_what_was_typed(firms: dict[str, Any], carol: Any) -> None:
    file_id, facts = firms["file"].pk, firms["file"].request
    alice, other = browser(firms["alice"]), browser(carol)
    opened = alice.get(f"/files/{file_id}/edit/").content.decode()
    version, base = hidden(opened, "version"), hidden(opened, "base")
    # carol changes the province while alice is typing
    carol_page = other.get(f"/files/{file_id}/edit/").content.decode()
    saved = other.post(f"/files/{file_id}/edit/", {"facts": json.dumps(with_province(facts, "BC")),
                                                   "version": hidden(carol_page, "version"),
                                                   "base": hidden(carol_page, "base")})
    assert saved.status_code == 302
    # alice changes the NOC code and saves
    mine = copy.deepcopy(facts)
    mine["job_offer"]["noc_code"] = "00013"
    conflict = alice.post(f"/files/{file_id}/edit/", {"facts": json.dumps(mine), "version": version, "base": base})
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "carol" in page and "job_offer.province" in page
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page)  # when
    stored = ClientFile.objects.get(pk=file_id).request
    assert stored["job_offer"]["province"] == "BC" and stored["job_offer"]["noc_code"] == "00012"
    # what she typed is offered back, merged with carol's change (they touched different facts)
    offered = json.loads(re.search(r'<textarea id="facts" name="facts"[^>]*>(.*?)</textarea>', page, re.S).group(1)
                         .replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))
    assert offered["job_offer"]["noc_code"] == "00013" and offered["job_offer"]["province"] == "BC"
    # saving the merged version now goes through
    again = alice.post(f"/files/{file_id}/edit/", {"facts": json.dumps(offered), "version": hidden(page, "version"),
                                                   "base": hidden(page, "base")})
    assert again.status_code == 302
    stored = ClientFile.objects.get(pk=file_id).request
    assert (stored["job_offer"]["province"], stored["job_offer"]["noc_code"]) == ("BC", "00013")


def test_a_save_without_a_version_is_not_taken_blindly(firms: dict[str, Any]) -> None:
    file_id = firms["file"].pk
    facts = with_province(firms["file"].request, "BC")
    response = browser(firms["alice"]).post(f"/files/{file_id}/edit/", {"facts": json.dumps(facts)})
    assert response.status_code == 409
    assert ClientFile.objects.get(pk=file_id).request["job_offer"]["province"] == "ON"
    assert json.dumps(facts, indent=2).splitlines()[1].strip() in response.content.decode().replace("&quot;", '"')


def test_the_facts_form_shows_the_conflict_and_keeps_what_was_typed(firms: dict[str, Any], carol: Any) -> None:
    from tests.applications.test_facts_form import form_data

    file_id = firms["file"].pk
    alice, other = browser(firms["alice"]), browser(carol)
    mine = form_data(alice.get(f"/files/{file_id}/facts/job/"))
    theirs = form_data(other.get(f"/files/{file_id}/facts/job/"))
    theirs["province__value"] = "BC"
    assert other.post(f"/files/{file_id}/facts/job/", theirs).status_code == 302
    mine["noc__value"] = "00013"
    mine["duration__value"] = "24"
    conflict = alice.post(f"/files/{file_id}/facts/job/", mine)
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "carol" in page and "job_offer.province" in page
    # alice's typing is on the page; carol's province is kept where alice did not touch it
    assert re.search(r'name="noc__value"[^>]*value="00013"', page)
    assert re.search(r'name="duration__value"[^>]*value="24"', page)
    assert re.search(r'<option value="BC" selected>', page)
    stored = ClientFile.objects.get(pk=file_id).request
    assert stored["job_offer"]["noc_code"] == "00012" and stored["job_offer"]["province"] == "BC"
    # saving the page as offered keeps both changes
    from tests.applications.test_facts_form import form_data as again_data

    resubmit = again_data(conflict)
    assert alice.post(f"/files/{file_id}/facts/job/", resubmit).status_code == 302
    stored = ClientFile.objects.get(pk=file_id).request
    assert (stored["job_offer"]["province"], stored["job_offer"]["noc_code"]) == ("BC", "00013")
    assert stored["job_offer"]["duration_months"] == 24
