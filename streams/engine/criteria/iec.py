"""International Experience Canada (R204(d), formerly R205(b); C21): Working Holiday, Young
Professionals and International Co-op.

The partner table of the season in force (the dated parameter ``iec_partners``) gives, per partner
country or territory, the categories open with their length and upper age, the number of
participations, the repeat-category, one-per-group and gap rules, and the residence, co-op school
and pay rules.

Routes. A person takes part under the agreement of a partner whose citizenship they hold (one that
opens the category), or, without one, through a recognized organization. A partner's citizen meets
that partner's rules even through an organization, which then only adds its lifetime allowance of
participations. Tests that depend on the agreement (age, residence, participations, the co-op
school's country, pay) run on every route the person has and keep the most favourable answer;
``one_agreement`` then checks, for a person with several partner citizenships, that one of them
meets all of these at once, so that answers taken from different citizenships never add up to
eligibility. While the citizenships (or, without a partner citizenship, the organization route)
are unknown, the routes are unknown, and so are these tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..findings import NOT_APPLICABLE, Finding, Params, Status, met, unknown, unmet
from ..inputs import EducationLevel, IecCategory, IecParticipation, ScreeningRequest
from ..labels import CountryName
from ..loader import Text
from ..reference import countries, teer_of
from ..timeline import add_months, age_on
from . import formula, parameter_schema, stream_formula
from ._common import capped_duration, guarded, most_favourable, yes_no

WH = IecCategory.WORKING_HOLIDAY
YP = IecCategory.YOUNG_PROFESSIONALS
COOP = IecCategory.INTERNATIONAL_COOP

F_CITIZENSHIPS = "applicant.citizenships"
F_RO = "applicant.applying_through_recognized_organization"
F_BIRTH = "applicant.date_of_birth"
F_RESIDENCE = "applicant.country_of_residence"
F_PARTICIPATIONS = "applicant.iec_participations"
F_ENROLLED = "applicant.post_secondary_enrolment.enrolled"
F_SCHOOL = "applicant.post_secondary_enrolment.country"
F_INTERNSHIP = "applicant.post_secondary_enrolment.internship_required"

_RO_LABEL = Text(en="recognized organization", fr="organisme reconnu")


# --- the partner table ----------------------------------------------------------------------------


class _Terms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CategoryTerms(_Terms):
    """One category of one agreement."""

    months: int = Field(ge=1)  # the permit's maximum length (a first participation)
    age_max: int = Field(ge=18)  # inclusive: the day of the next birthday is too late
    later_months: int | None = Field(default=None, ge=1)  # after an earlier participation under the agreement
    residence_required: bool | None = None  # overrides the agreement's residence rule for this category
    must_be_paid: bool = False  # the work must be paid (Czech co-op placements)


class Partner(_Terms):
    name: Text
    age_min: int = Field(ge=16)
    participations: int = Field(ge=1)
    repeat_category: bool  # the same category may be taken twice
    once_each: tuple[tuple[IecCategory, ...], ...] = ()  # groups allowing one participation between them
    gap_months: int = Field(ge=0)  # from the end of the previous permit under the agreement
    residence_required: bool  # living in the country when applying
    residence_also_in: tuple[str, ...] = ()  # places that count as the country for residence
    coop_school_in_country: bool  # co-op students registered at a school in the country
    total_months: int | None = Field(default=None, ge=1)  # all participations together
    categories: dict[IecCategory, CategoryTerms] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Partner:
        for group in self.once_each:
            if not set(group) <= set(self.categories):
                raise ValueError(f"once_each names a category that is not open: {list(group)}")
        if self.coop_school_in_country and COOP not in self.categories:
            raise ValueError("a co-op school rule without the co-op category")
        for category, terms in self.categories.items():
            if terms.age_max < self.age_min:
                raise ValueError(f"{category}: upper age below the lower age")
            if self.total_months and terms.months > self.total_months:
                raise ValueError(f"{category}: longer than the total of all participations")
        return self


class RecognizedOrganizations(_Terms):
    age_min: int = Field(ge=16)
    age_max: int = Field(ge=18)
    participations: int = Field(ge=1)
    months: int = Field(ge=1)


@parameter_schema("iec_partners")
def _check_partners(value: Any) -> dict[str, Partner]:
    table = {code: Partner.model_validate(terms) for code, terms in value.items()}
    named = set(table) | {place for partner in table.values() for place in partner.residence_also_in}
    unknown_codes = sorted(named - set(countries()))
    if unknown_codes:
        raise ValueError(f"not ISO 3166-1 codes: {unknown_codes}")
    return table


@parameter_schema("iec_recognized_organizations")
def _check_ro(value: Any) -> RecognizedOrganizations:
    return RecognizedOrganizations.model_validate(value)


# --- routes ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    code: str | None  # the partner; None: a recognized organization, without a partner citizenship
    partner: Partner | None
    terms: CategoryTerms | None
    where: Text


RouteTest = Callable[[Route], Finding]


# Every criterion of an IEC stream asks for the same routes: the last answer is kept, keyed by the
# identity of the request and parameters it was computed for (held, so the identities stay theirs).
_last_routes: tuple[ScreeningRequest, Params, IecCategory, tuple[list[Route], list[str]]] | None = None


def _routes(req: ScreeningRequest, p: Params, category: IecCategory) -> tuple[list[Route], list[str]]:
    """The routes the person has for ``category``, and the missing facts that leave them unsettled.

    When they are unsettled, the routes returned are only a probe, to learn which other facts a
    test needs. Callers must not change the lists returned."""
    global _last_routes
    last = _last_routes
    if last is not None and last[0] is req and last[1] is p and last[2] is category:
        return last[3]
    found = _find_routes(req, p, category)
    _last_routes = (req, p, category, found)
    return found


def _find_routes(req: ScreeningRequest, p: Params, category: IecCategory) -> tuple[list[Route], list[str]]:
    applicant = req.applicant
    citizenships = applicant.citizenships if applicant else None
    ro = applicant.applying_through_recognized_organization if applicant else None
    ro_route = Route(None, None, None, _RO_LABEL)
    if citizenships is None:
        return [ro_route], [F_CITIZENSHIPS]
    partners: dict[str, Partner] = p["iec_partners"]
    routes = [
        Route(code, partners[code], partners[code].categories[category], partners[code].name)
        for code in dict.fromkeys(citizenships)
        if code in partners and category in partners[code].categories
    ]
    if routes:
        return routes, []
    if ro is None:
        return [ro_route], [F_RO]
    return ([ro_route] if ro else []), []


def _on_routes(
    req: ScreeningRequest, p: Params, category: IecCategory, test: RouteTest,
    *, without_route: Finding = NOT_APPLICABLE,
) -> Finding:
    """The most favourable answer of ``test`` over the person's routes."""
    routes, unsettled = _routes(req, p, category)
    if unsettled == [F_RO] and without_route.status is not None:
        # Without a partner citizenship: an organization, or no route; the same answer either way
        # stands.
        finding = test(routes[0])
        if finding.status is without_route.status and finding.status is not Status.UNKNOWN:
            return finding
    if unsettled:
        missing = [*unsettled, *(field for route in routes for field in test(route).missing)]
        # Citizenship known, none of a partner: only an organization could open the category.
        return unknown(missing, "iec_organization_route" if unsettled == [F_RO] else "unknown")
    if not routes:
        return without_route
    return most_favourable([test(route) for route in routes])


