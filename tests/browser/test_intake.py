"""In a real browser (axe on every page): an applicant opens a firm's intake link, answers, and sends
her answers; the firm's consultant finds them as a screened file. A consultant starts a new file
with the questions, part by part, typing countries by name. A file's eligibility window is told in
English and in French."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model

from applications import intake, services
from applications.models import ClientFile, Firm, Membership
from reminders.services import reminders_make
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def firm_with(*people: tuple[str, str]) -> Firm:
    firm = Firm.objects.create(name="North Immigration")
    for username, role in people:
        user = get_user_model().objects.create_user(username=username, password=f"pw-{username}-123",
                                                    email=f"{username}@example.org")
        Membership.objects.create(user=user, firm=firm, role=role)
    return firm


def sign_in(page: Any, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(f"pw-{username}-123")
    page.locator("form button.primary").click()


def test_an_applicant_sends_her_answers_and_the_consultant_receives_them(page: Any, browser: Any) -> None:
    firm = firm_with(("alice", Membership.Role.CONSULTANT), ("nora", Membership.Role.ADMIN))
    page.goto(page.base + f"/to/{intake.intake_token(firm)}/")
    accessible(page)
    assert "North Immigration invites you" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Start").click()
    accessible(page)
    assert "You came from North Immigration" in page.locator("main").inner_text()
    page.get_by_label("I am 18 to 35 and want a working holiday, young professional job or internship").check()
    page.locator("#id_citizenships__value").fill("France")
    page.locator("#id_date_of_birth__value").fill("1998-05-20")
    page.locator("#id_residence__value").fill("France")
    page.get_by_role("button", name="Continue").click()
    token = page.url.split("/apply/")[1].split("/")[0]
    page.goto(page.base + f"/apply/{token}/results/")
    accessible(page)
    page.get_by_role("link", name="Review and send").click()
    accessible(page)
    assert "does not get your private link" in page.locator("main").inner_text()
    page.get_by_label("Your name").fill("Amélie Durand")
    page.get_by_role("button", name="Send").click()  # without ticking the box
    accessible(page)
    assert "Tick the box" in page.get_by_role("alert").inner_text()
    page.get_by_label("I agree to send my answers and my name to North Immigration.").check()
    page.get_by_role("button", name="Send").click()
    accessible(page)
    assert "Sent: North Immigration received your answers" in page.get_by_role("status").inner_text()

    # The consultant, in her own browser, finds the file screened on her desk
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-CA").new_page()
    desk.base = page.base
    sign_in(desk, "alice")
    accessible(desk)
    made = ClientFile.objects.get()
    row = desk.get_by_role("row").filter(has_text="Amélie Durand")
    assert made.best_stream and "—" not in row.inner_text()  # screened: its best fit at a glance
    desk.get_by_role("link", name="Amélie Durand").click()
    accessible(desk)
    assert desk.url.endswith(f"/files/{made.pk}/") and made.request["applicant"]["citizenships"] == ["FR"]
    desk.context.close()


def test_a_consultant_starts_a_new_file_with_the_questions(page: Any) -> None:
    firm_with(("alice", Membership.Role.CONSULTANT))
    sign_in(page, "alice")
    page.get_by_role("link", name="New client file").click()
    accessible(page)
    page.get_by_label("Client's name").fill("Klaus Weber")
    page.get_by_role("button", name="Create the file").click()
    accessible(page)
    assert page.url.endswith("/facts/person/")
    page.locator("#id_citizenships__value").fill("Germany")
    page.locator("#id_date_of_birth__value").fill("1982-03-02")
    page.get_by_role("button", name="Save and go on to “Studies, work and travel”").click()
    accessible(page)
    assert page.url.endswith("/facts/history/")
    page.get_by_role("button", name="Save and back to the file").click()
    accessible(page)
    made = ClientFile.objects.get()
    assert page.url.endswith(f"/files/{made.pk}/")
    assert made.request["applicant"] == {"citizenships": ["DE"], "date_of_birth": "1982-03-02"}
    # a country that is not one is refused on its field, nothing saved
    page.goto(page.base + f"/files/{made.pk}/facts/person/")
    page.locator("#id_citizenships__value").fill("Atlantis")
    page.get_by_role("button", name="Save and back to the file").click()
    accessible(page)
    assert "“Atlantis” is not a country we know" in page.locator("main").inner_text()
    assert ClientFile.objects.get().request["applicant"]["citizenships"] == ["DE"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_file_page_tells_when_the_window_closes(page: Any, browser: Any, language: str) -> None:
    firm = firm_with(("alice", Membership.Role.CONSULTANT))
    alice = get_user_model().objects.get(username="alice")
    services.client_file_create(firm=firm, actor=alice, client_name="Amélie Durand", request={"applicant": {
        "citizenships": ["FR"], "country_of_residence": "FR", "date_of_birth": "1991-03-10", "iec_participations": [],
        "applying_through_recognized_organization": False, "funds_cad": 4000, "will_hold_health_insurance": True,
        "accompanying_dependants": False}})
    today = date(2027, 2, 1)
    with time_machine.travel(datetime(2027, 2, 1, 7, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=True):
        reminders_make(today)
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      locale="fr-CA" if language == "fr" else "en-CA")
        reader = context.new_page()
        reader.base = page.base
        sign_in(reader, "alice")
        reader.goto(reader.base + "/files/reminders/")
        accessible(reader)
        text = reader.locator("main").inner_text().replace("\u00a0", " ").replace("\u202f", " ")
        if language == "en":
            assert "on these facts, the last day it stays possible is 9 March 2027 (in 36 days)." in text
            assert "from 10 March 2027" in text  # why: the 36th birthday
        else:
            assert "selon ces faits, le dernier jour où c’est possible est le 9 mars 2027 (dans 36 jours)." in text
            assert "10 mars 2027" in text
        reader.get_by_role("link", name="Amélie Durand").first.click()
        accessible(reader)
        heading = "Eligibility windows" if language == "en" else "Périodes d’admissibilité"
        assert reader.get_by_role("heading", name=heading).count() == 1
        context.close()
