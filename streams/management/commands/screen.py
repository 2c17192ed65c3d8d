"""``python manage.py screen FILE [FILE ...] [--jsonl] [--as-of DATE]``: contract v1 on the command line.

One file: the result, indented. ``--jsonl``: one compact result per line, in the order of the
files. ``-`` reads standard input. A bad request prints the contract's error JSON in its place and
the command exits with status 2 once every file is done.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from streams.engine import RequestError
from streams.services import screen_request


def _as_of(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: {value!r} is not a date written YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Screen contract-v1 request files and print the results as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="request files; - for stdin")
        parser.add_argument("--jsonl", action="store_true", help="one result per line, per file")
        parser.add_argument("--as-of", type=str, default=None, help="screen on this date (YYYY-MM-DD)")

    def handle(self, *args: Any, files: list[str], jsonl: bool, as_of: str | None, **options: Any) -> None:
        if len(files) > 1 and not jsonl:
            raise CommandError("several files need --jsonl (one result per line)")
        day = _as_of(as_of) if as_of else None
        failed = False
        for name in files:
            try:
                output: dict[str, Any] = screen_request(self._read(name), as_of=day)
            except RequestError as exc:
                failed = True
                output = exc.as_json()
            text = json.dumps(output, ensure_ascii=False, indent=None if jsonl else 2)
            self.stdout.write(text)
        if failed:
            sys.exit(2)

    def _read(self, name: str) -> bytes:
        if name == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(name).read_bytes()
        except OSError as exc:
            raise RequestError([{"loc": "", "message": f"cannot read {name}: {exc.strerror}"}]) from None
