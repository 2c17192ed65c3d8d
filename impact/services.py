"""Rule-change impact: bulk re-screening of stored client files, and what it changed.

A run re-screens a firm's files (or every firm's) as of one day, in chunks of files that are
Celery tasks. A chunk reads only each file's facts and its compact latest decisions
(``FileDecision``), screens with the engine without writing any text, and compares. Only for the
files whose decisions changed does it store a ``FileImpact`` row (streams that changed outcome,
criteria that changed status, their explanations before and after, rendered for those rows only).
The full screening is made when someone opens the impact (``impact_screening``): most are never
opened, and it is by far the largest row. The other files get one UPDATE for the whole chunk.
A chunk is written in one transaction with its own row locked and marked done, so a chunk
delivered twice, or again after its worker died, writes nothing twice. The run is complete when
the database counts every chunk done.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from applications.models import AuditEvent, ClientFile, Firm, Screening
from applications.services import client_files_glance_rescreened, screening_record
from impact.bulk import bulk_insert, copy_insert
from impact.models import FileDecision, FileImpact, ImpactChunk, ImpactRun
from streams.engine import RequestError, default_rulebook, evaluate, parse_request
from streams.engine.decisions import StreamChange, compare, decisions, decisions_of_result
from streams.engine.evaluate import Screening as EngineScreening
from streams.engine.render import explanation as render_explanation
from streams.services import screening_today

log = logging.getLogger(__name__)

MAX_CHUNK_ATTEMPTS = 5  # deliveries that start a chunk; past this it is marked failed
CHANGED_AT_ONCE = 50  # changed files rendered and stored together (bounds a worker's memory)
_NOT_KNOWN = frozenset({None, "unknown"})
_OUTCOME_RANK = {"eligible": 0, "needs_information": 1, "not_assessed": 2, "ineligible": 3}


def rulebook_version() -> str:
    return default_rulebook().version


# --- what changed --------------------------------------------------------------------------------


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[StreamChange]:
    """The changes worth telling a consultant: a stream's outcome, or a criterion that becomes or
    stops being met or unmet. A criterion coming into force (or leaving) while its facts are
    unknown changes nothing anyone can act on, unless the stream's outcome moves with it."""
    kept = []
    for change in compare({"streams": before}, {"streams": after}):
        if change.before != change.after:
            kept.append(change)
            continue
        criteria = [c for c in change.criteria if not {c[1], c[2]} <= _NOT_KNOWN]
        if criteria:
            kept.append(StreamChange(change.stream, change.before, change.after, criteria))
    return kept


def rank_of(changes: Iterable[StreamChange]) -> int:
    """Best news first: a stream newly open to the client, then one newly closed, then the rest."""
    moved = [c for c in changes if c.before != c.after]
    if not moved:
        return FileImpact.Rank.CRITERIA_CHANGED
    if any(c.after == "eligible" for c in moved):
        return FileImpact.Rank.NEWLY_ELIGIBLE
    if any(c.after == "ineligible" for c in moved):
        return FileImpact.Rank.NEWLY_INELIGIBLE
    return FileImpact.Rank.OUTCOME_CHANGED


# --- each file's latest decisions ----------------------------------------------------------------


def file_decision_record(*, screening: Screening) -> FileDecision:
    """Keep the decisions of a consultant's screening as the file's latest (called by
    ``applications.services.screening_run``, in its transaction)."""
    decided = decisions_of_result(screening.result)
    decision, _ = FileDecision.objects.update_or_create(
        client_file_id=screening.client_file_id,
        defaults={"decisions": decided["streams"], "rulebook_version": screening.rulebook_version,
                  "as_of": screening.as_of, "language": screening.request.get("language", "en"),
                  "screening": screening, "run": None, "decided_at": timezone.now()},
    )
    return decision


# --- runs ----------------------------------------------------------------------------------------