def _all_of(findings: Iterable[Finding]) -> Status:
    """Three-valued AND."""
    statuses = {finding.status for finding in findings}
    if Status.UNMET in statuses:
        return Status.UNMET
    if Status.UNKNOWN in statuses:
        return Status.UNKNOWN
    return Status.MET


# --- tests on one route ------------------------------------------------------------------------


def _age_test(req: ScreeningRequest, p: Params, category: IecCategory) -> RouteTest:
    born = req.applicant.date_of_birth if req.applicant else None
    assert req.as_of is not None
    age = None if born is None else age_on(born, req.as_of)
    ro: RecognizedOrganizations = p["iec_recognized_organizations"]

    def test(route: Route) -> Finding:
        if age is None:
            return unknown([F_BIRTH])
        if route.partner is not None and route.terms is not None:
            low, high = route.partner.age_min, route.terms.age_max
        else:
            low, high = ro.age_min, ro.age_max
        args = {"age": age, "low": low, "high": high, "where": route.where}
        if age < low:
            return unmet("too_young", **args)
        if age > high:
            return unmet("too_old", **args)
        return met(**args)

    return test


def _residence_test(req: ScreeningRequest) -> RouteTest:
    residence = req.applicant.country_of_residence if req.applicant else None

    def test(route: Route) -> Finding:
        partner, terms = route.partner, route.terms
        if partner is None or terms is None:
            return met("not_required_ro")
        required = partner.residence_required if terms.residence_required is None else terms.residence_required
        if not required:
            return met("not_required", country=route.where)
        if residence is None:
            return unknown([F_RESIDENCE])
        args = {"country": route.where, "residence": CountryName(residence)}
        if residence == route.code or residence in partner.residence_also_in:
            return met(**args)
        return unmet(**args)

    return test


