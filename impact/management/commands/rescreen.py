"""manage.py rescreen [--firm NAME | --all] [--as-of DATE] [--json]: re-screen stored client files
in bulk (on the Celery workers, or here without a broker), wait for the run, and print its figures:
with --json, last, {"files", "screened", "changed", "seconds", "by_stream"}.

After a deploy: ``manage.py rescreen --all --if-new-rules --no-wait`` starts one run over every
firm's files only when the rulebook is newer than the decisions kept."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications.models import Firm
from impact import services
from impact.models import ImpactRun

SWEEP_EVERY = 30.0  # seconds between re-queues of chunks lost with a worker, while waiting


class Command(BaseCommand):
    help = "Re-screen a firm's client files (or every firm's) in bulk and report what changed."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--firm", help="the firm's name")
        scope.add_argument("--all", action="store_true", help="every firm's files, in one run")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                            help="screen as of this day (default today; a later day previews a rule change)")
        parser.add_argument("--chunk-size", type=int, default=None, help="files per chunk (IMPACT_CHUNK_SIZE)")
        parser.add_argument("--if-new-rules", action="store_true",
                            help="with --all: only when the rulebook is newer than the decisions kept")
        parser.add_argument("--no-wait", action="store_true", help="start the run and return")
        parser.add_argument("--timeout", type=float, default=None, help="give up waiting after this many seconds")
        parser.add_argument("--json", action="store_true", help="print the run's figures as JSON, last")

    def handle(self, *args: Any, **options: Any) -> None:
        firm = None
        if options["firm"]:
            firms = list(Firm.objects.filter(name=options["firm"])[:2])
            if len(firms) != 1:
                raise CommandError(f"{'no' if not firms else 'more than one'} firm named {options['firm']!r}")
            firm = firms[0]
        if options["if_new_rules"]:
            if not options["all"]:
                raise CommandError("--if-new-rules goes with --all")
            run = services.impact_run_for_new_rules()
            if run is None:
                self.stdout.write("The decisions kept already follow the current rulebook: nothing to re-screen.")
                if options["json"]:
                    self.stdout.write(json.dumps({"files": 0, "screened": 0, "changed": 0, "seconds": 0.0,
                                                  "by_stream": {}}))
                return
        else:
            run = services.impact_run_start(firm=firm, as_of=options["as_of"], chunk_size=options["chunk_size"])
        self.stdout.write(f"Run {run.pk}: {run.files} files in {run.chunks_total} chunks, as of {run.as_of}"
                          f"{' (preview)' if run.preview else ''}, rulebook {run.rulebook_version}")
        if options["no_wait"]:
            return
        run = self._wait(run, options["timeout"])
        self.stdout.write(f"{run.get_status_display()}: {run.screened} screened, {run.changed} changed, "
                          f"{run.flipped} changed outcome, {run.errors} not screenable on that day, "
                          f"in {run.seconds or 0:.2f} s")
        if run.status == ImpactRun.Status.FAILED:
            self.stderr.write(f"Some chunks failed: {run.error}")
        if options["json"]:
            self.stdout.write(json.dumps({"files": run.files, "screened": run.screened, "changed": run.changed,
                                          "seconds": round(run.seconds or 0.0, 3), "by_stream": run.by_stream}))
        if run.status == ImpactRun.Status.FAILED:
            raise CommandError(f"run {run.pk} failed")

    def _wait(self, run: ImpactRun, timeout: float | None) -> ImpactRun:
        start = swept = time.monotonic()
        run.refresh_from_db()
        while run.status == ImpactRun.Status.RUNNING:
            if timeout is not None and time.monotonic() - start > timeout:
                raise CommandError(f"run {run.pk} still running after {timeout:g} s "
                                   f"({run.chunks_done}/{run.chunks_total} chunks)")
            time.sleep(0.2)
            if time.monotonic() - swept > SWEEP_EVERY:
                services.chunks_requeue_pending(older_than_seconds=int(SWEEP_EVERY * 2))
                swept = time.monotonic()
            run.refresh_from_db()
        return run
