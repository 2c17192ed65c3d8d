"""Templates several families of streams use: foreign nationals only, citizenship of listed
countries, a year of employment with the related foreign enterprise, a wage at a floor, and the
stream rules for codes and durations."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from ..context import Context
from ..findings import Finding, Status, met, unknown, unmet
from ..inputs import Employment, JobOffer, ScreeningRequest, WagePer
from ..labels import CountryName
from ..parameters import Param
from ..texts import Text
from ..timeline import add_months, whole_months_between
from .base import Args, Change, NoArgs, StreamRule, Template

F_CITIZENSHIPS = "applicant.citizenships"
F_PERMANENT = "applicant.permanent_residences"
F_EMPLOYMENT = "applicant.employment_history"
F_INITIAL_DATE = "application.initial_application_date"
CANADA = "CA"


# --- foreign nationals only ------------------------------------------------------------------------


class ForeignNational(Template[NoArgs]):
    """Work permits are for foreign nationals: a person who is neither a Canadian citizen nor a
    permanent resident (IRPA s. 2). A Canadian citizen or permanent resident may work without one, so
    no work-permit stream applies. Canadian permanent residence is a declaration: it counts when
    "CA" is among the permanent residences given."""

    name = "foreign_national"
    title = Text(en="A foreign national, not a Canadian citizen or permanent resident",
                 fr="Personne étrangère, ni citoyenne canadienne ni résidente permanente")
    requirement = Text(
        en="Work permits are for foreign nationals. A Canadian citizen or permanent resident may work in Canada "
           "without a work permit, so no work-permit stream applies to them.",
        fr="Les permis de travail visent les étrangers. Un citoyen canadien ou un résident permanent peut travailler "
           "au Canada sans permis de travail : aucun volet de permis de travail ne s'applique à lui.",
    )
    messages = {
        "met": Text(en="Not a Canadian citizen (citizenship: {countries}), and no Canadian permanent residence is "
                       "declared.",
                    fr="Pas de citoyenneté canadienne (citoyenneté : {countries}), et aucune résidence permanente au "
                       "Canada "
                       "n'est déclarée."),
        "stateless": Text(en="No citizenship is held, and no Canadian permanent residence is declared.",
                          fr="Aucune citoyenneté n'est détenue, et aucune résidence permanente au Canada n'est "
                             "déclarée."),
        "citizen": Text(en="A Canadian citizen may work in Canada without a work permit: no work-permit stream "
                           "applies.",
                        fr="Un citoyen canadien peut travailler au Canada sans permis de travail : aucun volet de "
                           "permis de "
                           "travail ne s'applique."),
        "permanent_resident": Text(
            en="A permanent resident of Canada may work in Canada without a work permit: no work-permit stream "
               "applies.",
            fr="Un résident permanent du Canada peut travailler au Canada sans permis de travail : aucun volet de "
               "permis "
               "de travail ne s'applique."),
        "unknown": Text(en="We do not know the person's citizenships: a Canadian citizen needs no work permit.",
                        fr="Nous ne connaissons pas les citoyennetés de la personne : un citoyen canadien n'a pas "
                           "besoin "
                           "de permis de travail."),
    }
    reads = (F_CITIZENSHIPS, F_PERMANENT)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        applicant = ctx.request.applicant
        citizenships = applicant.citizenships if applicant else None
        residences = applicant.permanent_residences if applicant else None
        if citizenships is not None and CANADA in citizenships:
            return unmet("citizen")
        if residences is not None and CANADA in residences:
            return unmet("permanent_resident")
        if citizenships is None:
            return unknown((F_CITIZENSHIPS,))
        if not citizenships:
            return met("stateless")
        return met(countries=tuple(CountryName(c) for c in citizenships))


# --- citizenship of listed countries ---------------------------------------------------------------


class CountriesArgs(Args):
    countries: Param[list[str]]


class CusmaCountriesArgs(Args):
    countries: Param[list[str]]
    territories: Param[dict[str, str]]  # ISO code of a territory -> the country whose citizens they are


class CusmaCitizenship(Template[CusmaCountriesArgs]):
    """Citizenship of a CUSMA country other than Canada (the United States or Mexico); permanent
    residence there does not count. A citizenship given as the ISO code of a territory whose people
    CUSMA covers as citizens of a Party (Puerto Rico: citizens of the United States) counts as that
    Party's; citizens of Guam, the Northern Mariana Islands, American Samoa and the US Virgin
    Islands are not covered."""

    name = "cusma.citizenship"
    title = Text(en="Citizen of the United States or Mexico", fr="Citoyen des États-Unis ou du Mexique")
    requirement = Text(
        en="Citizenship of {countries:countries} (citizens of Puerto Rico and the District of Columbia included); "
           "permanent residence there does not count, and CUSMA does not cover citizens of Guam, the Northern Mariana "
           "Islands, American Samoa or the US Virgin Islands.",
        fr="La citoyenneté de l'un de ces pays : {countries:countries} (y compris les citoyens de Porto Rico et du "
           "district de Columbia); la résidence permanente dans ces pays ne compte pas, et l'ACEUM ne vise pas les "
           "citoyens de Guam, des îles Mariannes du Nord, des Samoa américaines ni des îles Vierges des États-Unis.")
    messages = {
        "met": Text(en="Citizen of {held}, a CUSMA country.", fr="Citoyenneté d'un pays de l'ACEUM : {held}."),
        "met_territory": Text(
            en="A citizen of {territory}, which CUSMA covers as citizenship of {held}, a CUSMA country.",
            fr="Citoyenneté de {territory}, que l'ACEUM traite comme une citoyenneté de ce pays de l'ACEUM : {held}."),
        "unmet": Text(en="Not a citizen of {countries:countries}; CUSMA covers only their citizens.",
                      fr="N'a la citoyenneté d'aucun de ces pays : {countries:countries}; l'ACEUM ne vise que leurs "
                         "citoyens."),
        "permanent_resident_only": Text(
            en="A permanent resident, not a citizen, of {countries:countries}; CUSMA covers only citizens.",
            fr="Résidence permanente, et non citoyenneté, dans l'un de ces pays : {countries:countries}; l'ACEUM ne "
               "vise "
               "que les citoyens."),
        "unknown": Text(en="We do not know the person's citizenships; CUSMA covers only citizens of "
                           "{countries:countries} (permanent residence there does not count).",
                        fr="Nous ne connaissons pas les citoyennetés de la personne; l'ACEUM ne vise que les citoyens "
                           "de l'un de ces pays : {countries:countries} (la résidence permanente n'y compte pas)."),
    }
    reads = (F_CITIZENSHIPS, F_PERMANENT)

    def evaluate(self, ctx: Context, a: CusmaCountriesArgs) -> Finding:
        allowed = ctx.p(a.countries)
        applicant = ctx.request.applicant
        citizenships = applicant.citizenships if applicant else None
        if citizenships is None:
            return unknown((F_CITIZENSHIPS,))
        held = [CountryName(c) for c in citizenships if c in allowed]
        if held:
            return met(held=held)
        territories = ctx.p(a.territories)
        for code in citizenships:
            country = territories.get(code)
            if country is not None and country in allowed:
                return met("met_territory", territory=CountryName(code), held=CountryName(country))
        residences = (applicant.permanent_residences if applicant else None) or []
        if any(c in allowed for c in residences):
            return unmet("permanent_resident_only")
        return unmet()


def countries(codes: Iterable[str]) -> list[CountryName]:
    return [CountryName(c) for c in sorted(codes)]


# --- employment with the related foreign enterprise ------------------------------------------------


def reference_date(request: ScreeningRequest, as_of: date) -> date | None:
    """The day the employment window ends: the day applied on for an initial application; for an
    extension, the initial application's date."""
    if request.is_extension:
        return request.application.initial_application_date if request.application else None
    return as_of