def _counts_under(stay: IecParticipation, code: str) -> bool | None:
    """Whether an earlier participation counts under the agreement of ``code`` (None: unknown).
    Participations through a recognized organization count only towards that allowance."""
    if stay.through_recognized_organization is True or stay.country not in (code, None):
        return False
    if stay.through_recognized_organization is False and stay.country == code:
        return True
    return None


def _participation_fields(history: Sequence[IecParticipation], indexes: Iterable[int]) -> list[str]:
    names = ("country", "through_recognized_organization", "category", "permit_issued_on")
    return [f"{F_PARTICIPATIONS}.{i}.{name}" for i in dict.fromkeys(indexes) for name in names
            if getattr(history[i], name) is None]


def _agreement_allowance(
    history: Sequence[IecParticipation], route: Route, category: IecCategory, as_of: date
) -> Finding:
    """What the agreement still allows after the earlier participations under it: their number,
    the repeat-category and one-per-group rules, and the gap since the previous permit ended."""
    partner, code = route.partner, route.code
    assert partner is not None and code is not None
    country = route.where
    counted = [(i, stay, sure) for i, stay in enumerate(history)
               if (sure := _counts_under(stay, code)) is not False]
    doubtful: list[int] = []

    # Number of participations.
    used = sum(1 for _, _, sure in counted if sure)
    if used >= partner.participations:
        return unmet("used_up", country=country, allowed=partner.participations)
    if len(counted) >= partner.participations:
        doubtful += [i for i, _, sure in counted if sure is None]

    # Categories ruled out by an earlier participation: the same one where no repeat is allowed,
    # and the others of its group where a group allows one participation between its categories.
    blocked: set[IecCategory] = set() if partner.repeat_category else {category}
    groups = [group for group in partner.once_each if category in group]
    for group in groups:
        blocked |= set(group)
    for i, stay, sure in counted:
        if stay.category is None:
            if blocked:
                doubtful.append(i)
        elif stay.category in blocked:
            if sure:
                shared = next((g for g in groups if stay.category in g), None)
                if shared is not None:
                    return unmet("group", country=country, categories=list(shared))
                return unmet("repeat", country=country, category=category)
            doubtful.append(i)

    # The gap, counted from the end of the previous permit under the agreement (taken as issued
    # for the full length of its category).
    if partner.gap_months:
        for i, stay, sure in counted:
            if stay.permit_issued_on is None:
                doubtful.append(i)
                continue
            terms = partner.categories.get(stay.category) if stay.category is not None else None
            if terms is not None:
                lengths = [terms.months]
            else:
                lengths = [other.months for other in partner.categories.values()]
            free_early = add_months(add_months(stay.permit_issued_on, min(lengths)), partner.gap_months)
            free_late = add_months(add_months(stay.permit_issued_on, max(lengths)), partner.gap_months)
            if free_early > as_of and sure:
                return unmet("gap", country=country, gap=partner.gap_months, issued=stay.permit_issued_on,
                             months=min(lengths), free_on=free_early)
            if free_late > as_of:
                doubtful.append(i)

    if doubtful:
        return unknown(_participation_fields(history, doubtful) or [F_PARTICIPATIONS])
    return met(country=country, used=used, allowed=partner.participations)


def _organization_allowance(history: Sequence[IecParticipation], ro: RecognizedOrganizations) -> Finding:
    """Participations through recognized organizations: a lifetime allowance across them all,
    with no repeat-category or gap rule."""
    used = sum(1 for stay in history if stay.through_recognized_organization is True)
    unsure = [i for i, stay in enumerate(history) if stay.through_recognized_organization is None]
    if used >= ro.participations:
        return unmet("used_up_ro", allowed=ro.participations)
    if used + len(unsure) >= ro.participations:
        return unknown([f"{F_PARTICIPATIONS}.{i}.through_recognized_organization" for i in unsure])
    return met("met_ro", used=used, allowed=ro.participations)


