"""manage.py seed_demo --files N [--firm NAME] [--json]: N synthetic client files over every stream
and outcome (``impact.demo``), with their decisions recorded as of a day before the 2025-01-21
spousal change, so a re-screening shows who flips."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from impact.demo import EARLIEST_AS_OF
from impact.seeding import demo_files_seed


class Command(BaseCommand):
    help = "Create N realistic synthetic client files (every stream and outcome) with their decisions recorded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--files", type=int, required=True, help="how many client files to create")
        parser.add_argument("--firm", default="Demo Immigration", help="the firm's name (created when missing)")
        parser.add_argument("--as-of", type=date.fromisoformat, default=EARLIEST_AS_OF,
                            help=f"the day their decisions are recorded as of (default {EARLIEST_AS_OF})")
        parser.add_argument("--seed", type=int, default=13, help="random seed (the same seed makes the same files)")
        parser.add_argument("--json", action="store_true", help='print {"files": N} last')

    def handle(self, *args: Any, **options: Any) -> None:
        if options["files"] < 0:
            raise CommandError("--files must be 0 or more")
        if options["as_of"] < EARLIEST_AS_OF:
            raise CommandError(f"--as-of must be {EARLIEST_AS_OF} or later (the synthetic facts start then)")
        start = time.perf_counter()
        made = demo_files_seed(firm_name=options["firm"], count=options["files"], as_of=options["as_of"],
                               seed=options["seed"])
        seconds = time.perf_counter() - start
        self.stdout.write(f"{made.files} client files for {made.firm.name} (firm {made.firm.pk}), decisions as of "
                          f"{options['as_of']}, in {seconds:.1f} s; consultants: {', '.join(made.consultants)}")
        if options["json"]:
            self.stdout.write(json.dumps({"files": made.files}))