@dataclass(frozen=True, slots=True)
class Stint:
    """A continuous run of work from ``start`` up to, not including, ``until``: the day after the
    last day worked (an employment's ``end_date`` is its last day), or the window's end for work
    still going on when the window closes."""

    start: date
    until: date

    def lasts(self, months: int) -> bool:
        # Started 2025-11-22: a year on 2026-11-22, applying that day (work going on) or having
        # worked through 2026-11-21 (``end_date``); so 2024-01-01 to 2024-12-31 is one year.
        return add_months(self.start, months) <= self.until


def longest_stint(jobs: Iterable[Employment], *, window_start: date, window_end: date,
                  unknown_start_is_early: bool = False) -> Stint | None:
    """The longest continuous run of the given jobs inside the window, back-to-back jobs joined
    (a job starting the day after another's last day continues it).

    A job whose start is unknown counts only when ``unknown_start_is_early`` (the optimistic reading
    used to tell unknown from unmet): it may have started before the window."""
    spans = sorted(
        (max(job.start_date or window_start, window_start),
         min(job.end_date + timedelta(days=1) if job.end_date else window_end, window_end))
        for job in jobs
        if job.start_date is not None or unknown_start_is_early
    )
    best: Stint | None = None
    current: Stint | None = None
    for start, until in spans:
        if start > until:
            continue
        if current and start <= current.until:
            current = Stint(current.start, max(current.until, until))
        else:
            current = Stint(start, until)
        if best is None or (current.until - current.start) > (best.until - best.start):
            best = current
    return best