def impact_run_start(*, firm: Firm | None, as_of: date | None = None, actor: Any = None,
                     trigger: str = ImpactRun.Trigger.COMMAND, trigger_key: str | None = None,
                     chunk_size: int | None = None) -> ImpactRun:
    """Start re-screening ``firm``'s files (every firm's when None) as of ``as_of`` (today when
    None; a later day previews a rule taking effect then, without replacing today's decisions).
    The chunks are queued once the run is committed; without a broker they run here and now."""
    today = screening_today()
    day = as_of or today
    size = chunk_size or settings.IMPACT_CHUNK_SIZE
    with transaction.atomic():
        run = ImpactRun.objects.create(
            firm=firm, as_of=day, preview=day > today, rulebook_version=rulebook_version(), trigger=trigger,
            trigger_key=trigger_key, started_by=actor if getattr(actor, "pk", None) else None,
        )
        now = timezone.now()
        chunks = [ImpactChunk(run=run, firm_id=firm_id, first_file_id=first, last_file_id=last, files=count,
                              enqueued_at=now)
                  for firm_id, first, last, count in _ranges(firm, size)]
        ImpactChunk.objects.bulk_create(chunks, batch_size=1000)
        run.chunks_total = len(chunks)
        run.files = sum(chunk.files for chunk in chunks)
        if not chunks:
            run.status, run.finished_at, run.seconds = ImpactRun.Status.DONE, now, 0.0
        run.save(update_fields=["chunks_total", "files", "status", "finished_at", "seconds"])
        chunk_ids = list(ImpactChunk.objects.filter(run=run).order_by("pk").values_list("pk", flat=True))
        transaction.on_commit(lambda: chunks_enqueue(chunk_ids))
    return run


def _ranges(firm: Firm | None, size: int) -> Iterator[tuple[int, int, int, int]]:
    """(firm id, first file id, last file id, files) for runs of at most ``size`` files of one firm;
    the ids are streamed, never all held."""
    files = ClientFile.objects.all() if firm is None else ClientFile.objects.filter(firm=firm)
    current: list[int] | None = None  # [firm id, first, last, count]
    for firm_id, file_id in files.order_by("firm_id", "pk").values_list("firm_id", "pk").iterator(chunk_size=5000):
        if current is None or current[0] != firm_id or current[3] >= size:
            if current is not None:
                yield current[0], current[1], current[2], current[3]
            current = [firm_id, file_id, file_id, 0]
        current[2] = file_id
        current[3] += 1
    if current is not None:
        yield current[0], current[1], current[2], current[3]


def chunks_enqueue(chunk_ids: Iterable[int]) -> None:
    """Hand chunks to Celery. If the broker is down they stay pending in the database and the
    periodic sweep queues them again."""
    from impact.tasks import chunk_run

    for chunk_id in chunk_ids:
        try:
            chunk_run.apply_async(args=[chunk_id], retry=False)
        except Exception:  # noqa: BLE001 - any broker failure: keep the chunk, let the sweep retry
            log.warning("could not queue impact chunk %s; it stays pending for the sweep", chunk_id, exc_info=True)


