"""Every change to a client file goes through these functions, and each writes its audit row in
the same transaction. Background work is queued only after the transaction commits."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import AuditEvent, ClientFile, Firm, Job, Screening
from streams.engine import parse_request
from streams.services import screen_request, screening_today

log = logging.getLogger(__name__)


def _audit(client_file: ClientFile, actor: Any, action: str, **details: Any) -> None:
    AuditEvent.objects.create(client_file=client_file, actor=actor if getattr(actor, "pk", None) else None,
                              action=action, details=details)


def _facts(request: dict[str, Any]) -> dict[str, Any]:
    """The facts of a request, validated (RequestError names a bad field; nothing is stored)."""
    facts = {k: v for k, v in request.items() if k not in ("schema_version", "as_of", "language")}
    parse_request({"schema_version": "1", **facts})
    return facts


@transaction.atomic
def client_file_create(*, firm: Firm, actor: Any, client_name: str, request: dict[str, Any],
                       applicant: Any = None, employer: Any = None) -> ClientFile:
    client_file = ClientFile.objects.create(firm=firm, client_name=client_name, request=_facts(request),
                                            applicant=applicant, employer=employer, created_by=actor)
    _audit(client_file, actor, "created", client_name=client_name)
    return client_file


@transaction.atomic
def client_file_update_request(*, client_file: ClientFile, actor: Any, request: dict[str, Any]) -> ClientFile:
    facts = _facts(request)
    before = client_file.request
    client_file.request = facts
    client_file.save(update_fields=["request", "updated_at"])
    changed = sorted(_changed_paths(before, facts))
    _audit(client_file, actor, "facts_changed", fields=changed)
    return client_file


def _changed_paths(before: Any, after: Any, prefix: str = "") -> set[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        paths: set[str] = set()
        for key in set(before) | set(after):
            paths |= _changed_paths(before.get(key), after.get(key), f"{prefix}.{key}".lstrip("."))
        return paths
    return set() if before == after else {prefix}


@transaction.atomic
def client_file_set_status(*, client_file: ClientFile, actor: Any, status: str) -> ClientFile:
    if status not in ClientFile.Status.values:
        raise ValueError(f"unknown status {status!r}")
    previous = client_file.status
    client_file.status = status
    client_file.save(update_fields=["status", "updated_at"])
    _audit(client_file, actor, "status_changed", before=previous, after=status)
    return client_file


@transaction.atomic
def client_file_add_note(*, client_file: ClientFile, actor: Any, note: str) -> ClientFile:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    client_file.notes = f"{client_file.notes}\n[{stamp}] {note}".strip()
    client_file.save(update_fields=["notes", "updated_at"])
    _audit(client_file, actor, "note_added", note=note)
    return client_file


def _digest(request: dict[str, Any], as_of: date, language: str) -> str:
    canonical = json.dumps({"request": request, "as_of": as_of.isoformat(), "language": language},
                           sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def screening_run(*, client_file: ClientFile, actor: Any, as_of: date | None = None,
                  language: str = "en") -> Screening:
    """Screen the file's facts; the same facts, date, language and rules give back the same screening.
    Its result, and the checklist and report made from it, are written in ``language`` ("en" or "fr")."""
    day = as_of or screening_today()
    request = {"schema_version": "1", **client_file.request, "as_of": day.isoformat(), "language": language}
    result = screen_request(request)
    digest = _digest(client_file.request, day, language)
    screening, created = Screening.objects.get_or_create(
        client_file=client_file, input_digest=digest, rulebook_version=result["rulebook_version"],
        defaults={"request": request, "result": result, "as_of": day, "created_by": actor},
    )
    if created:
        _audit(client_file, actor, "screened", screening=screening.pk, as_of=day.isoformat(),
               rulebook_version=screening.rulebook_version)
        if client_file.status == ClientFile.Status.INTAKE:
            client_file.status = ClientFile.Status.SCREENING
            client_file.save(update_fields=["status", "updated_at"])
    # Rule-change impact: keep the file's latest decisions (compact) for bulk re-screening.
    from impact.services import file_decision_record

    file_decision_record(screening=screening)
    return screening


def screening_rerun(*, screening: Screening) -> dict[str, Any]:
    """The stored request screened again with today's rulebook (to see what the rules now say)."""
    return screen_request(screening.request)


def job_request(*, screening: Screening, actor: Any, kind: str) -> Job:
    """Record the job, then queue it once the row is committed (a task never sees it missing)."""
    with transaction.atomic():
        job = Job.objects.create(client_file=screening.client_file, screening=screening, kind=kind, created_by=actor)
        _audit(screening.client_file, actor, f"{kind}_requested", job=str(job.pk), screening=screening.pk)
        transaction.on_commit(lambda: job_enqueue(job.pk))
    return job


def job_enqueue(job_id: Any) -> None:
    """Hand the job to Celery. If the broker is down the job stays pending in the database and the
    periodic sweep queues it again once the broker is back."""
    from applications.tasks import job_run

    try:
        job_run.apply_async(args=[str(job_id)], retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: keep the job, log, let the sweep retry
        log.warning("could not queue job %s; it stays pending until the broker is back", job_id, exc_info=True)


def job_execute(job_id: Any) -> None:
    """Run a pending job once. A second delivery of the same job finds it no longer pending and
    does nothing (the row is locked while its state is checked)."""
    from applications.checklist import checklist_build
    from applications.reports import report_render

    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.PENDING:
            return
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.save(update_fields=["status", "attempts", "updated_at"])
    try:
        screening = job.screening
        checklist = checklist_build(screening.request, screening.result)
        if job.kind == Job.Kind.CHECKLIST:
            job.checklist = checklist
        else:
            job.checklist = checklist
            job.report_html, job.report_pdf = report_render(screening, checklist)
        job.status = Job.Status.DONE
        job.error = ""
        job.save(update_fields=["checklist", "report_html", "report_pdf", "status", "error", "updated_at"])
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(status=Job.Status.PENDING, error=str(exc)[:2000])
        raise


def job_fail(job_id: Any, error: str) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, error=error[:2000])


def jobs_requeue_pending(*, older_than_seconds: int = 30) -> int:
    """Queue again the jobs still pending (e.g. requested while the broker was down)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(Job.objects.filter(status=Job.Status.PENDING, updated_at__lte=cutoff).values_list("pk", flat=True))
    for job_id in ids:
        job_enqueue(job_id)
    return len(ids)
