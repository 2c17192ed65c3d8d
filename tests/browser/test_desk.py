"""The consultant's desk on a phone (390 px wide), in English and French: the file list and the file
page fit the screen with no sideways scroll and no axe violation; the list filters by outcome; the
report is made for the streams the consultant ticks."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from applications import services
from applications.models import Firm, Job, Membership
from tests.applications.conftest import GERMAN_MANAGER
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_WIDTH = 390


def fits_and_is_accessible(page: Any) -> None:
    """No sideways scroll on a phone, and no WCAG 2.1 A/AA violation."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (page.url, width)
    assert axe_violations(page) == [], page.url


@pytest.fixture
def desk(db: Any) -> dict[str, Any]:
    firm = Firm.objects.create(name="North Immigration")
    alice = get_user_model().objects.create_user(username="alice", password="pw-alice-123", first_name="Alice",
                                                 last_name="Tremblay")
    Membership.objects.create(user=alice, firm=firm, licence="rcic", licence_number="R712345")
    klaus = services.client_file_create(firm=firm, actor=alice, client_name="Klaus Weber", request=GERMAN_MANAGER)
    services.screening_run(client_file=klaus, actor=alice)
    ana = services.client_file_create(firm=firm, actor=alice, client_name="Ana Souza",
                                      request={"applicant": {"citizenships": ["BR"]}})
    services.screening_run(client_file=ana, actor=alice)
    services.client_file_create(firm=firm, actor=alice, client_name="Maximiliane Wolkenstein-Hohenberg", request={})
    return {"alice": alice, "klaus": klaus, "ana": ana}


def sign_in(page: Any) -> None:
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("pw-alice-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/files/")


def test_the_file_list_and_file_page_fit_a_phone(page: Any, desk: dict[str, Any]) -> None:
    sign_in(page)
    fits_and_is_accessible(page)
    assert "R712345" in page.inner_text("main")
    klaus_row = page.locator("tr", has_text="Klaus Weber")
    assert "Could be eligible" in klaus_row.inner_text() and "C62" in klaus_row.inner_text()
    assert "More information needed" in page.locator("tr", has_text="Ana Souza").inner_text()
    # filter by outcome
    page.get_by_label("Best fit's outcome").select_option("needs_information")
    page.get_by_role("button", name="Filter").click()
    assert "outcome=needs_information" in page.url
    assert page.locator("tr", has_text="Ana Souza").count() == 1 and page.locator("tr", has_text="Klaus").count() == 0
    fits_and_is_accessible(page)
    page.get_by_role("link", name="Show all files").click()
    # the file page
    page.get_by_role("link", name="Klaus Weber").click()
    assert "At a glance" in page.inner_text("main")
    fits_and_is_accessible(page)
    page.get_by_text("The facts as JSON").click()  # the raw facts wrap rather than scroll
    fits_and_is_accessible(page)
    # the screening page: the report for the streams ticked
    page.locator("a[href*='/screenings/']").first.click()
    fits_and_is_accessible(page)
    page.get_by_role("checkbox", name="Francophone mobility").check()
    page.get_by_role("button", name="Make the PDF report").click()
    page.get_by_role("link", name="Download the PDF report").wait_for()
    fits_and_is_accessible(page)
    assert Job.objects.get().streams == ["ict", "francophone_mobility"]
    assert page.get_by_role("link", name="Download the checklist (PDF)").count() == 1


def test_the_desk_fits_a_phone_in_french(page: Any, desk: dict[str, Any]) -> None:
    sign_in(page)
    page.get_by_role("button", name="Français").click()
    page.wait_for_url("**/files/")
    assert "Dossiers clients" in page.inner_text("main") and "Renseignements supplémentaires" in page.inner_text("main")
    fits_and_is_accessible(page)
    page.goto(page.base + f"/files/{desk['ana'].pk}/")
    assert "En bref" in page.inner_text("main")
    fits_and_is_accessible(page)
    page.goto(page.base + f"/files/{desk['klaus'].pk}/screenings/{desk['klaus'].latest_screening_id}/")
    fits_and_is_accessible(page)
