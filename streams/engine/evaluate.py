"""Screening: every requested stream's criteria in force on ``as_of``, three-valued.

``evaluate()`` decides: it runs each criterion's rule and keeps the findings, the outcome, the code
and the duration, and for the streams still open the documents and next steps. It writes no text:
``render.py`` turns a screening into the contract's JSON in a language, only when it is read (bulk
re-screening reads statuses and never pays for words).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from .context import Context
from .findings import NOT_APPLICABLE, Finding, Outcome, Status
from .inputs import ScreeningRequest
from .rulebook import Document, NextStep, Plan, PlannedCriterion, Rulebook, Stream, default_rulebook
from .templates.documents import DocumentCondition

T = TypeVar("T")
_MET, _UNMET, _UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN
WINDOW_YEARS = 10  # how far ahead turning dates are followed
WINDOW_STEPS = 12  # at most this many later days are screened per stream
KEPT_FINDINGS = 4096  # per criterion and period: the findings kept for the facts met last


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
    documents: list[tuple[Document, Finding]] | None = None  # None: not asked for
    # What to do next, decided when first read (a result's text needs it; decisions do not). None:
    # not decided yet; empty for a stream ruled out or screened without extras.
    _steps: list[NextStep] | None = None
    _window: Window | None = None
    _missing: tuple[str, ...] | None = None
    # The stream's part of a result, per language (questions aside: they rank facts across streams).
    rendered: dict[str, dict[str, Any]] = field(default_factory=dict)
    encoded: dict[str, dict[str, Any]] = field(default_factory=dict)  # the same, rows and steps as JSON

    @property
    def missing(self) -> tuple[str, ...]:
        """The facts that would settle its unknown criteria, each once, in the criteria's order."""
        found = self._missing
        if found is None:
            found = self._missing = tuple(dict.fromkeys(f for _, finding in self.findings for f in finding.missing))
        return found

    @property
    def next_steps(self) -> list[NextStep]:
        steps = self._steps
        if steps is None:
            assert self.plan is not None  # a stream not assessed has its steps set empty
            steps = self._steps = _next_steps(self.plan, self.ctx)
        return steps

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
    with_documents: bool = False

    @property
    def language(self) -> str:
        return self.request.language


def evaluate(request: ScreeningRequest, rulebook: Rulebook | None = None, *, documents: bool = False) -> Screening:
    """Decide every stream asked for. ``documents``: also the documents of each stream still open
    (what checklists and reports need; a result without them is a third the size)."""
    book = rulebook or default_rulebook()
    as_of = request.as_of
    assert as_of is not None  # the request model fills it
    wanted = request.streams
    period = book.period(as_of)
    values = book.values(period) if period >= 0 else {}
    ctx = Context(request, as_of, values, book.period_memo(period))
    memo = book.memo
    streams = []
    for stream in book.streams.values():
        if wanted is not None and stream.id not in wanted:
            continue
        key = (stream.id, as_of, documents, book.fact_key(stream.id, documents)(request))
        screened = memo.get(key)
        if screened is None:
            screened = screen_stream(stream, ctx, book, documents=documents)
            if len(memo) >= book.memo_limit:
                book.memo_trim()
            memo[key] = screened
        streams.append(screened)
    return Screening(request=request, as_of=as_of, book=book, streams=streams, with_documents=documents)


def screen_stream(stream: Stream, ctx: Context, book: Rulebook, *, extras: bool = True,
                  documents: bool = False) -> StreamScreening:
    plan = book.plan(stream.id, ctx.as_of)
    if plan is None:
        return StreamScreening(stream, None, ctx, [], Outcome.NOT_ASSESSED, 0, None, None, _steps=[])
    findings: list[tuple[PlannedCriterion, Finding]] = []
    met = unmet = unknown = 0
    for planned in plan.criteria:
        finding = _finding(planned, ctx)
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
    screening = StreamScreening(stream, plan, ctx, findings, outcome, score, None, None, _steps=[])
    if outcome is not Outcome.INELIGIBLE:
        by_local = {planned.local: finding for planned, finding in findings}
        rule = stream.exemption_code
        code = rule.rule.compute(ctx, rule.args, by_local)
        rule = stream.max_duration
        duration = rule.rule.compute(ctx, rule.args, by_local)
        screening.code, screening.duration = code, duration
        if extras:
            if documents:
                screening.documents = _documents(plan, ctx, by_local)
            screening._steps = None  # decided when read
    return screening


def _finding(planned: PlannedCriterion, ctx: Context) -> Finding:
    """The criterion's finding. It depends only on the facts its rule reads and the day (its plan
    fixes the period's parameters): kept per criterion, so requests differing in other facts, or
    the later days of windows, share it."""
    key = (ctx.as_of, planned.fact_key(ctx.request))
    kept = planned.findings
    finding = kept.get(key)
    if finding is None:
        finding = _keep(kept, key, planned.template.evaluate(ctx, planned.args))
    return finding


def _turning_dates(planned: PlannedCriterion, ctx: Context, finding: Finding) -> tuple[date, ...]:
    """The criterion's turning dates after ``ctx.as_of``; like its finding (which they follow from),
    kept by the day and the facts its rule reads."""
    key = (ctx.as_of, planned.fact_key(ctx.request))
    kept = planned.turns
    days = kept.get(key)
    if days is None:
        days = _keep(kept, key, tuple(planned.template.turning_dates(ctx, planned.args, finding)))
    return days


