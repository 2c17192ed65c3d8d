"""Bulk re-screening on real Celery workers and the Redis broker: a run over two firms' files, and
a worker killed (SIGKILL) in the middle of a chunk, after which the run still completes and every
file is written exactly once. Bounded waits; the worker processes are always stopped."""

from __future__ import annotations

import os
import signal
import time
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from applications.models import AuditEvent, ClientFile, Screening
from impact import services
from impact.models import FileDecision, FileImpact, ImpactChunk, ImpactNotification, ImpactRun
from impact.seeding import demo_files_seed
from streams.engine import evaluate, parse_request
from streams.engine.decisions import decisions
from tests.impact.conftest import (
    ICT_MANAGER,
    OWNER_OF_HALF,
    OWNER_SILENT_ON_FUNDS,
    OWNER_WITH_FUNDS,
    broker,
    client_file,
    wait_for_run,
    worker,
)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = date(2025, 5, 26), date(2025, 5, 27)


def expected_changes(day_before: date, day: date) -> set[int]:
    """The files whose decisions a re-screening should find changed, worked out file by file."""
    changed = set()
    for file_id, facts in ClientFile.objects.values_list("pk", "request"):
        body = orjson.dumps({"schema_version": "1", **facts})
        old = decisions(evaluate(parse_request(body, today=day_before)))["streams"]
        new = decisions(evaluate(parse_request(body, today=day)))["streams"]
        if services.changes_between(old, new):
            changed.add(file_id)
    return changed


def assert_written_once_per_file(run: ImpactRun) -> None:
    run.refresh_from_db()
    total = ClientFile.objects.count()
    assert run.status == ImpactRun.Status.DONE, run.error
    assert (run.chunks_done, run.chunks_failed) == (run.chunks_total, 0)
    assert run.files == run.screened == total
    impacts = list(FileImpact.objects.filter(run=run).values_list("client_file_id", flat=True))
    assert len(impacts) == len(set(impacts)) == run.changed
    assert Screening.objects.filter(created_by__isnull=True).count() == 0  # made when an impact is opened
    assert AuditEvent.objects.filter(action="rescreened").count() == run.changed
    assert FileDecision.objects.filter(run=run).count() == total  # every file's decisions checked by this run


def test_a_run_over_two_firms_on_a_real_worker(people: dict[str, Any], redis_url: str, tmp_path: Path) -> None:
    # Given two firms' files, their decisions kept as of the day before the C11 change
    north, south = people["north"], people["south"]
    client_file(north, people["alice"], "Half Owner", OWNER_OF_HALF, screened_on=BEFORE)
    client_file(north, people["alice"], "Funded Owner", OWNER_WITH_FUNDS, screened_on=BEFORE)
    client_file(north, people["alice"], "Klaus Weber", ICT_MANAGER, screened_on=BEFORE)
    client_file(south, people["bob"], "Silent Owner", OWNER_SILENT_ON_FUNDS, screened_on=BEFORE)
    demo_files_seed(firm_name=north.name, count=500, as_of=BEFORE, seed=1)
    demo_files_seed(firm_name=south.name, count=300, as_of=BEFORE, seed=2)
    expected = expected_changes(BEFORE, AFTER)

    # When every firm's files are re-screened as of the day of the change, on a worker with two processes
    emails = tmp_path / "emails"
    with broker(redis_url), worker(redis_url, pool="prefork", concurrency=2, email_dir=str(emails)):
        run = services.impact_run_start(firm=None, as_of=AFTER, chunk_size=100)
        run = wait_for_run(run, 180)
        told = {impact.client_file.created_by.email for impact in
                FileImpact.objects.filter(run=run).exclude(rank=FileImpact.Rank.CRITERIA_CHANGED)
                .select_related("client_file__created_by")}
        deadline = time.monotonic() + 60
        while ImpactNotification.objects.filter(run=run).count() < len(told) and time.monotonic() < deadline:
            time.sleep(0.25)  # the emails follow the run's last chunk

    # Then every file was screened once, and exactly the files the change affects were recorded
    assert_written_once_per_file(run)
    assert {c.firm_id for c in ImpactChunk.objects.filter(run=run)} == {north.pk, south.pk}
    assert set(FileImpact.objects.filter(run=run).values_list("client_file_id", flat=True)) == expected
    assert run.by_stream["business_owners"] >= 2  # and any file a time limit crossed that day
    assert FileImpact.objects.get(run=run, client_file__client_name="Half Owner").rank == FileImpact.Rank.NEWLY_INELIGIBLE
    assert not FileImpact.objects.filter(run=run, client_file__client_name="Klaus Weber").exists()

    # and each consultant with a file whose outcome changed got one email, about their own files
    sent = [part for path in sorted(emails.iterdir()) for part in path.read_text().split("\nTo: ")[1:]]
    recipients = [part.split("\n", 1)[0] for part in sent]
    assert sorted(recipients) == sorted(told) and "alice@example.org" in told and "bob@example.org" in told
    bobs = next(part for part in sent if part.startswith("bob@example.org"))
    assert "Silent Owner" in bobs and "Half Owner" not in bobs
    assert services.run_notify(run.pk) == 0  # delivered again: nobody is emailed twice
    assert ImpactNotification.objects.filter(run=run).count() == len(told)


def test_a_worker_killed_mid_chunk_leaves_the_run_to_complete_once_per_file(people: dict[str, Any],
                                                                            redis_url: str, tmp_path: Path) -> None:
    # Given 2,400 files in chunks of 300, and one worker process
    demo_files_seed(firm_name=people["north"].name, count=2400, as_of=BEFORE, seed=3)
    log = (tmp_path / "worker.log").open("wb")
    with broker(redis_url):
        with worker(redis_url, log, pool="solo") as first:
            run = services.impact_run_start(firm=people["north"], as_of=AFTER, chunk_size=300)
            # When the worker is killed while a chunk's transaction is open (claimed, not done)
            victim = None
            deadline = time.monotonic() + 120
            while victim is None and time.monotonic() < deadline:
                victim = ImpactChunk.objects.filter(run=run, status=ImpactChunk.Status.PENDING, attempts=1).first()
                if victim is None:
                    time.sleep(0.005)
            assert victim is not None, "the worker never started a chunk"
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        victim.refresh_from_db()
        run.refresh_from_db()
        assert victim.status == ImpactChunk.Status.PENDING and victim.attempts == 1  # its writes were rolled back
        assert run.status == ImpactRun.Status.RUNNING and run.chunks_done < run.chunks_total

        # Then another worker, with the sweep that queues again the chunks no worker holds, finishes the run
        with worker(redis_url, log, pool="prefork", concurrency=2):
            run = wait_for_run(run, 180, sweep=True)

    victim.refresh_from_db()
    assert victim.status == ImpactChunk.Status.DONE and victim.attempts == 2
    assert run.chunks_total == 8
    assert_written_once_per_file(run)
    assert set(FileImpact.objects.filter(run=run).values_list("client_file_id", flat=True)) == \
        expected_changes(BEFORE, AFTER)
