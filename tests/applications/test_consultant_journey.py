"""A consultant, as a new user would: sign in, create a client file, screen it, download the PDF
report and the checklist, edit a fact, screen again and see what changed."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from applications.models import Firm
from tests.applications.conftest import GERMAN_MANAGER, consultant

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_consultant_journey() -> None:
    consultant("alice", Firm.objects.create(name="North Immigration"))
    client = Client()
    signed_in = client.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/files/"

    created = client.post("/files/new/", {"client_name": "Klaus Weber", "facts": json.dumps(GERMAN_MANAGER)})
    assert created.status_code == 302
    file_url = created["Location"]
    assert "Klaus Weber" in client.get("/files/").content.decode()

    screened = client.post(file_url + "screen/")
    screening_url = screened["Location"]
    page = client.get(screening_url).content.decode()
    assert "Could be eligible" in page and "code C62" in page

    report = client.post(screening_url + "jobs/", {"kind": "report"})  # runs in-process in tests
    job_url = report["Location"]
    assert "Download the PDF report" in client.get(job_url).content.decode()
    pdf = client.get(job_url + "download.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    checklist = json.loads(client.get(job_url + "download.json").content)
    assert any(item["id"] == "DOC-EMP-03" for s in checklist["sections"] for item in s["items"])

    facts = json.loads(json.dumps(GERMAN_MANAGER))
    facts["job_offer"]["intra_company"]["foreign_position_held_open"] = False
    version = re.search(r'name="version" value="(\d+)"', client.get(file_url + "edit/").content.decode()).group(1)
    assert client.post(file_url + "edit/", {"facts": json.dumps(facts), "version": version}).status_code == 302
    client.post(file_url + "screen/")
    ids = [int(i) for i in re.findall(r"/screenings/(\d+)/", client.get(file_url).content.decode())]
    diff = client.get(file_url + "compare/", {"a": min(ids), "b": max(ids)}).content.decode()
    assert "could be eligible → not eligible on these answers" in diff and "Position abroad held open" in diff
    assert "met → not met" in diff and "Intra-company transferee" in diff  # words and titles, not codes

    history = client.get(file_url).content.decode()
    for action in ("File created", "Screened (rules in force on", "Summary report: requested", "Facts changed: "):
        assert action in history


def test_bad_facts_are_refused_with_the_field_named(firms: dict[str, Any]) -> None:
    client = Client()
    client.force_login(firms["alice"])
    page = client.post(f"/files/{firms['file'].pk}/edit/", {"facts": '{"job_offer": {"province": "ZZ"}}',
                                                            "version": firms["file"].version})
    assert page.status_code == 200
    assert "job_offer.province" in page.content.decode()
    firms["file"].refresh_from_db()
    assert firms["file"].request["job_offer"]["province"] == "ON"
