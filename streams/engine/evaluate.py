"""Screening: every requested stream's criteria in force on ``as_of``, three-valued.

``evaluate()`` decides: it runs each criterion's rule and keeps the findings, the outcome, the code
and the duration, and for the streams still open the documents and next steps. It writes no text:
``render.py`` turns a screening into the contract's JSON in a language, only when it is read (bulk
re-screening reads statuses and never pays for words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .context import Context
from .findings import NOT_APPLICABLE, Finding, Outcome, Status
from .inputs import ScreeningRequest
from .rulebook import Document, NextStep, Plan, PlannedCriterion, Rulebook, Stream, default_rulebook
from .templates.documents import DocumentCondition

_MET, _UNMET, _UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN
WINDOW_YEARS = 10  # how far ahead turning dates are followed
WINDOW_STEPS = 12  # at most this many later days are screened per stream


@dataclass(slots=True)
class Window:
    eligible_from: date | None = None
    eligible_until: date | None = None
    # (criterion, finding then) that set each date: the reasons, in words, once rendered
    from_reasons: list[tuple[PlannedCriterion, Finding, date]] = field(default_factory=list)
    until_reasons: list[tuple[PlannedCriterion, Finding, date]] = field(default_factory=list)


@dataclass(slots=True)
class StreamScreening:
    stream: Stream
    plan: Plan | None
    ctx: Context
    findings: list[tuple[PlannedCriterion, Finding]]
    outcome: Outcome
    score: int
    code: str | None
    duration: int | None
    documents: list[tuple[Document, Finding]] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)
    _window: Window | None = None

    @property
    def is_open(self) -> bool:
        return self.outcome in (Outcome.ELIGIBLE, Outcome.NEEDS_INFORMATION)

    def window(self, book: Rulebook) -> Window:
        if self._window is None:
            self._window = _window(self, book)
        return self._window


@dataclass(slots=True)
class Screening:
    request: ScreeningRequest
    as_of: date
    book: Rulebook
    streams: list[StreamScreening]

    @property
    def language(self) -> str:
        return self.request.language


def evaluate(request: ScreeningRequest, rulebook: Rulebook | None = None) -> Screening:
    book = rulebook or default_rulebook()
    as_of = request.as_of
    assert as_of is not None  # the request model fills it
    wanted = request.streams
    period = book.period(as_of)
    values = book.values(period) if period >= 0 else {}
    ctx = Context(request, as_of, values)
    streams = [
        screen_stream(stream, ctx, book)
        for stream in book.streams.values()
        if wanted is None or stream.id in wanted
    ]
    return Screening(request=request, as_of=as_of, book=book, streams=streams)


def screen_stream(stream: Stream, ctx: Context, book: Rulebook, *, extras: bool = True) -> StreamScreening:
    plan = book.plan(stream.id, ctx.as_of)
    if plan is None:
        return StreamScreening(stream, None, ctx, [], Outcome.NOT_ASSESSED, 0, None, None)
    findings: list[tuple[PlannedCriterion, Finding]] = []
    met = unmet = unknown = 0
    for planned in plan.criteria:
        finding = planned.template.evaluate(ctx, planned.args)
        status = finding.status
        if status is None:
            continue  # does not apply to these facts
        findings.append((planned, finding))
        if status is _MET:
            met += planned.weight
        elif status is _UNMET:
            unmet += planned.weight
        else:
            unknown += planned.weight
    if unmet:
        outcome = Outcome.INELIGIBLE
    elif unknown:
        outcome = Outcome.NEEDS_INFORMATION
    else:
        outcome = Outcome.ELIGIBLE
    total = met + unmet + unknown
    score = round(100 * met / total) if total else 0
    code = duration = None
    screening = StreamScreening(stream, plan, ctx, findings, outcome, score, None, None)
    if outcome is not Outcome.INELIGIBLE:
        by_local = {planned.local: finding for planned, finding in findings}
        rule = stream.exemption_code
        code = rule.rule.compute(ctx, rule.args, by_local)
        rule = stream.max_duration
        duration = rule.rule.compute(ctx, rule.args, by_local)
        screening.code, screening.duration = code, duration
        if extras:
            screening.documents = _documents(plan, ctx, by_local)
            screening.next_steps = _next_steps(plan, ctx)
    return screening


def _documents(plan: Plan, ctx: Context, by_local: dict[str, Finding]) -> list[tuple[Document, Finding]]:
    """The documents of an open stream, each with its condition's finding (met = needed, unmet = not
    needed, unknown = unknown); a condition with one item per country gives one finding per country."""
    found: list[tuple[Document, Finding]] = []
    memo = ctx.memo  # a condition reads only the facts: streams sharing a document share its finding
    for document in plan.documents:
        criterion = document.spec.criterion
        if criterion is not None and criterion not in by_local:
            continue  # the criterion it proves does not apply (or is not in force)
        key = ("document", id(document))
        items = memo.get(key)
        if items is None:
            condition = document.condition
            items = memo[key] = _items(condition.evaluate(ctx, document.condition_args), condition)
        for item in items:
            found.append((document, item))
    return found


def _items(finding: Finding, condition: DocumentCondition[Any]) -> tuple[Finding, ...]:
    if finding is NOT_APPLICABLE or finding.status is None:
        return ()
    return tuple(condition.each(finding))


def _next_steps(plan: Plan, ctx: Context) -> list[NextStep]:
    steps = []
    for step in plan.next_steps:
        if step.condition is not None:
            finding = step.condition.evaluate(ctx, step.condition_args)
            if finding.status is not _MET:
                continue
        steps.append(step)
    return steps


# --- windows: when the outcome holds ---------------------------------------------------------------


def _at(screening: StreamScreening, book: Rulebook, day: date) -> StreamScreening:
    period = book.period(day)
    ctx = Context(screening.ctx.request, day, book.values(period) if period >= 0 else {})
    return screen_stream(screening.stream, ctx, book, extras=False)


def _turning_dates(screening: StreamScreening, findings: Sequence[tuple[PlannedCriterion, Finding]],
                   book: Rulebook) -> list[date]:
    as_of = screening.ctx.as_of
    horizon = as_of.replace(year=as_of.year + WINDOW_YEARS) if not (as_of.month == 2 and as_of.day == 29) \
        else date(as_of.year + WINDOW_YEARS, 2, 28)
    days: set[date] = set()
    for planned, finding in findings:
        days.update(planned.template.turning_dates(screening.ctx, planned.args, finding))
    # Dated rule changes ahead count too.
    days.update(d for d in screening.stream.change_points if d > as_of)
    return sorted(d for d in days if as_of < d <= horizon)[:WINDOW_STEPS * 4]


def _window(screening: StreamScreening, book: Rulebook) -> Window:
    window = Window()
    if screening.plan is None:
        return window
    if screening.is_open:
        # The last day it stays open: the day before the first later day it is ruled out.
        days = _turning_dates(screening, screening.findings, book)
        for day in days[:WINDOW_STEPS * 2]:
            later = _at(screening, book, day)
            if later.outcome is Outcome.INELIGIBLE or later.plan is None:
                window.eligible_until = day - timedelta(days=1)
                window.until_reasons = [
                    (planned, finding, day) for planned, finding in later.findings if finding.status is _UNMET
                ]
                break
        return window
    # Ruled out: the first later day it is open, when every unmet criterion may change with time or
    # the stream's rules change ahead (a dated rule change counts too).
    unmet = [(p, f) for p, f in screening.findings if f.status is _UNMET]
    if not unmet:
        return window
    rules_change = any(d > screening.ctx.as_of for d in screening.stream.change_points)
    if not rules_change:
        for planned, finding in unmet:
            if not any(True for _ in planned.template.turning_dates(screening.ctx, planned.args, finding)):
                return window  # something time alone does not change stands in the way
    for day in _turning_dates(screening, unmet, book)[:WINDOW_STEPS]:
        later = _at(screening, book, day)
        if later.is_open:
            window.eligible_from = day
            window.from_reasons = [
                (planned, finding, day)
                for planned, finding in later.findings
                if finding.status is _MET and planned.id in {p.id for p, _ in unmet}
            ]
            break
    return window


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
