"""An applicant and an employer, in English and French, in a real browser; axe on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from streams.engine import screen_json
from streams.models import SavedAnswers
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def applicant_answers_first_questions(page: Any, *, situation_label: str, country: str) -> None:
    page.get_by_label(situation_label).check()
    page.locator("#id_citizenships__value").fill(country)
    page.locator("#id_date_of_birth__value").fill("1998-05-20")
    page.locator("#id_residence__value").fill(country)


def test_an_applicant_goes_through_the_questionnaire_and_reads_the_engines_result(page: Any) -> None:
    page.goto(page.base + "/")
    accessible(page)
    page.get_by_role("link", name=re.compile("I want to work in Canada")).click()
    accessible(page)
    applicant_answers_first_questions(page, situation_label="I am 18 to 35 and want a working holiday, "
                                      "young professional job or internship", country="FR")
    page.get_by_role("button", name="Continue").click()
    assert "/apply/" in page.url
    accessible(page)
    page.locator("#q-iec_history").get_by_label("No", exact=True).first.check()
    page.get_by_label("Canadian dollars available when you arrive").fill("4000")
    page.locator("#q-insurance").get_by_label("Yes", exact=True).check()
    page.locator("#q-dependants").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="See my results now").click()
    assert page.url.endswith("/results/")
    accessible(page)
    stored = SavedAnswers.objects.get()
    expected = screen_json({"schema_version": "1", **stored.request})
    summary = page.locator(".summary-box").inner_text()
    for stream in expected["streams"]:
        if stream["outcome"] in ("eligible", "needs_information"):
            section = page.locator(f"#s-{stream['stream']}").locator("xpath=..")
            badge = {"eligible": "Could be eligible", "needs_information": "Could fit: more answers needed"}
            assert badge[stream["outcome"]] in section.inner_text()
            met = sum(c["status"] == "met" for c in stream["criteria"])
            assert f"{met} criteria met" in section.inner_text()
        else:
            assert stream["title"] in summary
    assert "exemption code C21" in page.locator("#s-iec_working_holiday").locator("xpath=..").inner_text()

    # the private link restores the answers in a fresh browser session
    link = page.locator(".link-box a").get_attribute("href")
    other = page.context.browser.new_context()
    restored = other.new_page()
    restored.goto(link + "page/0/")
    assert restored.locator("#id_date_of_birth__value").input_value() == "1998-05-20"
    other.close()


def test_an_employer_checks_a_role(page: Any) -> None:
    page.goto(page.base + "/employer/")
    accessible(page)
    page.get_by_label("NOC 2021 code (5 digits)").fill("21231")
    page.get_by_label("Province or territory").select_option("ON")
    page.get_by_label("Guaranteed wage (CAN$)").fill("120000")
    page.locator("#q-wage").get_by_label("year").check()
    page.get_by_label("Hours per week").fill("40")
    page.get_by_role("button", name="Check this role").click()
    accessible(page)
    text = page.locator("main").inner_text()
    assert "Routes for this role" in text
    assert "the employer submits the offer of employment in IRCC's Employer Portal" in text
    assert "labour market impact assessment (LMIA) under the Global Talent Stream" in text


def test_the_applicant_flow_in_french(page: Any) -> None:
    page.goto(page.base + "/")
    page.get_by_role("button", name="Français").click()
    assert page.locator("h1").inner_text() == "Quel permis de travail canadien pourrait convenir\u202f?"
    page.get_by_role("link", name=re.compile("Je veux travailler au Canada")).click()
    accessible(page)
    applicant_answers_first_questions(page, situation_label="Mon employeur à l'étranger me muterait à son "
                                      "bureau au Canada", country="DE")
    page.get_by_role("button", name="Continuer").click()
    accessible(page)
    assert "Pourquoi nous le demandons" in page.locator("main").inner_text()
    page.get_by_role("button", name="Voir mes résultats maintenant").click()
    accessible(page)
    assert "Personne mutée à l'intérieur d'une société" in page.locator("main").inner_text()


def test_the_employer_flow_in_french(page: Any) -> None:
    page.goto(page.base + "/employer/")
    page.get_by_role("button", name="Français").click()
    page.get_by_label("Code de la CNP 2021 (5 chiffres)").fill("65200")
    page.get_by_role("button", name="Vérifier ce poste").click()
    accessible(page)
    text = page.locator("main").inner_text()
    assert "voies impossibles pour ce poste" in text
    assert "La voie de l’EIMT" in text


def test_errors_are_summarized_and_linked_to_their_fields(page: Any) -> None:
    page.goto(page.base + "/apply/")
    page.locator("#id_date_of_birth__value").fill("2030-01-01")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"  # focus moves to it
    accessible(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_date_of_birth__value"


def test_axe_does_report_violations(page: Any) -> None:
    # The accessibility check can fail: an unlabelled input and an image without text are caught.
    page.set_content('<html lang="en"><body><main><input type="text"><img src="x.png"></main></body></html>')
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= found


def test_an_applicant_deletes_her_answers_from_the_results(page: Any) -> None:
    page.goto(page.base + "/apply/")
    applicant_answers_first_questions(page, situation_label="I am 18 to 35 and want a working holiday, "
                                      "young professional job or internship", country="FR")
    page.get_by_role("button", name="Continue").click()
    page.goto(page.url.rstrip("/") + "/results/")
    results = page.url
    assert page.get_by_role("link", name="Download your answers and results (PDF)").count() == 1
    page.get_by_role("link", name="Delete your answers now").click()
    accessible(page)
    assert SavedAnswers.objects.count() == 1
    page.get_by_role("button", name="Delete my answers").click()
    assert page.get_by_role("heading", name="Your answers were deleted").count() == 1
    accessible(page)
    assert SavedAnswers.objects.count() == 0
    assert page.goto(results).status == 404