def _participations_test(req: ScreeningRequest, p: Params, category: IecCategory) -> RouteTest:
    applicant = req.applicant
    history = applicant.iec_participations if applicant else None
    through_ro = applicant.applying_through_recognized_organization if applicant else None
    ro: RecognizedOrganizations = p["iec_recognized_organizations"]
    assert req.as_of is not None
    as_of = req.as_of

    def test(route: Route) -> Finding:
        if history is None:
            return unknown([F_PARTICIPATIONS])
        by_organization = _organization_allowance(history, ro)
        if route.partner is None:
            return by_organization
        own = _agreement_allowance(history, route, category, as_of)
        if through_ro is True:
            return most_favourable([own, by_organization])
        if through_ro is None and own.status is not Status.MET and by_organization.status is not Status.UNMET:
            # An organization could still take the person: unknown until we know whether they go
            # through one. A rule of the agreement that already stands in the way is still told.
            missing = [*own.missing, F_RO, *by_organization.missing]
            if own.status is Status.UNMET:
                return unknown(missing, f"{own.key}_or_ro", **own.args, ro_allowed=ro.participations)
            return unknown(missing)
        return own

    return test


def _school_test(req: ScreeningRequest) -> RouteTest:
    enrolment = req.applicant.post_secondary_enrolment if req.applicant else None
    school = enrolment.country if enrolment else None

    def test(route: Route) -> Finding:
        if route.partner is None or not route.partner.coop_school_in_country:
            return met()
        if school is None:
            return unknown([F_SCHOOL])
        if school == route.code:
            return met("met_in_country", country=route.where)
        return unmet("school_elsewhere", country=route.where)

    return test


def _pay_test(req: ScreeningRequest) -> RouteTest:
    paid = req.job_offer.paid if req.job_offer else None

    def test(route: Route) -> Finding:
        if route.terms is None or not route.terms.must_be_paid:
            return met("not_required", country=route.where)
        if paid is None:
            return unknown(["job_offer.paid"])
        return met(country=route.where) if paid else unmet(country=route.where)

    return test


def _route_tests(req: ScreeningRequest, p: Params, category: IecCategory) -> list[RouteTest]:
    tests = [_age_test(req, p, category), _residence_test(req), _participations_test(req, p, category)]
    if category is COOP:
        tests += [_school_test(req), _pay_test(req)]
    return tests


# --- the criteria, for any category ----------------------------------------------------------------


def _eligible_route(req: ScreeningRequest, p: Params, category: IecCategory) -> Finding:
    routes, unsettled = _routes(req, p, category)
    if not unsettled and routes and routes[0].partner is not None:
        return met("partner", countries=[route.where for route in routes])
    through_ro = req.applicant.applying_through_recognized_organization if req.applicant else None
    if through_ro is True:
        return met("recognized_organization")
    missing = [*unsettled, *([F_RO] if through_ro is None and F_RO not in unsettled else [])]
    return unknown(missing) if missing else unmet()


# The widest age range of a category, per partner table: the tables are loaded once and never
# change, so their identity keys the answer (the tables are held so that it stays theirs).
_widest: dict[tuple[int, int, IecCategory], tuple[object, object, tuple[int, int]]] = {}


def _widest_ages(partners: dict[str, Partner], ro: RecognizedOrganizations, category: IecCategory) -> tuple[int, int]:
    key = (id(partners), id(ro), category)
    cached = _widest.get(key)
    if cached is not None and cached[0] is partners and cached[1] is ro:
        return cached[2]
    ranges = [(partner.age_min, partner.categories[category].age_max)
              for partner in partners.values() if category in partner.categories]
    ranges.append((ro.age_min, ro.age_max))
    widest = (min(r[0] for r in ranges), max(r[1] for r in ranges))
    _widest[key] = (partners, ro, widest)
    return widest


_ANY_ROUTE = Text(en="every agreement and recognized organization", fr="tous les accords et organismes reconnus")


def _age(req: ScreeningRequest, p: Params, category: IecCategory) -> Finding:
    finding = _on_routes(req, p, category, _age_test(req, p, category))
    born = req.applicant.date_of_birth if req.applicant else None
    if finding.status is not Status.UNKNOWN or born is None:
        return finding
    # The route is not settled yet, but an age outside every route's range fails whatever it is.
    assert req.as_of is not None
    age = age_on(born, req.as_of)
    low, high = _widest_ages(p["iec_partners"], p["iec_recognized_organizations"], category)
    args = {"age": age, "low": low, "high": high, "where": _ANY_ROUTE}
    if age < low:
        return unmet("too_young", **args)
    if age > high:
        return unmet("too_old", **args)
    return finding


