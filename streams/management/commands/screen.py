"""``python manage.py screen FILE [FILE ...] [--jsonl] [--as-of DATE]``: contract v1 on the command line.

One file: the result, indented. ``--jsonl``: one compact result per line, in the order of the
files. ``-`` reads standard input. A bad request prints the contract's error JSON in its place and
the command exits with status 2 once every file is done. A large batch is shared among worker
processes (``--jobs``; by default one per processor this process may use), the lines still in the
order of the files: each worker screens a run of files, then waits its turn and writes the run's
lines itself to standard output (a result is about 200 KB: sent back through the pool's pipe, the
results made this process the bottleneck and two workers slower than one; written to temporary
files first, a batch of 3,000 spent a second of its workers' time writing 800 MB to disk).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from datetime import date
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from streams.engine import RequestError, default_rulebook
from streams.services import screen_request_json, screening_today


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


# A file, --as-of, --documents, --jsonl, and the day the batch started (a file without as_of is
# screened on it: one batch, one date, even across midnight).
Task = tuple[str, date | None, bool, bool, date]

# A batch this large is worth the worker processes' start (a fork each: the rules are loaded already).
PARALLEL_FROM_FILES = 200
# Files a worker takes at a time (the order is kept whatever the run's length): at least four runs a
# worker, so the batch's end is shared out, and runs as long as memory allows, so a worker's memo
# sees requests side by side (a batch of 3,000 files on two workers: 2,250 files a second with runs
# of 32, 2,800 with 256). A worker holds one run's lines until its turn: 256 results are about 55 MB,
# 115 MB with documents (hence half as many).
_RUN_MIN, _RUN_MAX, _RUN_MAX_DOCUMENTS = 32, 256, 128


def _run_length(files: int, jobs: int, documents: bool) -> int:
    return max(_RUN_MIN, min(_RUN_MAX_DOCUMENTS if documents else _RUN_MAX, files // (jobs * 4)))


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
    # Screening needs neither the database nor the URLs: the system checks (which import every view,
    # the API schema and Celery) took a third of a one-file run. `manage.py check` still runs them.
    requires_system_checks: list[str] = []

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
        # ~200 KB results spends its time in the engine, not in re-encoding text.
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        if _fileno(buffer) is None:
            jobs = 1  # workers write to a file descriptor; a text stream (tests' StringIO) has none
        today = screening_today()
        tasks = [(name, day, documents, jsonl, today) for name in files]
        try:
            failed = self._screen(tasks, jobs, out, buffer)
        except BrokenPipeError:
            # The reader went away (``... | head``): stop quietly, as Unix tools do. Python's own
            # flush of standard output at exit would fail again, so it is pointed at /dev/null.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        if failed:
            sys.exit(2)

    @staticmethod
    def _screen(tasks: list[Task], jobs: int, out: Any, buffer: Any) -> bool:
        if jobs == 1:
            failed = False
            for body, refused in map(_screen_file, tasks):
                failed = failed or refused
                if buffer is not None:  # two writes, not a copy of the ~200 KB body to add a newline
                    buffer.write(body)
                    buffer.write(b"\n")
                else:  # a text stream (tests call the command with StringIO)
                    out.write(body.decode() + "\n")
        else:
            failed = _screen_in_workers(tasks, jobs, buffer)
        if buffer is not None:
            buffer.flush()
        return failed

# What the forked workers share for writing in turn: the output's file descriptor, the index of the
# run whose lines go out next, and the condition the others wait on. Set by the parent just before
# it forks them (a fork copies them; the value and the condition live in shared memory).
_OUT_FD = -1
_TURN: Any = None
_TURN_CHANGED: Any = None


def _screen_in_workers(tasks: list[Task], jobs: int, buffer: Any) -> bool:
    """Screen the batch on ``jobs`` forked workers (they share the loaded rules, copy-on-write),
    each taking a run of files and writing its lines to standard output when the run before it is
    out. True when a request was refused."""
    global _OUT_FD, _TURN, _TURN_CHANGED
    length = _run_length(len(tasks), jobs, documents=tasks[0][2])
    runs = [tasks[start:start + length] for start in range(0, len(tasks), length)]
    fd = _fileno(buffer)
    assert fd is not None  # handle() screens in this process when the output has no file behind it
    buffer.flush()  # nothing buffered here may be written again by a worker's copy of the buffer
    context = multiprocessing.get_context("fork")
    _OUT_FD, _TURN, _TURN_CHANGED = fd, context.Value("q", 0, lock=False), context.Condition()
    try:
        failed = False
        with context.Pool(jobs) as pool:
            for refused in pool.imap(_screen_run_in_turn, enumerate(runs)):  # every run, in order
                failed = failed or refused
        return failed
    finally:
        _OUT_FD, _TURN, _TURN_CHANGED = -1, None, None


def _fileno(buffer: Any) -> int | None:
    if buffer is None:
        return None
    try:
        return int(buffer.fileno())
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None


def _screen_run_in_turn(job: tuple[int, list[Task]]) -> bool:
    """A worker's part: screen a run of files, wait for the run before it to be out, write this
    run's lines. A run that fails still takes its turn (writing nothing), so no other worker waits
    for it forever. True when a request was refused."""
    index, run = job
    parts: list[bytes] = []  # each line, then its newline
    refused_any = False
    try:
        for task in run:
            body, refused = _screen_file(task)
            refused_any = refused_any or refused
            parts += (body, b"\n")
    finally:
        with _TURN_CHANGED:
            _TURN_CHANGED.wait_for(lambda: _TURN.value == index)
            try:
                _write_all(_OUT_FD, parts)
            finally:
                _TURN.value = index + 1
                _TURN_CHANGED.notify_all()
    return refused_any


_IOV_MAX = 1024  # buffers one writev takes (POSIX guarantees at least 16; Linux takes 1024)


def _write_all(fd: int, parts: list[bytes]) -> None:
    """Write the parts in order with writev: one system call for many lines and no copy of them (a
    run of 32 results is 7 MB; joining them first cost a tenth of the batch's time)."""
    views = [memoryview(part) for part in parts if part]
    first = 0  # the first part not wholly written
    while first < len(views):
        written = os.writev(fd, views[first:first + _IOV_MAX])
        while written:  # step past what went out; a part written in part goes on from where it stopped
            size = len(views[first])
            if written >= size:
                written -= size
                first += 1
            else:
                views[first] = views[first][written:]
                written = 0


def _screen_file(task: Task) -> tuple[bytes, bool]:
    """One file's line: its result, or the contract's error JSON (and True: the command fails)."""
    name, day, documents, jsonl, today = task
    try:
        body = screen_request_json(_read(name), as_of=day, documents=documents, today=today)
        if not jsonl:
            body = orjson.dumps(orjson.loads(body), option=orjson.OPT_INDENT_2)
        return body, False
    except RequestError as exc:
        return orjson.dumps(exc.as_json(), option=0 if jsonl else orjson.OPT_INDENT_2), True


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        with open(name, "rb", buffering=0) as handle:  # unbuffered: one read (Path.read_bytes costs twice as much)
            return handle.readall()
    except OSError as exc:
        raise RequestError([{"loc": "", "message": f"cannot read {name}: {exc.strerror}"}]) from None
