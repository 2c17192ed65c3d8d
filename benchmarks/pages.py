"""Prints the bytes transferred and the server time of each public page (not a test).

Budget: every page under 60 KB of HTML before compression, fonts aside, in the states a real person
reaches. The questionnaire is filled as people fill it: page after page, the questions the screener
asks, answered as each persona would (no situation chosen for two of them: every stream screened,
the most questions), until the results; then their results, print view, "change your answers"
(every question answered so far), the checklist of every stream that fits, and the employers' role
check and its print view. Static assets are listed apart: they are cached after the first page.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imp_screening.settings.local")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
# One client fills the questionnaire many times over: the page throttles (per address) would stop it.
os.environ.setdefault("API_ANON_THROTTLE", "100000/min")
BUDGET = 60 * 1024
FIRST = ["citizenships", "date_of_birth", "residence"]

# What each persona answers when asked (form field names); anything else is left unanswered.
PERSONAS: dict[str, dict[str, Any]] = {
    "working holiday (FR, 27)": {
        "situation": "youth", "first": {"citizenships__value": "FR", "date_of_birth__value": "1999-06-15",
                                        "residence__value": "FR"},
        "answers": {"iec_history__any": "no", "funds__value": "4000", "insurance__value": "yes",
                    "dependants__value": "no", "signed__value": "no", "recognized_organization__value": "no"},
    },
    "US analyst, Toronto offer (no situation)": {
        "situation": None, "first": {"citizenships__value": "US", "date_of_birth__value": "1988-02-01",
                                     "residence__value": "US"},
        "answers": {"signed__value": "yes", "noc__value": "21211", "province__value": "ON", "work_type__value": "other",
                    "indicators__value": "none", "cusma_profession__value": "computer_systems_analyst",
                    "wage__amount": "110000", "wage__per": "year", "remote_for_quebec__value": "no",
                    "self_employed__value": "no", "education__any": "yes", "education__level": "bachelor",
                    "education__completed": "yes", "education__related_to_offer": "yes", "hours__value": "40",
                    "duration__value": "36", "location__value": "outside_canada", "paid__value": "yes",
                    "principal_relationship__value": "unknown", "employment__any": "no"},
    },
    "German manager (no situation)": {
        "situation": None, "first": {"citizenships__value": "DE", "date_of_birth__value": "1980-02-01",
                                     "residence__value": "DE"},
        "answers": {"relationship__value": "subsidiary", "position_category__value": "senior_manager",
                    "doing_business__value": "yes", "multinational__value": "yes", "new_office__value": "no",
                    "premises__value": "yes", "position_held_open__value": "yes", "noc__value": "00012",
                    "employment__any": "yes", "employment__employer_name": "Mutter GmbH", "employment__country": "DE",
                    "employment__start_date": "2015-01-01", "employment__hours_per_week": "40",
                    "employment__position_category": "senior_manager",
                    "employment__related_to_offer_employer": "yes", "employment__similar_to_offer": "yes",
                    "location__value": "outside_canada", "signed__value": "yes", "province__value": "ON",
                    "wage__amount": "180000", "wage__per": "year", "hours__value": "40", "work_type__value": "other"},
    },
    "spouse of a master's student": {
        "situation": "family", "first": {"citizenships__value": "IN", "date_of_birth__value": "1995-02-01",
                                         "residence__value": "IN"},
        "answers": {"principal_relationship__value": "spouse", "principal_status__value": "student",
                    "principal_authorization__value": "study_permit", "principal_resides__value": "yes",
                    "principal_study__level": "master", "principal_study__length_months": "24",
                    "principal_study__full_time": "yes", "principal_study__pgwp_eligible_institution": "yes",
                    "studying_in_canada__value": "no", "principal_valid_until__value": "2028-08-31"},
    },
}
EMPLOYERS = {
    "software developer, Toronto": {"question": ["noc", "province", "wage", "hours", "cusma_profession"],
                                    "noc__value": "21231", "province__value": "ON", "wage__amount": "120000",
                                    "wage__per": "year", "hours__value": "40",
                                    "cusma_profession__value": "computer_systems_analyst"},
    "dishwasher, Ontario": {"question": ["noc", "province", "wage", "hours", "cusma_profession"],
                            "noc__value": "65201", "province__value": "ON", "wage__amount": "17.50",
                            "wage__per": "hour", "hours__value": "40", "cusma_profession__value": "none"},
}


def _questions(html: str) -> list[str]:
    return re.findall(r'name="question" value="([^"]+)"', html)


def walk(client: Any, persona: dict[str, Any]) -> dict[str, list[str]]:
    """Fills the questionnaire as the persona would; the pages reached, by kind."""
    data = {"question": FIRST, **persona["first"]}
    if persona["situation"]:
        data["situation"] = persona["situation"]
    response = client.post("/apply/?new=1", data)
    assert response.status_code == 302, response.status_code
    token = response["Location"].split("/")[2]
    reached: dict[str, list[str]] = {"applicant step": [], "checklist": []}
    pages = 1  # the first page
    for _ in range(15):
        step = client.get(f"/apply/{token}/")
        if step.status_code == 302:
            break
        pages += 1
        asked = _questions(step.content.decode())
        answers = {k: v for k, v in persona["answers"].items() if k.split("__")[0] in asked}
        posted = client.post(f"/apply/{token}/", {"question": asked, **answers})
        assert posted.status_code == 302, (posted.status_code, posted.content[:300])
    # every page as it was answered, reached again with "Previous" (page 0: the first page)
    reached["applicant step"] += [f"/apply/{token}/page/{n}/" for n in range(pages)]
    results = client.get(f"/apply/{token}/results/").content.decode()
    reached["results"] = [f"/apply/{token}/results/"]
    reached["results (print)"] = [f"/apply/{token}/results/?print=1"]
    reached["change your answers"] = [f"/apply/{token}/answers/"]
    for stream in dict.fromkeys(re.findall(r'/checklist/([a-z_]+)/"', results)):
        reached["checklist"].append(f"/apply/{token}/checklist/{stream}/")
    return reached


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    pages: dict[str, list[str]] = {"landing": ["/"], "applicant start": ["/apply/?new=1"],
                                   "employer form": ["/employer/?new=1"], "NOC finder": ["/noc/?q=software"],
                                   "expired link": ["/apply/expired-or-unknown/"]}
    for language in ("en", "fr"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        for persona in PERSONAS.values():
            for kind, urls in walk(client, persona).items():
                pages.setdefault(kind, []).extend(urls)
        for role in EMPLOYERS.values():
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            token = client.post("/employer/", role)["Location"].split("/")[2]
            pages.setdefault("employer results", []).append(f"/employer/{token}/")
            pages.setdefault("employer results (print)", []).append(f"/employer/{token}/?print=1")
            pages.setdefault("employer: change the role", []).append(f"/employer/{token}/edit/")
    print(f"{'page':<28} {'pages':>5} {'largest bytes':>14} {'server ms (median)':>19}  within 60 KB")
    client = Client()
    worst = 0
    for name, urls in pages.items():
        times, size = [], 0
        for url in dict.fromkeys(urls):
            for language in ("en", "fr"):
                client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
                for _ in range(3):
                    begin = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - begin) * 1000)
                    assert response.status_code == (404 if "expired" in url else 200), (url, response.status_code)
                    size = max(size, len(response.content))
        worst = max(worst, size)
        print(f"{name:<28} {len(set(urls)):>5} {size:>14} {statistics.median(times):>19.1f}  "
              f"{'yes' if size <= BUDGET else 'NO'}")
    print(f"largest page: {worst} bytes ({worst / 1024:.1f} KB)")
    static = REPO / "static"
    print("static assets (cached after the first page):")
    for path in sorted(static.rglob("*.*")):
        if path.suffix in (".css", ".js"):
            print(f"  {path.relative_to(static)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
