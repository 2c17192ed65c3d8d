"""Pieces several streams' formulas share: citizenship, employment windows, wages, durations.

All of them are three-valued: they answer met or unmet only from known facts, and unknown (with the
fields that would settle it) otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..findings import NOT_APPLICABLE, Finding, Params, Status, met, unknown, unmet
from ..inputs import Employment, JobOffer, ScreeningRequest, WagePer
from ..labels import CountryName
from ..timeline import add_months, whole_months_between

F_CITIZENSHIPS = "applicant.citizenships"
F_EMPLOYMENT = "applicant.employment_history"
F_INITIAL_DATE = "application.initial_application_date"


def citizenship_among(req: ScreeningRequest, allowed: Collection[str]) -> Finding:
    """Citizenship of one of ``allowed``; permanent residence there does not count."""
    citizenships = req.applicant.citizenships if req.applicant else None
    if citizenships is None:
        return unknown([F_CITIZENSHIPS])
    held = [c for c in citizenships if c in allowed]
    allowed_names = [CountryName(c) for c in sorted(allowed)]
    if held:
        return met(countries=[CountryName(c) for c in held])
    residences = (req.applicant.permanent_residences if req.applicant else None) or []
    if any(c in allowed for c in residences):
        return unmet("permanent_resident_only", allowed=allowed_names)
    return unmet(allowed=allowed_names)


def most_favourable(findings: Iterable[Finding]) -> Finding:
    """Of the findings for the ways a person may qualify (routes, categories), the best one:
    met, else unknown, else unmet."""
    ranked = {Status.MET: 0, Status.UNKNOWN: 1, Status.UNMET: 2}
    return min(findings, key=lambda f: ranked[f.status])  # type: ignore[index]


def both(first: Finding, second: Finding) -> Status:
    """Three-valued AND of two findings' statuses."""
    if Status.UNMET in (first.status, second.status):
        return Status.UNMET
    if Status.UNKNOWN in (first.status, second.status):
        return Status.UNKNOWN
    return Status.MET


# --- employment with the related foreign enterprise ----------------------------------------------


def reference_date(req: ScreeningRequest) -> date | None:
    """The day the employment window ends: ``as_of`` for an initial application; for an extension,
    the initial application's date (the window is measured from the initial application)."""
    if req.is_extension:
        return req.application.initial_application_date if req.application else None
    return req.as_of


@dataclass(frozen=True, slots=True)
class Stint:
    start: date
    end: date

    def lasts(self, months: int) -> bool:
        # Exactly one year (2025-11-22 to 2026-11-22) counts as one year.
        return add_months(self.start, months) <= self.end


def longest_stint(
    jobs: Iterable[Employment], *, window_start: date, window_end: date, unknown_start_is_early: bool = False
) -> Stint | None:
    """The longest continuous run of the given jobs inside the window, back-to-back jobs joined.

    A job whose start is unknown counts only when ``unknown_start_is_early`` (the optimistic
    reading used to tell unknown from unmet): it may have started before the window.
    """
    spans = sorted(
        (max(job.start_date or window_start, window_start), min(job.end_date or window_end, window_end))
        for job in jobs
        if job.start_date is not None or unknown_start_is_early
    )
    best: Stint | None = None
    current: Stint | None = None
    for start, end in spans:
        if start > end:
            continue
        if current and start <= current.end + timedelta(days=1):
            current = Stint(current.start, max(current.end, end))
        else:
            current = Stint(start, end)
        if best is None or (current.end - current.start) > (best.end - best.start):
            best = current
    return best


def _employment_fields(index: int, names: Sequence[str]) -> list[str]:
    return [f"{F_EMPLOYMENT}.{index}.{name}" for name in names]


def qualifying_employment(
    req: ScreeningRequest,
    *,
    window_months: int,
    minimum_months: int,
    full_time_hours: float,
    require_similar_position: bool,
) -> Finding:
    """Continuous full-time employment with the related foreign employer, at least
    ``minimum_months`` within the ``window_months`` before the reference date."""
    end = reference_date(req)
    if end is None:
        return unknown([F_INITIAL_DATE])
    history = req.applicant.employment_history if req.applicant else None
    if history is None:
        return unknown([F_EMPLOYMENT])
    start = add_months(end, -window_months)

    def counts(job: Employment, *, optimistic: bool) -> bool:
        tests: list[bool | None] = [
            job.related_to_offer_employer,
            None if job.hours_per_week is None else job.hours_per_week >= full_time_hours,
        ]
        if require_similar_position:
            tests.append(job.similar_to_offer)
        if optimistic:
            return all(t is not False for t in tests)
        return all(t is True for t in tests) and job.start_date is not None

    sure = longest_stint([j for j in history if counts(j, optimistic=False)],
                         window_start=start, window_end=end)
    args = {"months": minimum_months, "window": window_months, "hours": full_time_hours}
    if sure and sure.lasts(minimum_months):
        return met(start=sure.start, end=sure.end, **args)
    maybe = longest_stint([j for j in history if counts(j, optimistic=True)],
                          window_start=start, window_end=end, unknown_start_is_early=True)
    if maybe and maybe.lasts(minimum_months):
        missing: list[str] = []
        names = ["related_to_offer_employer", "hours_per_week", "start_date"]
        if require_similar_position:
            names.append("similar_to_offer")
        for index, job in enumerate(history):
            if counts(job, optimistic=True) and not counts(job, optimistic=False):
                missing += [f for f, n in zip(_employment_fields(index, names), names, strict=True)
                            if getattr(job, n) is None]
        return unknown(missing or [F_EMPLOYMENT], **args)
    if not history:
        return unmet("no_employment", **args)
    return unmet(**args)


