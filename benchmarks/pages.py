"""Prints the bytes transferred and the server time of each public page (not a test).

Budget: every page under 60 KB before compression, fonts aside. Static assets are listed apart:
they are cached after the first page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imp_screening.settings.local")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
BUDGET = 60 * 1024


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    start = client.post("/apply/", {
        "situation": "youth", "question": ["citizenships", "date_of_birth", "residence"],
        "citizenships__value": "FR", "date_of_birth__value": "1998-05-20", "residence__value": "FR",
    })
    token = start["Location"].split("/")[2]
    employer = client.post("/employer/", {"question": ["noc"], "noc__value": "21231"})
    role = employer["Location"].split("/")[2]
    pages = {
        "landing": "/", "applicant start": "/apply/", "applicant step": f"/apply/{token}/",
        "results": f"/apply/{token}/results/", "results (print)": f"/apply/{token}/results/?print=1",
        "change answers": f"/apply/{token}/answers/", "employer form": "/employer/",
        "employer results": f"/employer/{role}/", "NOC finder": "/noc/?q=software",
    }
    print(f"{'page':<20} {'bytes':>8} {'server ms (median of 20)':>26}  within 60 KB")
    for name, url in pages.items():
        times, size = [], 0
        for language in ("en", "fr"):
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
            for _ in range(10):
                begin = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - begin) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                size = max(size, len(response.content))
        print(f"{name:<20} {size:>8} {statistics.median(times):>26.1f}  {'yes' if size <= BUDGET else 'NO'}")
    static = REPO / "static"
    print("static assets (cached after the first page):")
    for path in sorted(static.rglob("*.*")):
        if path.suffix in (".css", ".js"):
            print(f"  {path.relative_to(static)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