def _residence(req: ScreeningRequest, p: Params, category: IecCategory) -> Finding:
    return _on_routes(req, p, category, _residence_test(req))


def _participations(req: ScreeningRequest, p: Params, category: IecCategory) -> Finding:
    return _on_routes(req, p, category, _participations_test(req, p, category))


def _one_agreement(req: ScreeningRequest, p: Params, category: IecCategory) -> Finding:
    """With several partner citizenships, one of them meets every rule of its agreement at once."""
    citizenships = req.applicant.citizenships if req.applicant else None
    if citizenships is None:
        return unknown([F_CITIZENSHIPS])
    routes, _ = _routes(req, p, category)
    if len(routes) < 2:
        return NOT_APPLICABLE  # one route (or none): the tests above already speak for it
    tests = _route_tests(req, p, category)
    missing: list[str] = []
    for route in routes:
        findings = [test(route) for test in tests]
        status = _all_of(findings)
        if status is Status.MET:
            return met(country=route.where)
        if status is Status.UNKNOWN:
            missing += [field for f in findings if f.status is Status.UNKNOWN for field in f.missing]
    if missing:
        return unknown(missing)
    return unmet(countries=[route.where for route in routes])


def _funds(req: ScreeningRequest, p: Params) -> Finding:
    funds = req.applicant.funds_cad if req.applicant else None
    needed = p["iec_minimum_funds_cad"]
    if funds is None:
        return unknown(["applicant.funds_cad"])
    return met(funds=funds, needed=needed) if funds >= needed else unmet(funds=funds, needed=needed)


def _yes(req: ScreeningRequest, name: str, *, wanted: bool = True) -> Finding:
    return yes_no(getattr(req.applicant, name) if req.applicant else None, f"applicant.{name}", wanted=wanted)


# --- Young Professionals ------------------------------------------------------------------------


def _signed_offer(req: ScreeningRequest, *, paid: bool) -> Finding:
    job = req.job_offer
    signed = job.signed if job else None
    pay = job.paid if job else None
    if signed is False:
        return unmet("not_signed")
    if paid and pay is False:
        return unmet("not_paid")
    missing = []
    if signed is None:
        missing.append("job_offer.signed")
    if paid and pay is None:
        missing.append("job_offer.paid")
    return unknown(missing) if missing else met()


def _professional_development(req: ScreeningRequest) -> Finding:
    value = req.job_offer.contributes_to_professional_development if req.job_offer else None
    return yes_no(value, "job_offer.contributes_to_professional_development")


_POST_SECONDARY = frozenset({
    EducationLevel.POST_SECONDARY_CERTIFICATE, EducationLevel.POST_SECONDARY_DIPLOMA,
    EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE,
    EducationLevel.PROFESSIONAL_DEGREE,
})


def _skill_level(req: ScreeningRequest, p: Params) -> Finding:
    noc = req.job_offer.noc_code if req.job_offer else None
    if noc is None:
        return unknown(["job_offer.noc_code"])
    teer = teer_of(noc)
    if teer in p["iec_yp_teers"]:
        return met(noc=noc, teer=teer)
    if teer not in p["iec_yp_teers_with_post_secondary"]:
        return unmet(noc=noc, teer=teer)
    education = req.applicant.education if req.applicant else None
    if education is None:
        return unknown(["applicant.education"], "unknown_credential", noc=noc, teer=teer)
    if any(e.level in _POST_SECONDARY and e.completed for e in education):
        return met("met_with_credential", noc=noc, teer=teer)
    if any(e.level is None or (e.level in _POST_SECONDARY and e.completed is None) for e in education):
        unsure = [f"applicant.education.{i}.{name}" for i, e in enumerate(education)
                  for name in ("level", "completed") if getattr(e, name) is None]
        return unknown(unsure, "unknown_credential", noc=noc, teer=teer)
    return unmet("unmet_no_credential", noc=noc, teer=teer)


# --- International Co-op ------------------------------------------------------------------------