def chunks_requeue_pending(*, older_than_seconds: int = 120) -> int:
    """Queue again the chunks still pending that no worker holds: lost with a worker that died,
    or never queued because the broker was down. A chunk queued twice runs once."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    with transaction.atomic():
        ids = list(ImpactChunk.objects.select_for_update(skip_locked=True, of=("self",))
                   .filter(status=ImpactChunk.Status.PENDING, enqueued_at__lte=cutoff)
                   .order_by("pk").values_list("pk", flat=True)[:5000])
        ImpactChunk.objects.filter(pk__in=ids).update(enqueued_at=timezone.now())
    chunks_enqueue(ids)
    return len(ids)


def impact_run_for_new_rules() -> ImpactRun | None:
    """Start a run over every firm's files when the rulebook is newer than the decisions kept and
    no run has used it yet (the beat calls this; a deploy runs ``manage.py rescreen --all``)."""
    version = rulebook_version()
    if ImpactRun.objects.filter(rulebook_version=version, preview=False, firm__isnull=True).exists():
        return None
    if not FileDecision.objects.exclude(rulebook_version=version).exists():
        return None
    try:
        with transaction.atomic():
            return impact_run_start(firm=None, trigger=ImpactRun.Trigger.NEW_RULES, trigger_key=f"rules:{version}")
    except IntegrityError:  # another beat tick or node started it first
        return None


# --- a chunk -------------------------------------------------------------------------------------


def impact_chunk_execute(chunk_id: int) -> None:
    """Re-screen one chunk's files once. A delivery that finds the chunk done, failed or held by
    another worker does nothing; the chunk's writes and its "done" commit together."""
    with transaction.atomic():
        claim = (ImpactChunk.objects.select_for_update(skip_locked=True, of=("self",))
                 .filter(pk=chunk_id, status=ImpactChunk.Status.PENDING).first())
        if claim is None:
            return
        claim.attempts += 1
        claim.started_at = timezone.now()
        claim.save(update_fields=["attempts", "started_at"])
        if claim.attempts > MAX_CHUNK_ATTEMPTS:
            _chunk_fail(claim, f"gave up after {MAX_CHUNK_ATTEMPTS} attempts (the worker stopped each time)")
            return
    with transaction.atomic():
        chunk = ImpactChunk.objects.select_for_update(of=("self",)).select_related("run").get(pk=chunk_id)
        if chunk.status != ImpactChunk.Status.PENDING:
            return
        _fast_compression()
        tally = _rescreen(chunk)
        chunk.status = ImpactChunk.Status.DONE
        chunk.finished_at = timezone.now()
        chunk.files, chunk.screened, chunk.errors = tally.files, tally.screened, tally.errors
        chunk.changed, chunk.flipped = tally.changed, tally.flipped
        chunk.by_stream = dict(tally.by_stream)
        chunk.previous_rulebook_versions = sorted(tally.versions)
        chunk.save()
        _run_count(chunk, done=True)


def impact_chunk_fail(chunk_id: int, error: str) -> None:
    with transaction.atomic():
        chunk = (ImpactChunk.objects.select_for_update(of=("self",))
                 .filter(pk=chunk_id, status=ImpactChunk.Status.PENDING).first())
        if chunk is not None:
            _chunk_fail(chunk, error)


def _chunk_fail(chunk: ImpactChunk, error: str) -> None:
    chunk.status, chunk.error, chunk.finished_at = ImpactChunk.Status.FAILED, error[:2000], timezone.now()
    chunk.save(update_fields=["status", "error", "finished_at"])
    _run_count(chunk, done=False)


def _run_count(chunk: ImpactChunk, *, done: bool) -> None:
    """Add the chunk to its run's counts; the chunk that completes the run closes it."""
    if done:
        ImpactRun.objects.filter(pk=chunk.run_id).update(
            chunks_done=F("chunks_done") + 1, screened=F("screened") + chunk.screened,
            changed=F("changed") + chunk.changed, flipped=F("flipped") + chunk.flipped,
            errors=F("errors") + chunk.errors)
    else:
        ImpactRun.objects.filter(pk=chunk.run_id).update(chunks_failed=F("chunks_failed") + 1, error=chunk.error)
    run = ImpactRun.objects.select_for_update().get(pk=chunk.run_id)
    if run.status != ImpactRun.Status.RUNNING or run.chunks_done + run.chunks_failed < run.chunks_total:
        return
    by_stream: Counter[str] = Counter()
    versions: set[str] = set()
    for counts, before in run.chunks.filter(status=ImpactChunk.Status.DONE).values_list(
            "by_stream", "previous_rulebook_versions"):
        by_stream.update(counts)
        versions.update(before)
    run.by_stream = dict(sorted(by_stream.items()))
    run.previous_rulebook_versions = sorted(versions)
    run.status = ImpactRun.Status.FAILED if run.chunks_failed else ImpactRun.Status.DONE
    run.finished_at = timezone.now()
    run.seconds = (run.finished_at - run.created_at).total_seconds()
    run.save(update_fields=["by_stream", "previous_rulebook_versions", "status", "finished_at", "seconds"])
    if not run.preview:
        run_id = run.pk
        transaction.on_commit(lambda: run_notify_enqueue(run_id))