def _abroad(job: Employment) -> bool | None:
    return None if job.country is None else job.country != CANADA


class EmploymentArgs(Args):
    window_months: Param[int]
    minimum_months: Param[int]
    full_time_hours: Param[float]


class QualifyingEmployment(Template[EmploymentArgs]):
    """At least ``minimum_months`` of continuous full-time employment (``full_time_hours`` hours a
    week or more; part-time work does not add up) with the related foreign enterprise, outside
    Canada, in a similar position, within the ``window_months`` before the initial application."""

    name = "ict.qualifying_employment"
    title = Text(en="{minimum_months} months of continuous full-time employment with the related foreign employer",
                 fr="{minimum_months} mois d'emploi continu à temps plein chez l'employeur étranger lié")
    requirement = Text(
        en="At least {minimum_months} months of continuous full-time work ({full_time_hours} hours a week or more) for "
           "the related foreign employer, outside Canada, in a similar position, within the {window_months} months "
           "before the initial application.",
        fr="Au moins {minimum_months} mois de travail continu à temps plein ({full_time_hours} heures par semaine ou "
           "plus) pour l'employeur étranger lié, hors du Canada, dans un poste semblable, au cours des {window_months} "
           "mois précédant la demande initiale.",
    )
    messages = {
        "met": Text(
            en="Continuous full-time employment with the related foreign employer outside Canada from {start:long} to "
               "{end:long} "
               "gives at least {minimum_months} months within the {window_months} months before the (initial) "
               "application.",
            fr="L'emploi continu à temps plein chez l'employeur étranger lié, hors du Canada, du {start:long} au "
               "{end:long} "
               "donne "
               "au moins {minimum_months} mois au cours des {window_months} mois précédant la demande (initiale)."),
        "unmet": Text(
            en="The employment history shows no period of {minimum_months} months of continuous full-time work "
               "({full_time_hours} hours a week or more) for the related foreign employer, outside Canada, in a "
               "similar "
               "position, within the {window_months} months before the (initial) application. Part-time work does not "
               "add up, and work in Canada does not count.",
            fr="Les antécédents d'emploi ne montrent aucune période de {minimum_months} mois de travail continu à "
               "temps "
               "plein ({full_time_hours} heures par semaine ou plus) pour l'employeur étranger lié, hors du Canada, "
               "dans "
               "un poste semblable, au cours des {window_months} mois précédant la demande (initiale). Le travail à "
               "temps partiel ne s'additionne pas, et le travail au Canada ne compte pas."),
        "not_yet": Text(
            en="Continuous full-time employment with the related foreign employer outside Canada since {start:long} "
               "gives "
               "{minimum_months} months on {complete:long}, not yet on the date of the application.",
            fr="L'emploi continu à temps plein chez l'employeur étranger lié, hors du Canada, depuis le {start:long} "
               "donne "
               "{minimum_months} mois le {complete:long}, pas encore à la date de la demande."),
        "no_employment": Text(
            en="No employment is listed, so there are no {minimum_months} months of continuous full-time work for the "
               "related foreign employer.",
            fr="Aucun emploi n'est indiqué : il n'y a donc pas {minimum_months} mois de travail continu à temps plein "
               "pour l'employeur étranger lié."),
        "unknown": Text(
            en="We cannot yet tell whether there are {minimum_months} months of continuous full-time work for the "
               "related foreign employer, outside Canada, in a similar position, within the {window_months} months "
               "before the (initial) application: some facts of the employment history are missing.",
            fr="Nous ne pouvons pas encore dire s'il y a {minimum_months} mois de travail continu à temps plein pour "
               "l'employeur étranger lié, hors du Canada, dans un poste semblable, au cours des {window_months} mois "
               "précédant la demande (initiale) : il manque des faits sur les antécédents d'emploi."),
        "unknown_initial": Text(
            en="For an extension, the {minimum_months} months of work abroad are counted within the {window_months} "
               "months before the initial application: we need the date of that application.",
            fr="Pour une prolongation, les {minimum_months} mois de travail à l'étranger sont comptés au cours des "
               "{window_months} mois précédant la demande initiale : il nous faut la date de cette demande."),
    }
    reads = (F_EMPLOYMENT, "application.kind", F_INITIAL_DATE)

    def _counts(self, job: Employment, hours: float, *, optimistic: bool) -> bool:
        tests: tuple[bool | None, ...] = (
            job.related_to_offer_employer,
            None if job.hours_per_week is None else job.hours_per_week >= hours,
            job.similar_to_offer,
            _abroad(job),
        )
        if optimistic:
            return all(t is not False for t in tests)
        return all(t is True for t in tests) and job.start_date is not None

    def evaluate(self, ctx: Context, a: EmploymentArgs) -> Finding:
        request = ctx.request
        end = reference_date(request, ctx.as_of)
        if end is None:
            return unknown((F_INITIAL_DATE,), "unknown_initial")
        history = request.applicant.employment_history if request.applicant else None
        if history is None:
            return unknown((F_EMPLOYMENT,))
        window, minimum, hours = ctx.p(a.window_months), ctx.p(a.minimum_months), ctx.p(a.full_time_hours)
        start = add_months(end, -window)
        sure = longest_stint([j for j in history if self._counts(j, hours, optimistic=False)],
                             window_start=start, window_end=end)
        if sure and sure.lasts(minimum):
            # Shown: the application day for work still going on, else the last day worked.
            shown_end = sure.until if sure.until == end else sure.until - timedelta(days=1)
            return met(start=sure.start, end=shown_end)
        maybe = longest_stint([j for j in history if self._counts(j, hours, optimistic=True)],
                              window_start=start, window_end=end, unknown_start_is_early=True)
        if maybe and maybe.lasts(minimum):
            missing: list[str] = []
            names = ("related_to_offer_employer", "hours_per_week", "start_date", "similar_to_offer", "country")
            for index, job in enumerate(history):
                if self._counts(job, hours, optimistic=True) and not self._counts(job, hours, optimistic=False):
                    missing += [f"{F_EMPLOYMENT}.{index}.{n}" for n in names if getattr(job, n) is None]
            return unknown(missing or [F_EMPLOYMENT])
        if not history:
            return unmet("no_employment")
        if sure is not None and sure.until == end and not request.is_extension:
            # A current stint that is too short so far: it completes the period on a known day.
            return unmet("not_yet", start=sure.start, complete=add_months(sure.start, minimum))
        return unmet()

    def turning_dates(self, ctx: Context, a: EmploymentArgs, finding: Finding) -> Iterable[date]:
        if finding.key == "not_yet":
            complete = finding.args["complete"]
            return (complete,) if isinstance(complete, date) else ()
        if finding.status is Status.MET and not ctx.request.is_extension:
            # A year that is over slides out of the window: from the first day on which less than
            # the minimum of it lies within the window's months before that day.
            start, end = finding.args.get("start"), finding.args.get("end")
            if isinstance(start, date) and isinstance(end, date) and end < ctx.as_of:
                window, minimum = ctx.p(a.window_months), ctx.p(a.minimum_months)
                stint = Stint(start, end + timedelta(days=1))

                def lasts_on(day: date) -> bool:
                    return Stint(max(start, add_months(day, -window)), stint.until).lasts(minimum)

                day = max(ctx.as_of + timedelta(days=1), add_months(stint.until, window - minimum) - timedelta(days=7))
                for _ in range(62):
                    if not lasts_on(day):
                        return (day,)
                    day += timedelta(days=1)
        return ()


