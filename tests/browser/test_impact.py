"""Rule-change impact as a consultant meets it on a phone (390 px), in English and French: the firm's
page lists the files a run changed, best news first; a file's page says what changed and why; its
full screening, which the run did not store, is made when she asks for it, and the comparison with
the screening before opens. Every page fits the screen with no axe violation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from impact import services
from impact.models import FileImpact, ImpactRun
from tests.browser.test_desk import fits_and_is_accessible
from tests.impact.conftest import OWNER_OF_HALF, OWNER_WITH_FUNDS
from tests.personas import client_file

pytestmark = pytest.mark.django_db(transaction=True)

DAY_BEFORE_C11, C11_CHANGE = date(2025, 5, 26), date(2025, 5, 27)

WORDS = {
    "en": {"full": "The new screening in full", "compare": "Compare with the screening before",
           "flipped": "Newly not eligible"},
    "fr": {"full": "La nouvelle évaluation complète", "compare": "Comparer avec l’évaluation précédente",
           "flipped": "Nouvellement non admissible"},
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_consultant_reads_what_a_rule_change_did_and_opens_the_new_screening(
        page: Any, people: dict[str, Any], language: str) -> None:
    north, alice = people["north"], people["alice"]
    half = client_file(north, alice, "Half Owner", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)
    client_file(north, alice, "Funded Owner", OWNER_WITH_FUNDS, screened_on=DAY_BEFORE_C11)
    run = services.impact_run_start(firm=north, as_of=C11_CHANGE)
    words = WORDS[language]

    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("pw-alice")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/files/")
    if language == "fr":
        page.get_by_role("button", name="Français").click()
        page.wait_for_load_state()

    page.goto(page.base + f"/impact/firms/{north.pk}/?run={run.pk}")
    main = page.inner_text("main")
    assert words["flipped"] in main and main.index("Half Owner") < main.index("Funded Owner"), main
    fits_and_is_accessible(page)

    page.get_by_role("link", name="Half Owner").first.click()
    page.wait_for_url(f"**/impact/runs/{run.pk}/files/{half.pk}/")
    fits_and_is_accessible(page)
    assert FileImpact.objects.get(run=run, client_file=half).after_screening_id is None

    page.get_by_role("button", name=words["compare"]).click()
    page.wait_for_url("**/compare/**")
    fits_and_is_accessible(page)
    made = FileImpact.objects.get(run=run, client_file=half).after_screening
    assert made is not None and made.as_of == C11_CHANGE and made.request["language"] == language

    page.go_back()
    page.reload()  # the impact now links to the screening it made: no second one
    page.get_by_role("link", name=words["full"]).click()
    page.wait_for_url(f"**/screenings/{made.pk}/")
    fits_and_is_accessible(page)
    assert FileImpact.objects.get(run=run, client_file=half).after_screening_id == made.pk


def test_the_firm_page_follows_a_running_run_until_it_is_over(page: Any, people: dict[str, Any]) -> None:
    north, alice = people["north"], people["alice"]
    client_file(north, alice, "Half Owner", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)
    run = services.impact_run_start(firm=north, as_of=C11_CHANGE)
    ImpactRun.objects.filter(pk=run.pk).update(status=ImpactRun.Status.RUNNING)

    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("pw-alice")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/files/")
    page.goto(page.base + f"/impact/firms/{north.pk}/?run={run.pk}")
    assert "parts done" in page.inner_text("#run-progress")
    fits_and_is_accessible(page)

    ImpactRun.objects.filter(pk=run.pk).update(status=ImpactRun.Status.DONE)  # the workers finish
    page.get_by_text("The run is over").wait_for(timeout=10_000)  # polled, no reload
    page.get_by_role("link", name="Show them").click()
    page.get_by_role("link", name="Half Owner").wait_for()
    fits_and_is_accessible(page)
