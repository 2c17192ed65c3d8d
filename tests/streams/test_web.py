"""The public pages as applicants and employers use them (Django test client)."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import timezone

from intake.questions import QUESTIONS, next_questions
from streams.engine import screen_json
from streams.models import SavedAnswers
from tests.conftest import REPO

pytestmark = pytest.mark.django_db


def token_of(url: str) -> str:
    return re.search(r"/(?:apply|employer)/([^/]+)/", url).group(1)  # type: ignore[union-attr]


def start_french_working_holiday(client: Client) -> str:
    response = client.post("/apply/", {
        "situation": "youth", "question": ["citizenships", "date_of_birth", "residence"],
        "citizenships__value": "FR", "date_of_birth__value": "1998-05-20", "residence__value": "FR",
    })
    assert response.status_code == 302
    return token_of(response["Location"])


def test_landing_offers_three_ways_in() -> None:
    page = Client().get("/").content.decode()
    for link in ('href="/apply/"', 'href="/employer/"', 'href="/accounts/login/"'):
        assert link in page


def test_the_questionnaire_asks_only_what_open_streams_need() -> None:
    client = Client()
    token = start_french_working_holiday(client)
    step = client.get(f"/apply/{token}/").content.decode()
    # youth situations only: IEC questions, none about intra-company transfers or spouses
    assert "Money on arrival" in step and "Why we ask" in step
    assert "The two employers" not in step and "Your family member in Canada" not in step
    response = client.post(f"/apply/{token}/", {
        "question": ["iec_history", "funds", "insurance", "dependants"],
        "iec_history__any": "no", "funds__value": "4000", "insurance__value": "yes", "dependants__value": "no",
        "finish": "1",
    })
    assert response.status_code == 302 and response["Location"].endswith("/results/")
    results = client.get(response["Location"]).content.decode()
    stored = SavedAnswers.objects.get()
    expected = screen_json({"schema_version": "1", **stored.request})
    working_holiday = next(s for s in expected["streams"] if s["stream"] == "iec_working_holiday")
    assert working_holiday["outcome"] == "eligible"
    assert "could be eligible" in results and "code C21" in results and "up to 24 months" in results
    assert "not legal advice" in results


def test_a_stream_ruled_out_stops_its_questions() -> None:
    # A Japanese 36-year-old: Working Holiday is ruled out by age (past Japan's 30 and the recognized
    # organizations' 35), so its other questions stop.
    result = screen_json({"schema_version": "1", "as_of": "2026-11-22", "streams": ["iec_working_holiday"],
                          "applicant": {"citizenships": ["JP"], "date_of_birth": "1990-01-10"}})
    assert result["streams"][0]["outcome"] == "ineligible"
    assert next_questions(result, asked=[]) == []


def test_answers_can_be_changed_from_the_results() -> None:
    client = Client()
    token = start_french_working_holiday(client)
    page = client.get(f"/apply/{token}/answers/").content.decode()
    assert "20 May 1998" in page and f'href="/apply/{token}/page/0/"' in page  # each page, to change
    response = client.post(f"/apply/{token}/answers/", {
        "question": ["citizenships", "date_of_birth", "residence"], "citizenships__value": "JP",
        "date_of_birth__value": "1994-01-10", "residence__value": "JP",
    })
    assert response.status_code == 302
    assert SavedAnswers.objects.get().request["applicant"]["citizenships"] == ["JP"]
    results = client.get(response["Location"]).content.decode()
    # past Japan's upper age of 30: only a recognized organization (up to 35) could still open these
    assert "more answers needed" in results and "Age on the date of the invitation" in results


def test_bad_answers_are_refused_with_an_error_summary_and_nothing_is_stored() -> None:
    response = Client().post("/apply/", {
        "question": ["citizenships", "date_of_birth", "residence"], "date_of_birth__value": "2030-01-01",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and 'href="#id_date_of_birth__value"' in page
    assert SavedAnswers.objects.count() == 0


def test_the_private_link_restores_answers_and_cannot_be_forged() -> None:
    token = start_french_working_holiday(Client())
    other_browser = Client()
    assert other_browser.get(f"/apply/{token}/answers/").status_code == 200
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert other_browser.get(f"/apply/{forged}/results/").status_code == 404


def test_answers_expire_and_are_purged(settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    client = Client()
    token = start_french_working_holiday(client)
    SavedAnswers.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/apply/{token}/results/").status_code == 404
    start_french_working_holiday(client)
    SavedAnswers.objects.update(expires_at=timezone.now() - timedelta(days=1))
    call_command("purge_expired_answers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SavedAnswers.objects.count() == 0


def test_employer_checks_a_role() -> None:
    client = Client()
    response = client.post("/employer/", {
        "question": ["noc", "province", "wage", "hours", "signed", "cusma_profession"],
        "noc__value": "65200", "province__value": "ON", "wage__amount": "17.50", "wage__per": "hour",
        "hours__value": "40", "signed__value": "yes", "cusma_profession__value": "none",
    })
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    cannot = page.split("routes this role cannot take")[1]
    assert "Global Talent Stream" in cannot and "CUSMA professional" in cannot
    may = page.split('id="in-short"')[1].split("routes this role cannot take")[0]
    assert "the employer submits the offer of employment in IRCC&#x27;s Employer Portal" in may
    assert "What the candidate must have" in may


def test_pages_speak_french() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    assert "Quel permis de travail canadien pourrait convenir\u202f?" in client.get("/").content.decode()
    token = start_french_working_holiday(client)
    results = client.get(f"/apply/{token}/results/").content.decode()
    assert "Vos résultats" in results and "Expérience internationale Canada" in results


def test_every_string_of_the_code_and_pages_is_in_the_french_catalogue(tmp_path: Path) -> None:
    """Extract the strings anew (``makemessages``, on a copy: the catalogue is not touched) and find
    none new or guessed: a string added without its French would show in English on French pages."""
    import shutil
    import subprocess
    import sys

    for name in ("applications", "impact", "intake", "reminders", "streams", "imp_screening", "templates", "locale"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "manage.py", tmp_path)
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"], cwd=tmp_path,
                   env={**environment, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.local"}, check=True,
                   capture_output=True)
    po = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == []


def test_every_string_has_a_french_translation_compiled() -> None:
    po = polib.pofile(str(REPO / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated() or e.fuzzy]
    assert untranslated == []
    mo = polib.mofile(str(REPO / "locale" / "fr" / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}  # the same words may have several contexts
    stale = [e.msgid for e in po if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr]
    assert stale == [], "run manage.py compilemessages"


def _question_strings() -> list[str]:
    from intake.questions import SITUATIONS

    texts: list[object] = []
    for question in QUESTIONS:
        texts += [question.title, question.help]
        for spec in question.fields:
            texts += [spec.label, spec.help, *(label for _, label in spec.choices)]
    texts += [label for _, label, _ in SITUATIONS]
    # lazy strings keep their msgid in ``_args``; plain strings are not translatable at all
    return [t._args[0] for t in texts if t and hasattr(t, "_args")]  # type: ignore[attr-defined]


def test_every_question_string_has_a_french_translation() -> None:
    # Catches a string added to the questionnaire but never extracted with makemessages.
    po = polib.pofile(str(REPO / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    translated = {e.msgid for e in po if e.translated() and not e.fuzzy}
    missing = sorted({m for m in _question_strings() if m not in translated})
    assert missing == [], "run manage.py makemessages -l fr and translate"


def test_every_template_and_question_string_is_marked_for_translation() -> None:
    # A new visible string outside {% translate %} would be missed by makemessages.
    # Every page is bilingual, the PDF report (applications/report.html) included.
    for template in (REPO / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        text = re.sub(r"{%\s*blocktranslate.*?endblocktranslate\s*%}|<style.*?</style>", " ", text, flags=re.S)
        text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", text, flags=re.S)
        words = [w for w in re.findall(r"[A-Za-zÀ-ÿ][a-zà-ÿ]{3,}", text) if w not in {"English", "Français"}]
        assert words == [], f"{Path(template).name}: untranslated text {words[:5]}"
    assert all(str(q.title) for q in QUESTIONS)


def test_a_questions_own_help_is_shown_and_linked() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from intake.questions import BY_ID

    question = BY_ID["work_type"]
    with translation.override("en"):
        html = render_to_string("screening/_question.html", {"question": question, "fields": []})
    assert 'aria-describedby="q-work_type-help"' in html
    assert "what counts is the work itself" in html


def test_an_applicant_records_two_earlier_permits_and_the_engine_counts_both() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start_french_working_holiday(client)
    first = {"question": ["iec_history"], "iec_history__any": "yes", "iec_history__country": "FR",
             "iec_history__category": "working_holiday", "iec_history__permit_issued_on": "2019-03-01",
             "iec_history__through_recognized_organization": "no"}
    page = client.post(f"/apply/{token}/", {**first, "add": "iec_history"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Entry 2" in html and 'name="iec_history__country__2"' in html
    assert 'name="iec_history__any__2"' not in html  # "ever held one?" is asked once
    response = client.post(f"/apply/{token}/", {
        **first, "iec_history__entries": "2", "iec_history__country__2": "FR",
        "iec_history__category__2": "international_coop", "iec_history__permit_issued_on__2": "2021-03-01",
        "iec_history__through_recognized_organization__2": "no"})
    assert response.status_code == 302
    stored = SavedAnswers.objects.get().request["applicant"]["iec_participations"]
    assert [p["category"] for p in stored] == ["working_holiday", "international_coop"]
    # France allows two participations: both are used (only an organization could still help)
    results = client.get(f"/apply/{token}/results/").content.decode()
    section = results.split('id="s-iec_working_holiday"')[1].split('id="s-')[0]
    assert "allows 2 participation(s), and they are used up" in section


def test_a_business_owner_is_asked_about_the_business_and_screened_for_c11() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/apply/", {
        "situation": "business", "question": ["citizenships", "date_of_birth", "residence"],
        "citizenships__value": "FR", "date_of_birth__value": "1980-05-20", "residence__value": "FR"})
    token = token_of(response["Location"])
    step = client.get(f"/apply/{token}/").content.decode()
    assert "Your business in Canada" in step and "Business owners seeking only temporary residence" in step
    response = client.post(f"/apply/{token}/", {
        "question": ["self_employed", "business"], "self_employed__value": "yes",
        "business__ownership_percent": "50.5", "business__sufficient_funds": "yes", "business__business_plan": "yes",
        "finish": "1"})
    assert response.status_code == 302
    stored = SavedAnswers.objects.get().request
    assert stored["job_offer"]["business"] == {"ownership_percent": 50.5, "sufficient_funds": True, "business_plan": True}
    results = client.get(f"/apply/{token}/results/").content.decode()
    ruled_out = results.split('class="ruled-out"')[1]
    assert "controls 50.5% of the business, less than the 51% required" in ruled_out


def test_in_french_saved_dates_and_numbers_come_back_as_the_inputs_expect() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    token = start_french_working_holiday(client)
    client.post(f"/apply/{token}/", {"question": ["funds"], "funds__value": "4000"})
    assert "20 mai 1998" in client.get(f"/apply/{token}/answers/").content.decode()
    page = client.get(f"/apply/{token}/page/0/").content.decode() + client.get(f"/apply/{token}/page/1/").content.decode()
    # a date input only takes ISO dates: a French 20/05/1998 would show empty and be erased on save
    assert 'value="1998-05-20"' in page
    assert 'value="4000"' in page  # not "4000.0"
    response = client.post(f"/apply/{token}/answers/", {
        "question": ["citizenships", "date_of_birth", "residence", "funds"], "citizenships__value": "FR",
        "date_of_birth__value": "1998-05-20", "residence__value": "FR", "funds__value": "4000"})
    assert response.status_code == 302
    assert SavedAnswers.objects.get().request["applicant"]["date_of_birth"] == "1998-05-20"


def test_the_print_view_keeps_the_summary_and_what_every_permit_needs() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start_french_working_holiday(client)
    page = client.get(f"/apply/{token}/results/?print=1").content.decode()
    assert "In short" in page and "What to do next" in page and "Back to the results" in page


def test_programs_and_legal_bases_read_in_french() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post("/employer/", {
        "question": ["noc", "province", "wage", "hours"], "noc__value": "21231", "province__value": "ON",
        "wage__amount": "120000", "wage__per": "year", "hours__value": "40"})
    page = client.get(response["Location"]).content.decode()
    assert "PTET · R203 avec une EIMT favorable" in page and "TFWP" not in page
    assert "PMI · R204(a)" in page


def test_the_situation_can_be_changed_with_the_answers() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    token = start_french_working_holiday(client)
    page = client.get(f"/apply/{token}/answers/").content.decode()
    assert "I am 18 to 35 and want a working holiday" in page
    assert 'name="situation" value="youth" checked' in client.get(f"/apply/{token}/page/0/").content.decode()
    response = client.post(f"/apply/{token}/answers/", {
        "situation": "family", "question": ["citizenships", "date_of_birth", "residence"],
        "citizenships__value": "FR", "date_of_birth__value": "1998-05-20", "residence__value": "FR"})
    assert response.status_code == 302
    assert SavedAnswers.objects.get().request["streams"] == ["spousal_open_work_permit"]
    results = client.get(f"/apply/{token}/results/").content.decode()
    assert 'id="s-spousal_open_work_permit"' in results and 'id="s-iec_working_holiday"' not in results
