"""An applicant's own data from her private link: she downloads her answers and results (JSON and
PDF) and deletes them at once."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from streams.models import SavedAnswers
from tests.streams.test_web import start_french_working_holiday

pytestmark = pytest.mark.django_db


def test_the_results_page_offers_the_download_and_the_deletion() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start_french_working_holiday(client)
    page = client.get(f"/apply/{token}/results/").content.decode()
    for link in (f"/apply/{token}/download.json", f"/apply/{token}/download.pdf", f"/apply/{token}/delete/"):
        assert f'href="{link}"' in page


def test_an_applicant_downloads_her_answers_and_results_as_json() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start_french_working_holiday(client)
    response = client.get(f"/apply/{token}/download.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["answers"]["applicant"]["date_of_birth"] == "1998-05-20"
    assert data["answers"]["applicant"]["citizenships"] == ["FR"]
    assert {s["stream"] for s in data["result"]["streams"]} >= {"iec_working_holiday"}
    assert data["kept_until"] and data["questions_answered"]


def test_an_applicant_downloads_her_answers_and_results_as_pdf() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start_french_working_holiday(client)
    response = client.get(f"/apply/{token}/download.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Content-Disposition"].startswith("attachment;")


def test_an_applicant_deletes_her_answers_at_once() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start_french_working_holiday(client)
    confirm = client.get(f"/apply/{token}/delete/")
    assert confirm.status_code == 200 and SavedAnswers.objects.count() == 1  # asking deletes nothing
    deleted = client.post(f"/apply/{token}/delete/")
    assert deleted.status_code == 200 and "deleted" in deleted.content.decode()
    assert SavedAnswers.objects.count() == 0
    for url in (f"/apply/{token}/results/", f"/apply/{token}/download.json", f"/apply/{token}/delete/"):
        assert client.get(url).status_code == 404


def test_a_forged_link_downloads_and_deletes_nothing() -> None:
    client = Client()
    token = start_french_working_holiday(client)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(f"/apply/{forged}/download.json").status_code == 404
    assert client.post(f"/apply/{forged}/delete/").status_code == 404
    assert SavedAnswers.objects.count() == 1