def _keep(kept: dict[Any, T], key: Any, value: T) -> T:
    """Keep ``value`` under ``key`` in a memo bounded at ``KEPT_FINDINGS`` (full, it is emptied: what
    is asked for again comes back at once)."""
    if len(kept) >= KEPT_FINDINGS:
        kept.clear()
    kept[key] = value
    return value


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
    memo = ctx.memo  # a step's condition reads only the facts: streams sharing a step share its finding
    for step in plan.next_steps:
        if step.condition is not None:
            key = ("next_step", id(step))
            status = memo.get(key)
            if status is None:
                status = memo[key] = step.condition.evaluate(ctx, step.condition_args).status or "n/a"
            if status is not _MET:
                continue
        steps.append(step)
    return steps


# --- windows: when the outcome holds ---------------------------------------------------------------
#
# A criterion's status can change only on the days its template names (a birthday, a year completed,
# a permit running out: ``turning_dates``) and the days its rule changes (its parameters' dated values,
# its start and end). Walking those days in order and re-deciding only the criteria that may change on
# each finds when the outcome starts or stops, at the cost of a few criteria, not whole screenings.


def _horizon(as_of: date) -> date:
    try:
        return as_of.replace(year=as_of.year + WINDOW_YEARS)
    except ValueError:  # 29 February
        return date(as_of.year + WINDOW_YEARS, 2, 28)


def _window(screening: StreamScreening, book: Rulebook) -> Window:
    window = Window()
    plan, ctx = screening.plan, screening.ctx
    if plan is None:
        return window
    as_of, horizon = ctx.as_of, _horizon(ctx.as_of)
    stream = screening.stream
    first_rule_day = bisect_right(stream.rule_days, as_of)
    # Dated rule changes ahead count for a stream that is eligible (when would it stop?) or ruled out
    # (when would it open?). A stream still needing facts is followed on its facts' own days, up to
    # the next change of its rules (beyond it, what is known now may no longer decide).
    follow_rules = screening.outcome is not Outcome.NEEDS_INFORMATION
    if not follow_rules and first_rule_day < len(stream.rule_days):
        horizon = min(horizon, stream.rule_days[first_rule_day] - timedelta(days=1))
    affected: dict[date, set[str]] = {}
    for planned, finding in screening.findings:
        if planned.criterion.timed:
            for day in _turning_dates(planned, ctx, finding):
                if as_of < day <= horizon:
                    affected.setdefault(day, set()).add(planned.id)
    rule_days: set[date] = set()
    if follow_rules:
        for index in range(first_rule_day, len(stream.rule_days)):
            day = stream.rule_days[index]
            if day > horizon:
                break
            rule_days.add(day)
            affected.setdefault(day, set()).update(stream.rule_changes[index])
    if not affected:
        return window
    unmet_now = {p.id for p, f in screening.findings if f.status is _UNMET}
    if not screening.is_open and not unmet_now <= {i for ids in affected.values() for i in ids}:
        return window  # something neither time nor a dated rule change alters stands in the way
    state = {planned.id: (planned, finding) for planned, finding in screening.findings}
    titles = {planned.id: planned for planned, _ in screening.findings}
    # The days to look at, soonest first; a criterion looked at again on a day (its facts' day, or
    # new rules) adds its own days ahead as they are under the rules of that day (a threshold that
    # a rule change raised moves the day it stops being met).
    agenda = sorted(affected)
    heapq.heapify(agenda)
    steps = 0
    while agenda and steps < WINDOW_STEPS * 2:
        day = heapq.heappop(agenda)
        steps += 1
        later = book.plan(stream.id, day)
        if later is None:
            break
        period = book.period(day)
        ctx_day = Context(ctx.request, day, book.values(period), book.period_memo(period))
        in_force = {planned.id: planned for planned in later.criteria}
        repealed = [i for i in state if i not in in_force]
        for criterion_id in repealed:
            del state[criterion_id]
        new_rules = day in rule_days
        for criterion_id, planned in in_force.items():
            if criterion_id in affected[day] or (new_rules and criterion_id not in state):
                finding = _finding(planned, ctx_day)
                if finding.status is None:
                    state.pop(criterion_id, None)
                else:
                    state[criterion_id] = (planned, finding)
                if planned.criterion.timed:
                    for turn in _turning_dates(planned, ctx_day, finding):
                        if day < turn <= horizon:
                            if turn not in affected:
                                heapq.heappush(agenda, turn)
                            affected.setdefault(turn, set()).add(criterion_id)
        statuses = {finding.status for _, finding in state.values()}
        if screening.is_open and _UNMET in statuses:
            window.eligible_until = day - timedelta(days=1)
            window.until_reasons = [(p, f, day) for p, f in state.values() if f.status is _UNMET]
            break
        if not screening.is_open and _UNMET not in statuses:
            window.eligible_from = day
            window.from_reasons = [(p, f, day) for p, f in state.values() if p.id in unmet_now]
            # an unmet rule repealed, or no longer applying to these facts
            window.from_reasons += [(titles[i], NOT_APPLICABLE, day) for i in unmet_now
                                    if i not in state and i in titles]
            break
    return window


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