class CurrentlyEmployed(Template[NoArgs]):
    """Employed by the related foreign enterprise, outside Canada, on the day of the application (of
    the initial application, for an extension)."""

    name = "ict.currently_employed"
    title = Text(en="Currently employed by the foreign employer", fr="Emploi actuel chez l'employeur étranger")
    requirement = Text(
        en="The person works for the related foreign employer, outside Canada, when applying (when first applying, "
           "for an extension).",
        fr="La personne travaille pour l'employeur étranger lié, hors du Canada, au moment de la demande (de la "
           "demande initiale, pour une prolongation).")
    messages = {
        "met": Text(en="Employed by the related foreign employer ({employer}) outside Canada on {day:long}.",
                    fr="Emploi chez l'employeur étranger lié ({employer}), hors du Canada, le {day:long}."),
        "met_unnamed": Text(en="Employed by the related foreign employer outside Canada on {day:long}.",
                            fr="Emploi chez l'employeur étranger lié, hors du Canada, le {day:long}."),
        "unmet": Text(en="No job with the related foreign employer outside Canada is current on {day:long}; the "
                         "transferee "
                         "must still be employed there.",
                      fr="Aucun emploi chez l'employeur étranger lié hors du Canada n'est en cours le {day:long}; la "
                         "personne mutée doit toujours y travailler."),
        "unknown": Text(en="We do not know whether the person still works for the related foreign employer outside "
                           "Canada.",
                        fr="Nous ne savons pas si la personne travaille toujours pour l'employeur étranger lié hors du "
                           "Canada."),
        "unknown_initial": Text(
            en="For an extension, this employment is checked on the day of the initial application: we need the date "
               "of that application.",
            fr="Pour une prolongation, cet emploi est vérifié au jour de la demande initiale : il nous faut la date de "
               "cette demande."),
    }
    reads = (F_EMPLOYMENT, "application.kind", F_INITIAL_DATE)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        request = ctx.request
        day = reference_date(request, ctx.as_of)
        if day is None:
            return unknown((F_INITIAL_DATE,), "unknown_initial")
        history = request.applicant.employment_history if request.applicant else None
        if history is None:
            return unknown((F_EMPLOYMENT,))
        missing: list[str] = []
        for index, job in enumerate(history):
            current: bool | None
            if job.start_date is None:
                current = None if (job.end_date is None or job.end_date >= day) else False
            else:
                current = job.start_date <= day and (job.end_date is None or job.end_date >= day)
            abroad = _abroad(job)
            if current is False or job.related_to_offer_employer is False or abroad is False:
                continue
            if current and job.related_to_offer_employer and abroad:
                if job.employer_name:
                    return met(employer=job.employer_name, day=day)
                return met("met_unnamed", day=day)  # the employer's name is not needed to tell
            missing += [f"{F_EMPLOYMENT}.{index}.{n}" for n in ("related_to_offer_employer", "start_date", "country")
                        if getattr(job, n) is None]
        if missing:
            return unknown(missing, day=day)
        return unmet(day=day)

    def turning_dates(self, ctx: Context, a: NoArgs, finding: Finding) -> Iterable[date]:
        if ctx.request.is_extension:
            return ()
        history = ctx.request.applicant.employment_history if ctx.request.applicant else None
        # A current job that ends, or one that starts later (it is already listed).
        return [d for job in history or () for d in (job.end_date and job.end_date + timedelta(days=1),)
                if d is not None and d > ctx.as_of]


