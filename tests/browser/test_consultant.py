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
    page.goto(page.base + f"/files/{client_file.pk}/facts/")
    assert axe_violations(page) == []
    page.locator("#q-employment").get_by_label("Employer", exact=True).fill("Hospital General")
    page.locator("#q-employment").get_by_label("I have another employer or position to add").check()
    page.get_by_role("button", name="Save facts").click()
    assert page.locator("#q-employment legend", has_text="Entry 2").count() == 1
    assert axe_violations(page) == []
    page.locator("#id_employment__employer_name__2").fill("Clínica Norte")
    page.get_by_role("button", name="Save facts").click()
    assert page.url.endswith(f"/files/{client_file.pk}/")
    history = ClientFile.objects.get(pk=client_file.pk).request["applicant"]["employment_history"]
    assert [job["employer_name"] for job in history] == ["Hospital General", "Clínica Norte"]
