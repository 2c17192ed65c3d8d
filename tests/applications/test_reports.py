"""The client's report and checklist, rendered for representative files in both languages: at most six
pages, every section, the consultant's licence number, no field paths or raw values, official sources
only, French pages and addresses for a French report; the consultant chooses the streams."""

from __future__ import annotations

import json
import re
import zlib
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications import services
from applications.checklist import StreamsRefused
from applications.models import AuditEvent, Firm, Job, Membership
from streams.engine import default_rulebook
from streams.engine.sources import is_official_url
from tests.applications.conftest import GERMAN_MANAGER

pytestmark = pytest.mark.django_db

MAX_PAGES = 6
LICENCE = "R712345"
# Representative files: the shared scenarios (one per family of streams) and the German manager.
PERSONAS = ("ict-senior-manager-germany", "iec-working-holiday-france", "spouse-of-software-engineer",
            "cusma-professional-us-systems-analyst", "gts-category-b-developer-below-floor")
FIELD_PATH = re.compile(r"\b(?:applicant|job_offer|principal|application|significant_benefit)\.[a-z_0-9.]+")
RAW_VALUE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d+\.0\b")  # outside_canada, senior_manager, 185000.0


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF made by WeasyPrint (its page tree sits in compressed object streams)."""
    for match in re.finditer(rb"<<(.*?)>>\s*stream\r?\n", pdf, re.S):
        if b"/ObjStm" not in match.group(1) and b"/Type /Pages" not in match.group(1):
            continue
        start = match.end()
        data = zlib.decompress(pdf[start:pdf.index(b"endstream", start)])
        found = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", data, re.S)
        if found:
            return int(found[0])
    found = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf, re.S)
    assert found, "no page tree in the PDF"
    return int(found[0])


def visible_text(html: str) -> str:
    """What a reader sees: no markup, no styles, no addresses (an address may hold anything)."""
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"https?://\S+", " ", text)


@pytest.fixture
def alice(db: Any) -> Any:
    firm = Firm.objects.create(name="North Immigration")
    user = get_user_model().objects.create_user(username="alice", password="pw-alice", first_name="Alice",
                                                last_name="Tremblay")
    Membership.objects.create(user=user, firm=firm, licence="rcic", licence_number=LICENCE)
    return user


def persona(shared_dir: Path, name: str) -> dict[str, Any]:
    request = json.loads((shared_dir / "scenarios" / f"{name}.json").read_text())["request"]
    return {k: v for k, v in request.items() if k not in ("schema_version", "as_of", "language")}


def make_report(user: Any, facts: dict[str, Any], language: str, kind: str = "report",
                streams: list[str] | None = None, name: str = "Ana Souza") -> Job:
    client_file = services.client_file_create(firm=user.membership.firm, actor=user, client_name=name,
                                              request=facts)
    screening = services.screening_run(client_file=client_file, actor=user, language=language)
    job = services.job_request(screening=screening, actor=user, kind=kind, streams=streams)
    services.job_execute(job.pk)  # what the worker does (the test's transaction never commits)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


def headings(language: str) -> list[str]:
    with translation.override(language):
        return [translation.gettext(text) for text in (
            "Summary", "Next steps", "Criteria", "Document checklist", "The facts screened", "Annex: streams ruled out",
            "Official sources", "Prepared for", "Prepared by", "Rules in force on")]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", PERSONAS)
def test_the_report_is_short_complete_and_client_ready(alice: Any, shared_dir: Path, name: str,
                                                       language: str) -> None:
    job = make_report(alice, persona(shared_dir, name), language)
    html = job.report_html
    text = visible_text(html)
    # short: at most six pages
    assert 1 <= pdf_pages(bytes(job.report_pdf)) <= MAX_PAGES
    # who, for whom, when: the firm, the consultant and her licence number, the client, the dates
    assert "North Immigration" in text and "Alice Tremblay" in text and LICENCE in text and "Ana Souza" in text
    for heading in headings(language):
        assert heading in text, heading
    assert ("not legal advice" if language == "en" else "ne constitue pas en soi un avis juridique") in text
    # the rulebook's version in the footer only, never a field path nor a raw value
    assert text.count(job.screening.rulebook_version) == 1
    assert FIELD_PATH.findall(text) == []
    assert RAW_VALUE.findall(text.replace(job.screening.rulebook_version, "")) == []
    # official sources only, each cited
    addresses = re.findall(r'href="([^"]+)"', html)
    assert addresses and all(is_official_url(unescape(url)) for url in addresses)
    secondary = {s.url[language] for s in default_rulebook().register.sources.values() if not s.official}
    assert not any(url in html for url in secondary)
    # the page says which language it is in
    assert f'<html lang="{language}">' in html


def test_a_french_report_is_in_french_with_french_addresses(alice: Any) -> None:
    job = make_report(alice, GERMAN_MANAGER, "fr")
    html = job.report_html
    text = visible_text(html)
    for french in ("Résumé", "Liste de documents", "Les faits évalués", "Annexe : volets écartés",
                   "Sources officielles", "Pourrait être admissible", "Date de naissance", "2 mars 1982",
                   "Allemagne", "Filiale", "Cadre supérieur", "Consultant réglementé en immigration canadienne"):
        assert french in text, french
    for english in ("Summary", "Date of birth", "Germany", "Senior manager", "Could be eligible", "Yes"):
        assert english not in text, english
    # every source with a French page is linked to it, never to its English page
    register = default_rulebook().register.sources.values()
    english_only = {s.url.en for s in register if s.url.en != s.url.fr}
    linked = set(re.findall(r'href="([^"]+)"', html))
    assert linked and not linked & english_only
    assert any("/fr/" in url or "/fra/" in url for url in linked)


def test_the_facts_are_questions_and_answers_in_words(alice: Any) -> None:
    facts = json.loads(json.dumps(GERMAN_MANAGER))
    facts["applicant"]["location"] = "outside_canada"
    facts["job_offer"]["wage"] = {"amount": 185000.0, "per": "year"}
    text = visible_text(make_report(alice, facts, "en").report_html)
    for shown in ("Date of birth", "2 March 1982", "Applying from", "Outside Canada", "CAN$185,000 a year",
                  "Employment", "Started on: 1 April 2018", "Ended on: still employed there", "Ontario",
                  "00012 – Senior managers", "Subsidiary", "Similar to the job offered? Yes"):
        assert shown in text, shown
    assert re.search(r"Position abroad held open\?\s+Yes", text)
    for raw in ("185000", "outside_canada", "employment_history", "2018-04-01", "senior_manager"):
        assert raw not in text, raw


def test_the_report_is_for_the_streams_chosen(alice: Any) -> None:
    job = make_report(alice, GERMAN_MANAGER, "en", streams=["francophone_mobility", "ict"])
    assert job.streams == ["ict", "francophone_mobility"]  # best first
    text = visible_text(job.report_html)
    assert "2.1 Criteria: Intra-company transferee" in text and "2.2 Criteria: Francophone mobility" in text
    assert [section["stream"] for section in job.checklist["sections"]] == ["ict", "francophone_mobility"]
    requested = AuditEvent.objects.get(action="report_requested")
    assert requested.details["streams"] == ["ict", "francophone_mobility"]


def test_by_default_the_report_is_for_the_streams_that_fit(alice: Any) -> None:
    job = make_report(alice, GERMAN_MANAGER, "en")
    assert job.streams == ["ict"] and job.checklist["streams"] == ["ict"]
    text = visible_text(job.report_html)
    assert "Criteria: Intra-company transferee" in text and "Criteria: Francophone mobility" not in text
    # the other streams that may fit are in the summary; the ones ruled out in the annex, one reason each
    assert "Francophone mobility" in text and "More information needed" in text
    annex = text[text.index("Annex: streams ruled out"):text.index("Official sources")]
    assert "CUSMA intra-company transferee" in annex and "Not a citizen of Mexico or United States" in annex


def test_with_no_stream_that_fits_the_report_is_for_the_closest(alice: Any) -> None:
    job = make_report(alice, {"applicant": {"citizenships": ["BR"]}}, "en")
    assert len(job.streams) == 1
    assert pdf_pages(bytes(job.report_pdf)) <= MAX_PAGES


def test_a_stream_ruled_out_cannot_be_chosen(alice: Any) -> None:
    client_file = services.client_file_create(firm=alice.membership.firm, actor=alice, client_name="Klaus",
                                              request=GERMAN_MANAGER)
    screening = services.screening_run(client_file=client_file, actor=alice)
    with pytest.raises(StreamsRefused):
        services.job_request(screening=screening, actor=alice, kind="report", streams=["cusma_ict"])
    assert not Job.objects.exists()
    page = Client()
    page.force_login(alice)
    url = f"/files/{client_file.pk}/screenings/{screening.pk}/jobs/"
    assert page.post(url, {"kind": "report", "streams": ["cusma_ict"]}).status_code == 400
    assert page.post(url, {"kind": "report", "streams": ["nonsense"]}).status_code == 400
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    assert api.post(f"/api/v1{url}", {"kind": "report", "streams": ["cusma_ict"]}, format="json").status_code == 400
    assert api.post(f"/api/v1{url}", {"kind": "report", "streams": "ict"}, format="json").status_code == 400
    assert not Job.objects.exists()
    chosen = api.post(f"/api/v1{url}", {"kind": "checklist", "streams": ["francophone_mobility"]}, format="json")
    assert chosen.status_code == 202 and chosen.json()["streams"] == ["francophone_mobility"]


def test_the_checklist_downloads_as_pdf_and_json(alice: Any) -> None:
    job = make_report(alice, GERMAN_MANAGER, "en", kind="checklist")
    assert not job.report_pdf and job.checklist_pdf
    page = Client()
    page.force_login(alice)
    base = f"/files/{job.client_file_id}/jobs/{job.pk}/"
    assert "Download the checklist (PDF)" in page.get(base).content.decode()
    pdf = page.get(base + "checklist.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf_pages(pdf.content) <= 3
    checklist = json.loads(page.get(base + "download.json").content)
    assert checklist["streams"] == ["ict"] and any(i["id"] == "DOC-ICT-02" for i in checklist["sections"][0]["items"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    assert api.get(f"/api/v1{base}checklist.pdf").content.startswith(b"%PDF")
    # a report job carries its checklist as a PDF too
    report = make_report(alice, GERMAN_MANAGER, "fr")
    assert page.get(f"/files/{report.client_file_id}/jobs/{report.pk}/checklist.pdf").status_code == 200


def test_a_report_without_a_licence_number_says_who_prepared_it(alice: Any) -> None:
    Membership.objects.filter(user=alice).update(licence="", licence_number="")
    alice.refresh_from_db()
    text = visible_text(make_report(alice, GERMAN_MANAGER, "en").report_html)
    assert "Alice Tremblay" in text and LICENCE not in text
    page = Client()
    page.force_login(alice)
    assert "Your licence number is not on your profile" in page.get("/files/").content.decode()


FRENCH_TRAVELLER = {"applicant": {"citizenships": ["FR"], "country_of_residence": "FR", "date_of_birth": "1991-03-10",
                                  "location": "outside_canada", "passport_expiry": "2033-01-01", "funds_cad": 4000,
                                  "will_hold_health_insurance": True, "accompanying_dependants": False,
                                  "iec_participations": [], "applying_through_recognized_organization": False}}


@pytest.mark.parametrize(("language", "window"), [("en", "until 9 March 2027"), ("fr", "jusqu'au 9 mars 2027")])
def test_the_summary_gives_the_window_in_words(alice: Any, language: str, window: str) -> None:
    client_file = services.client_file_create(firm=alice.membership.firm, actor=alice, client_name="Camille",
                                              request=FRENCH_TRAVELLER)
    screening = services.screening_run(client_file=client_file, actor=alice, language=language,
                                       as_of=date(2026, 12, 1))
    job = services.job_request(screening=screening, actor=alice, kind="report")
    services.job_execute(job.pk)
    job.refresh_from_db()
    text = visible_text(job.report_html)
    summary = text[:text.index("2.1")]
    assert window in summary and "2027-03-09" not in text
    assert job.streams == ["iec_working_holiday"]