def _enrolled(req: ScreeningRequest, p: Params) -> Finding:
    enrolment = req.applicant.post_secondary_enrolment if req.applicant else None
    enrolled = enrolment.enrolled if enrolment else None
    if enrolled is False:
        return unmet()
    if enrolled is None:
        return unknown([F_ENROLLED])
    return _on_routes(req, p, COOP, _school_test(req), without_route=met())


def _internship_required(req: ScreeningRequest) -> Finding:
    enrolment = req.applicant.post_secondary_enrolment if req.applicant else None
    return yes_no(enrolment.internship_required if enrolment else None, F_INTERNSHIP)


def _paid_where_required(req: ScreeningRequest, p: Params) -> Finding:
    citizenships = req.applicant.citizenships if req.applicant else None

    def applies() -> bool | None:
        if citizenships is None:
            return None
        routes, _ = _routes(req, p, COOP)
        return any(route.terms is not None and route.terms.must_be_paid for route in routes)

    return guarded(applies, [F_CITIZENSHIPS], lambda: _on_routes(req, p, COOP, _pay_test(req)))


# --- stream formulas ----------------------------------------------------------------------------


def _agreement_months(req: ScreeningRequest, route: Route) -> int | None:
    """The longest permit the agreement gives this participation, or None when it depends on
    facts not known (whether there was an earlier participation under it, or how long it was)."""
    partner, terms, code = route.partner, route.terms, route.code
    assert partner is not None and terms is not None and code is not None
    if terms.later_months is None and partner.total_months is None:
        return terms.months
    history = req.applicant.iec_participations if req.applicant else None
    if history is None:
        return None
    earlier = [_counts_under(stay, code) for stay in history]
    if any(counted is None for counted in earlier):
        return None
    if not any(earlier):
        return terms.months
    if partner.total_months is not None:
        return None  # what is left of the total depends on the earlier permit's length
    return terms.later_months or terms.months


def _route_months(req: ScreeningRequest, p: Params, category: IecCategory, route: Route) -> int | None:
    """The longest permit a route gives: the agreement's, or the organization's for a participation
    through one once the agreement's allowance is used up; None when it depends on unknown facts."""
    ro: RecognizedOrganizations = p["iec_recognized_organizations"]
    if route.partner is None:
        return ro.months
    agreement = _agreement_months(req, route)
    applicant = req.applicant
    through_ro = applicant.applying_through_recognized_organization if applicant else None
    history = applicant.iec_participations if applicant else None
    if through_ro is False:
        return agreement
    if history is None:
        return None
    assert req.as_of is not None
    own = _agreement_allowance(history, route, category, req.as_of).status
    if own is Status.UNMET:
        return ro.months  # only an organization participation is left
    if own is Status.MET:
        if through_ro is None:
            return agreement
        return None if agreement is None else max(agreement, ro.months)
    if through_ro is True and agreement is not None and agreement <= ro.months:
        return ro.months
    return None


def _max_duration(req: ScreeningRequest, p: Params, category: IecCategory) -> int | None:
    routes, unsettled = _routes(req, p, category)
    if unsettled or not routes:
        return None
    chosen = routes
    if len(routes) > 1:
        # The routes that meet every rule of their agreement, else those that still may. (With one
        # route, the stream's outcome already says: the length is asked for only when not ineligible.)
        tests = _route_tests(req, p, category)
        status = [_all_of(test(route) for test in tests) for route in routes]
        chosen = ([r for r, s in zip(routes, status, strict=True) if s is Status.MET]
                  or [r for r, s in zip(routes, status, strict=True) if s is Status.UNKNOWN])
    lengths = [_route_months(req, p, category, route) for route in chosen]
    if not lengths or any(length is None for length in lengths):
        return None
    longest = max(length for length in lengths if length is not None)
    if category is WH:
        # An open permit: no job offer limits it, only the passport.
        return capped_duration(req.model_copy(update={"job_offer": None}), p, longest)
    return capped_duration(req, p, longest)


def _exemption_code(p: Params) -> str:
    code: str = p["iec_exemption_code"]
    return code


# --- iec_working_holiday -------------------------------------------------------------------------


@formula
def meets_iec_working_holiday_eligible_country(req: ScreeningRequest, p: Params) -> Finding:
    return _eligible_route(req, p, WH)


@formula
def meets_iec_working_holiday_age(req: ScreeningRequest, p: Params) -> Finding:
    return _age(req, p, WH)


@formula
def meets_iec_working_holiday_residence(req: ScreeningRequest, p: Params) -> Finding:
    return _residence(req, p, WH)


