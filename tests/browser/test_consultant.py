"""A consultant in a real browser: the facts form is accessible and adds an entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from applications import services
from applications.models import ClientFile, Firm, Membership
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_consultant_edits_facts_in_the_form_and_adds_an_employer(page: Any) -> None:
    firm = Firm.objects.create(name="North Immigration")
    alice = get_user_model().objects.create_user(username="alice", password="pw-alice-123")
    Membership.objects.create(user=alice, firm=firm)
    client_file = services.client_file_create(firm=firm, actor=alice, client_name="Ana López", request={
        "applicant": {"citizenships": ["MX"]}, "job_offer": {"cusma_profession": "registered_nurse"}})

    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("pw-alice-123")
    page.get_by_role("button", name="Sign in").click()
    page.goto(page.base + f"/files/{client_file.pk}/facts/history/")
    assert axe_violations(page) == []
    page.locator("#q-employment").get_by_label("Employer", exact=True).fill("Hospital General")
    page.locator("#q-employment").get_by_label("I have another employer or position to add").check()
    page.get_by_role("button", name="Save and back to the file").click()
    assert page.locator("#q-employment legend", has_text="Entry 2").count() == 1
    assert axe_violations(page) == []
    page.locator("#id_employment__employer_name__2").fill("Clínica Norte")
    page.get_by_role("button", name="Save and back to the file").click()
    assert page.url.endswith(f"/files/{client_file.pk}/")
    history = ClientFile.objects.get(pk=client_file.pk).request["applicant"]["employment_history"]
    assert [job["employer_name"] for job in history] == ["Hospital General", "Clínica Norte"]


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_two_consultants_edit_the_same_facts_and_the_second_sees_the_conflict(page: Any, browser: Any) -> None:
    firm = Firm.objects.create(name="North Immigration")
    for name in ("alice", "carol"):
        user = get_user_model().objects.create_user(username=name, password=f"pw-{name}-123")
        Membership.objects.create(user=user, firm=firm)
    client_file = services.client_file_create(firm=firm, actor=None, client_name="Ana López", request={
        "applicant": {"citizenships": ["MX"]}, "job_offer": {"province": "ON", "cusma_profession": "registered_nurse"}})
    # alice opens the facts form
    sign_in(page, "alice", "pw-alice-123")
    page.goto(page.base + f"/files/{client_file.pk}/facts/job/")
    # meanwhile carol, in her own browser, moves the job to British Columbia
    other = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-CA").new_page()
    other.base = page.base
    sign_in(other, "carol", "pw-carol-123")
    other.goto(other.base + f"/files/{client_file.pk}/facts/job/")
    other.locator("#id_province__value").select_option("BC")
    other.get_by_role("button", name="Save and back to the file").click()
    assert other.url.endswith(f"/files/{client_file.pk}/")
    other.context.close()
    # alice types a job title and saves: she is told who changed what, and keeps her typing
    page.locator("#id_title__value").fill("Charge nurse")
    page.get_by_role("button", name="Save and back to the file").click()
    conflict = page.get_by_role("alert")
    assert "changed while you were editing" in conflict.inner_text() and "carol" in conflict.inner_text()
    assert "job_offer.province" in conflict.inner_text()
    assert page.locator("#id_title__value").input_value() == "Charge nurse"
    assert page.locator("#id_province__value").input_value() == "BC"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save and back to the file").click()
    assert page.url.endswith(f"/files/{client_file.pk}/")
    stored = ClientFile.objects.get(pk=client_file.pk).request["job_offer"]
    assert (stored["province"], stored["title"]) == ("BC", "Charge nurse")
    # the file page (notes, history) and the erasure's confirmation are accessible too
    assert axe_violations(page) == []
    page.get_by_role("link", name="Erase this file").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Erase the file for good").click()
    assert page.url.endswith("/files/") and not ClientFile.objects.filter(pk=client_file.pk).exists()
