"""Prints how long a client's report and its checklist take to make, and how many pages they have
(not a test). Representative files: the shared scenarios, in English and French.

Each figure is the median of several runs in one warm process, as a worker makes them: the report
(gathering its data, the template, WeasyPrint's layout and PDF) and the checklist's PDF; the first
run of the process (fonts, imports) is shown apart. Wall-clock seconds, and the process's CPU seconds
beside them (the same unless other work shares the cores). Budget: well under a second for a typical
file.

    DJANGO_SETTINGS_MODULE=imp_screening.settings.local DATABASE_URL=sqlite:///:memory: \\
        .venv/bin/python benchmarks/reports.py [runs]
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imp_screening.settings.local")
PERSONAS = ("ict-senior-manager-germany", "iec-working-holiday-france", "spouse-of-software-engineer",
            "cusma-professional-us-systems-analyst", "gts-category-b-developer-below-floor",
            "empty-request-needs-information")
BUDGET_SECONDS = 1.0


def pages(pdf: bytes) -> int:
    for match in re.finditer(rb"<<(.*?)>>\s*stream\r?\n", pdf, re.S):
        if b"/ObjStm" in match.group(1):
            start = match.end()
            data = zlib.decompress(pdf[start:pdf.index(b"endstream", start)])
            found = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", data, re.S)
            if found:
                return int(found[0])
    return 0


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from applications import reports, services
    from applications.checklist import checklist_build, streams_chosen
    from applications.models import Firm, Job, Membership

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    call_command("migrate", verbosity=0)
    firm = Firm.objects.create(name="North Immigration")
    alice = get_user_model().objects.create_user(username="bench-alice", first_name="Alice", last_name="Tremblay")
    Membership.objects.create(user=alice, firm=firm, licence="rcic", licence_number="R712345")
    first: float | None = None
    rows = []
    for name in PERSONAS:
        request = json.loads((SHARED / "scenarios" / f"{name}.json").read_text())["request"]
        facts = {k: v for k, v in request.items() if k not in ("schema_version", "as_of", "language")}
        client_file = services.client_file_create(firm=firm, actor=alice, client_name="Ana Souza", request=facts)
        for language in ("en", "fr"):
            screening = services.screening_run(client_file=client_file, actor=alice, language=language)
            job = Job(client_file=client_file, screening=screening, kind="report", created_by=alice,
                      streams=streams_chosen(screening.result, None))
            report_times, report_cpu, checklist_times = [], [], []
            for _ in range(runs + 1):
                begin, begin_cpu = time.perf_counter(), time.process_time()
                checklist = checklist_build(screening.request, screening.result, job.streams)
                _, pdf = reports.report_render(job, checklist)
                middle, middle_cpu = time.perf_counter(), time.process_time()
                checklist_pdf = reports.checklist_render(job, checklist)
                end = time.perf_counter()
                if first is None:
                    first = middle - begin
                    continue
                report_times.append(middle - begin)
                report_cpu.append(middle_cpu - begin_cpu)
                checklist_times.append(end - middle)
            rows.append((name, language, pages(pdf), statistics.median(report_times), statistics.median(report_cpu),
                         pages(checklist_pdf), statistics.median(checklist_times)))
    print(f"first report of the process (fonts, imports): {first:.2f} s")
    print(f"{'file':<40} {'lang':<4} {'pages':>5} {'report s':>9} {'cpu s':>6} {'checklist pages':>15} "
          f"{'checklist s':>11}")
    for name, language, report_pages, report_s, cpu_s, checklist_pages, checklist_s in rows:
        print(f"{name:<40} {language:<4} {report_pages:>5} {report_s:>9.3f} {cpu_s:>6.3f} {checklist_pages:>15} "
              f"{checklist_s:>11.3f}")
    typical = [row for row in rows if row[0] != "empty-request-needs-information"]
    print(f"median report over the typical files: {statistics.median(row[3] for row in typical):.3f} s "
          f"({statistics.median(row[4] for row in typical):.3f} s CPU; budget {BUDGET_SECONDS:.1f} s); "
          f"most pages: {max(row[2] for row in rows)} (limit 6)")


if __name__ == "__main__":
    main()
