"""A consultant edits a client file's facts through the questionnaire's questions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from applications.models import AuditEvent

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def form_data(page: Any) -> dict[str, Any]:
    """What the browser would post back unchanged: every field's initial value."""
    form = page.context["form"]
    # the version of the facts the page shows, and those facts (to merge with a colleague's change)
    data: dict[str, Any] = {"question": [q.id for q in form.questions], "version": page.context["version"],
                            "base": page.context["base"]}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = value
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = field.prepare_value(value)
    return data


def test_a_consultant_changes_one_fact_and_nothing_else_moves(firms: dict[str, Any]) -> None:
    client_file = firms["file"]
    before = client_file.request
    client = signed_in(firms["alice"])
    page = client.get(f"/files/{client_file.pk}/facts/job/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The person" in text and "The job offer" in text and 'id="q-premises"' in text
    assert 'id="q-date_of_birth"' not in text  # the person's questions are on her part's page
    data = form_data(page)
    assert data["province__value"] == "ON"
    data["province__value"] = "BC"
    response = client.post(f"/files/{client_file.pk}/facts/job/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client_file.refresh_from_db()
    after = client_file.request
    assert after["job_offer"]["province"] == "BC"
    # everything the form does not ask (residence history) and every other fact is unchanged
    assert {**after, "job_offer": {**after["job_offer"], "province": "ON"}} == before
    changed = AuditEvent.objects.filter(client_file=client_file, action="facts_changed").get()
    assert changed.details == {"fields": ["job_offer.province"]}


def test_later_entries_and_unasked_facts_of_an_entry_are_kept(firms: dict[str, Any]) -> None:
    from applications import services

    client_file = firms["file"]
    facts = {**client_file.request}
    facts["applicant"] = {**facts["applicant"], "employment_history": [
        {**facts["applicant"]["employment_history"][0], "noc_code": "00012"},
        {"employer_name": "Northwind SARL", "country": "FR", "start_date": "2015-01-01", "end_date": "2018-03-31"}]}
    services.client_file_update_request(client_file=client_file, actor=firms["alice"], request=facts)
    client = signed_in(firms["alice"])
    page = client.get(f"/files/{client_file.pk}/facts/history/")
    assert "Entry 2" in page.content.decode()  # every entry is shown
    data = form_data(page)
    assert data["employment__employer_name__2"] == "Northwind SARL"
    data["employment__hours_per_week"] = "37.5"
    data["employment__hours_per_week__2"] = "40"
    assert client.post(f"/files/{client_file.pk}/facts/history/", data).status_code == 302
    client_file.refresh_from_db()
    history = client_file.request["applicant"]["employment_history"]
    assert history[0]["hours_per_week"] == 37.5 and history[0]["noc_code"] == "00012"
    assert history[1] == {"employer_name": "Northwind SARL", "country": "FR", "start_date": "2015-01-01",
                          "end_date": "2018-03-31", "hours_per_week": 40}


def test_a_consultant_adds_an_entry(firms: dict[str, Any]) -> None:
    client_file = firms["file"]
    client = signed_in(firms["alice"])
    data = form_data(client.get(f"/files/{client_file.pk}/facts/history/"))
    data["add"] = "employment"
    page = client.post(f"/files/{client_file.pk}/facts/history/", data)
    assert page.status_code == 200 and 'name="employment__employer_name__2"' in page.content.decode()
    data = form_data(page)
    data["employment__entries"] = "2"
    data.update({"employment__employer_name__2": "Northwind Ltd", "employment__country__2": "GB"})
    assert client.post(f"/files/{client_file.pk}/facts/history/", data).status_code == 302
    client_file.refresh_from_db()
    history = client_file.request["applicant"]["employment_history"]
    assert [job["employer_name"] for job in history] == ["Northwind GmbH", "Northwind Ltd"]


def test_a_bad_answer_is_shown_on_its_field_and_nothing_is_saved(firms: dict[str, Any]) -> None:
    client_file = firms["file"]
    before = client_file.request
    client = signed_in(firms["alice"])
    data = form_data(client.get(f"/files/{client_file.pk}/facts/person/"))
    data["date_of_birth__value"] = "2030-01-01"  # after as_of: the engine refuses it
    page = client.post(f"/files/{client_file.pk}/facts/person/", data)
    assert page.status_code == 200
    assert 'href="#id_date_of_birth__value"' in page.content.decode()
    client_file.refresh_from_db()
    assert client_file.request == before


def test_the_clients_employer_cannot_edit(firms: dict[str, Any]) -> None:
    employer = signed_in(firms["employer"])
    for part in ("", "person/", "job/"):
        assert employer.get(f"/files/{firms['file'].pk}/facts/{part}").status_code == 404


def test_an_error_in_a_later_entry_lands_on_that_entrys_field(firms: dict[str, Any]) -> None:
    client_file = firms["file"]
    client = signed_in(firms["alice"])
    data = form_data(client.get(f"/files/{client_file.pk}/facts/history/"))
    data.update({"add": "employment"})
    page = client.post(f"/files/{client_file.pk}/facts/history/", data)
    data = form_data(page)
    data.update({"employment__entries": "2", "employment__employer_name__2": "Northwind Ltd",
                 "employment__start_date__2": "2015-01-01", "employment__end_date__2": "2014-01-01"})
    page = client.post(f"/files/{client_file.pk}/facts/history/", data)
    assert page.status_code == 200
    assert 'href="#id_employment__end_date__2"' in page.content.decode()  # the summary links the right field


def test_the_facts_are_edited_a_part_at_a_time_each_page_small(firms: dict[str, Any]) -> None:
    client_file = firms["file"]
    client = signed_in(firms["alice"])
    assert client.get(f"/files/{client_file.pk}/facts/").url == f"/files/{client_file.pk}/facts/person/"
    assert client.get(f"/files/{client_file.pk}/facts/nowhere/").status_code == 404
    asked = set()
    for part in ("person", "history", "job", "family"):
        for language in ("en", "fr"):
            page = client.get(f"/files/{client_file.pk}/facts/{part}/", HTTP_ACCEPT_LANGUAGE=language)
            assert page.status_code == 200
            assert len(page.content) <= 60_000, (part, language, len(page.content))
            assert page.content.decode().count("<datalist") <= 1  # the countries are listed once a page
        asked |= {q.id for q in page.context["form"].questions}
    from intake.questions import QUESTIONS

    assert asked == {q.id for q in QUESTIONS}  # every question is on one of the parts
    # "Save and go on" leads to the next part
    data = form_data(client.get(f"/files/{client_file.pk}/facts/person/"))
    assert client.post(f"/files/{client_file.pk}/facts/person/", {**data, "continue": "1"}).url == \
        f"/files/{client_file.pk}/facts/history/"


def test_countries_are_typed_by_name_in_either_language_or_by_code(firms: dict[str, Any]) -> None:
    client_file = firms["file"]
    client = signed_in(firms["alice"])
    page = client.get(f"/files/{client_file.pk}/facts/person/", HTTP_ACCEPT_LANGUAGE="fr")
    assert 'value="Allemagne"' in page.content.decode()  # the stored code shown as the country's name
    data = form_data(page)
    data.update({"citizenships__value": "États-Unis", "citizenships__value_2": "allemagne",
                 "permanent_residences__value": "Aucun"})
    response = client.post(f"/files/{client_file.pk}/facts/person/", data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302, response.content.decode()[:3000]
    client_file.refresh_from_db()
    assert client_file.request["applicant"]["citizenships"] == ["US", "DE"]
    assert client_file.request["applicant"]["permanent_residences"] == []
    data = form_data(client.get(f"/files/{client_file.pk}/facts/person/"))
    data["citizenships__value"] = "Atlantis"
    page = client.post(f"/files/{client_file.pk}/facts/person/", data)
    assert page.status_code == 200 and "“Atlantis” is not a country we know" in page.content.decode()
    client_file.refresh_from_db()
    assert client_file.request["applicant"]["citizenships"] == ["US", "DE"]
