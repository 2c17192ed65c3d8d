"""``python manage.py screen FILE [FILE ...] [--jsonl] [--as-of DATE]``: contract v1 on the command line.

One file: the result, indented. ``--jsonl``: one compact result per line, in the order of the
files. ``-`` reads standard input. A bad request prints the contract's error JSON in its place and
the command exits with status 2 once every file is done.
"""

from __future__ import annotations

import gc
import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from streams.engine import RequestError, default_rulebook
from streams.services import screen_request_json


def _batch_mode(files: int) -> None:
    """A batch keeps more screenings of streams for reuse (requests of a batch share many facts) and
    spares the collector: the rules, loaded once, never need collecting, and a screening's objects
    are freed as soon as its line is written."""
    if files < 2:
        return
    default_rulebook().memo_limit = 20_000
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


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
        parser.add_argument("--documents", action="store_true", help="also list each open stream's documents")

    def handle(self, *args: Any, files: list[str], jsonl: bool, as_of: str | None, documents: bool = False,
               **options: Any) -> None:
        if len(files) > 1 and not jsonl:
            raise CommandError("several files need --jsonl (one result per line)")
        day = _as_of(as_of) if as_of else None
        _batch_mode(len(files))
        # Results are written as bytes straight to standard output: a batch of thousands of
        # ~100 KB results spends its time in the engine, not in re-encoding text.
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        failed = False
        for name in files:
            try:
                body = screen_request_json(self._read(name), as_of=day, documents=documents)
                if not jsonl:
                    body = orjson.dumps(orjson.loads(body), option=orjson.OPT_INDENT_2)
            except RequestError as exc:
                failed = True
                body = orjson.dumps(exc.as_json(), option=0 if jsonl else orjson.OPT_INDENT_2)
            if buffer is not None:
                buffer.write(body + b"\n")
            else:  # a text stream (tests call the command with StringIO)
                out.write(body.decode() + "\n")
        if buffer is not None:
            buffer.flush()
        if failed:
            sys.exit(2)

    def _read(self, name: str) -> bytes:
        if name == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(name).read_bytes()
        except OSError as exc:
            raise RequestError([{"loc": "", "message": f"cannot read {name}: {exc.strerror}"}]) from None
