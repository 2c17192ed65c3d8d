"""Checklists and reports speak the screening's language: French for a French screening, English
otherwise, whatever language the worker that makes them runs in."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from applications import services
from applications.checklist import checklist_build
from applications.models import Job


def items_by_id(built: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for section in built["sections"] for item in section["items"]}


def report(firms: dict[str, Any], language: str, on_commit: Any) -> Job:
    screening = services.screening_run(client_file=firms["file"], actor=firms["alice"], language=language)
    with on_commit(execute=True):  # the job is queued on commit and runs in-process in tests
        job = services.job_request(screening=screening, actor=firms["alice"], kind="report")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


def test_a_french_screening_gives_a_french_checklist(firms: dict[str, Any]) -> None:
    screening = services.screening_run(client_file=firms["file"], actor=firms["alice"], language="fr")
    items = items_by_id(checklist_build(screening.request, screening.result))
    fee = items["DOC-EMP-09"]
    assert fee["title"] == "Frais relatifs à la conformité de l'employeur (230 $ CA) payés dans le Portail des employeurs"
    assert items["DOC-GEN-13-DE"]["title"] == "Certificat de police : Allemagne"
    assert items["DOC-GEN-13-DE"]["explanation"].startswith("Vous avez vécu dans ce pays (Allemagne)")
    assert items["DOC-ICT-07"]["proves"] == "Critère de la multinationale (depuis le 3 octobre 2024)"
    assert (fee["who"], fee["criterion"], fee["sources"][0]["url"][:8]) == ("employer", None, "https://")  # codes kept


def test_an_english_screening_keeps_an_english_checklist(firms: dict[str, Any]) -> None:
    screening = firms["screening"]
    items = items_by_id(checklist_build(screening.request, screening.result))
    assert items["DOC-EMP-09"]["title"] == "Employer compliance fee (CAN$230) paid in the Employer Portal"
    assert items["DOC-GEN-13-DE"]["title"] == "Police certificate: Germany"


def test_why_a_document_may_be_needed_follows_the_language(firms: dict[str, Any]) -> None:
    from streams.engine import parse_request, screen_data

    request = {**firms["screening"].request, "applicant": {"citizenships": ["DE"]}}
    for language, start in (("fr", "Nous ne pouvons pas encore dresser la liste des certificats de police"),
                            ("en", "We cannot list the police certificates yet")):
        asked = {**request, "language": language}
        police = items_by_id(checklist_build(asked, screen_data(parse_request(asked))))["DOC-GEN-13"]
        assert police["status"] == "unknown" and police["explanation"].startswith(start)
        assert police["missing"] == ["applicant.residence_history"]


def test_a_french_screening_gives_a_french_report(firms: dict[str, Any],
                                                 django_capture_on_commit_callbacks: Any) -> None:
    job = report(firms, "fr", django_capture_on_commit_callbacks)
    html = job.report_html
    assert '<html lang="fr">' in html and "Rapport d'évaluation – permis de travail : Klaus Weber" in html
    for heading in ("4. Les faits évalués", "1. Résumé", "3. Liste de documents", ">Fourni par<"):
        assert heading in html
    assert "Pourrait être admissible" in html and "Certificat de police : Allemagne" in html
    assert "Pourrait être exigé" in html
    assert "facts screened" not in html and "Document checklist" not in html
    assert bytes(job.report_pdf).startswith(b"%PDF")


def test_an_english_screening_gives_an_english_report(firms: dict[str, Any],
                                                      django_capture_on_commit_callbacks: Any) -> None:
    html = report(firms, "en", django_capture_on_commit_callbacks).report_html
    assert '<html lang="en">' in html and "Work permit screening report: Klaus Weber" in html
    assert "4. The facts screened<" in html and "3. Document checklist<" in html and "faits évalués" not in html


def test_a_consultant_screens_in_the_language_of_the_page(firms: dict[str, Any]) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(firms["alice"])
    client.post(f"/files/{firms['file'].pk}/screen/")
    assert firms["file"].screenings.filter(request__language="fr").exists()


def test_the_api_screens_in_the_language_asked(firms: dict[str, Any]) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=firms['alice']).key}")
    url = f"/api/v1/files/{firms['file'].pk}/screenings/"
    french = api.post(url, {"language": "fr"}, format="json")
    assert french.status_code == 201 and french.json()["request"]["language"] == "fr"
    assert api.post(url, {"language": "de"}, format="json").status_code == 400
    assert api.post(url).json()["request"]["language"] == "en"


def test_a_files_history_reads_in_the_pages_language(firms: dict[str, Any]) -> None:
    # Given a file created, screened, its facts and status changed, and a report made
    client_file = firms["file"]
    request = {**client_file.request, "applicant": {**client_file.request["applicant"], "date_of_birth": "1980-01-01"}}
    services.client_file_update(client_file=client_file, actor=firms["alice"], version=None, request=request,
                                status="screening")
    client = Client()
    client.force_login(firms["alice"])
    pages = {language: client.get(f"/files/{client_file.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
             for language in ("en", "fr")}
    history = {language: page.split('<ul class="audit">')[1].split("</ul>")[0] for language, page in pages.items()}
    # Then each line is in words of the page's language: the facts by their labels, statuses by theirs
    assert "File created" in history["en"] and "Dossier créé" in history["fr"]
    assert "Status changed: Intake → Screening" in history["en"]
    assert "Statut modifié\u00a0: Accueil → Évaluation" in history["fr"]
    assert "Facts changed: Date of birth" in history["en"]
    assert "Faits modifiés\u00a0: Date de naissance" in history["fr"]
    assert "Screened (rules in force on " in history["en"] and "Évalué (règles en vigueur le " in history["fr"]
    assert "Summary report: requested" in history["en"]
    # and no code or field path shows
    for words in history.values():
        assert not re.search(r"· (status_changed|facts_changed|created|screened|report_requested)\b", words), words
        assert "applicant." not in words and "_" not in words.replace("_blank", ""), words