@formula
def meets_iec_working_holiday_participations(req: ScreeningRequest, p: Params) -> Finding:
    return _participations(req, p, WH)


@formula
def meets_iec_working_holiday_one_agreement(req: ScreeningRequest, p: Params) -> Finding:
    return _one_agreement(req, p, WH)


@formula
def meets_iec_working_holiday_funds(req: ScreeningRequest, p: Params) -> Finding:
    return _funds(req, p)


@formula
def meets_iec_working_holiday_health_insurance(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "will_hold_health_insurance")


@formula
def meets_iec_working_holiday_no_dependants(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "accompanying_dependants", wanted=False)


@stream_formula
def iec_working_holiday_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    return _exemption_code(p)


@stream_formula
def iec_working_holiday_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    return _max_duration(req, p, WH)


# --- iec_young_professionals ---------------------------------------------------------------------


@formula
def meets_iec_young_professionals_eligible_country(req: ScreeningRequest, p: Params) -> Finding:
    return _eligible_route(req, p, YP)


@formula
def meets_iec_young_professionals_age(req: ScreeningRequest, p: Params) -> Finding:
    return _age(req, p, YP)


@formula
def meets_iec_young_professionals_residence(req: ScreeningRequest, p: Params) -> Finding:
    return _residence(req, p, YP)


@formula
def meets_iec_young_professionals_participations(req: ScreeningRequest, p: Params) -> Finding:
    return _participations(req, p, YP)


@formula
def meets_iec_young_professionals_one_agreement(req: ScreeningRequest, p: Params) -> Finding:
    return _one_agreement(req, p, YP)


@formula
def meets_iec_young_professionals_funds(req: ScreeningRequest, p: Params) -> Finding:
    return _funds(req, p)


@formula
def meets_iec_young_professionals_health_insurance(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "will_hold_health_insurance")


@formula
def meets_iec_young_professionals_no_dependants(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "accompanying_dependants", wanted=False)


@formula
def meets_iec_young_professionals_signed_paid_offer(req: ScreeningRequest, p: Params) -> Finding:
    return _signed_offer(req, paid=True)


@formula
def meets_iec_young_professionals_professional_development(req: ScreeningRequest, p: Params) -> Finding:
    return _professional_development(req)


@formula
def meets_iec_young_professionals_skill_level(req: ScreeningRequest, p: Params) -> Finding:
    return _skill_level(req, p)


@stream_formula
def iec_young_professionals_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    return _exemption_code(p)


@stream_formula
def iec_young_professionals_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    return _max_duration(req, p, YP)


# --- iec_international_coop ----------------------------------------------------------------------


@formula
def meets_iec_international_coop_eligible_country(req: ScreeningRequest, p: Params) -> Finding:
    return _eligible_route(req, p, COOP)


@formula
def meets_iec_international_coop_age(req: ScreeningRequest, p: Params) -> Finding:
    return _age(req, p, COOP)


@formula
def meets_iec_international_coop_residence(req: ScreeningRequest, p: Params) -> Finding:
    return _residence(req, p, COOP)


@formula
def meets_iec_international_coop_participations(req: ScreeningRequest, p: Params) -> Finding:
    return _participations(req, p, COOP)


@formula
def meets_iec_international_coop_one_agreement(req: ScreeningRequest, p: Params) -> Finding:
    return _one_agreement(req, p, COOP)


@formula
def meets_iec_international_coop_funds(req: ScreeningRequest, p: Params) -> Finding:
    return _funds(req, p)


@formula
def meets_iec_international_coop_health_insurance(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "will_hold_health_insurance")


@formula
def meets_iec_international_coop_no_dependants(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "accompanying_dependants", wanted=False)


@formula
def meets_iec_international_coop_enrolled(req: ScreeningRequest, p: Params) -> Finding:
    return _enrolled(req, p)


@formula
def meets_iec_international_coop_internship_required(req: ScreeningRequest, p: Params) -> Finding:
    return _internship_required(req)


@formula
def meets_iec_international_coop_signed_offer(req: ScreeningRequest, p: Params) -> Finding:
    return _signed_offer(req, paid=False)


@formula
def meets_iec_international_coop_paid(req: ScreeningRequest, p: Params) -> Finding:
    return _paid_where_required(req, p)


@stream_formula
def iec_international_coop_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    return _exemption_code(p)


@stream_formula
def iec_international_coop_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    return _max_duration(req, p, COOP)
