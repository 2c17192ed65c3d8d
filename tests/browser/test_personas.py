"""The people of issue 11 in a real browser, in English and French, on a desktop and a phone: a
27-year-old French working-holiday applicant, a US systems analyst with a Toronto offer, a German
manager moving to a Canadian subsidiary, the spouse of a master's student, and two employers. Each
checks the summary, the next steps, the checklist PDF, the order of the questions, Previous, back and
refresh; axe finds no violation on any page visited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from streams.models import SavedAnswers
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
COMBOS = [("en", "desktop"), ("en", "phone"), ("fr", "desktop"), ("fr", "phone")]

WORDS = {
    "en": {
        "left": "questions left", "whv": "International Experience Canada: Working Holiday", "until": "14 June 2035",
        "profile": "Create an International Experience Canada profile", "passport": "Passport",
        "checklist": "Your document checklist for this stream", "cusma": "CUSMA professional",
        "port": "you may instead apply when you enter Canada, at a port of entry",
        "unknown_citizenships": ("know the person's citizenships", "know your citizenships"),
        "ict": "Intra-company transferee", "spousal": "Spousal open work permit",
        "open_fee": "open work permit holder fee", "portal": "Employer Portal", "next": "What to do next",
        "lmia": "The LMIA route", "open_hire": "you can hire them with no filing at all",
        "no_exemption": "No exemption from the LMIA fits this role on these answers.",
        "role": "The role", "expired": "This link has expired", "again": "Start again",
    },
    "fr": {
        "left": "questions restantes", "whv": "Expérience internationale Canada : Vacances-travail",
        "until": "14 juin 2035", "profile": "Créez un profil Expérience internationale Canada", "passport": "Passeport",
        "checklist": "Votre liste de documents pour ce volet", "cusma": "Professionnel de l'ACEUM",
        "port": "vous pouvez plutôt présenter la demande à votre entrée au Canada, à un point d'entrée",
        "unknown_citizenships": ("connaissons pas les citoyennetés", "connaissons pas vos citoyennetés"),
        "ict": "Personne mutée à l'intérieur d'une société", "spousal": "Permis de travail ouvert pour l'époux",
        "open_fee": "privilège de permis de travail ouvert", "portal": "Portail des employeurs",
        "next": "Prochaines étapes", "lmia": "La voie de l’EIMT", "open_hire": "vous pouvez l’embaucher sans aucune démarche",
        "no_exemption": "Aucune dispense d’EIMT ne convient à ce poste selon ces réponses.",
        "role": "Le poste", "expired": "Ce lien a expiré", "again": "Recommencer",
    },
}


@pytest.fixture(params=COMBOS, ids=[f"{language}-{device}" for language, device in COMBOS])
def person(request: Any, browser: Any, live_server: Any) -> Iterator[Any]:
    language, device = request.param
    context = browser.new_context(viewport=VIEWPORTS[device], locale="fr-CA" if language == "fr" else "en-CA")
    page = context.new_page()
    page.base = live_server.url
    page.words = WORDS[language]
    page.language = language
    yield page
    context.close()


def accessible(page: Any) -> None:
    assert axe_violations(page) == [], page.url
    # nothing wider than the screen (a phone never scrolls sideways)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def main_text(page: Any) -> str:
    return page.locator("main").inner_text().replace("\u00a0", " ").replace("\u202f", " ")


def set_answer(page: Any, name: str, value: str) -> bool:
    """Answers one input by its name, whatever its kind; False when the page does not ask it."""
    inputs = page.locator(f"[name='{name}']")
    if inputs.count() == 0:
        return False
    kind = inputs.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
    if kind in ("radio", "checkbox"):
        page.locator(f"[name='{name}'][value='{value}']").check()
    elif kind == "select":
        inputs.first.select_option(value)
    else:
        inputs.first.fill(value)
    return True


def question_ids(page: Any) -> list[str]:
    return [i.removeprefix("q-") for i in page.locator("fieldset.question").evaluate_all("l => l.map(e => e.id)")]


def start(page: Any, *, situation: str, country: str, born: str) -> None:
    page.goto(page.base + "/apply/?new=1")
    accessible(page)
    page.locator(f"input[name='situation'][value='{situation}']").check()
    set_answer(page, "citizenships__value", country)
    set_answer(page, "date_of_birth__value", born)
    set_answer(page, "residence__value", country)
    page.locator("button.primary").click()
    accessible(page)


def answer_pages(page: Any, answers: dict[str, str], *, pages: int = 6) -> list[list[str]]:
    """Answers every question asked that ``answers`` knows, page after page, until the results."""
    seen: list[list[str]] = []
    for _ in range(pages):
        if "/results/" in page.url:
            break
        seen.append(question_ids(page))
        for name, value in answers.items():
            set_answer(page, name, value)
        page.locator("button.primary").click()
        accessible(page)
    if "/results/" not in page.url:
        page.locator("button[name='finish']").click()
    accessible(page)
    return seen


def checklist_pdf(page: Any, stream: str) -> None:
    section = page.locator(f"#s-{stream}").locator("xpath=..")
    section.get_by_role("link", name=page.words["checklist"]).click()
    accessible(page)
    assert page.words["passport"] in main_text(page)
    pdf = page.request.get(page.url.rstrip("/") + ".pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    page.go_back()


def test_a_french_working_holiday_applicant(person: Any) -> None:
    page, words = person, person.words
    start(page, situation="youth", country="FR", born="1999-06-15")
    ids = question_ids(page)
    assert "signed" in ids and ("noc" not in ids or ids.index("signed") < ids.index("noc"))  # the offer before its code
    assert words["left"] in main_text(page)
    # Previous, the browser's back button and a refresh keep one private link and its answers
    page.locator("a[rel='prev']").click()
    accessible(page)
    assert page.locator("#id_date_of_birth__value").input_value() == "1999-06-15"
    page.go_back()
    page.reload()
    assert question_ids(page) == ids and SavedAnswers.objects.count() == 1
    answer_pages(page, {"iec_history__any": "no", "funds__value": "4000", "insurance__value": "yes",
                        "dependants__value": "no", "signed__value": "no"})
    summary = page.locator(".summary-box").inner_text().replace("\u00a0", " ")
    first = page.locator("ol.summary li").first.inner_text().replace("\u00a0", " ")
    assert words["whv"] in first and "C21" in first and words["until"] in first, summary
    section = page.locator("#s-iec_working_holiday").locator("xpath=..").inner_text()
    assert words["profile"] in section and words["portal"] not in section
    checklist_pdf(page, "iec_working_holiday")
    page.reload()
    assert SavedAnswers.objects.count() == 1


def test_a_us_systems_analyst_with_a_toronto_offer(person: Any) -> None:
    page, words = person, person.words
    start(page, situation="job_offer", country="US", born="1988-02-01")
    seen = answer_pages(page, {
        "signed__value": "yes", "noc__value": "21211", "province__value": "ON", "work_type__value": "other",
        "indicators__value": "none", "cusma_profession__value": "computer_systems_analyst", "wage__amount": "110000",
        "wage__per": "year", "remote_for_quebec__value": "no", "self_employed__value": "no",
        "education__any": "yes", "education__level": "bachelor", "education__completed": "yes",
        "education__related_to_offer": "yes"})
    asked = [question for one_page in seen for question in one_page]
    assert asked.index("cusma_profession") < asked.index("french")  # CUSMA before French levels
    text = main_text(page)
    assert words["cusma"] in page.locator(".summary-box").inner_text()
    assert words["port"] in text
    assert not any(phrase in text for phrase in words["unknown_citizenships"])
    checklist_pdf(page, "cusma_professional")
    page.goto(page.url.split("?")[0] + "?print=1")
    accessible(page)
    assert words["next"] in main_text(page)


def test_a_german_manager_moving_to_a_canadian_subsidiary(person: Any) -> None:
    page, words = person, person.words
    start(page, situation="transfer", country="DE", born="1980-02-01")
    answer_pages(page, {
        "relationship__value": "subsidiary", "position_category__value": "senior_manager",
        "doing_business__value": "yes", "multinational__value": "yes", "new_office__value": "no",
        "premises__value": "yes", "position_held_open__value": "yes", "noc__value": "00012",
        "employment__any": "yes", "employment__employer_name": "Mutter GmbH", "employment__country": "DE",
        "employment__start_date": "2015-01-01", "employment__hours_per_week": "40",
        "employment__position_category": "senior_manager", "employment__related_to_offer_employer": "yes",
        "employment__similar_to_offer": "yes", "location__value": "outside_canada"})
    assert words["ict"] in page.locator(".summary-box").inner_text()
    section = page.locator("#s-ict").locator("xpath=..").inner_text()
    assert words["portal"] in section  # an employer-specific permit: the employer's part is there
    checklist_pdf(page, "ict")


def test_the_spouse_of_a_masters_student(person: Any) -> None:
    page, words = person, person.words
    start(page, situation="family", country="IN", born="1995-02-01")
    answer_pages(page, {
        "principal_relationship__value": "spouse", "principal_status__value": "student",
        "principal_authorization__value": "study_permit", "principal_resides__value": "yes",
        "principal_study__level": "master", "principal_study__length_months": "24", "principal_study__full_time": "yes",
        "principal_study__pgwp_eligible_institution": "yes", "studying_in_canada__value": "no",
        "principal_valid_until__value": "2028-08-31"})
    assert words["spousal"] in page.locator(".summary-box").inner_text()
    section = page.locator("#s-spousal_open_work_permit").locator("xpath=..").inner_text()
    assert words["open_fee"] in section and words["portal"] not in section
    checklist_pdf(page, "spousal_open_work_permit")


def _employer(page: Any, answers: dict[str, str]) -> None:
    page.goto(page.base + "/employer/?new=1")
    accessible(page)
    for name, value in answers.items():
        set_answer(page, name, value)
    page.locator("button.primary").click()
    accessible(page)


def test_an_employer_hiring_a_software_developer(person: Any) -> None:
    page, words = person, person.words
    _employer(page, {"noc__value": "21231", "province__value": "ON", "wage__amount": "120000", "wage__per": "year",
                     "hours__value": "40", "cusma_profession__value": "computer_systems_analyst"})
    summary = page.locator(".summary-box").inner_text().replace("\u00a0", " ")
    assert words["lmia"] in summary and words["open_hire"] in summary
    assert page.locator(".summary-box ul.summary li").count() >= 2  # routes, each in one line
    page.goto(page.url + "?print=1")
    accessible(page)
    printed = main_text(page)
    assert words["role"] in printed and "21231" in printed and words["lmia"] in printed


def test_an_employer_hiring_a_dishwasher(person: Any) -> None:
    page, words = person, person.words
    _employer(page, {"noc__value": "65201", "province__value": "ON", "wage__amount": "17.50", "wage__per": "hour",
                     "hours__value": "40", "cusma_profession__value": "none"})
    summary = page.locator(".summary-box").inner_text().replace("\u00a0", " ")
    assert words["lmia"] in summary and words["open_hire"] in summary


def test_an_expired_link(person: Any) -> None:
    page, words = person, person.words
    start(page, situation="youth", country="FR", born="1999-06-15")
    SavedAnswers.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page.reload()
    accessible(page)
    assert words["expired"] in main_text(page)
    page.get_by_role("link", name=words["again"], exact=True).click()
    accessible(page)
    assert "/apply/" in page.url and page.locator("#id_date_of_birth__value").input_value() == ""
