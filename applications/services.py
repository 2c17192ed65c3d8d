"""Every change to a client file goes through these functions, and each writes its audit row in
the same transaction. Background work is queued only after the transaction commits."""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from applications.models import AuditEvent, ClientFile, Firm, Job, Note, Screening
from applications.selectors import client_file_changes_since
from streams.engine import parse_request
from streams.engine.decisions import best_stream, decisions_of_result
from streams.services import request_refuse_unstorable, screen_request, screening_today

log = logging.getLogger(__name__)


def _audit(client_file: ClientFile, actor: Any, action: str, *, file_version: int | None = None,
           **details: Any) -> None:
    AuditEvent.objects.create(client_file=client_file, actor=actor if getattr(actor, "pk", None) else None,
                              action=action, details=details, file_version=file_version)


class FileChanged(Exception):
    """The file changed since the version a save was based on; nothing was saved. ``client_file`` is
    the file as it is now, ``changes`` what was changed since (who, when, which fields)."""

    def __init__(self, client_file: ClientFile, changes: list[dict[str, Any]]) -> None:
        super().__init__(f"client file {client_file.pk} is at version {client_file.version}")
        self.client_file = client_file
        self.changes = changes


def _facts(request: dict[str, Any]) -> dict[str, Any]:
    """The facts of a request, validated (RequestError names a bad field; nothing is stored)."""
    facts = {k: v for k, v in request.items() if k not in ("schema_version", "as_of", "language")}
    request_refuse_unstorable(facts)
    parse_request({"schema_version": "1", **facts})
    return facts


@transaction.atomic
def client_file_create(*, firm: Firm, actor: Any, client_name: str, request: dict[str, Any],
                       applicant: Any = None, employer: Any = None, source: str = "") -> ClientFile:
    """A new file; ``source`` says where its facts came from when not typed by a consultant
    ("intake_link": the applicant sent them; "private_link": imported from her private link)."""
    request_refuse_unstorable(client_name, loc="client_name")
    client_file = ClientFile.objects.create(firm=firm, client_name=client_name, request=_facts(request),
                                            applicant=applicant, employer=employer,
                                            created_by=actor if getattr(actor, "pk", None) else None)
    _audit(client_file, actor, "created", file_version=client_file.version, **({"source": source} if source else {}))
    return client_file


@transaction.atomic
def client_file_update(*, client_file: ClientFile, actor: Any, version: int | None,
                       request: dict[str, Any] | None = None, status: str | None = None,
                       client_name: str | None = None) -> ClientFile:
    """Change a file's facts, status or name in one step, based on ``version`` (None: whatever the file
    is now). The row is locked while its version is compared, so of two saves based on the same
    version exactly one goes through; the other raises ``FileChanged``. A save that changes nothing
    moves nothing. ``client_file`` is updated in place and returned."""
    current = ClientFile.objects.select_for_update().get(pk=client_file.pk)
    if version is not None and current.version != version:
        raise FileChanged(current, client_file_changes_since(current, version))
    facts = _facts(request) if request is not None else None  # a bad request stores nothing
    if status is not None and status not in ClientFile.Status.values:
        raise ValueError(f"unknown status {status!r}")
    changes: list[tuple[str, dict[str, Any]]] = []
    if facts is not None and facts != current.request:
        changes.append(("facts_changed", {"fields": sorted(_changed_paths(current.request, facts))}))
        current.request = facts
    if status is not None and status != current.status:
        changes.append(("status_changed", {"before": current.status, "after": status}))
        current.status = status
        # the retention period of a closed file runs from its closing (reopening stops it)
        current.closed_at = timezone.now() if status == ClientFile.Status.CLOSED else None
    if client_name is not None and client_name != current.client_name:
        changes.append(("renamed", {"fields": ["client_name"]}))  # not the names: the audit log keeps no personal data
        current.client_name = client_name
    if changes:
        current.version += 1
        current.save(update_fields=["request", "status", "closed_at", "client_name", "version", "updated_at"])
        for action, details in changes:
            _audit(current, actor, action, file_version=current.version, **details)
    for field in ("request", "status", "closed_at", "client_name", "version", "updated_at"):
        setattr(client_file, field, getattr(current, field))
    return client_file


