"""Reads for rule-change impact: runs as a firm sees them, the files that changed, notices and
staleness for a file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum

from applications.models import ClientFile, Firm
from impact.models import FileDecision, FileImpact, ImpactChunk, ImpactRun
from impact.services import rulebook_version

RUNS_LISTED = 10


def impact_runs_for_firm(firm: Firm) -> QuerySet[ImpactRun]:
    """The firm's runs and the runs over every firm, latest first."""
    return ImpactRun.objects.filter(Q(firm=firm) | Q(firm__isnull=True)).order_by("-created_at", "-pk")


@dataclass
class RunFigures:
    """A run's counts as one firm sees them (a run over every firm shows the firm its own files)."""

    run: ImpactRun
    files: int = 0
    screened: int = 0
    changed: int = 0
    flipped: int = 0
    errors: int = 0
    chunks_total: int = 0
    chunks_done: int = 0
    by_stream: dict[str, int] = field(default_factory=dict)


def impact_run_figures(run: ImpactRun, firm: Firm) -> RunFigures:
    if run.firm_id == firm.pk and run.status != ImpactRun.Status.RUNNING:
        return RunFigures(run, run.files, run.screened, run.changed, run.flipped, run.errors, run.chunks_total,
                          run.chunks_done, dict(run.by_stream))
    chunks = run.chunks.filter(firm=firm)
    done = chunks.filter(status=ImpactChunk.Status.DONE)
    sums = done.aggregate(screened=Sum("screened"), changed=Sum("changed"), flipped=Sum("flipped"),
                          errors=Sum("errors"))
    by_stream: Counter[str] = Counter()
    for counts in done.values_list("by_stream", flat=True):
        by_stream.update(counts)
    return RunFigures(run, chunks.aggregate(files=Sum("files"))["files"] or 0, sums["screened"] or 0,
                      sums["changed"] or 0, sums["flipped"] or 0, sums["errors"] or 0, chunks.count(), done.count(),
                      dict(sorted(by_stream.items())))


def file_impacts_for_firm(run: ImpactRun, firm: Firm, *, flipped_only: bool = False) -> QuerySet[FileImpact]:
    """The firm's files the run changed: newly eligible first, newly not eligible next."""
    impacts = FileImpact.objects.filter(run=run, firm=firm)
    if flipped_only:
        impacts = impacts.filter(rank__lt=FileImpact.Rank.CRITERIA_CHANGED)
    return impacts.select_related("client_file").order_by("rank", "client_file__client_name", "pk")


def file_impact_current(client_file: ClientFile) -> FileImpact | None:
    """The latest change a run found in the file, unless a consultant has screened it since."""
    impact = (FileImpact.objects.filter(client_file=client_file).select_related("run")
              .order_by("-created_at", "-pk").first())
    if impact is None:
        return None
    screened_since = client_file.screenings.filter(created_by__isnull=False, created_at__gt=impact.created_at)
    return None if screened_since.exists() else impact


@dataclass
class Staleness:
    stale: bool
    version: str  # the rulebook of the file's latest decisions
    current: str
    as_of: Any = None
    checked_by_run: bool = False  # confirmed under today's rules by a run, without a new screening


def file_staleness(client_file: ClientFile) -> Staleness | None:
    """Whether the file's latest screening used older rules; None when it was never screened."""
    decision = FileDecision.objects.filter(client_file=client_file).first()
    if decision is None:
        return None
    current = rulebook_version()
    return Staleness(decision.rulebook_version != current, decision.rulebook_version, current, decision.as_of,
                     decision.run_id is not None and decision.screening_id is None)


def decision_is_stale(client_file: ClientFile) -> bool:
    """For lists: reads ``client_file.impact_decision`` (select it with the files)."""
    try:
        decision = client_file.impact_decision
    except FileDecision.DoesNotExist:
        return False
    return decision.rulebook_version != rulebook_version()