def currently_employed(req: ScreeningRequest) -> Finding:
    """Employed by the related foreign enterprise on the reference date."""
    day = reference_date(req)
    if day is None:
        return unknown([F_INITIAL_DATE])
    history = req.applicant.employment_history if req.applicant else None
    if history is None:
        return unknown([F_EMPLOYMENT])
    missing: list[str] = []
    for index, job in enumerate(history):
        current: bool | None
        if job.start_date is None:
            current = None if (job.end_date is None or job.end_date >= day) else False
        else:
            current = job.start_date <= day and (job.end_date is None or job.end_date >= day)
        if current is False or job.related_to_offer_employer is False:
            continue
        if current and job.related_to_offer_employer:
            return met(employer=job.employer_name or "—", day=day)
        missing += _employment_fields(
            index,
            [n for n in ("related_to_offer_employer", "start_date")
             if getattr(job, n) is None],
        )
    if missing:
        return unknown(missing, day=day)
    return unmet(day=day)


# --- wages -------------------------------------------------------------------------------------


def hourly_wage(job: JobOffer | None, params: Params) -> float | None:
    """The offered wage per hour; a yearly wage is divided by the weekly hours times the weeks
    in a year (ESDC's conversion)."""
    if job is None or job.wage is None:
        return None
    if job.wage.per is WagePer.HOUR:
        return job.wage.amount
    if not job.hours_per_week:
        return None
    weeks: float = params["weeks_per_year"]
    return job.wage.amount / (job.hours_per_week * weeks)


def wage_fields(job: JobOffer | None) -> list[str]:
    if job is None or job.wage is None:
        return ["job_offer.wage"]
    return ["job_offer.hours_per_week"]


# --- durations ---------------------------------------------------------------------------------


def capped_duration(
    req: ScreeningRequest, params: Params, program_maximum: int | None, *, open_permit: bool = False
) -> int | None:
    """A permit lasts no longer than the stream allows, the job lasts, or (US citizens aside) the
    passport is valid (R52(1)). An open permit is not tied to a job: its offer, if any, is ignored."""
    if program_maximum is None:
        return None
    months = program_maximum
    job = None if open_permit else req.job_offer
    if job is not None and job.duration_months is not None:
        months = min(months, job.duration_months)
    applicant = req.applicant
    if applicant is not None and applicant.passport_expiry is not None:
        exempt = set(params["passport_cap_exempt_citizenships"])
        if not exempt.intersection(applicant.citizenships or ()):
            assert req.as_of is not None
            start = max(req.as_of, job.start_date) if job and job.start_date else req.as_of
            months = min(months, max(0, whole_months_between(start, applicant.passport_expiry)))
    return months


def guarded(applies: Callable[[], bool | None], missing: Sequence[str],
            evaluate: Callable[[], Finding]) -> Finding:
    """Evaluate a criterion that applies only in some cases. When it is not known whether it
    applies, the answer is unknown: guessing either way could flip a later answer."""
    applicable = applies()
    if applicable is False:
        return NOT_APPLICABLE
    finding = evaluate()
    if applicable is None:
        return unknown((*missing, *finding.missing))
    return finding


# --- shared tests and durations -----------------------------------------------------------------


def yes_no(value: bool | None, field: str, *, wanted: bool = True) -> Finding:
    """A yes/no fact that must have the ``wanted`` answer: unknown (naming ``field``) until given."""
    if value is None:
        return unknown((field,))
    return met() if value is wanted else unmet()


def signed_offer(req: ScreeningRequest) -> Finding:
    """A signed offer letter or contract exists (``job_offer.signed``)."""
    return yes_no(req.job_offer.signed if req.job_offer else None, "job_offer.signed")


def job_length_duration(req: ScreeningRequest, params: Params) -> int | None:
    """For streams with no maximum of their own: the permit follows the job (and the passport)."""
    job = req.job_offer
    if job is None or job.duration_months is None:
        return None
    return capped_duration(req, params, job.duration_months)
