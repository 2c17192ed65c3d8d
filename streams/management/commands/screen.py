"""``python manage.py screen FILE [FILE ...] [--jsonl] [--as-of DATE]``: contract v1 on the command line.

One file: the result, indented. ``--jsonl``: one compact result per line, in the order of the
files. ``-`` reads standard input. A bad request prints the contract's error JSON in its place and
the command exits with status 2 once every file is done. A large batch is shared among worker
processes (``--jobs``; by default one per processor this process may use), the lines still in the
order of the files.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator
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


# A batch this large is worth the worker processes' start (a fork each: the rules are loaded already).
PARALLEL_FROM_FILES = 200
_CHUNK = 32  # files a worker takes at a time (order is kept whatever the chunk)


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


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
        parser.add_argument("--jobs", type=int, default=None,
                            help="worker processes for a batch (default: one per processor for "
                                 f"{PARALLEL_FROM_FILES} files or more, else 1)")

    def handle(self, *args: Any, files: list[str], jsonl: bool, as_of: str | None, documents: bool = False,
               jobs: int | None = None, **options: Any) -> None:
        if len(files) > 1 and not jsonl:
            raise CommandError("several files need --jsonl (one result per line)")
        if jobs is not None and jobs < 1:
            raise CommandError("--jobs: give 1 or more worker processes")
        day = _as_of(as_of) if as_of else None
        _batch_mode(len(files))
        if jobs is None:
            jobs = _default_jobs() if len(files) >= PARALLEL_FROM_FILES else 1
        if "-" in files:
            jobs = 1  # standard input is read once, here
        # Results are written as bytes straight to standard output: a batch of thousands of
        # ~100 KB results spends its time in the engine, not in re-encoding text.
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        failed = False
        for body, refused in self._results(files, day, documents, jsonl, jobs):
            failed = failed or refused
            if buffer is not None:
                buffer.write(body + b"\n")
            else:  # a text stream (tests call the command with StringIO)
                out.write(body.decode() + "\n")
        if buffer is not None:
            buffer.flush()
        if failed:
            sys.exit(2)

    def _results(self, files: list[str], day: date | None, documents: bool, jsonl: bool,
                 jobs: int) -> Iterator[tuple[bytes, bool]]:
        tasks = [(name, day, documents, jsonl) for name in files]
        if jobs == 1:
            yield from map(_screen_file, tasks)
            return
        # Forked workers share the loaded rules (copy-on-write); imap gives results in file order.
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_screen_file, tasks, chunksize=_CHUNK)


def _screen_file(task: tuple[str, date | None, bool, bool]) -> tuple[bytes, bool]:
    """One file's line: its result, or the contract's error JSON (and True: the command fails)."""
    name, day, documents, jsonl = task
    try:
        body = screen_request_json(_read(name), as_of=day, documents=documents)
        if not jsonl:
            body = orjson.dumps(orjson.loads(body), option=orjson.OPT_INDENT_2)
        return body, False
    except RequestError as exc:
        return orjson.dumps(exc.as_json(), option=0 if jsonl else orjson.OPT_INDENT_2), True


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise RequestError([{"loc": "", "message": f"cannot read {name}: {exc.strerror}"}]) from None