# --- wages -------------------------------------------------------------------------------------------


def hourly_wage(job: JobOffer | None, weeks_per_year: float) -> float | None:
    """The offered wage per hour; a yearly wage is divided by the weekly hours times the weeks in a
    year (ESDC's conversion)."""
    if job is None or job.wage is None:
        return None
    if job.wage.per is WagePer.HOUR:
        return job.wage.amount
    if not job.hours_per_week:
        return None
    return job.wage.amount / (job.hours_per_week * weeks_per_year)


def wage_fields(job: JobOffer | None) -> list[str]:
    if job is None or job.wage is None:
        return ["job_offer.wage"]
    return ["job_offer.hours_per_week"]


def wage_change(job: JobOffer | None, hourly_floor: float, weeks_per_year: float) -> Change:
    """The smallest wage that meets an hourly floor, in the unit the offer is written in: a yearly
    wage rounded up to the dollar, an hourly one up to the cent (rounding down would fall short)."""
    if job is not None and job.wage is not None and job.wage.per is WagePer.YEAR and job.hours_per_week:
        return Change("job_offer.wage.amount", "wage_year",
                      {"floor": float(math.ceil(hourly_floor * job.hours_per_week * weeks_per_year - 1e-9))})
    return Change("job_offer.wage.amount", "wage_hour", {"floor": math.ceil(hourly_floor * 100 - 1e-9) / 100})


