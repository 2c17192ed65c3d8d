"""The public pages as people use them: the summary first, next steps, windows and changes, the
applicant's own checklist, Previous, back and refresh, an expired link, an employer's role summary
(Django test client; the browser tests walk the same journeys in chromium)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from streams.models import SavedAnswers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_the_first_of_december() -> object:
    """Windows and ages are counted from the day screened: these journeys happen on 1 December 2026."""
    with time_machine.travel("2026-12-01 12:00 -05:00", tick=True):
        yield

FIRST = ["citizenships", "date_of_birth", "residence"]


def token_of(url: str) -> str:
    return re.search(r"/(?:apply|employer)/([^/]+)/", url).group(1)  # type: ignore[union-attr]


def start(client: Client, *, country: str = "FR", born: str = "1999-06-15", situation: str | None = "youth") -> str:
    data: dict[str, object] = {"question": FIRST, "citizenships__value": country, "date_of_birth__value": born,
                               "residence__value": country}
    if situation:
        data["situation"] = situation
    response = client.post("/apply/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return token_of(response["Location"])


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- results: the summary first ------------------------------------------------------------------

def test_results_open_with_what_fits_best_first_and_fold_the_rest() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client)
    client.post(f"/apply/{token}/", {"question": ["iec_history", "funds", "insurance", "dependants", "signed"],
                                    "iec_history__any": "no", "funds__value": "4000", "insurance__value": "yes",
                                    "dependants__value": "no", "signed__value": "no"})
    page = text(client.get(f"/apply/{token}/results/"))
    summary = page.split('id="in-short"')[1].split("</section>")[0]
    # eligible first, with its permit, code, duration and the last day to apply
    assert "International Experience Canada: Working Holiday</a>: <strong>could be eligible</strong>. Open work " \
           "permit, up to 24 months (code C21). Apply by 14 June 2035." in summary
    # the two others are ruled out, folded to one line each with the one reason
    assert "2 streams ruled out" in summary and "<details" in summary
    section = page.split('id="s-iec_working_holiday"')[1]
    assert "You can apply until 14 June 2035." in section
    assert "Create an International Experience Canada profile" in section  # next steps
    assert "criteria met</summary>" in section  # met criteria folded away
    assert "IMP · R204(d) · exemption code C21" in section  # codes in a details line
    stored = SavedAnswers.objects.get()
    assert stored.request["applicant"]["iec_participations"] == []


def test_plain_words_no_rulebook_hash_no_principal() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client, country="IN", born="1995-02-01", situation="family")
    client.post(f"/apply/{token}/", {"question": ["principal_relationship", "principal_status"],
                                    "principal_relationship__value": "spouse", "principal_status__value": "student"})
    page = text(client.get(f"/apply/{token}/results/"))
    stored = SavedAnswers.objects.get()
    from streams.engine import screen_json

    version = screen_json({"schema_version": "1", **stored.request})["rulebook_version"]
    assert version not in page and "rulebook" not in page.lower()
    assert "principal" not in page.lower()


def test_a_us_citizen_is_never_told_her_citizenships_are_unknown() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client, country="US", born="1988-02-01", situation=None)
    for url in (f"/apply/{token}/results/", f"/apply/{token}/results/?print=1", f"/apply/{token}/checklist/cusma_professional/"):
        page = text(client.get(url))
        assert "know the person's citizenships" not in page and "know your citizenships" not in page
        assert "citizenships or" not in page


def test_a_ruled_out_stream_says_what_would_change_it() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client, country="IN", born="1990-02-01", situation="job_offer")
    client.post(f"/apply/{token}/", {"question": ["noc", "province", "wage", "hours", "prevailing_wage"],
                                    "noc__value": "21231", "province__value": "ON", "wage__amount": "30",
                                    "wage__per": "hour", "hours__value": "40", "prevailing_wage__value": "35"})
    page = text(client.get(f"/apply/{token}/results/"))
    ruled_out = page.split('class="ruled-out"')[1].split("</details>")[0]
    assert "Global Talent Stream" in ruled_out and "It would fit with:" in ruled_out and "CAN$" in ruled_out


# --- the applicant's own checklist ----------------------------------------------------------------------

def test_the_checklist_is_hers_in_her_language_on_the_page_and_as_a_pdf() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    token = start(client)
    page = text(client.get(f"/apply/{token}/checklist/iec_working_holiday/"))
    assert "Votre liste de documents" in page and "Passeport" in page
    assert "Portail des employeurs" not in page  # an open permit: no employer duties
    pdf = client.get(f"/apply/{token}/checklist/iec_working_holiday.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_employer_duties_only_under_employer_specific_permits() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client)
    young_professional = text(client.get(f"/apply/{token}/checklist/iec_young_professionals/"))
    assert "Employer Portal" in young_professional and "Your employer" in young_professional
    working_holiday = text(client.get(f"/apply/{token}/checklist/iec_working_holiday/"))
    assert "Employer Portal" not in working_holiday


def test_no_checklist_for_a_stream_she_does_not_fit() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client, country="DE", born="1980-02-01", situation="transfer")
    response = client.get(f"/apply/{token}/checklist/cusma_ict/")  # German: CUSMA is ruled out
    assert response.status_code == 404 and "Page not found" in text(response)
    assert client.get(f"/apply/{token}/checklist/cusma_ict.pdf").status_code == 404


# --- Previous, back and refresh ------------------------------------------------------------------------

def test_previous_goes_back_through_the_pages_and_a_page_sent_again_replaces_itself() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client)
    first_step = text(client.get(f"/apply/{token}/"))
    assert f'href="/apply/{token}/page/0/" rel="prev">Previous' in first_step
    answers = {"question": ["funds"], "funds__value": "4000"}
    assert client.post(f"/apply/{token}/", answers).status_code == 302
    assert client.post(f"/apply/{token}/page/1/", answers).status_code == 302  # sent again: no new page
    stored = SavedAnswers.objects.get()
    assert len(stored.pages) == 2 and stored.pages[1] == ["funds"]
    second_step = text(client.get(f"/apply/{token}/"))
    assert f'href="/apply/{token}/page/1/" rel="prev">Previous' in second_step
    back = text(client.get(f"/apply/{token}/page/1/"))
    assert 'value="4000"' in back and f'href="/apply/{token}/page/0/"' in back
    # the first page, again, with the situation and answers given
    first = text(client.get(f"/apply/{token}/page/0/"))
    assert 'value="1999-06-15"' in first and 'value="youth" checked' in first


def test_back_to_the_first_page_continues_the_same_answers() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client)
    again = text(client.get("/apply/"))
    assert "You are continuing the answers you already gave" in again and 'value="1999-06-15"' in again
    # the first page sent again (the browser's back button, then Continue): the same private link
    response = client.post("/apply/", {"question": FIRST, "citizenships__value": "FR",
                                       "date_of_birth__value": "1999-06-16", "residence__value": "FR",
                                       "situation": "youth"})
    assert response.status_code == 302 and token_of(response["Location"]) == token
    assert SavedAnswers.objects.count() == 1
    assert SavedAnswers.objects.get().request["applicant"]["date_of_birth"] == "1999-06-16"
    # "Start again" forgets them in this browser; they stay at their link
    client.post("/start-again/applicant/")
    assert "You are continuing" not in text(client.get("/apply/"))
    start(client)
    assert SavedAnswers.objects.count() == 2


def test_a_refresh_of_a_step_changes_nothing() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client)
    def page() -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text(client.get(f"/apply/{token}/")))

    assert page() == page() and SavedAnswers.objects.count() == 1


def test_each_step_says_how_many_questions_are_left() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client)
    page = text(client.get(f"/apply/{token}/"))
    assert re.search(r"Page 2 · \d+ questions left", page)


# --- an expired or unknown link ------------------------------------------------------------------------

def test_an_expired_link_shows_a_page_in_the_sites_frame_and_language_with_a_way_to_start_again() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    token = start(client)
    SavedAnswers.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/apply/{token}/results/")
    page = text(response)
    assert response.status_code == 404
    assert "Ce lien a expiré" in page and 'href="/apply/?new=1"' in page and "Recommencer" in page
    assert 'lang="fr"' in page and 'class="brand"' in page
    assert SavedAnswers.objects.count() == 0


def test_an_unknown_link_says_so() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/apply/not-a-link/")
    assert response.status_code == 404 and "This link does not work" in text(response)
    employer = Client(HTTP_ACCEPT_LANGUAGE="en").get("/employer/not-a-link/")
    assert employer.status_code == 404 and 'href="/employer/?new=1"' in text(employer)


# --- French --------------------------------------------------------------------------------------------

def test_french_pages_put_non_breaking_spaces_before_colons_and_question_marks() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    token = start(client)
    for url in (f"/apply/{token}/", f"/apply/{token}/results/", f"/apply/{token}/checklist/iec_working_holiday/"):
        page = text(client.get(url))
        body = re.sub(r"<[^>]*>", "", page)
        assert not re.search(r"\w [:?!;](\s|$)", body), re.search(r".{40}\w [:?!;](\s|$).{0,20}", body)
        # nor a mark written without its space in the catalogue ("au Canada?")
        assert not re.search(r"\w[:?!](\s|$)", body), re.search(r".{40}\w[:?!](\s|$).{0,20}", body)
        assert "\u00a0:" in body


# --- employers ------------------------------------------------------------------------------------------

def test_an_employer_reads_the_routes_and_what_to_do_first() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/employer/", {
        "question": ["noc", "province", "wage", "hours", "cusma_profession"], "noc__value": "21211",
        "province__value": "ON", "wage__amount": "110000", "wage__per": "year", "hours__value": "40",
        "cusma_profession__value": "computer_systems_analyst"})
    token = token_of(response["Location"])
    page = text(client.get(response["Location"]))
    summary = page.split('id="in-short"')[1].split("</section>")[0]
    assert "CUSMA professional" in summary and "Global Talent Stream" in summary
    assert "The LMIA route" in summary and "CAN$1,000 per position" in summary
    assert "you can hire them with no filing at all" in summary
    assert "compliance fee of CAN$230" in page and "For 6 years from the first day of employment" in page
    printed = client.get(f"/employer/{token}/?print=1")
    body = text(printed)
    assert "The role" in body and "NOC 2021 code (5 digits)" in body and "21211" in body  # the role's own facts
    assert "Routes for this role" in body and len(printed.content) < 60 * 1024


def test_an_employer_coming_back_changes_the_same_role() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/employer/", {"question": ["noc"], "noc__value": "21231"})
    token = token_of(response["Location"])
    again = client.post("/employer/", {"question": ["noc"], "noc__value": "21211"})
    assert token_of(again["Location"]) == token and SavedAnswers.objects.count() == 1


def test_a_stream_that_opens_later_says_from_when() -> None:
    # A manager employed abroad since 1 March 2026: the transfer opens once the year is complete.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start(client, country="DE", born="1980-02-01", situation="transfer")
    SavedAnswers.objects.filter().update(request={
        "applicant": {"citizenships": ["DE"], "date_of_birth": "1980-02-01", "employment_history": [
            {"employer_name": "Mutter GmbH", "country": "DE", "start_date": "2026-03-01", "hours_per_week": 40,
             "position_category": "senior_manager", "related_to_offer_employer": True, "similar_to_offer": True}]},
        "job_offer": {"noc_code": "00012", "province": "ON", "intra_company": {
            "relationship": "subsidiary", "foreign_employer_multinational": True, "canadian_entity_doing_business": True,
            "new_office": False, "physical_premises_secured": True, "position_category": "senior_manager",
            "foreign_position_held_open": True}},
        "streams": ["ict", "cusma_ict"]})
    page = text(client.get(f"/apply/{token}/results/"))
    ruled_out = page.split('class="ruled-out"')[1].split("</details>")[0]
    assert "From 1 March 2027, “12 months of continuous full-time employment with the related foreign employer” is " \
           "met" in ruled_out.replace("&#x27;", "'")