@transaction.atomic
def client_file_erase(*, client_file: ClientFile, actor: Any, reason: str = "requested") -> AuditEvent:
    """Erase a client file for good: its facts, screenings, checklists and reports, notes and audit
    events go with it. What remains is one tombstone audit row with no personal data: which file
    number of which firm was erased, why ("requested", "retention"), by whom, and how much went."""
    current = ClientFile.objects.select_for_update().get(pk=client_file.pk)
    counts = {"screenings": current.screenings.count(), "jobs": current.jobs.count(),
              "notes": current.notes.count()}
    firm, number = current.firm, current.pk
    current.delete()
    return AuditEvent.objects.create(client_file=None, firm=firm, actor=actor if getattr(actor, "pk", None) else None,
                                      action="file_erased", details={"file": number, "reason": reason, **counts})


def client_files_purge_closed() -> int:
    """Erase the files closed more than CLOSED_FILES_RETENTION_DAYS ago (daily, from Celery beat).
    Returns how many were erased."""
    cutoff = timezone.now() - timezone.timedelta(days=settings.CLOSED_FILES_RETENTION_DAYS)
    erased = 0
    for client_file in ClientFile.objects.filter(status=ClientFile.Status.CLOSED, closed_at__lte=cutoff):
        client_file_erase(client_file=client_file, actor=None, reason="retention")
        erased += 1
    return erased


def client_file_update_request(*, client_file: ClientFile, actor: Any, request: dict[str, Any],
                               version: int | None = None) -> ClientFile:
    return client_file_update(client_file=client_file, actor=actor, version=version, request=request)