# --- durations -----------------------------------------------------------------------------------------


# What a permit's length reads besides its stream's own rule: the passport, the job's length and start.
DURATION_READS = ("applicant.passport_expiry", "applicant.citizenships", "job_offer.duration_months",
                  "job_offer.start_date")


def capped_duration(ctx: Context, program_maximum: int | None, exempt: Collection[str], *,
                    open_permit: bool = False) -> int | None:
    """A permit lasts no longer than the stream allows, the job lasts, or (US citizens aside) the
    passport is valid (R52(1)). An open permit is not tied to a job: its offer, if any, is ignored."""
    if program_maximum is None:
        return None
    request = ctx.request
    months = program_maximum
    job = None if open_permit else request.job_offer
    if job is not None and job.duration_months is not None:
        months = min(months, job.duration_months)
    applicant = request.applicant
    if applicant is not None and applicant.passport_expiry is not None:
        if not set(exempt).intersection(applicant.citizenships or ()):
            start = max(ctx.as_of, job.start_date) if job and job.start_date else ctx.as_of
            months = min(months, max(0, whole_months_between(start, applicant.passport_expiry)))
    return months


class CodeArgs(Args):
    code: Param[str]


class FixedCode(StreamRule[CodeArgs, str | None]):
    """The stream's one exemption code, as dated."""

    name = "fixed_code"

    def compute(self, ctx: Context, a: CodeArgs, findings: Mapping[str, Finding]) -> str | None:
        return ctx.p(a.code)


class CappedArgs(Args):
    months: Param[int]
    passport_exempt: Param[list[str]]
    open_permit: bool = False


class CappedDuration(StreamRule[CappedArgs, int | None]):
    """The stream's maximum length, shortened to the job's length and the passport's validity."""

    name = "capped_duration"
    reads = DURATION_READS

    def compute(self, ctx: Context, a: CappedArgs, findings: Mapping[str, Finding]) -> int | None:
        return capped_duration(ctx, ctx.p(a.months), ctx.p(a.passport_exempt), open_permit=a.open_permit)


class PassportArgs(Args):
    passport_exempt: Param[list[str]]


class JobLengthDuration(StreamRule[PassportArgs, int | None]):
    """For streams with no maximum of their own: the permit follows the job and the passport."""

    name = "job_length_duration"
    reads = DURATION_READS

    def compute(self, ctx: Context, a: PassportArgs, findings: Mapping[str, Finding]) -> int | None:
        job = ctx.request.job_offer
        if job is None or job.duration_months is None:
            return None
        return capped_duration(ctx, job.duration_months, ctx.p(a.passport_exempt))