def run_notify_enqueue(run_id: int) -> None:
    from impact.tasks import run_notify

    try:
        run_notify.apply_async(args=[run_id], retry=False)
    except Exception:  # noqa: BLE001 - the periodic sweep queues them again (runs_notify_pending)
        log.warning("could not queue the emails of impact run %s", run_id, exc_info=True)


def runs_notify_pending(*, older_than_seconds: int = 120) -> int:
    """Queue again the emails of finished runs that still have files nobody was told about (the
    broker was down when the run finished, or the task failed); sending twice is prevented."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(ImpactRun.objects.filter(
        preview=False, status__in=[ImpactRun.Status.DONE, ImpactRun.Status.FAILED], finished_at__lte=cutoff,
        finished_at__gte=cutoff - timezone.timedelta(days=7),
        impacts__rank__lt=FileImpact.Rank.CRITERIA_CHANGED, impacts__notified_at__isnull=True,
    ).order_by().values_list("pk", flat=True).distinct())
    for run_id in ids:
        run_notify_enqueue(run_id)
    return len(ids)


@dataclass
class _Tally:
    files: int = 0
    screened: int = 0
    errors: int = 0
    changed: int = 0
    flipped: int = 0

    def __post_init__(self) -> None:
        self.by_stream: Counter[str] = Counter()
        self.versions: set[str] = set()


@dataclass
class _Changed:
    file_id: int
    facts: dict[str, Any]
    screening: EngineScreening
    decided: dict[str, Any]
    changes: list[StreamChange]
    before_as_of: date | None
    before_version: str
    before_screening_id: int | None
    language: str


def _rescreen(chunk: ImpactChunk) -> _Tally:
    run = chunk.run
    tally = _Tally()
    # JSON columns as text, decoded here by orjson: the facts go to the engine as they are.
    rows = list(ClientFile.objects.filter(firm_id=chunk.firm_id, pk__gte=chunk.first_file_id,
                                          pk__lte=chunk.last_file_id)
                .order_by("pk")
                .values_list("pk", Cast("request", TextField()), Cast("impact_decision__decisions", TextField()),
                             "impact_decision__rulebook_version", "impact_decision__as_of",
                             "impact_decision__language", "impact_decision__screening_id", "impact_decision__run_id"))
    tally.files = len(rows)
    backfill = _latest_screenings([row[0] for row in rows if row[2] is None])
    unchanged: list[int] = []
    skipped: list[int] = []
    first_seen: list[FileDecision] = []
    changed: list[_Changed] = []
    now = timezone.now()
    for file_id, facts_text, before_text, version, before_as_of, language, screening_id, last_run in rows:
        if last_run == run.pk:
            skipped.append(file_id)
            continue  # done already by this run
        try:
            request = parse_request(_request_body(facts_text), today=run.as_of)
        except RequestError:
            tally.errors += 1  # facts that cannot be screened on this day (e.g. born after it)
            skipped.append(file_id)
            continue
        screening = evaluate(request)
        decided = decisions(screening)["streams"]
        tally.screened += 1
        before = orjson.loads(before_text) if before_text is not None else None
        if before is None and file_id in backfill:
            stored = backfill[file_id]
            before, version, before_as_of = decisions_of_result(stored.result)["streams"], stored.rulebook_version, \
                stored.as_of
            language, screening_id = stored.request.get("language", "en"), stored.pk
        if before is None:
            first_seen.append(FileDecision(client_file_id=file_id, decisions=decided, as_of=run.as_of,
                                           rulebook_version=run.rulebook_version, run=run, decided_at=now))
            continue
        tally.versions.add(version)
        changes = changes_between(before, decided)
        if not changes:
            unchanged.append(file_id)
            continue
        changed.append(_Changed(file_id, orjson.loads(facts_text), screening, decided, changes, before_as_of, version,
                                screening_id, language or "en"))
    if not run.preview and unchanged:
        # One UPDATE for the chunk's range, less the few files handled one by one (a list of a
        # thousand ids would cost more to send than the update itself).
        others = [item.file_id for item in changed] + [d.client_file_id for d in first_seen] + skipped
        FileDecision.objects.filter(
            client_file__firm_id=chunk.firm_id, client_file_id__gte=unchanged[0], client_file_id__lte=unchanged[-1],
        ).exclude(client_file_id__in=others).update(
            rulebook_version=run.rulebook_version, as_of=run.as_of, run=run, decided_at=now)
    if not run.preview:
        bulk_insert(first_seen, plain_field="as_of", ignore_conflicts=True)
    for group in range(0, len(changed), CHANGED_AT_ONCE):  # results held for a few files at a time
        _store_changed(run, chunk.firm_id, changed[group:group + CHANGED_AT_ONCE], tally, now)
    return tally


_LZ4: dict[str, bool] = {}


def _fast_compression() -> None:
    """Compress the stored results of this transaction with lz4 rather than pglz on PostgreSQL
    (14+, built with lz4): half the cost of writing them. Any server reads either."""
    if connection.vendor != "postgresql" or _LZ4.get(connection.alias) is False:
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
        _LZ4[connection.alias] = True
    except DatabaseError:
        _LZ4[connection.alias] = False


def _request_body(facts: str) -> bytes:
    """A contract request made of the stored facts (a JSON object without ``schema_version``)."""
    body = facts.strip()
    if body == "{}":
        return b'{"schema_version": "1"}'
    if '"schema_version"' in body:
        return orjson.dumps({**orjson.loads(body), "schema_version": "1"})
    return ('{"schema_version": "1", ' + body[1:]).encode()


def _latest_screenings(file_ids: list[int]) -> dict[int, Screening]:
    """Each file's latest stored screening, for files whose decisions were never kept (files
    screened before this app existed): their "before"."""
    if not file_ids:
        return {}
    latest = Screening.objects.filter(client_file_id=OuterRef("pk")).order_by("-created_at", "-id").values("pk")[:1]
    ids = [i for i in ClientFile.objects.filter(pk__in=file_ids).annotate(latest=Subquery(latest))
           .values_list("latest", flat=True) if i is not None]
    return {s.client_file_id: s for s in Screening.objects.filter(pk__in=ids)}


def _store_changed(run: ImpactRun, firm_id: int, changed: list[_Changed], tally: _Tally, now: Any) -> None:
    from applications.services import _digest  # the key of a stored screening, shared with screening_run

    day = run.as_of
    digests = {item.file_id: _digest(item.facts, day, item.language) for item in changed}
    # A consultant may already have the same screening (same facts, day, language and rules): the
    # impact links to it. Otherwise none is stored now: the full screening (every stream's text, the
    # largest row by far) is made when someone opens the impact (``impact_screening``).
    after_ids = {file_id: pk for file_id, digest, pk in Screening.objects.filter(
        client_file_id__in=list(digests), rulebook_version=run.rulebook_version,
        input_digest__in=list(digests.values())).values_list("client_file_id", "input_digest", "pk")
        if digests[file_id] == digest}
    before_results = dict(Screening.objects.filter(
        pk__in=[item.before_screening_id for item in changed if item.before_screening_id]).values_list("pk", "result"))

    impacts, audits, decisions_kept = [], [], []
    for item in changed:
        moved = [c for c in item.changes if c.before != c.after]
        rank = rank_of(item.changes)
        tally.changed += 1
        if moved:
            tally.flipped += 1
            tally.by_stream.update(c.stream for c in moved)
        before_result = before_results.get(item.before_screening_id) if item.before_screening_id else None
        before_texts, source = _explanations_before(item, before_result, run)
        after_texts = _texts(item.screening, item.changes, item.language)
        criteria = []
        for change in item.changes:
            for criterion_id, was, now_status in change.criteria:
                row = after_texts.get(criterion_id, {})
                earlier = before_texts.get(criterion_id, {})
                criteria.append({"id": criterion_id, "stream": change.stream,
                                 "title": row.get("title") or earlier.get("title") or criterion_id,
                                 "before": was or "absent", "after": now_status or "absent",
                                 "explanation_before": earlier.get("explanation"),
                                 "explanation_after": row.get("explanation")})
        titles = {s.stream.id: s.stream.spec.title[item.language] for s in item.screening.streams}
        streams = [{"stream": c.stream, "title": titles.get(c.stream, c.stream), "before": c.before, "after": c.after,
                    "direction": c.direction} for c in moved]
        impacts.append(FileImpact(run=run, client_file_id=item.file_id, firm_id=firm_id, rank=rank, streams=streams,
                                  criteria=criteria, before_as_of=item.before_as_of,
                                  before_rulebook_version=item.before_version or "",
                                  before_screening_id=item.before_screening_id, before_source=source,
                                  after_screening_id=after_ids.get(item.file_id)))
        audits.append(AuditEvent(client_file_id=item.file_id, actor=None, action="rescreened", details={
            "run": run.pk, "screening": after_ids.get(item.file_id), "as_of": day.isoformat(), "preview": run.preview,
            "rulebook_version": run.rulebook_version,
            "streams": [{"stream": c.stream, "before": c.before, "after": c.after} for c in moved]}))
        decisions_kept.append(FileDecision(client_file_id=item.file_id, decisions=item.decided,
                                           rulebook_version=run.rulebook_version, as_of=day, language=item.language,
                                           screening_id=after_ids.get(item.file_id), run=run, decided_at=now))
    # New rows only: this chunk is locked and not done, so no other writer has these (run, file) pairs.
    copy_insert(impacts)
    copy_insert(audits)
    if not run.preview:  # replaced (deleted, then copied: cheaper than an upsert of JSON rows)
        FileDecision.objects.filter(pk__in=[d.client_file_id for d in decisions_kept]).delete()
        copy_insert(decisions_kept)
        # and the desk's list shows the new best fit of each changed file
        client_files_glance_rescreened((d.client_file_id, d.screening_id, d.decisions) for d in decisions_kept)


def _texts(screening: EngineScreening, changes: list[StreamChange], language: str) -> dict[str, dict[str, str]]:
    """Title and explanation of each criterion that changed, rendered from the screening's findings
    (only those rows: the rest of the screening is never written out)."""
    wanted = {cid for change in changes for cid, _, _ in change.criteria}
    streams = {change.stream for change in changes}
    texts = {}
    for stream in screening.streams:
        if stream.stream.id not in streams:
            continue
        for planned, finding in stream.findings:
            if planned.id in wanted and finding.status is not None:
                texts[planned.id] = {"title": planned.statics[language]["title"],
                                     "explanation": render_explanation(planned, finding, language, screening.book)}
    return texts


def _explanations_before(item: _Changed, before_result: Mapping[str, Any] | None,
                         run: ImpactRun) -> tuple[dict[str, dict[str, str]], str]:
    """Title and explanation, before, of each criterion that changed: from the stored screening,
    or else from the rules in force on the earlier day applied again to the facts."""
    wanted = {cid for change in item.changes for cid, _, _ in change.criteria}
    if before_result is not None:
        return ({c["id"]: {"title": c["title"], "explanation": c["explanation"]}
                 for s in before_result.get("streams", []) for c in s.get("criteria", []) if c["id"] in wanted},
                "screening")
    if item.before_as_of is None or item.before_version != run.rulebook_version:
        return {}, ""  # the earlier rules are gone: only a stored screening could say it in their words
    try:
        streams = sorted({change.stream for change in item.changes})  # only the streams that changed
        earlier = evaluate(parse_request(orjson.dumps({"schema_version": "1", **item.facts, "streams": streams}),
                                         today=item.before_as_of))
    except RequestError:
        return {}, ""
    return _texts(earlier, item.changes, item.language), "rules"


# --- telling the consultants ---------------------------------------------------------------------


def run_notify(run_id: int) -> int:
    """Email each consultant the files of theirs whose outcome changed in the run, once: the
    notification row (unique per run and consultant) and the email commit or fail together. Each
    consultant's files are read in turn (the email names at most 50), so a run that flips many
    files costs no more memory than one that flips a few."""
    from impact.models import ImpactNotification
    from impact.notifications import EMAIL_LISTS_AT_MOST, impact_email_send, recipients_for

    run = ImpactRun.objects.get(pk=run_id)
    if run.preview or run.status == ImpactRun.Status.RUNNING:
        return 0
    flipped = FileImpact.objects.filter(run=run, rank__lt=FileImpact.Rank.CRITERIA_CHANGED, notified_at__isnull=True)
    sent = 0
    for recipient, theirs in recipients_for(flipped).items():
        ordered = theirs.select_related("client_file").order_by("rank", "client_file__client_name", "pk")
        try:
            with transaction.atomic():
                count = theirs.count()
                ImpactNotification.objects.create(run=run, recipient=recipient, files=count)
                impact_email_send(run=run, recipient=recipient, impacts=list(ordered[:EMAIL_LISTS_AT_MOST]),
                                  count=count)
                file_ids = list(theirs.values_list("client_file_id", flat=True))
                theirs.update(notified_at=timezone.now())
                for start in range(0, len(file_ids), 1000):
                    copy_insert([AuditEvent(client_file_id=file_id, actor=None, action="impact_emailed",
                                            details={"run": run.pk, "to": recipient.get_username()})
                                 for file_id in file_ids[start:start + 1000]])
        except IntegrityError:
            continue  # this consultant was told already
        sent += 1
    return sent


def impact_run_request(*, firm: Firm, actor: Any, as_of: date | None = None) -> ImpactRun:
    """A consultant asks to re-screen the firm's files (or preview a later day): the firm's run
    still going is given back rather than a second one started."""
    running = ImpactRun.objects.filter(firm=firm, status=ImpactRun.Status.RUNNING).order_by("-pk").first()
    if running is not None:
        return running
    return impact_run_start(firm=firm, as_of=as_of, actor=actor, trigger=ImpactRun.Trigger.CONSULTANT)


def impact_screening(*, impact: FileImpact, actor: Any, language: str) -> Screening:
    """The full screening behind an impact, made the first time someone asks for it: the file's
    facts as of the run's day, under the rules in force now (the run's, unless they changed since),
    in the reader's language. The impact keeps it (and so, for later readers, links to it); the
    file's glance and kept decisions were written by the run and are left as they are."""
    if impact.after_screening_id is not None and impact.after_screening is not None:
        return impact.after_screening
    with transaction.atomic():
        locked = FileImpact.objects.select_for_update().get(pk=impact.pk)
        if locked.after_screening_id is not None:  # a colleague opened it first
            return Screening.objects.get(pk=locked.after_screening_id)
        screening = screening_record(client_file=impact.client_file, actor=actor, as_of=impact.run.as_of,
                                     language=language)
        FileImpact.objects.filter(pk=impact.pk).update(after_screening=screening)
    impact.after_screening = screening
    return screening
