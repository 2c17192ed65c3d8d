"""``python manage.py rulebook export [--as-of DATE] [--output FILE]``: the rulebook as JSON.

Every stream's criteria with their rule, texts in English and French, the parameters they test (the
value in force on the date and its whole dated history) and the sources they cite.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from streams.selectors import rulebook_as_of
from streams.services import screening_today


class Command(BaseCommand):
    help = "Export the rulebook in force on a date as JSON."
    requires_system_checks: list[str] = []  # reads the engine's rules only: no database, no URLs

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export"], help="what to do: export")
        parser.add_argument("--as-of", default=None, help="rules in force on this date (YYYY-MM-DD); default today")
        parser.add_argument("--output", default="-", help="file to write; - for standard output")

    def handle(self, *args: Any, action: str, as_of: str | None, output: str, **options: Any) -> None:
        try:
            day = date.fromisoformat(as_of) if as_of else screening_today()
        except ValueError:
            raise CommandError(f"--as-of: {as_of!r} is not a date written YYYY-MM-DD") from None
        body = orjson.dumps(rulebook_as_of(as_of=day), option=orjson.OPT_INDENT_2)
        if output == "-":
            self.stdout.write(body.decode())
        else:
            Path(output).write_bytes(body + b"\n")
            self.stdout.write(f"Wrote the rulebook of {day} to {output}")