def facts_merge(base: dict[str, Any], mine: dict[str, Any],
                theirs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Three-way merge of facts edited from ``base`` by me and, meanwhile, by someone else (``theirs``,
    now stored). Facts are the leaves the audit log names (an object's keys; a list is one fact).
    Returns their facts with each of my changes applied, and the facts we both changed differently
    (mine win there, for the person to check)."""
    mine_changed = _changed_paths(base, mine)
    theirs_changed = _changed_paths(base, theirs)
    merged = copy.deepcopy(theirs)
    for path in sorted(mine_changed):
        _put(merged, path, _get(mine, path))

    def overlaps(a: str, b: str) -> bool:
        return a == b or a.startswith(b + ".") or b.startswith(a + ".")

    both = sorted(p for p in mine_changed if any(overlaps(p, q) for q in theirs_changed)
                  and _get(mine, p) != _get(theirs, p))
    return merged, both


def fact_at(data: Any, path: str) -> Any:
    """The value of the fact at a dotted path (None when absent)."""
    return _get(data, path)


def _get(data: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        if not isinstance(data.get(key), dict):
            data[key] = {}
        data = data[key]
    if value is None:
        data.pop(last, None)
    else:
        data[last] = copy.deepcopy(value)


def _changed_paths(before: Any, after: Any, prefix: str = "") -> set[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        paths: set[str] = set()
        for key in set(before) | set(after):
            paths |= _changed_paths(before.get(key), after.get(key), f"{prefix}.{key}".lstrip("."))
        return paths
    return set() if before == after else {prefix}


def client_file_set_status(*, client_file: ClientFile, actor: Any, status: str,
                           version: int | None = None) -> ClientFile:
    return client_file_update(client_file=client_file, actor=actor, version=version, status=status)


@transaction.atomic
def client_file_add_note(*, client_file: ClientFile, actor: Any, note: str) -> Note:
    """Add a consultant's note as a row of its own: notes added at the same moment are all kept. The
    audit row names the note, never its text (that stays in the note, erased with the file)."""
    request_refuse_unstorable(note, loc="note")
    text = note.strip()
    if not text:
        raise ValueError("a note needs some text")
    created = Note.objects.create(client_file=client_file, author=actor if getattr(actor, "pk", None) else None,
                                  text=text)
    # Marks the file as recently active (file list order); an UPDATE of one column loses nothing.
    ClientFile.objects.filter(pk=client_file.pk).update(updated_at=timezone.now())
    _audit(client_file, actor, "note_added", note=created.pk)
    return created


def _digest(request: dict[str, Any], as_of: date, language: str) -> str:
    canonical = json.dumps({"request": request, "as_of": as_of.isoformat(), "language": language},
                           sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def screening_run(*, client_file: ClientFile, actor: Any, as_of: date | None = None,
                  language: str = "en") -> Screening:
    """Screen the file's facts; the same facts, date, language and rules give back the same screening.
    Its result, and the checklist and report made from it, are written in ``language`` ("en" or "fr").
    The file keeps the screening's best-fitting stream at a glance (``client_file_glance_record``)."""
    screening = screening_record(client_file=client_file, actor=actor, as_of=as_of or screening_today(),
                                 language=language)
    if client_file.status == ClientFile.Status.INTAKE:
        client_file_update(client_file=client_file, actor=actor, version=None, status=ClientFile.Status.SCREENING)
    client_file_glance_record(client_file=client_file, screening=screening)
    # Rule-change impact: keep the file's latest decisions (compact) for bulk re-screening.
    from impact.services import file_decision_record

    file_decision_record(screening=screening)
    return screening


def screening_record(*, client_file: ClientFile, actor: Any, as_of: date, language: str) -> Screening:
    """The stored screening of the file's facts as of ``as_of`` in ``language``, made (and audited)
    unless the same facts, day, language and rules were screened already. Nothing else on the file
    changes: ``screening_run`` adds the file's glance and kept decisions; a rule-change impact,
    which kept them already, makes its full screening this way when it is first opened."""
    request = {"schema_version": "1", **client_file.request, "as_of": as_of.isoformat(), "language": language}
    result = screen_request(request, documents=True)
    digest = _digest(client_file.request, as_of, language)
    screening, created = Screening.objects.get_or_create(
        client_file=client_file, input_digest=digest, rulebook_version=result["rulebook_version"],
        defaults={"request": request, "result": result, "as_of": as_of, "created_by": actor,
                  "decisions": decisions_of_result(result)},
    )
    if created:
        _audit(client_file, actor, "screened", screening=screening.pk, as_of=as_of.isoformat(),
               rulebook_version=screening.rulebook_version)
    return screening


def client_file_glance_record(*, client_file: ClientFile, screening: Screening) -> ClientFile:
    """Keep on the file what its list shows of its latest screening: the best-fitting stream, its
    outcome, code and length, the facts it still needs, and when (and on which version of the facts)
    it was screened. Derived data: the screening's own audit row records the screening."""
    decided = screening.decisions or decisions_of_result(screening.result)
    values = {**_glance_values(decided), "screened_at": timezone.now(), "latest_screening": screening,
              "screened_version": client_file.version}
    # One UPDATE of these columns only: a colleague's concurrent save of the facts is left intact.
    ClientFile.objects.filter(pk=client_file.pk).update(**values)
    for name, value in values.items():
        setattr(client_file, name, value)
    return client_file


def client_files_glance_rescreened(changed: Iterable[tuple[int, int | None, Mapping[str, Any]]]) -> None:
    """The list follows a bulk re-screening (rule-change impact): for each (file id, new screening id,
    decisions) of a file whose decisions changed, the same columns as ``client_file_glance_record``
    (the facts screened were the file's current ones)."""
    now = timezone.now()
    files, with_screening = [], []
    for file_id, screening_id, decided in changed:
        client_file = ClientFile(pk=file_id, **_glance_values(decided), screened_at=now,
                                 latest_screening_id=screening_id, screened_version=F("version"))
        # The run stores no full screening (one is made when its impact is opened): the file's
        # latest stored screening stays the one its list links to.
        (with_screening if screening_id is not None else files).append(client_file)
    glance = ["best_stream", "best_outcome", "best_code", "best_months", "missing_facts", "screened_at",
              "screened_version"]
    # One UPDATE per group of files (CASE by id), not one per file.
    ClientFile.objects.bulk_update(files, glance, batch_size=500)
    ClientFile.objects.bulk_update(with_screening, [*glance, "latest_screening"], batch_size=500)


def _glance_values(decided: Mapping[str, Any]) -> dict[str, Any]:
    best = best_stream(decided)
    stream_id, stream = best if best is not None else ("", {})
    return {
        "best_stream": stream_id, "best_outcome": stream.get("outcome", ""), "best_code": stream.get("code") or "",
        "best_months": stream.get("months"),
        # what it still needs when it needs information (an ineligible stream's facts would not help it)
        "missing_facts": list(stream.get("missing", []))[:50] if stream.get("outcome") == "needs_information" else [],
    }


def screening_rerun(*, screening: Screening) -> dict[str, Any]:
    """The stored request screened again with today's rulebook (to see what the rules now say)."""
    return screen_request(screening.request, documents=True)


def job_request(*, screening: Screening, actor: Any, kind: str, streams: list[str] | None = None) -> Job:
    """Record the job, then queue it once the row is committed (a task never sees it missing). The
    checklist and report are for ``streams`` (none: those that fit); a stream that is not open in the
    screening raises ``StreamsRefused`` and records nothing."""
    from applications.checklist import streams_chosen

    chosen = streams_chosen(screening.result, streams)
    with transaction.atomic():
        job = Job.objects.create(client_file=screening.client_file, screening=screening, kind=kind, streams=chosen,
                                 created_by=actor)
        _audit(screening.client_file, actor, f"{kind}_requested", job=str(job.pk), screening=screening.pk,
               streams=chosen)
        transaction.on_commit(lambda: job_enqueue(job.pk))
    return job


def job_enqueue(job_id: Any, *, countdown: float | None = None) -> None:
    """Hand the job to Celery. If the broker is down the job stays pending in the database and the
    periodic sweep queues it again once the broker is back."""
    from applications.tasks import job_run

    try:
        job_run.apply_async(args=[str(job_id)], countdown=countdown, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: keep the job, log, let the sweep retry
        log.warning("could not queue job %s; it stays pending until the broker is back", job_id, exc_info=True)


class JobLeased(Exception):
    """Another worker holds the job (its lease has ``seconds`` left): try again once it has ended."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"leased for {seconds:.0f} more seconds")
        self.seconds = seconds


# Shown to the consultant (page and API); the audit row keeps the reason's code only.
WORKER_LOST = ("The worker making it stopped before finishing (killed, out of memory, restarted, or stopped at "
               "its time limit).")


def _job_audit(job: Job, action: str, **details: Any) -> None:
    AuditEvent.objects.create(client_file_id=job.client_file_id, actor=None, action=f"{job.kind}_{action}",
                              details={"job": str(job.pk), **details})


def _job_lease_lost(job: Job) -> bool:
    """The worker holding a running job (locked by the caller) is gone. Returns whether the job may be
    tried again; after the last attempt it is marked failed, with the reason."""
    max_attempts = settings.JOB_MAX_ATTEMPTS
    job.lease_expires_at = None
    if job.attempts >= max_attempts:
        job.status = Job.Status.FAILED
        job.error = f"{WORKER_LOST} Tried {job.attempts} times; not tried again."
        job.save(update_fields=["status", "error", "lease_expires_at", "updated_at"])
        _job_audit(job, "failed", reason="worker_lost", attempt=job.attempts)
        return False
    job.error = WORKER_LOST
    _job_audit(job, "retrying", reason="worker_lost", attempt=job.attempts)
    return True


def job_execute(job_id: Any) -> None:
    """Run a job once. The worker leases the job row (status RUNNING until ``lease_expires_at``):

    - a second delivery while the lease runs raises ``JobLeased`` (the job may still be in progress);
    - a delivery after the lease has ended takes the job over: its worker was lost;
    - a finished or failed job is left alone, and a missing one (its file was erased) is ignored;
    - only the attempt that still holds the job writes its result (a worker that outlived its lease
      writes nothing), so a job completes exactly once.

    A failed attempt puts the job back to pending and raises, for the task to retry it; after the
    last attempt the job is marked failed instead, and nothing is raised."""
    from applications import reports
    from applications.checklist import checklist_build

    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            log.info("job %s no longer exists (its file was erased); nothing to do", job_id)
            return
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            return
        now = timezone.now()
        if job.status == Job.Status.RUNNING:
            if job.lease_expires_at is not None and job.lease_expires_at > now:
                raise JobLeased((job.lease_expires_at - now).total_seconds())
            if not _job_lease_lost(job):
                return
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.lease_expires_at = now + timezone.timedelta(seconds=settings.JOB_LEASE_SECONDS)
        job.save(update_fields=["status", "attempts", "lease_expires_at", "error", "updated_at"])
        _job_audit(job, "started", attempt=job.attempts)
    attempt = job.attempts
    _hold_for_tests(job.pk, attempt)
    try:
        screening = job.screening
        checklist = checklist_build(screening.request, screening.result, job.streams or None)
        checklist_pdf = reports.checklist_render(job, checklist)
        html, pdf = reports.report_render(job, checklist) if job.kind == Job.Kind.REPORT else ("", None)
    except Exception as exc:
        if _job_attempt_failed(job, attempt, exc):
            raise
        log.exception("job %s failed on its last attempt", job.pk)
        return
    with transaction.atomic():
        finished = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=attempt).update(
            status=Job.Status.DONE, checklist=checklist, checklist_pdf=checklist_pdf, report_html=html, report_pdf=pdf,
            error="",
            lease_expires_at=None, updated_at=timezone.now())
        if finished:
            _job_audit(job, "done", attempt=attempt)
        else:
            log.warning("job %s: attempt %s ended after losing its lease; its result is dropped", job.pk, attempt)


def _job_attempt_failed(job: Job, attempt: int, exc: BaseException) -> bool:
    """Record a failed attempt (if it still holds the job). Returns whether to try again."""
    from celery.exceptions import SoftTimeLimitExceeded

    timed_out = isinstance(exc, SoftTimeLimitExceeded)
    reason = (f"It took longer than {settings.CELERY_TASK_SOFT_TIME_LIMIT} seconds." if timed_out
              else str(exc) or type(exc).__name__)
    again = attempt < settings.JOB_MAX_ATTEMPTS
    with transaction.atomic():
        held = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=attempt).update(
            status=Job.Status.PENDING if again else Job.Status.FAILED, error=reason[:2000],
            lease_expires_at=None, updated_at=timezone.now())
        if held:
            _job_audit(job, "retrying" if again else "failed", reason="time_limit" if timed_out else "error",
                       attempt=attempt)
    return again and bool(held)


def job_fail(job_id: Any, error: str) -> None:
    """Give up on a job (the task's retries are spent): failed, with the reason."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (Job.Status.DONE, Job.Status.FAILED):
            return
        job.status, job.error, job.lease_expires_at = Job.Status.FAILED, error[:2000], None
        job.save(update_fields=["status", "error", "lease_expires_at", "updated_at"])
        _job_audit(job, "failed", reason="error", attempt=job.attempts)


def jobs_requeue_pending(*, older_than_seconds: int = 30) -> int:
    """Queue again the jobs still pending (e.g. requested while the broker was down)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(Job.objects.filter(status=Job.Status.PENDING, updated_at__lte=cutoff).values_list("pk", flat=True))
    for job_id in ids:
        job_enqueue(job_id)
    return len(ids)


def jobs_recover() -> int:
    """Take back the running jobs whose lease has ended (their worker was lost): queue them again, or
    mark them failed after the last attempt. Returns how many were queued again. Run every minute
    by Celery beat; a row another sweep is handling is skipped."""
    now = timezone.now()
    expired = Q(status=Job.Status.RUNNING) & (Q(lease_expires_at__lte=now) | Q(lease_expires_at__isnull=True))
    queued = 0
    for job_id in Job.objects.filter(expired).values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update(skip_locked=True).filter(Q(pk=job_id) & expired).first()
            if job is None or not _job_lease_lost(job):
                continue
            job.status = Job.Status.PENDING
            job.save(update_fields=["status", "error", "lease_expires_at", "updated_at"])
            transaction.on_commit(lambda job_id=job.pk: job_enqueue(job_id))
            queued += 1
    return queued


def _hold_for_tests(job_id: Any, attempt: int) -> None:
    """Test only (JOBS_TEST_HOLD_FILE exists in the test settings alone): say that this attempt has
    started, then wait while that file exists, so that a test can kill the worker mid-job."""
    hold = getattr(settings, "JOBS_TEST_HOLD_FILE", "")
    if not hold:
        return
    Path(f"{hold}.{job_id}.{attempt}.started").write_text(str(os.getpid()))
    while Path(hold).exists():
        time.sleep(0.05)
