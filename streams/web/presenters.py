"""A screening result arranged for the people who read it: an applicant (what fits, best first, what to
do next, what would change the answer), an employer (the routes a role fits and what the employer
does for each) and an applicant's own document checklist.

Nothing here decides a rule: outcomes, next steps, windows, changes and documents are the engine's
(contract 1.1); this module orders them, picks the parts a reader needs first and puts the rest
behind a fold. Words are the engine's, or the templates', in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from streams.engine import default_rulebook
from streams.engine.texts import long_date, money

OPEN = ("eligible", "needs_information")
# Who acts on a document or a step, in the order an applicant's checklist groups them.
WHO_ORDER = ("applicant", "principal", "employer", "foreign_employer", "third_party")


def _permit(stream_id: str) -> str:
    book = default_rulebook()
    stream = book.streams.get(stream_id)
    return stream.spec.permit if stream else "employer_specific"


def _day(value: str | None, language: str) -> str | None:
    return long_date(date.fromisoformat(value), language) if value else None


@dataclass
class StreamView:
    """One stream as an applicant reads it."""

    id: str
    title: str
    outcome: str
    score: int
    permit: str
    code: str | None
    months: int | None
    legal_basis: str
    program: str
    notice: str | None
    until: str | None  # "You can apply until …"
    window_reasons: list[str]
    steps: list[dict[str, Any]]  # the applicant's own next steps
    employer_steps: list[dict[str, Any]]
    unknown: list[dict[str, Any]]  # criteria still to settle
    met: list[dict[str, Any]]
    unmet: list[dict[str, Any]]
    changes: list[str]
    opens_on: str | None  # a ruled-out stream that time or a rule change opens: its first day
    reason: str = ""  # a ruled-out stream: the one reason


@dataclass
class ApplicantResults:
    fits: list[StreamView] = field(default_factory=list)
    ruled_out: list[StreamView] = field(default_factory=list)
    not_assessed: list[StreamView] = field(default_factory=list)


def _view(stream: dict[str, Any], language: str) -> StreamView:
    window = stream.get("window") or {}
    steps = stream.get("next_steps") or []
    criteria = stream["criteria"]
    unmet = [c for c in criteria if c["status"] == "unmet"]
    return StreamView(
        id=stream["stream"],
        title=stream["title"],
        outcome=stream["outcome"],
        score=stream["score"],
        permit=_permit(stream["stream"]),
        code=stream["exemption_code"],
        months=stream["max_duration_months"],
        legal_basis=stream["legal_basis"],
        program=stream["program"],
        notice=stream.get("notice"),
        until=_day(window.get("eligible_until"), language) if stream["outcome"] in OPEN else None,
        window_reasons=list(window.get("reasons") or ()),
        steps=[s for s in steps if s.get("who") != "employer"],
        employer_steps=[s for s in steps if s.get("who") == "employer"],
        unknown=[c for c in criteria if c["status"] == "unknown"],
        met=[c for c in criteria if c["status"] == "met"],
        unmet=unmet,
        changes=[c["text"] for c in stream.get("changes") or ()],
        opens_on=_day(window.get("eligible_from"), language) if stream["outcome"] == "ineligible" else None,
        reason=unmet[0]["explanation"] if unmet else "",
    )


def applicant_results(result: dict[str, Any], language: str) -> ApplicantResults:
    """What fits, best first (eligible, then needing information, by how much is met), then what is
    ruled out, each with its one reason."""
    made = ApplicantResults()
    for stream in result["streams"]:
        view = _view(stream, language)
        if stream["outcome"] in OPEN:
            made.fits.append(view)
        elif stream["outcome"] == "ineligible":
            made.ruled_out.append(view)
        else:
            made.not_assessed.append(view)
    made.fits.sort(key=lambda s: (s.outcome != "eligible", -s.score))
    # A stream that opens later, or that one change would open, first among those ruled out.
    made.ruled_out.sort(key=lambda s: (not (s.opens_on or s.changes), -s.score))
    return made


# --- an applicant's document checklist ------------------------------------------------------------

def checklist(result: dict[str, Any], stream_id: str) -> dict[str, Any] | None:
    """The documents of one stream the applicant fits (needed, or needed depending on a fact not yet
    given), grouped by who provides them; None for a stream she does not fit. The engine gives the
    Employer Portal items only under employer-specific permits."""
    stream = next((s for s in result["streams"] if s["stream"] == stream_id), None)
    if stream is None or stream["outcome"] not in OPEN:
        return None
    groups: dict[str, list[dict[str, Any]]] = {}
    for document in stream.get("documents") or ():
        if document["status"] in ("needed", "unknown"):
            groups.setdefault(document["who"], []).append(document)
    return {
        "stream": stream,
        "permit": _permit(stream_id),
        "groups": [(who, groups[who]) for who in WHO_ORDER if who in groups],
        "count": sum(len(items) for items in groups.values()),
    }


# --- an employer's role check ----------------------------------------------------------------------

# Streams that are not ways to fill a role: the worker's own open permit (working holiday, spouses),
# or an owner running her own business.
NOT_A_HIRING_ROUTE = ("business_owners",)


@dataclass
class Route:
    id: str
    title: str
    outcome: str
    permit: str
    code: str | None
    program: str
    legal_basis: str
    employer_steps: list[dict[str, Any]]
    candidate: list[str]  # what the candidate must have (requirements of criteria about her)
    role: list[dict[str, Any]]  # what is still unknown about the role
    notice: str | None


@dataclass
class EmployerResults:
    routes: list[Route] = field(default_factory=list)
    closed: list[tuple[str, str]] = field(default_factory=list)  # (title, the one reason)
    open_permits: list[str] = field(default_factory=list)  # titles of open-permit streams
    lmia_fee: str = ""
    citations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def exempt(self) -> list[Route]:
        """The routes exempt from an LMIA (employer-specific permits)."""
        return [r for r in self.routes if r.permit == "employer_specific"]

    @property
    def with_lmia(self) -> list[Route]:
        return [r for r in self.routes if r.permit == "lmia"]

    @staticmethod
    def _steps(routes: list[Route]) -> list[dict[str, Any]]:
        """What the employer does on these routes, each step once (the routes share them)."""
        seen: dict[str, dict[str, Any]] = {}
        for route in routes:
            for step in route.employer_steps:
                seen.setdefault(step.get("id") or step["text"], step)
        return list(seen.values())

    @property
    def exempt_steps(self) -> list[dict[str, Any]]:
        return self._steps(self.exempt)

    @property
    def lmia_steps(self) -> list[dict[str, Any]]:
        return self._steps(self.with_lmia)


_CANDIDATE_FACTS = ("applicant", "principal", "significant_benefit")


def employer_results(result: dict[str, Any], language: str) -> EmployerResults:
    """The routes a role fits, each with what the employer does (the engine's employer steps) and what
    a candidate must have; the routes it cannot take, with their one reason; and the two routes that
    need no exemption: an LMIA, or a worker who already holds an open work permit."""
    book = default_rulebook()
    day = date.fromisoformat(result["as_of"])
    values = book.values(book.period(day))
    made = EmployerResults(lmia_fee=money(values["documents.lmia_fee"], language, cents=False))
    made.citations = {
        "lmia": list(book.citations(["irpr_r203", "irpr_r315_2"], language)),
        "open": list(book.citations(["ircc_open_work_permits"], language)),
    }
    for stream in result["streams"]:
        stream_id = stream["stream"]
        permit = _permit(stream_id)
        if stream_id in NOT_A_HIRING_ROUTE:
            continue
        if permit == "open":
            if stream["outcome"] in OPEN:
                made.open_permits.append(stream["title"])
            continue
        if stream["outcome"] == "ineligible":
            unmet = next((c for c in stream["criteria"] if c["status"] == "unmet"), None)
            made.closed.append((stream["title"], unmet["explanation"] if unmet else ""))
            continue
        if stream["outcome"] not in OPEN:
            continue
        plan = book.plan(stream_id, day)
        reads = {c.id: c.template.reads_for(c.args) for c in (plan.criteria if plan else ())}
        about_candidate = {c["id"] for c in stream["criteria"]
                           if any(r.startswith(_CANDIDATE_FACTS) for r in reads.get(c["id"], ()))}
        # what the candidate must have (every permit is for foreign nationals: said once, not per route)
        candidate = [c["requirement"] for c in stream["criteria"]
                     if c["id"] in about_candidate and c["status"] != "met" and c.get("requirement")
                     and not c["id"].endswith(".foreign_national")]
        role = [c for c in stream["criteria"] if c["id"] not in about_candidate and c["status"] == "unknown"]
        made.routes.append(Route(
            id=stream_id, title=stream["title"], outcome=stream["outcome"], permit=permit,
            code=stream["exemption_code"], program=stream["program"], legal_basis=stream["legal_basis"],
            employer_steps=[s for s in stream.get("next_steps") or () if s.get("who") == "employer"],
            candidate=list(dict.fromkeys(candidate)), role=role, notice=stream.get("notice"),
        ))
    made.routes.sort(key=lambda r: (r.outcome != "eligible", r.permit == "lmia"))
    return made
