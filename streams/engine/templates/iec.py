"""International Experience Canada (IEC), code C21: Working Holiday, Young Professionals and
International Co-op (Internship). R204(d) since 2024-11-29 (SOR/2024-240); R205(b) before.

The three streams share their tests: each template below takes the IEC ``category`` as an argument,
and the partner table of the season in force (``iec.partners``, one dated value per season) gives,
per partner country or territory, the categories open with their length and upper age, the number
of participations, the repeat-category, one-per-group and gap rules, the residence, co-op school and
pay rules, and the special terms (Austria's co-op fields and Young Professionals employer, Spain's
ICEX Vives ages, Switzerland's 18-month total, earlier participants of Australia, France, Ireland
and the United Kingdom).

Routes. A person takes part under the agreement of a partner whose citizenship they hold (one that
opens the category), or, without one, through a recognized organization. A partner's citizen keeps
that partner's residence, participation and school rules through an organization, but the
organization's own age limit applies to them (at most 35; the eligibility instructions' note on
age). Tests that depend on the agreement run on every route the person has and keep the most
favourable answer; ``one_agreement`` then checks, for a person with several partner citizenships,
that one of them meets all of these at once. While the citizenships (or, without a partner
citizenship, the organization route) are unknown, the routes are unknown, and so are these tests.
The routes and the tests on each route are worked out once per screening (``ctx.once``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from ..context import Context
from ..findings import NOT_APPLICABLE, Finding, Status, all_of, met, most_favourable, unknown, unmet
from ..inputs import (
    EducationLevel,
    Employment,
    FieldOfStudy,
    IecCategory,
    IecParticipation,
    IecProgram,
    Relationship,
    ScreeningRequest,
)
from ..labels import CountryName
from ..parameters import Param
from ..reference import countries, teer_of
from ..texts import Text, join, long_date
from ..timeline import add_months, age_on
from .base import Args, Change, NoArgs, StreamRule, Template, yes_no
from .common import DURATION_READS, capped_duration

WH = IecCategory.WORKING_HOLIDAY
YP = IecCategory.YOUNG_PROFESSIONALS
COOP = IecCategory.INTERNATIONAL_COOP

F_CITIZENSHIPS = "applicant.citizenships"
F_RO = "applicant.applying_through_recognized_organization"
F_BIRTH = "applicant.date_of_birth"
F_RESIDENCE = "applicant.country_of_residence"
F_PARTICIPATIONS = "applicant.iec_participations"
F_RTD = "applicant.holds_refugee_travel_document"
F_EMPLOYMENT = "applicant.employment_history"
F_ENROLMENT = "applicant.post_secondary_enrolment"
F_ENROLLED = f"{F_ENROLMENT}.enrolled"
F_SCHOOL = f"{F_ENROLMENT}.country"
F_INTERNSHIP = f"{F_ENROLMENT}.internship_required"
F_FIELD = f"{F_ENROLMENT}.field_of_study"
F_GRADUATED = f"{F_ENROLMENT}.graduated_on"
F_PROGRAM = "job_offer.iec_program"
F_RELATIONSHIP = "job_offer.intra_company.relationship"

# An application to a quota year can lead to a permit issued well after the next year's launch: the
# port-of-entry letter of introduction is valid for 12 months after approval. A permit issued within
# this many months after a launch may still belong to the earlier quota year.
LETTER_MONTHS = 18

RO_NAME = Text(en="recognized organization", fr="organisme reconnu")
ANY_ROUTE = Text(en="every agreement and recognized organization", fr="tous les accords et organismes reconnus")
ORGANIZATION_ROUTE = Text(
    en="None of the citizenships given is of a partner country whose agreement opens the category: only a "
       "recognized organization could open this category, with its own rules, and we do not know whether the person "
       "would apply through one.",
    fr="Aucune des citoyennetés indiquées n'est celle d'un pays partenaire dont l'accord ouvre la catégorie : seul "
       "un organisme reconnu pourrait ouvrir cette catégorie, selon ses propres règles, et nous ne savons pas si la "
       "personne passerait par l'un d'eux.")


# --- the partner table: typed, dated parameters -----------------------------------------------------


class _Terms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProgramTerms(_Terms):
    """A programme inside a category with terms of its own (Spain's ICEX Vives)."""

    age_max: int = Field(ge=18)


class CategoryTerms(_Terms):
    """One category of one agreement."""

    months: int = Field(ge=1)  # the permit's maximum length (a first participation)
    age_max: int = Field(ge=18)  # inclusive: the day of the next birthday is too late
    later_months: int | None = Field(default=None, ge=1)  # after an earlier participation under the agreement
    residence_required: bool | None = None  # overrides the agreement's residence rule for this category
    must_be_paid: bool = False  # the work must be paid (Czech co-op placements)
    programs: dict[IecProgram, ProgramTerms] = Field(default_factory=dict)  # Spain's ICEX Vives: 18 to 30
    study_fields: tuple[FieldOfStudy, ...] = ()  # co-op studies (and placement) in these fields (Austria)
    graduates_within_months: int | None = Field(default=None, ge=1)  # co-op: recent graduates too (Austria)
    home_company: bool = False  # permanently employed by a company of the partner, coming to a related one


class EarlierTerms(_Terms):
    """How an agreement treats people who took part under its earlier terms.

    ``final``: they have one final participation, in the category of their choice, whatever the
    number before (Australia), unless more than ``max_earlier`` participations (France) or more than
    ``max_earlier_months`` months (Ireland) came before. Otherwise their participations count as
    usual and the next one lasts ``months`` when the earlier one ran no more than
    ``max_earlier_months`` (the United Kingdom: 24 months after a first one of up to 12 months
    before 2015).

    Earlier means: of a quota year before ``quota_year`` (launched on ``before``), told by the
    participation's season, or by its permit's date of issue where it settles it; without a
    ``quota_year``, a permit issued before ``before``."""

    before: date
    quota_year: int | None = Field(default=None, ge=2000)
    final: bool
    months: int | None = Field(default=None, ge=1)
    max_earlier: int | None = Field(default=None, ge=1)
    max_earlier_months: int | None = Field(default=None, ge=1)


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
    earlier: EarlierTerms | None = None
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
            if (terms.study_fields or terms.graduates_within_months) and category is not COOP:
                raise ValueError(f"{category}: study fields and graduates are co-op terms")
            if terms.home_company and category is not YP:
                raise ValueError(f"{category}: the home-company condition is a Young Professionals term")
        return self


class PartnerTable(RootModel[dict[str, Partner]]):
    """The partners of the season in force, keyed by ISO 3166-1 code."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _codes(self) -> PartnerTable:
        named = set(self.root) | {place for partner in self.root.values() for place in partner.residence_also_in}
        wrong = sorted(named - set(countries()))
        if wrong:
            raise ValueError(f"not ISO 3166-1 codes: {wrong}")
        return self

    def get(self, code: str) -> Partner | None:
        return self.root.get(code)

    def opening(self, category: IecCategory) -> list[Partner]:
        return [partner for partner in self.root.values() if category in partner.categories]


class RecognizedOrganizations(_Terms):
    age_min: int = Field(ge=16)
    age_max: int = Field(ge=18)  # the outer bound: each organization's own limit is set in its agreement
    participations: int = Field(ge=1)  # in a lifetime, across all organizations
    months: int | None = Field(default=None, ge=1)  # None: no official length


class Season(_Terms):
    number: int = Field(ge=2000)
    opened_on: date
    # The last day this is known to be the season in force (the seasons were last checked then):
    # after it a later season may have opened, so a participation of this season or a later one
    # may or may not still block. None: a later season is known to have opened.
    known_until: date | None = None


class IecArgs(Args):
    partners: Param[PartnerTable]
    organizations: Param[RecognizedOrganizations]
    category: IecCategory


# --- routes --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Route:
    code: str | None  # the partner; None: a recognized organization, without a partner citizenship
    partner: Partner | None
    terms: CategoryTerms | None
    where: Text


@dataclass(frozen=True, slots=True)
class Routes:
    """The routes a person has for a category, and the missing facts that leave them unsettled. When
    they are unsettled, the routes are only a probe, to learn which other facts a test needs."""

    routes: tuple[Route, ...]
    unsettled: tuple[str, ...]

    @property
    def partners(self) -> tuple[Route, ...]:
        return tuple(route for route in self.routes if route.partner is not None)


RO_ROUTE = Route(None, None, None, RO_NAME)
RouteTest = Callable[[Context, IecArgs, Route], Finding]


def _ro(request: ScreeningRequest) -> bool | None:
    return request.applicant.applying_through_recognized_organization if request.applicant else None


def _citizenships(request: ScreeningRequest) -> list[str] | None:
    return request.applicant.citizenships if request.applicant else None


def _history(request: ScreeningRequest) -> list[IecParticipation] | None:
    return request.applicant.iec_participations if request.applicant else None


def routes(ctx: Context, a: IecArgs) -> Routes:
    return ctx.once(("iec.routes", a.category), lambda: _find_routes(ctx, a))


def _find_routes(ctx: Context, a: IecArgs) -> Routes:
    citizenships = _citizenships(ctx.request)
    if citizenships is None:
        return Routes((RO_ROUTE,), (F_CITIZENSHIPS,))
    table = ctx.p(a.partners)
    found = []
    for code in dict.fromkeys(citizenships):
        partner = table.get(code)
        if partner is not None and a.category in partner.categories:
            found.append(Route(code, partner, partner.categories[a.category], partner.name))
    if found:
        return Routes(tuple(found), ())
    ro = _ro(ctx.request)
    if ro is None:
        return Routes((RO_ROUTE,), (F_RO,))
    return Routes((RO_ROUTE,) if ro else (), ())


def on_route(name: str, test: RouteTest, ctx: Context, a: IecArgs, route: Route) -> Finding:
    """``test`` on one route, worked out once per screening."""
    return ctx.once(("iec.route", name, a.category, route.code), lambda: test(ctx, a, route))


def on_routes(ctx: Context, a: IecArgs, name: str, test: RouteTest, *,
              without_route: Finding = NOT_APPLICABLE,
              nearest: Callable[[Finding], float] | None = None) -> Finding:
    """The most favourable answer of ``test`` over the person's routes (``nearest``: which of the
    answers of the same status is told, see ``most_favourable``)."""
    found = routes(ctx, a)
    if found.unsettled == (F_RO,) and without_route.status is not None:
        # Without a partner citizenship: an organization, or no route; the same answer either way stands.
        finding = on_route(name, test, ctx, a, found.routes[0])
        if finding.status is without_route.status and finding.status is not Status.UNKNOWN:
            return finding
    if found.unsettled:
        probed = (f for route in found.routes for f in on_route(name, test, ctx, a, route).missing)
        missing = [*found.unsettled, *probed]
        # Citizenship known, none of a partner: only an organization could open the category.
        return unknown(missing, "iec_organization_route" if found.unsettled == (F_RO,) else "unknown")
    if not found.routes:
        return without_route
    return most_favourable([on_route(name, test, ctx, a, route) for route in found.routes], nearest)


def conditional_on_routes(ctx: Context, a: IecArgs, name: str, test: RouteTest,
                          condition: Callable[[CategoryTerms], bool]) -> Finding:
    """A test that only some agreements set: absent unless a route of the person's carries it;
    unknown while the citizenships are (when some partner carries it); the most favourable answer."""
    found = routes(ctx, a)
    if F_CITIZENSHIPS in found.unsettled:
        table = ctx.p(a.partners)
        if any(condition(partner.categories[a.category]) for partner in table.opening(a.category)):
            return unknown((F_CITIZENSHIPS,))
        return NOT_APPLICABLE
    if not any(route.terms is not None and condition(route.terms) for route in found.routes):
        return NOT_APPLICABLE
    return most_favourable([on_route(name, test, ctx, a, route) for route in found.routes])


# --- age -------------------------------------------------------------------------------------------------


def _age(ctx: Context) -> int | None:
    born = ctx.request.applicant.date_of_birth if ctx.request.applicant else None
    return None if born is None else age_on(born, ctx.as_of)


def _in_range(age: int, low: int, high: int, where: Text, *, met_key: str = "met") -> Finding:
    args = {"age": age, "low": low, "high": high, "where": where}
    if age < low:
        return unmet("too_young", **args)
    if age > high:
        return unmet("too_old", **args, limit=high + 1)
    return met(met_key, **args)


def _organization_age(ctx: Context, a: IecArgs) -> Finding:
    age = _age(ctx)
    if age is None:
        return unknown((F_BIRTH,))
    ro = ctx.p(a.organizations)
    return _in_range(age, ro.age_min, ro.age_max, RO_NAME, met_key="met_ro")


def _age_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    age = _age(ctx)
    if age is None:
        return unknown((F_BIRTH,))
    through_ro = _ro(ctx.request)
    if route.partner is None or route.terms is None or through_ro is True:
        # Through an organization, its own limit applies (set in its agreement with IEC).
        return _organization_age(ctx, a)
    low, high = route.partner.age_min, route.terms.age_max
    job = ctx.request.job_offer
    program = job.iec_program if job else None
    programs = route.terms.programs
    if program is not None and program in programs:
        high = programs[program].age_max
        finding = _in_range(age, low, high, route.where)
        if finding.key == "too_old":
            finding = unmet("too_old_program", **finding.args, program=program)
    else:
        finding = _in_range(age, low, high, route.where)
        narrower = [(terms_of.age_max, name) for name, terms_of in programs.items() if terms_of.age_max < high]
        if program is None and narrower and finding.status is Status.MET:
            program_high, program_name = min(narrower)
            if age > program_high:
                return unknown((F_PROGRAM,), "program_unknown", **finding.args, program=program_name,
                               program_high=program_high)
    if finding.status is Status.UNMET and through_ro is None:
        ro = ctx.p(a.organizations)
        if ro.age_min <= age <= ro.age_max:
            # An organization's own age limit could still admit the person.
            return unknown((F_RO,), f"{finding.key}_or_ro", **finding.args, ro_high=ro.age_max)
    return finding


def _years_outside(finding: Finding) -> float:
    """How many years the age lies outside a route's range (0 within it). Of several routes that
    all fail, the one told is the nearest to admitting the person: too old for all, the one with the
    highest upper age; too young for all, the one with the lowest lower age."""
    age, low, high = (finding.args.get(name) for name in ("age", "low", "high"))
    if not (isinstance(age, int) and isinstance(low, int) and isinstance(high, int)):
        return 0
    return max(low - age, age - high, 0)


def _age_bounds(ctx: Context, a: IecArgs) -> tuple[int, int, frozenset[int]]:
    """The widest range of ages of a category (every agreement and the organizations), and every age
    at which some route's answer changes."""

    def compute() -> tuple[int, int, frozenset[int]]:
        ro = ctx.p(a.organizations)
        lows, highs = [ro.age_min], [ro.age_max]
        for partner in ctx.p(a.partners).opening(a.category):
            terms = partner.categories[a.category]
            lows.append(partner.age_min)
            highs += [terms.age_max, *(p.age_max for p in terms.programs.values())]
        return min(lows), max(highs), frozenset(lows) | {high + 1 for high in highs}

    return ctx.per_period(("iec.age_bounds", a.category, a.organizations.name, a.partners.name), compute)


class Age(Template[IecArgs]):
    """At least the lower age and not past the upper age of the agreement of a citizenship held (the
    most favourable), or, through a recognized organization, of that organization (its limit is set
    in its agreement with IEC, at most 35, and applies to partner citizens too), on the day the
    invitation to apply is received, taken as the screening date: the day of the 31st or 36th
    birthday is already too late. Over a country's limit but within the organizations' outer bound,
    the answer is unknown while it is not known whether the person applies through an organization."""

    name = "iec.age"
    title = Text(en="Age on the date of the invitation", fr="Âge à la date de l'invitation")
    requirement = Text(
        en="At least 18, and not past the agreement's upper age (30 or 35, by country and category; Spain's ICEX Vives "
           "placements 30), on the day the invitation to apply is received, taken here as the screening date: the day "
           "of the 31st or 36th birthday is already too late. Through a recognized organization, the organization's "
           "own age limit applies instead (set in its agreement with IEC, at most 35), to citizens of partner "
           "countries too.",
        fr="Avoir au moins 18 ans, sans dépasser l'âge maximal de l'accord (30 ou 35 ans selon le pays et la "
           "catégorie; 30 ans pour les stages ICEX Vives de l'Espagne), le jour de la réception de l'invitation à "
           "présenter une demande, qui correspond ici à la date de l'évaluation : le jour du 31e ou du 36e "
           "anniversaire, il est déjà trop tard. Par l'entremise d'un organisme reconnu, c'est la limite d'âge de cet "
           "organisme qui s'applique (fixée dans son entente avec EIC, 35 ans au plus), y compris aux citoyens des "
           "pays partenaires.")
    messages = {
        "met": Text(en="Aged {age} on the screening date, within the limits of {low} to {high} ({where}).",
                    fr="{age} ans à la date de l'évaluation, dans les limites de {low} à {high} ans ({where})."),
        "met_ro": Text(
            en="Aged {age} on the screening date, within the limits of {low} to {high} ({where}): through an "
               "organization, its own age limit applies, set in its agreement with IEC and at most {high}; the "
               "organization confirms it.",
            fr="{age} ans à la date de l'évaluation, dans les limites de {low} à {high} ans ({where}) : par "
               "l'entremise d'un organisme, c'est sa propre limite d'âge qui s'applique, fixée dans son entente avec "
               "EIC et d'au plus {high} ans; l'organisme la confirme."),
        "too_young": Text(en="Aged {age} on the screening date, under the minimum age of {low} ({where}).",
                          fr="{age} ans à la date de l'évaluation, sous l'âge minimal de {low} ans ({where})."),
        "too_old": Text(
            en="Aged {age} on the screening date, past the upper age of {high} ({where}): an invitation counts only "
               "if received before the day the person turns {limit}.",
            fr="{age} ans à la date de l'évaluation, au-delà de l'âge maximal de {high} ans ({where}) : une invitation "
               "ne compte que si elle est reçue avant le jour des {limit} ans de la personne."),
        "too_old_program": Text(
            en="Aged {age} on the screening date, past the upper age of {high} of {program} placements ({where}).",
            fr="{age} ans à la date de l'évaluation, au-delà de l'âge maximal de {high} ans des stages {program} "
               "({where})."),
        "too_young_or_ro": Text(
            en="Aged {age} on the screening date, under the minimum age of {low} ({where}).",
            fr="{age} ans à la date de l'évaluation, sous l'âge minimal de {low} ans ({where})."),
        "too_old_or_ro": Text(
            en="Aged {age} on the screening date, past the upper age of {high} ({where}). Through a recognized "
               "organization, the organization's own age limit would apply instead (at most {ro_high}), and we do not "
               "know whether the person applies through one.",
            fr="{age} ans à la date de l'évaluation, au-delà de l'âge maximal de {high} ans ({where}). Par l'entremise "
               "d'un organisme reconnu, c'est la limite d'âge de cet organisme qui s'appliquerait (au plus {ro_high} "
               "ans), et nous ne savons pas si la personne passe par l'un d'eux."),
        "too_old_program_or_ro": Text(
            en="Aged {age} on the screening date, past the upper age of {high} of {program} placements ({where}). "
               "Through a recognized organization, the organization's own age limit would apply instead (at most "
               "{ro_high}), and we do not know whether the person applies through one.",
            fr="{age} ans à la date de l'évaluation, au-delà de l'âge maximal de {high} ans des stages {program} "
               "({where}). Par l'entremise d'un organisme reconnu, c'est la limite d'âge de cet organisme qui "
               "s'appliquerait (au plus {ro_high} ans), et nous ne savons pas si la personne passe par l'un d'eux."),
        "program_unknown": Text(
            en="Aged {age} on the screening date, within the limits of {low} to {high} ({where}) for a standard job, "
               "but past the upper age of {program_high} of {program} placements; we do not know which this job is.",
            fr="{age} ans à la date de l'évaluation, dans les limites de {low} à {high} ans ({where}) pour un emploi "
               "ordinaire, mais au-delà de l'âge maximal de {program_high} ans des stages {program}; nous ne savons "
               "pas de quel type d'emploi il s'agit."),
        "unknown": Text(en="We do not know the date of birth, or which agreement's age limits apply.",
                        fr="Nous ne connaissons pas la date de naissance, ni les limites d'âge de l'accord "
                           "applicable."),
        "iec_organization_route": ORGANIZATION_ROUTE,
    }
    reads = (F_BIRTH, F_CITIZENSHIPS, F_RO, F_PROGRAM)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        if _ro(ctx.request) is True:
            return _organization_age(ctx, a)
        finding = on_routes(ctx, a, "age", _age_on, nearest=_years_outside)
        age = _age(ctx)
        if finding.status is not Status.UNKNOWN or age is None:
            return finding
        # The route is not settled yet, but an age outside every route's range fails whatever it is.
        low, high, _ = _age_bounds(ctx, a)
        if low <= age <= high:
            return finding
        return _in_range(age, low, high, ANY_ROUTE)

    def turning_dates(self, ctx: Context, a: IecArgs, finding: Finding) -> Iterable[date]:
        return _age_turning_dates(ctx, a)


def _age_turning_dates(ctx: Context, a: IecArgs) -> list[date]:
    """The birthdays ahead at which some route's age answer changes."""
    born = ctx.request.applicant.date_of_birth if ctx.request.applicant else None
    if born is None:
        return []
    _, _, ages = _age_bounds(ctx, a)
    return [day for day in (_birthday(born, age) for age in sorted(ages)) if day > ctx.as_of]


def _birthday(born: date, age: int) -> date:
    """The first day of the given age (a 29 February birthday falls on 1 March in common years, as
    ``timeline.age_on`` counts it)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


# --- citizenship and route -----------------------------------------------------------------------------


class EligibleCountry(Template[IecArgs]):
    """The person is a citizen of a partner country or territory whose agreement opens the category,
    or applies through a recognized organization (the only route for citizens of the United States
    and of other countries without an agreement). Citizenship counts, not a travel document."""

    name = "iec.eligible_country"
    title = Text(en="Citizen of a partner country, or applying through a recognized organization",
                 fr="Citoyenneté d'un pays partenaire, ou demande par l'entremise d'un organisme reconnu")
    requirement = Text(
        en="Citizenship of a country or territory whose youth mobility agreement with Canada opens the {category} "
           "category, or participation through a recognized organization, the only route for citizens of the United "
           "States and of other countries without such an agreement.",
        fr="Avoir la citoyenneté d'un pays ou territoire dont l'accord de mobilité des jeunes avec le Canada ouvre la "
           "catégorie {category}, ou participer par l'entremise d'un organisme reconnu, seule voie pour les citoyens "
           "des États-Unis et des autres pays sans accord de ce genre.")
    messages = {
        "partner": Text(en="Citizen of {countries}, whose agreement with Canada opens the {category} category.",
                        fr="Citoyenneté : {countries}. L'accord de mobilité des jeunes conclu avec le Canada ouvre la "
                           "catégorie {category}."),
        "recognized_organization": Text(
            en="Applying through a recognized organization, a route open to youth of any citizenship.",
            fr="Demande par l'entremise d'un organisme reconnu, voie ouverte aux jeunes de toute citoyenneté."),
        "unmet": Text(
            en="No citizenship held opens the {category} category, and the person is not applying through a recognized "
               "organization, the only other route.",
            fr="Aucune des citoyennetés détenues n'ouvre la catégorie {category}, et la personne ne passe pas par un "
               "organisme reconnu, seule autre voie possible."),
        "unknown": Text(
            en="We do not know the person's citizenships or, without a partner citizenship, whether they apply through "
               "a recognized organization.",
            fr="Nous ne connaissons pas les citoyennetés de la personne ou, faute de citoyenneté d'un pays partenaire, "
               "nous ne savons pas si elle passe par un organisme reconnu."),
        # The citizenships are known and none opens the category: only the organization route is unsettled.
        "organization_only": Text(
            en="No agreement with {held} opens the {category} category: only a recognized organization could, and we "
               "do not know whether the person would apply through one.",
            fr="Aucun accord avec ce pays ({held}) n'ouvre la catégorie {category} : seul un organisme reconnu le "
               "pourrait, et nous ne savons pas si la personne passerait par l'un d'eux."),
    }
    reads = (F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        found = routes(ctx, a)
        if not found.unsettled and found.partners:
            return met("partner", countries=tuple(route.where for route in found.partners))
        through_ro = _ro(ctx.request)
        if through_ro is True:
            return met("recognized_organization")
        missing = [*found.unsettled, *([F_RO] if through_ro is None and F_RO not in found.unsettled else [])]
        if missing == [F_RO]:
            held = [CountryName(c) for c in dict.fromkeys(_citizenships(ctx.request) or ())]
            return unknown(missing, "organization_only", held=held)
        return unknown(missing) if missing else unmet()


class RefugeeTravelDocument(Template[IecArgs]):
    """A person who has been issued a refugee travel document cannot take part, whichever country
    issued it (IRCC's eligibility page). A citizen of a partner country whose agreement opens the
    category applies with that country's passport, so the test is left out for them, and for a
    person with no route at all; it is asked of those who would go through a recognized
    organization."""

    name = "iec.refugee_travel_document"
    title = Text(en="No refugee travel document", fr="Aucun titre de voyage de réfugié")
    requirement = Text(
        en="A person who has been issued a refugee travel document cannot take part in IEC, even one issued by a "
           "country with a youth mobility agreement with Canada; a citizen of a partner country applies with its "
           "passport.",
        fr="Une personne à qui un titre de voyage de réfugié a été délivré ne peut pas participer à EIC, même s'il a "
           "été délivré par un pays ayant conclu un accord de mobilité des jeunes avec le Canada; le citoyen d'un pays "
           "partenaire présente sa demande avec le passeport de ce pays.")
    messages = {
        "met": Text(en="No refugee travel document has been issued to the person.",
                    fr="Aucun titre de voyage de réfugié n'a été délivré à la personne."),
        "unmet": Text(
            en="A person who has been issued a refugee travel document cannot take part in IEC, whichever country "
               "issued it.",
            fr="Une personne à qui un titre de voyage de réfugié a été délivré ne peut pas participer à EIC, quel que "
               "soit le pays qui l'a délivré."),
        "unknown": Text(
            en="We do not know whether the person holds a refugee travel document; without a partner citizenship, a "
               "person who does cannot take part, even through a recognized organization.",
            fr="Nous ne savons pas si la personne détient un titre de voyage de réfugié; sans citoyenneté d'un pays "
               "partenaire, une personne qui en détient un ne peut pas participer, même par l'entremise d'un organisme "
               "reconnu."),
    }
    reads = (F_RTD, F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        if _ro(ctx.request) is False:
            return NOT_APPLICABLE  # the passport of a partner, or no route at all
        found = routes(ctx, a)
        if F_CITIZENSHIPS not in found.unsettled and found.partners:
            return NOT_APPLICABLE
        holds = ctx.request.applicant.holds_refugee_travel_document if ctx.request.applicant else None
        if F_CITIZENSHIPS in found.unsettled and holds is not False:
            return unknown((F_CITIZENSHIPS,))  # a partner citizen is not asked; others are, once known
        return yes_no(holds, F_RTD, wanted=False)


# --- residence -------------------------------------------------------------------------------------------


def _organization_residence(ctx: Context, a: IecArgs) -> Finding:
    """Through a recognized organization, in a category no agreement of the person's opens: a citizen
    of partner countries only still meets the residence rule of one of their agreements (eligibility
    instructions, note on citizenship and residency); a person with a citizenship of no partner has
    no residence rule (the most favourable reading for a dual citizen)."""
    citizenships = _citizenships(ctx.request)
    table = ctx.p(a.partners)
    partners = [(code, partner) for code in dict.fromkeys(citizenships or ()) if (partner := table.get(code))]
    if citizenships is None or not partners or len(partners) < len(set(citizenships)):
        return met("not_required_ro")
    free = [partner for _, partner in partners if not partner.residence_required]
    if free:
        return met("not_required_ro_partner", country=free[0].name)
    residence = ctx.request.applicant.country_of_residence if ctx.request.applicant else None
    if residence is None:
        return unknown((F_RESIDENCE,))
    for code, partner in partners:
        if residence == code or residence in partner.residence_also_in:
            return met("met_ro_partner", country=partner.name, residence=CountryName(residence))
    code, partner = partners[0]
    return unmet("unmet_ro_partner", country=partner.name, residence=CountryName(residence), code=code)


def _residence_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    partner, terms = route.partner, route.terms
    if partner is None or terms is None:
        return _organization_residence(ctx, a)
    required = partner.residence_required if terms.residence_required is None else terms.residence_required
    if not required:
        return met("not_required", country=route.where)
    residence = ctx.request.applicant.country_of_residence if ctx.request.applicant else None
    if residence is None:
        return unknown((F_RESIDENCE,))
    args = {"country": route.where, "residence": CountryName(residence)}
    if residence == route.code or residence in partner.residence_also_in:
        return met(**args)
    return unmet(**args, code=route.code)


class Residence(Template[IecArgs]):
    """Where the agreement requires it, the person lives in the partner country or territory when
    applying (Denmark counts Greenland and the Faroe Islands). Partner citizens keep this rule
    through a recognized organization; others have none."""

    name = "iec.residence"
    title = Text(en="Residence in the partner country, where the agreement requires it",
                 fr="Résidence dans le pays partenaire, lorsque l'accord l'exige")
    requirement = Text(
        en="Some agreements require living in the country or territory when applying; citizens of those countries keep "
           "the rule through a recognized organization.",
        fr="Certains accords exigent de résider dans le pays ou le territoire au moment de la demande; les citoyens de "
           "ces pays restent soumis à cette condition par l'entremise d'un organisme reconnu.")
    messages = {
        "met": Text(en="Lives in {residence}, which meets the residence rule of the agreement with {country}.",
                    fr="Lieu de résidence : {residence}, ce qui respecte la condition de résidence de l'accord "
                       "({country})."),
        "not_required": Text(en="The agreement with {country} sets no residence rule for this category.",
                             fr="L'accord ({country}) ne prévoit aucune condition de résidence pour cette catégorie."),
        "not_required_ro": Text(en="No residence rule applies through a recognized organization.",
                                fr="Aucune condition de résidence ne s'applique par l'entremise d'un organisme "
                                   "reconnu."),
        "not_required_ro_partner": Text(
            en="Through a recognized organization a citizen of {country} keeps the residence rule of its agreement, "
               "and it sets none.",
            fr="Par l'entremise d'un organisme reconnu, le citoyen de ce pays ({country}) reste soumis à la condition "
               "de résidence de son accord, qui n'en prévoit aucune."),
        "met_ro_partner": Text(
            en="Lives in {residence}, which meets the residence rule of the agreement with {country}; a citizen of "
               "{country} keeps that rule through a recognized organization.",
            fr="Lieu de résidence : {residence}, ce qui respecte la condition de résidence de l'accord ({country}); "
               "le citoyen de ce pays y reste soumis par l'entremise d'un organisme reconnu."),
        "unmet_ro_partner": Text(
            en="Lives in {residence}, but a citizen of {country} keeps the residence rule of its agreement through a "
               "recognized organization, and it requires living there when applying.",
            fr="Lieu de résidence : {residence}. Or, par l'entremise d'un organisme reconnu, le citoyen de ce pays "
               "({country}) reste soumis à la condition de résidence de son accord, qui exige d'y résider au moment "
               "de la demande."),
        "unmet": Text(en="Lives in {residence}, but the agreement with {country} requires living there when applying.",
                      fr="Lieu de résidence : {residence}. Or, l'accord ({country}) exige d'y résider au moment de la "
                         "demande."),
        "unknown": Text(en="We do not know where the person lives, or which agreement applies.",
                        fr="Nous ne savons pas où réside la personne, ni quel accord s'applique."),
        "iec_organization_route": ORGANIZATION_ROUTE,
        "change.residence": Text(en="Living in {country} when applying.",
                                 fr="Résider dans le pays suivant au moment de la demande : {country}."),
    }
    reads = (F_RESIDENCE, F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        return on_routes(ctx, a, "residence", _residence_on)

    def changes(self, ctx: Context, a: IecArgs, finding: Finding) -> Iterable[Change]:
        code = finding.args.get("code")
        if finding.status is not Status.UNMET or not isinstance(code, str):
            return ()
        return (Change(F_RESIDENCE, "residence", {"country": CountryName(code)}),)


# --- participations --------------------------------------------------------------------------------------


def _counts_under(stay: IecParticipation, code: str) -> bool | None:
    """Whether an earlier participation counts under the agreement of ``code`` (None: unknown).
    Participations through a recognized organization count only towards that allowance."""
    if stay.through_recognized_organization is True or stay.country not in (code, None):
        return False
    if stay.through_recognized_organization is False and stay.country == code:
        return True
    return None


def _earlier_era(stay: IecParticipation, earlier: EarlierTerms) -> bool | None:
    """Whether a participation falls under the agreement's earlier terms (None: cannot tell)."""
    if earlier.quota_year is not None and stay.season is not None:
        return stay.season < earlier.quota_year
    issued = stay.permit_issued_on
    if issued is None:
        return None
    if issued < earlier.before:
        return True  # issued before the launch: applied for an earlier quota year
    if earlier.quota_year is None or issued >= add_months(earlier.before, LETTER_MONTHS):
        return False
    return None  # soon after the launch: the application may belong to the earlier quota year


def _months_used(stay: IecParticipation) -> int | None:
    """The months a permit ran (from issue to expiry, a month begun counting whole)."""
    if stay.permit_issued_on is None or stay.permit_expires_on is None:
        return None
    end = stay.permit_expires_on + timedelta(days=1)
    months = (end.year - stay.permit_issued_on.year) * 12 + (end.month - stay.permit_issued_on.month)
    if add_months(stay.permit_issued_on, months) > end:
        months -= 1
    if add_months(stay.permit_issued_on, months) < end:
        months += 1
    return max(months, 0)


def _participation_fields(history: Sequence[IecParticipation], indexes: Iterable[int],
                          names: Sequence[str] = ("country", "through_recognized_organization", "category",
                                                  "permit_issued_on")) -> list[str]:
    return [f"{F_PARTICIPATIONS}.{i}.{name}" for i in dict.fromkeys(indexes) for name in names
            if getattr(history[i], name) is None]


@dataclass(frozen=True, slots=True)
class _Counted:
    index: int
    stay: IecParticipation
    sure: bool | None  # True: counts under the agreement; None: may count


def _counted(history: Sequence[IecParticipation], code: str) -> list[_Counted]:
    return [_Counted(i, stay, sure) for i, stay in enumerate(history)
            if (sure := _counts_under(stay, code)) is not False]


def _usual_allowance(counted: Sequence[_Counted], history: Sequence[IecParticipation], route: Route,
                     category: IecCategory, as_of: date) -> Finding:
    """What the agreement still allows after the earlier participations under it: their number (and
    Switzerland's 18 months in all), the repeat-category and one-per-group rules, and the gap since
    the previous permit ended (from its expiry; while the expiry is not given, only what its date of
    issue settles)."""
    partner = route.partner
    assert partner is not None
    country = route.where
    missing: list[str] = []

    def ask(c: _Counted, *names: str) -> None:
        missing.extend(f"{F_PARTICIPATIONS}.{c.index}.{name}" for name in names if getattr(c.stay, name) is None)

    used = sum(1 for c in counted if c.sure)
    if used >= partner.participations:
        return unmet("used_up", country=country, allowed=partner.participations)
    if len(counted) >= partner.participations:
        for c in counted:
            if c.sure is None:
                ask(c, *_WHOSE)

    if partner.total_months is not None:
        # All participations together (Switzerland, 18 months), told from the permits' expiry dates; a
        # permit of unknown length may have used them all.
        months = sum(m for c in counted if c.sure and (m := _months_used(c.stay)) is not None)
        if months >= partner.total_months:
            return unmet("total_used", country=country, total=partner.total_months)
        for c in counted:
            if c.sure is None:
                ask(c, *_WHOSE)
            if _months_used(c.stay) is None:
                ask(c, "permit_issued_on", "permit_expires_on")

    # Categories ruled out by an earlier participation: the same one where no repeat is allowed, and
    # the others of its group where a group allows one participation between its categories.
    blocked: set[IecCategory] = set() if partner.repeat_category else {category}
    groups = [group for group in partner.once_each if category in group]
    for group in groups:
        blocked |= set(group)
    for c in counted:
        if c.stay.category is None:
            if blocked:
                ask(c, "category", *_WHOSE)
        elif c.stay.category in blocked:
            if c.sure:
                shared = next((g for g in groups if c.stay.category in g), None)
                if shared is not None:
                    return unmet("group", country=country, categories=list(shared))
                return unmet("repeat", country=country, category=category)
            ask(c, *_WHOSE)

    # The gap, counted from the end of the previous permit under the agreement.
    pending: dict[str, object] | None = None
    if partner.gap_months:
        gap = partner.gap_months
        for c in counted:
            stay = c.stay
            if stay.permit_expires_on is not None:
                free = add_months(stay.permit_expires_on + timedelta(days=1), gap)
                if free > as_of:
                    if c.sure:
                        return unmet("gap_expiry", country=country, gap=gap, expired=stay.permit_expires_on,
                                     free_on=free)
                    ask(c, *_WHOSE)
                continue
            if stay.permit_issued_on is None:
                ask(c, "permit_issued_on", "permit_expires_on")
                continue
            terms = partner.categories.get(stay.category) if stay.category is not None else None
            length = terms.months if terms is not None else max(t.months for t in partner.categories.values())
            earliest = add_months(stay.permit_issued_on, gap)  # even a permit that ended at once
            latest = add_months(add_months(stay.permit_issued_on, length), gap)  # one that ran its full length
            if earliest > as_of and c.sure:
                return unmet("gap", country=country, gap=gap, issued=stay.permit_issued_on, free_on=earliest)
            if latest > as_of:
                ask(c, "permit_expires_on", *_WHOSE)
                if c.sure and pending is None:
                    pending = {"country": country, "gap": gap, "issued": stay.permit_issued_on, "months": length,
                               "free_on": latest}

    if missing:
        if pending is not None:
            return unknown(missing, "gap_unknown", **pending)
        return unknown(missing)
    return met(country=country, used=used, allowed=partner.participations)


_WHOSE = ("country", "through_recognized_organization")


def _final_allowance(counted: Sequence[_Counted], eras: Mapping[int, bool | None], history: Sequence[IecParticipation],
                     route: Route, earlier: EarlierTerms) -> Finding:
    """The one final participation the agreement gives people who took part under its earlier terms
    (``eras``: for each counted participation, whether it falls under those terms)."""
    args = {"country": route.where, "year": earlier.quota_year or earlier.before.year}
    names = ("country", "through_recognized_organization", "season", "permit_issued_on")
    doubtful = [c.index for c in counted if c.sure is None or eras[c.index] is None]
    fields = _participation_fields(history, doubtful, names)
    if any(c.sure and eras[c.index] is False for c in counted):
        return unmet("final_used", **args)
    before = [c for c in counted if c.sure and eras[c.index]]
    if earlier.max_earlier is not None and len(before) > earlier.max_earlier:
        return unmet("earlier_too_many", **args, allowed=earlier.max_earlier)
    if earlier.max_earlier_months is not None:
        lengths = [_months_used(c.stay) for c in before]
        known = sum(length for length in lengths if length is not None)
        if known > earlier.max_earlier_months:
            return unmet("earlier_too_long", **args, months=earlier.max_earlier_months)
        fields += _participation_fields(history, [c.index for c, length in zip(before, lengths, strict=True)
                                                  if length is None], ("permit_issued_on", "permit_expires_on"))
    if doubtful or fields:
        return unknown(fields or [F_PARTICIPATIONS])
    return met("final", **args)


def _agreement_allowance(history: Sequence[IecParticipation], route: Route, category: IecCategory,
                         as_of: date) -> Finding:
    partner, code = route.partner, route.code
    assert partner is not None and code is not None
    counted = _counted(history, code)
    earlier = partner.earlier
    if earlier is None or not earlier.final:
        return _usual_allowance(counted, history, route, category, as_of)
    eras = {c.index: _earlier_era(c.stay, earlier) for c in counted}
    if any(c.sure and eras[c.index] for c in counted):
        return _final_allowance(counted, eras, history, route, earlier)
    uncertain = [c.index for c in counted if eras[c.index] is None or (eras[c.index] and not c.sure)]
    usual = _usual_allowance(counted, history, route, category, as_of)
    if not uncertain:
        return usual
    # Some participation may fall under the earlier terms: both readings must agree.
    final = _final_allowance(counted, {i: True if era is None else era for i, era in eras.items()}, history,
                             route, earlier)
    if usual.status is final.status and usual.status is not Status.UNKNOWN:
        return usual
    names = ("season", "permit_issued_on") if earlier.quota_year else ("permit_issued_on",)
    fields = _participation_fields(history, [i for i in uncertain if eras[i] is None], names)
    fields += [f for f in (*usual.missing, *final.missing) if f not in fields]
    return unknown(fields or [F_PARTICIPATIONS])


def _organization_allowance(history: Sequence[IecParticipation], ro: RecognizedOrganizations) -> Finding:
    """Participations through recognized organizations: a lifetime allowance across them all, with
    no repeat-category or gap rule."""
    used = sum(1 for stay in history if stay.through_recognized_organization is True)
    unsure = [i for i, stay in enumerate(history) if stay.through_recognized_organization is None]
    if used >= ro.participations:
        return unmet("used_up_ro", allowed=ro.participations)
    if used + len(unsure) >= ro.participations:
        return unknown([f"{F_PARTICIPATIONS}.{i}.through_recognized_organization" for i in unsure])
    return met("met_ro", used=used, allowed=ro.participations)


def _participations_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    history = _history(ctx.request)
    if history is None:
        return unknown((F_PARTICIPATIONS,))
    ro = ctx.p(a.organizations)
    by_organization = _organization_allowance(history, ro)
    if route.partner is None:
        return by_organization
    own = _agreement_allowance(history, route, a.category, ctx.as_of)
    through_ro = _ro(ctx.request)
    if through_ro is True:
        return most_favourable([own, by_organization])
    if through_ro is None and own.status is not Status.MET and by_organization.status is not Status.UNMET:
        # An organization could still take the person: unknown until we know whether they go through
        # one. A rule of the agreement that already stands in the way is still told.
        missing = [*own.missing, F_RO, *by_organization.missing]
        if own.key != "unknown":
            return unknown(missing, f"{own.key}_or_ro", **own.args, ro_allowed=ro.participations)
        return unknown(missing)
    return own


_OR_RO = Text(
    en=" Only a participation through a recognized organization remains possible (up to {ro_allowed} in a lifetime, "
       "without these rules), and we do not know whether the person applies through one.",
    fr=" Seule une participation par l'entremise d'un organisme reconnu reste possible (jusqu'à {ro_allowed} au cours "
       "d'une vie, sans ces règles), et nous ne savons pas si la personne passe par un tel organisme.")
_UNTIL_RO = Text(
    en=" Until then, only a participation through a recognized organization is possible (up to {ro_allowed} in a "
       "lifetime, without these rules), and we do not know whether the person applies through one.",
    fr=" D'ici là, seule une participation par l'entremise d'un organisme reconnu est possible (jusqu'à {ro_allowed} "
       "au cours d'une vie, sans ces règles), et nous ne savons pas si la personne passe par un tel organisme.")


def _with(text: Text, tail: Text) -> Text:
    return Text(en=text.en + tail.en, fr=text.fr + tail.fr)


_PARTICIPATION_REASONS = {
    "used_up": Text(en="The agreement with {country} allows {allowed} participation(s), and they are used up.",
                    fr="L'accord ({country}) permet {allowed} participation(s), et ce nombre est atteint."),
    "repeat": Text(en="The agreement with {country} does not allow a second participation in the {category} category.",
                   fr="L'accord ({country}) ne permet pas une deuxième participation dans la catégorie {category}."),
    "group": Text(en="The agreement with {country} allows only one participation in {categories}, and it has been "
                     "used.",
                  fr="L'accord ({country}) ne permet qu'une seule participation au titre de la catégorie {categories}, "
                     "et elle a déjà été utilisée."),
    "total_used": Text(
        en="The agreement with {country} allows {total} months in all participations together, and they are used up.",
        fr="L'accord ({country}) permet {total} mois pour l'ensemble des participations, et cette durée est atteinte."),
    "final_used": Text(
        en="Under the agreement with {country}, people who took part before its {year} quota year have one final "
           "participation, and it has been used.",
        fr="Au titre de l'accord ({country}), les personnes qui ont participé avant son année de contingent {year} ont "
           "droit à une dernière participation, et elle a déjà été utilisée."),
    "earlier_too_many": Text(
        en="Under the agreement with {country}, people who took part more than {allowed} time(s) before its {year} "
           "quota year are no longer eligible.",
        fr="Au titre de l'accord ({country}), les personnes qui ont participé plus de {allowed} fois avant son année "
           "de contingent {year} ne sont plus admissibles."),
    "earlier_too_long": Text(
        en="Under the agreement with {country}, people who took part for more than {months} months before its {year} "
           "quota year are no longer eligible.",
        fr="Au titre de l'accord ({country}), les personnes qui ont participé plus de {months} mois avant son année de "
           "contingent {year} ne sont plus admissibles."),
}
_GAP_REASONS = {
    "gap": Text(
        en="The agreement with {country} requires {gap} months between the end of the previous permit and the next "
           "one: the permit issued on {issued:long} leaves the next participation open no earlier than "
           "{free_on:long}, and "
           "later by however long it ran.",
        fr="L'accord ({country}) exige {gap} mois entre la fin du permis précédent et le suivant : le permis délivré "
           "le {issued:long} ne permet pas de nouvelle participation avant le {free_on:long}, et plus tard encore "
           "selon sa "
           "durée."),
    "gap_unknown": Text(
        en="The agreement with {country} requires {gap} months between the end of the previous permit and the next "
           "one: the permit issued on {issued:long}, if it ran its full {months} months, leaves the next "
           "participation open "
           "only from {free_on:long} (its expiry date would tell whether it ended earlier).",
        fr="L'accord ({country}) exige {gap} mois entre la fin du permis précédent et le suivant : le permis délivré "
           "le {issued:long}, s'il a été valide pour toute sa durée de {months} mois, ne permet pas de nouvelle "
           "participation avant le {free_on:long} (sa date d'expiration dirait s'il a pris fin plus tôt)."),
    "gap_expiry": Text(
        en="The agreement with {country} requires {gap} months between the end of the previous permit and the next "
           "one: the permit that expired on {expired:long} leaves the next participation open only from "
           "{free_on:long}.",
        fr="L'accord ({country}) exige {gap} mois entre la fin du permis précédent et le suivant : le permis expiré le "
           "{expired:long} ne permet pas de nouvelle participation avant le {free_on:long}."),
}


_ASKED_ITEM = {
    "country": Text(en="the country of its agreement", fr="le pays de son accord"),
    "through_recognized_organization": Text(en="whether it came through a recognized organization",
                                            fr="s'il a été obtenu par l'entremise d'un organisme reconnu"),
    "category": Text(en="its category", fr="sa catégorie"),
    "permit_issued_on": Text(en="its date of issue", fr="sa date de délivrance"),
    "permit_expires_on": Text(en="its expiry date", fr="sa date d'expiration"),
    "season": Text(en="its IEC season", fr="sa saison EIC"),
}
_ASKED_PERSON = {
    F_RO: Text(en="whether the person applies through a recognized organization",
               fr="si la personne passe par un organisme reconnu"),
    F_CITIZENSHIPS: Text(en="the person's citizenships", fr="les citoyennetés de la personne"),
}


def _permit_name(history: Sequence[IecParticipation], index: int, language: str) -> str:
    issued = history[index].permit_issued_on
    if language == "fr":
        name = "le permis antérieur" if len(history) == 1 else f"le permis antérieur n° {index + 1}"
        return f"{name} (délivré le {long_date(issued, 'fr')})" if issued is not None else name
    name = "the earlier permit" if len(history) == 1 else f"earlier permit no. {index + 1}"
    return f"{name} (issued on {long_date(issued, 'en')})" if issued is not None else name


def _asked_about(history: Sequence[IecParticipation], missing: Sequence[str]) -> Text | None:
    """The facts still to know, in words and permit by permit, when earlier permits were given; None
    when a missing field is neither theirs nor the person's route (None: the generic message is kept)."""
    prefix = f"{F_PARTICIPATIONS}."
    by_permit: dict[int, list[str]] = {}
    person: list[Text] = []
    for field in missing:
        if field in _ASKED_PERSON:
            person.append(_ASKED_PERSON[field])
            continue
        number, _, name = field.removeprefix(prefix).partition(".")
        known = field.startswith(prefix) and number.isdigit() and int(number) < len(history)
        if not known or name not in _ASKED_ITEM:
            return None
        names = by_permit.setdefault(int(number), [])
        if name not in names:
            names.append(name)
    asked: list[Text] = []
    for index in sorted(by_permit):
        order = [name for name in _ASKED_ITEM if name in by_permit[index]]
        en = join([_ASKED_ITEM[name].en for name in order], "en", conjunction="and")
        fr = join([_ASKED_ITEM[name].fr for name in order], "fr", conjunction="and")
        asked.append(Text(en=f"for {_permit_name(history, index, 'en')}, {en}",
                          fr=f"pour {_permit_name(history, index, 'fr')}, {fr}"))
    items = [*person, *asked]
    if not items:
        return None
    return Text(en="; ".join(item.en for item in items), fr="; ".join(item.fr for item in items))


class Participations(Template[IecArgs]):
    """Fewer earlier IEC permits under the agreement than it allows; no second participation in
    the same category where it forbids one, nor in another category of a group allowing one between
    them; the gap some agreements require after the previous permit ends (from its expiry when
    given, else its full length); the final participation some agreements give people who took part
    under their earlier terms. Recognized organizations allow 2 more in a lifetime, without these
    rules. Only permits actually issued count (since 2023-01-09, retroactively)."""

    name = "iec.participations"
    title = Text(en="Participations left under the agreement", fr="Participations restantes au titre de l'accord")
    requirement = Text(
        en="Fewer earlier IEC permits than the agreement allows (1, 2 or 3); no second participation in the same "
           "category where the agreement forbids it, nor in another category of a group allowing one between them "
           "(Working Holiday or Young Professionals for Australia, France and Ireland); the gap some agreements "
           "require after the previous permit ends. Australia, France, Ireland and the United Kingdom have special "
           "terms for people who took part under their earlier terms. A recognized organization allows "
           "{organizations.participations} more participations in a lifetime, without these rules. Only permits "
           "actually issued count.",
        fr="Avoir eu moins de permis EIC que le nombre prévu par l'accord (1, 2 ou 3); pas de deuxième participation "
           "dans la même catégorie lorsque l'accord l'interdit, ni dans une autre catégorie d'un groupe qui n'en "
           "permet qu'une (Vacances-travail ou Jeunes professionnels pour l'Australie, la France et l'Irlande); "
           "l'intervalle que certains accords exigent après la fin du permis précédent. L'Australie, la France, "
           "l'Irlande et le Royaume-Uni prévoient des conditions particulières pour les personnes qui ont participé "
           "selon leurs anciennes conditions. Les organismes reconnus permettent {organizations.participations} "
           "participations de plus au cours d'une vie, sans ces règles. Seuls les permis réellement délivrés comptent.")
    messages = {
        "met": Text(
            en="{used} earlier participation(s) under the agreement with {country}, of {allowed} allowed, and none of "
               "its rules stands in the way.",
            fr="{used} participation(s) antérieure(s) au titre de l'accord ({country}), sur {allowed} permise(s), et "
               "aucune de ses règles ne s'y oppose."),
        "met_ro": Text(
            en="{used} earlier participation(s) through recognized organizations, of {allowed} allowed in a lifetime.",
            fr="{used} participation(s) antérieure(s) par l'entremise d'organismes reconnus, sur {allowed} permises au "
               "cours d'une vie."),
        "final": Text(
            en="Under the agreement with {country}, people who took part before its {year} quota year have one final "
               "participation, in the category of their choice, and it is still open.",
            fr="Au titre de l'accord ({country}), les personnes qui ont participé avant son année de contingent {year} "
               "ont droit à une dernière participation, dans la catégorie de leur choix, et elle reste possible."),
        "used_up_ro": Text(
            en="Recognized organizations allow {allowed} participations in a lifetime, and they are used up.",
            fr="Les organismes reconnus permettent {allowed} participations au cours d'une vie, et ce nombre est "
               "atteint."),
        **_PARTICIPATION_REASONS,
        **{f"{key}_or_ro": _with(text, _OR_RO) for key, text in _PARTICIPATION_REASONS.items()},
        **_GAP_REASONS,
        **{f"{key}_or_ro": _with(text, _UNTIL_RO) for key, text in _GAP_REASONS.items()},
        "unknown": Text(
            en="We do not know enough about the earlier IEC permits (whether there were any and, for each, its "
               "country, category, date of issue and whether it came through a recognized organization), or whether "
               "the person applies through a recognized organization, which allows {organizations.participations} "
               "more in a lifetime.",
            fr="Nous n'en savons pas assez sur les permis EIC antérieurs (s'il y en a eu et, pour chacun, le pays, "
               "la catégorie, la date de délivrance et s'il a été obtenu par l'entremise d'un organisme reconnu), ni "
               "si la personne passe par un organisme reconnu, qui permet {organizations.participations} "
               "participations de plus au cours d'une vie."),
        "unknown_given": Text(
            en="The earlier IEC permits given may use up what the agreement allows, or not: a permit that came through "
               "a recognized organization, or under another country's agreement, does not count against it, and "
               "recognized organizations allow {organizations.participations} more in a lifetime. Still to know: "
               "{asked}.",
            fr="Les permis EIC antérieurs indiqués peuvent épuiser ce que permet l'accord, ou non : un permis "
               "obtenu par l'entremise d'un organisme reconnu, ou au titre de l'accord d'un autre pays, ne compte "
               "pas, et les organismes reconnus permettent {organizations.participations} participations de plus "
               "au cours d'une vie. Reste à savoir : {asked}."),
        "iec_organization_route": ORGANIZATION_ROUTE,
    }
    reads = (F_PARTICIPATIONS, F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        finding = on_routes(ctx, a, "participations", _participations_on)
        history = _history(ctx.request)
        if finding.status is Status.UNKNOWN and finding.key == "unknown" and history:
            # Earlier permits were given: say what is still to know about them, not "whether there were any".
            asked = _asked_about(history, finding.missing)
            if asked is not None:
                return unknown(finding.missing, "unknown_given", asked=asked)
        return finding

    def turning_dates(self, ctx: Context, a: IecArgs, finding: Finding) -> Iterable[date]:
        free = finding.args.get("free_on")
        return (free,) if isinstance(free, date) and free > ctx.as_of else ()


class SeasonArgs(Args):
    season: Param[Season]


class OnePerSeason(Template[SeasonArgs]):
    """A person may take part only once per IEC season: no earlier participation may come from an
    invitation of the season in force. An earlier permit issued since that season opened, whose
    season is not given, leaves it unknown."""

    name = "iec.one_per_season"
    title = Text(en="One participation per IEC season", fr="Une participation par saison d'EIC")
    requirement = Text(
        en="A person may take part only once per IEC season: no earlier participation may come from an invitation of "
           "the season in force (the {season.number} season, open since {season.opened_on:long}).",
        fr="On ne peut participer qu'une fois par saison d'EIC : aucune participation antérieure ne doit provenir "
           "d'une invitation de la saison en cours (la saison {season.number}, ouverte depuis le "
           "{season.opened_on:long}).")
    messages = {
        "met": Text(en="No earlier participation comes from the {number} season, the one in force.",
                    fr="Aucune participation antérieure ne provient de la saison {number}, la saison en cours."),
        "unmet": Text(
            en="An earlier participation comes from the {number} season, the one in force: a person may take part only "
               "once per IEC season.",
            fr="Une participation antérieure provient de la saison {number}, la saison en cours : on ne peut "
               "participer qu'une fois par saison d'EIC."),
        "unknown": Text(
            en="We do not know whether an earlier participation comes from the {number} season, the one in force (open "
               "since {opened:long}): a person may take part only once per IEC season.",
            fr="Nous ne savons pas si une participation antérieure provient de la saison {number}, la saison en cours "
               "(ouverte depuis le {opened:long}) : on ne peut participer qu'une fois par saison d'EIC."),
        "unknown_later_season": Text(
            en="An earlier participation comes from the {their_season} season. We do not know which season is in force "
               "on {day:long}: the {number} season opened on {opened:long}, and whether a later one has opened since "
               "was last checked on {checked:long}. A person may take part only once per IEC season.",
            fr="Une participation antérieure provient de la saison {their_season}. Nous ne savons pas quelle saison "
               "est en cours le {day:long} : la saison {number} s'est ouverte le {opened:long}, et l'ouverture d'une "
               "saison suivante a été vérifiée pour la dernière fois le {checked:long}. On ne peut participer qu'une "
               "fois par saison d'EIC."),
    }
    reads = (F_PARTICIPATIONS,)

    def evaluate(self, ctx: Context, a: SeasonArgs) -> Finding:
        season = ctx.p(a.season)
        args = {"number": season.number, "opened": season.opened_on}
        history = _history(ctx.request)
        if history is None:
            return unknown((F_PARTICIPATIONS,), **args)
        # Past the day the seasons were last checked, a later season may be the one in force: a
        # participation of this season or a later one may no longer block, or may.
        later_unknown = season.known_until is not None and ctx.as_of > season.known_until
        unsure: list[str] = []
        undecidable: int | None = None
        for index, stay in enumerate(history):
            if stay.season is not None:
                if stay.season == season.number and not later_unknown:
                    return unmet(**args)
                if later_unknown and stay.season >= season.number:
                    undecidable = stay.season if undecidable is None else max(undecidable, stay.season)
            elif stay.permit_issued_on is None or stay.permit_issued_on >= season.opened_on:
                unsure.append(f"{F_PARTICIPATIONS}.{index}.season")
        if undecidable is not None:
            return unknown(unsure, "unknown_later_season", **args, their_season=undecidable, day=ctx.as_of,
                           checked=season.known_until)
        if unsure:
            return unknown(unsure, **args)
        return met(**args)


# --- one agreement --------------------------------------------------------------------------------------


def _route_tests(category: IecCategory) -> list[tuple[str, RouteTest]]:
    tests: list[tuple[str, RouteTest]] = [("age", _age_on), ("residence", _residence_on),
                                          ("participations", _participations_on)]
    if category is YP:
        tests += [("home_company", _home_company_on)]
    if category is COOP:
        tests += [("school", _enrolled_on), ("internship", _internship_on), ("field", _field_on), ("pay", _pay_on)]
    return tests


def _route_status(ctx: Context, a: IecArgs, route: Route) -> tuple[Status, list[str]]:
    findings = [on_route(name, test, ctx, a, route) for name, test in _route_tests(a.category)]
    status = all_of(f.status for f in findings)
    return status, [field for f in findings if f.status is Status.UNKNOWN for field in f.missing]


class OneAgreement(Template[IecArgs]):
    """With several partner citizenships, one of them meets every rule of its agreement at once:
    rules met under different citizenships do not add up."""

    name = "iec.one_agreement"
    title = Text(en="One citizenship meets every rule of its agreement",
                 fr="Une même citoyenneté remplit toutes les conditions de son accord")
    requirement = Text(
        en="For a person with several partner citizenships: one takes part under a single agreement, so its age, "
           "residence and participation rules, and its other rules for the {category} category, must all be met under "
           "the same citizenship.",
        fr="Pour une personne qui a plusieurs citoyennetés de pays partenaires : on participe au titre d'un seul "
           "accord; ses conditions d'âge, de résidence et de participations, ainsi que ses autres conditions pour la "
           "catégorie {category}, doivent donc toutes être remplies au titre de la même citoyenneté.")
    messages = {
        "met": Text(en="Under the agreement with {country}, every rule tested above is met.",
                    fr="Au titre de l'accord ({country}), toutes les conditions évaluées ci-dessus sont remplies."),
        "unmet": Text(
            en="No one citizenship ({countries}) meets every rule of its own agreement: rules met under different "
               "citizenships do not add up.",
            fr="Aucune citoyenneté ({countries}) ne remplit à elle seule toutes les conditions de son accord : des "
               "conditions remplies au titre de citoyennetés différentes ne se cumulent pas."),
        "unknown": Text(
            en="We cannot yet tell whether one citizenship meets every rule of its agreement: some facts are missing.",
            fr="Nous ne pouvons pas encore dire si une même citoyenneté remplit toutes les conditions de son accord : "
               "il manque des faits."),
    }
    reads = (F_CITIZENSHIPS, F_BIRTH, F_RESIDENCE, F_PARTICIPATIONS, F_RO, F_ENROLMENT, "job_offer.paid",
             F_EMPLOYMENT, F_RELATIONSHIP, F_PROGRAM)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        if _citizenships(ctx.request) is None:
            return unknown((F_CITIZENSHIPS,))
        found = routes(ctx, a)
        if len(found.routes) < 2:
            return NOT_APPLICABLE  # one route (or none): the tests above already speak for it
        missing: list[str] = []
        for route in found.routes:
            status, unsure = _route_status(ctx, a, route)
            if status is Status.MET:
                return met(country=route.where)
            if status is Status.UNKNOWN:
                missing += unsure
        if missing:
            return unknown(missing)
        return unmet(countries=tuple(route.where for route in found.routes))

    def turning_dates(self, ctx: Context, a: IecArgs, finding: Finding) -> Iterable[date]:
        """Whether one citizenship meets every rule moves when a route's age or participation answer
        does: each birthday at which some agreement's age range starts or ends, and the day an
        earlier participation stops counting under some route."""
        days: set[date] = set(_age_turning_dates(ctx, a))
        if finding.status is not None and ctx.request.applicant is not None:
            for route in routes(ctx, a).routes:
                free = _participations_on(ctx, a, route).args.get("free_on")
                if isinstance(free, date) and free > ctx.as_of:
                    days.add(free)
        return sorted(days)


# --- funds --------------------------------------------------------------------------------------------------


class FundsArgs(Args):
    minimum: Param[float]
    category: IecCategory


class Funds(Template[FundsArgs]):
    """At least the minimum on arrival (CAN$2,500), to cover the first expenses; a border services
    officer may want more, and may ask a co-op participant on an unpaid placement for funds for the
    whole stay."""

    name = "iec.funds"
    title = Text(en="Funds on arrival", fr="Fonds à l'arrivée")
    requirement = Text(en="At least {minimum:money0} to cover expenses on arrival.",
                       fr="Au moins {minimum:money0} pour couvrir les dépenses à l'arrivée.")
    messages = {
        "met": Text(en="{funds:money} available, at least the {minimum:money0} required.",
                    fr="{funds:money} disponibles, soit au moins les {minimum:money0} exigés."),
        "met_unpaid": Text(
            en="{funds:money} available, at least the {minimum:money0} required; on an unpaid placement a border "
               "services officer may ask for funds covering the whole stay.",
            fr="{funds:money} disponibles, soit au moins les {minimum:money0} exigés; pour un stage non rémunéré, un "
               "agent des services frontaliers peut exiger des fonds couvrant tout le séjour."),
        "unmet": Text(en="{funds:money} available, less than the {minimum:money0} required.",
                      fr="{funds:money} disponibles, soit moins que les {minimum:money0} exigés."),
        "unknown": Text(en="We do not know how much money the person will have on arrival.",
                        fr="Nous ne savons pas de combien d'argent la personne disposera à son arrivée."),
        "change.funds": Text(en="At least {minimum:money0} available on arrival.",
                             fr="Au moins {minimum:money0} disponibles à l'arrivée."),
    }
    reads = ("applicant.funds_cad", "job_offer.paid")

    def evaluate(self, ctx: Context, a: FundsArgs) -> Finding:
        funds = ctx.request.applicant.funds_cad if ctx.request.applicant else None
        if funds is None:
            return unknown(("applicant.funds_cad",))
        if funds < ctx.p(a.minimum):
            return unmet(funds=funds)
        job = ctx.request.job_offer
        unpaid = a.category is COOP and job is not None and job.paid is False
        return met("met_unpaid" if unpaid else "met", funds=funds)

    def changes(self, ctx: Context, a: FundsArgs, finding: Finding) -> Iterable[Change]:
        return (Change("applicant.funds_cad", "funds", {}),)


# --- Young Professionals: the job -------------------------------------------------------------------------


def _signed_offer(request: ScreeningRequest, *, paid: bool) -> Finding:
    job = request.job_offer
    signed = job.signed if job else None
    pay = job.paid if job and paid else None  # read only where the rule asks for it (its ``reads``)
    if signed is False:
        return unmet("not_signed")
    if paid and pay is False:
        return unmet("not_paid")
    missing = []
    if signed is None:
        missing.append("job_offer.signed")
    if paid and pay is None:
        missing.append("job_offer.paid")
    if not missing:
        return met()
    if paid and len(missing) == 1:
        # One of the two facts given: the explanation keeps it and asks only for the other.
        return unknown(missing, "unknown_paid" if signed else "unknown_signed")
    return unknown(missing)


class SignedPaidOffer(Template[NoArgs]):
    """A signed employment agreement with a Canadian employer (the employer attests it under R209.11)
    for paid work that meets provincial or territorial labour law, minimum wage included; a French
    VIE or Spanish ICEX Vives stipend counts as pay."""

    name = "iec.signed_paid_offer"
    title = Text(en="A signed offer of paid work", fr="Une offre signée pour un travail rémunéré")
    requirement = Text(
        en="A signed offer letter or contract from a Canadian employer, for paid work that meets provincial or "
           "territorial labour law, minimum wage included (a French VIE or Spanish ICEX Vives stipend counts as pay).",
        fr="Une lettre d'offre ou un contrat signé d'un employeur canadien, pour un travail rémunéré conforme au droit "
           "du travail provincial ou territorial, y compris le salaire minimum (l'allocation d'un VIE français ou d'un "
           "stage ICEX Vives espagnol compte comme rémunération).")
    messages = {
        "met": Text(en="There is a signed offer for paid work.", fr="Il existe une offre signée pour un travail "
                                                                    "rémunéré."),
        "not_signed": Text(en="The offer is not signed yet.", fr="L'offre n'est pas encore signée."),
        "not_paid": Text(en="Young Professionals work must be paid.",
                         fr="Le travail d'un jeune professionnel doit être rémunéré."),
        "unknown": Text(en="We do not know whether there is a signed offer, or whether the work is paid.",
                        fr="Nous ne savons pas s'il existe une offre signée, ni si le travail est rémunéré."),
        "unknown_paid": Text(en="There is a signed offer, but we do not know whether the work is paid.",
                             fr="Il existe une offre signée, mais nous ne savons pas si le travail est rémunéré."),
        "unknown_signed": Text(en="The work is paid, but we do not know whether the offer is signed.",
                               fr="Le travail est rémunéré, mais nous ne savons pas si l'offre est signée."),
    }
    reads = ("job_offer.signed", "job_offer.paid")

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        return _signed_offer(ctx.request, paid=True)


class SignedOffer(Template[NoArgs]):
    """A signed offer or contract from the Canadian employer hosting the placement (attested by the
    employer under R209.11)."""

    name = "iec.signed_offer"
    title = Text(en="A signed offer for the placement", fr="Une offre signée pour le stage")
    requirement = Text(en="A signed offer or contract from the Canadian employer hosting the placement.",
                       fr="Une offre ou un contrat signé de l'employeur canadien qui accueille le stagiaire.")
    messages = {
        "met": Text(en="There is a signed offer for the placement.", fr="Il existe une offre signée pour le stage."),
        "not_signed": Text(en="The placement offer is not signed yet.", fr="L'offre de stage n'est pas encore signée."),
        "unknown": Text(en="We do not know whether there is a signed offer for the placement.",
                        fr="Nous ne savons pas s'il existe une offre signée pour le stage."),
    }
    reads = ("job_offer.signed",)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        return _signed_offer(ctx.request, paid=False)


_POST_SECONDARY = frozenset({
    EducationLevel.POST_SECONDARY_CERTIFICATE, EducationLevel.POST_SECONDARY_DIPLOMA,
    EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE,
    EducationLevel.PROFESSIONAL_DEGREE,
})


class SkillArgs(Args):
    teers: Param[list[int]]
    teers_with_post_secondary: Param[list[int]]


class SkillLevel(Template[SkillArgs]):
    """The job's NOC 2021 occupation is in TEER 0 to 3; a TEER 4 job might be accepted when the
    person holds a completed post-secondary diploma, certificate or degree (an officer decides);
    TEER 5 never."""

    name = "iec.skill_level"
    title = Text(en="Job in TEER 0 to 3 (TEER 4 with a post-secondary credential)",
                 fr="Emploi de FEER 0 à 3 (FEER 4 avec un titre d'études postsecondaires)")
    requirement = Text(
        en="The job's NOC 2021 occupation is in TEER {teers}; a TEER {teers_with_post_secondary} job might be accepted "
           "if the person holds a completed post-secondary diploma, certificate or degree (an officer decides); TEER 5 "
           "never.",
        fr="La profession de l'emploi selon la CNP 2021 relève de la FEER {teers}; un emploi de FEER "
           "{teers_with_post_secondary} peut être accepté si la personne a obtenu un diplôme, un certificat ou un "
           "grade d'études postsecondaires (un agent en décide); jamais la FEER 5.")
    messages = {
        "met": Text(en="The job, NOC {noc}, is in TEER {teer}.", fr="L'emploi, CNP {noc}, relève de la FEER {teer}."),
        "met_with_credential": Text(
            en="The job, NOC {noc}, is in TEER {teer}, accepted because the person holds a completed post-secondary "
               "credential; a TEER {teer} job might be accepted: an officer decides on the evidence.",
            fr="L'emploi, CNP {noc}, relève de la FEER {teer}, acceptée parce que la personne a obtenu un titre "
               "d'études postsecondaires; un emploi de FEER {teer} peut être accepté : un agent en décide au vu des "
               "preuves."),
        "unmet": Text(
            en="The job, NOC {noc}, is in TEER {teer}; Young Professionals jobs must be in TEER 0 to 3 (4 with a "
               "post-secondary credential).",
            fr="L'emploi, CNP {noc}, relève de la FEER {teer}; les emplois de la catégorie Jeunes professionnels "
               "doivent relever des FEER 0 à 3 (4 avec un titre d'études postsecondaires)."),
        "unmet_no_credential": Text(
            en="The job, NOC {noc}, is in TEER {teer}, accepted only with a completed post-secondary credential, which "
               "the person does not hold.",
            fr="L'emploi, CNP {noc}, relève de la FEER {teer}, acceptée seulement avec un titre d'études "
               "postsecondaires, que la personne n'a pas obtenu."),
        "unknown_credential": Text(
            en="The job, NOC {noc}, is in TEER {teer}, accepted only with a completed post-secondary credential, which "
               "we cannot yet confirm.",
            fr="L'emploi, CNP {noc}, relève de la FEER {teer}, acceptée seulement avec un titre d'études "
               "postsecondaires, ce que nous ne pouvons pas encore confirmer."),
        "unknown": Text(en="We do not know the job's occupation (NOC).",
                        fr="Nous ne connaissons pas la profession (CNP) de l'emploi."),
        "change.teer": Text(en="A job in TEER {teers} (NOC 2021).", fr="Un emploi de FEER {teers} (CNP 2021)."),
        "change.credential": Text(
            en="A completed post-secondary diploma, certificate or degree (for a TEER {teers_with_post_secondary} "
               "job).",
            fr="Un diplôme, un certificat ou un grade d'études postsecondaires obtenu (pour un emploi de FEER "
               "{teers_with_post_secondary})."),
    }
    reads = ("job_offer.noc_code", "applicant.education")

    def evaluate(self, ctx: Context, a: SkillArgs) -> Finding:
        noc = ctx.request.job_offer.noc_code if ctx.request.job_offer else None
        if noc is None:
            return unknown(("job_offer.noc_code",))
        teer = teer_of(noc)
        if teer in ctx.p(a.teers):
            return met(noc=noc, teer=teer)
        if teer not in ctx.p(a.teers_with_post_secondary):
            return unmet(noc=noc, teer=teer)
        education = ctx.request.applicant.education if ctx.request.applicant else None
        if education is None:
            return unknown(("applicant.education",), "unknown_credential", noc=noc, teer=teer)
        if any(e.level in _POST_SECONDARY and e.completed for e in education):
            return met("met_with_credential", noc=noc, teer=teer)
        if any(e.level is None or (e.level in _POST_SECONDARY and e.completed is None) for e in education):
            unsure = [f"applicant.education.{i}.{name}" for i, e in enumerate(education)
                      for name in ("level", "completed") if getattr(e, name) is None]
            return unknown(unsure, "unknown_credential", noc=noc, teer=teer)
        return unmet("unmet_no_credential", noc=noc, teer=teer)

    def changes(self, ctx: Context, a: SkillArgs, finding: Finding) -> Iterable[Change]:
        if finding.key == "unmet_no_credential":
            return (Change("applicant.education", "credential", {}),)
        return (Change("job_offer.noc_code", "teer", {}),)


def _permanently_employed(ctx: Context, code: str) -> tuple[bool | None, list[str]]:
    """Whether the person is permanently employed, now, by a company of the country ``code`` that is
    related to the Canadian employer; the facts missing to tell."""
    history = ctx.request.applicant.employment_history if ctx.request.applicant else None
    if history is None:
        return None, [F_EMPLOYMENT]
    missing: list[str] = []
    for index, job in enumerate(history):
        tests = _home_job_tests(job, code, ctx.as_of)
        if any(t is False for _, t in tests):
            continue
        if all(t is True for _, t in tests):
            return True, []
        missing += [f"{F_EMPLOYMENT}.{index}.{name}" for name, t in tests if t is None]
    return (None, missing) if missing else (False, [])


def _home_job_tests(job: Employment, code: str, as_of: date) -> list[tuple[str, bool | None]]:
    current = job.end_date is None or job.end_date >= as_of
    return [("country", None if job.country is None else job.country == code),
            ("related_to_offer_employer", job.related_to_offer_employer),
            ("end_date", current),
            ("permanent", job.permanent)]


def _home_company_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    terms = route.terms
    if terms is None or not terms.home_company or route.code is None:
        return met("not_required", country=route.where)
    ic = ctx.request.job_offer.intra_company if ctx.request.job_offer else None
    relationship = ic.relationship if ic else None
    if relationship is Relationship.NONE:
        return unmet("no_link", country=route.where, code=CountryName(route.code))
    employed, missing = _permanently_employed(ctx, route.code)
    if employed is False:
        return unmet("not_employed", country=route.where, code=CountryName(route.code))
    if relationship is None:
        missing = [*missing, F_RELATIONSHIP]
    if missing:
        return unknown(missing)
    return met(country=route.where, relationship=relationship)


class HomeCompany(Template[IecArgs]):
    """Where the agreement sets it (Austria's Young Professionals, the Canada–Austria Intra- and
    Partner-Company Training Program): the person is permanently employed by a company of that
    country and comes to work with its partner, parent or subsidiary company in Canada."""

    name = "iec.home_company"
    title = Text(en="Employed by a company of the partner country, coming to a related company",
                 fr="Emploi dans une entreprise du pays partenaire, venue dans une société liée")
    requirement = Text(
        en="Where the agreement requires it (Austria): the person is permanently employed by a company of the partner "
           "country and comes to work with its partner, parent or subsidiary company in Canada.",
        fr="Lorsque l'accord l'exige (Autriche) : la personne est employée de façon permanente par une entreprise du "
           "pays partenaire et vient travailler pour une société partenaire, mère ou filiale de celle-ci au Canada.")
    messages = {
        "met": Text(
            en="Permanently employed by a company of {country}, coming to work with its {relationship} in Canada, as "
               "the agreement requires.",
            fr="Emploi permanent dans une entreprise du pays suivant : {country}, pour venir travailler au Canada dans "
               "une société liée ({relationship}), comme l'exige l'accord."),
        "not_required": Text(en="The agreement with {country} sets no such condition.",
                             fr="L'accord ({country}) ne prévoit aucune condition de ce genre."),
        "no_link": Text(
            en="The agreement with {country} is for employees of a company of {code} coming to its partner, parent or "
               "subsidiary company in Canada; the Canadian employer is not related to it.",
            fr="L'accord ({country}) vise les employés d'une entreprise de ce pays ({code}) qui viennent travailler "
               "dans une société partenaire, mère ou filiale de celle-ci au Canada; l'employeur canadien ne lui est "
               "pas lié."),
        "not_employed": Text(
            en="The agreement with {country} is for people permanently employed, now, by a company of {code} related "
               "to the Canadian employer; the employment history shows no such job.",
            fr="L'accord ({country}) vise les personnes employées de façon permanente, actuellement, par une "
               "entreprise de ce pays ({code}) liée à l'employeur canadien; les antécédents d'emploi n'en montrent "
               "aucune."),
        "unknown": Text(
            en="We do not know whether the person is permanently employed by a company of the partner country related "
               "to the Canadian employer, or how the two companies are related.",
            fr="Nous ne savons pas si la personne est employée de façon permanente par une entreprise du pays "
               "partenaire liée à l'employeur canadien, ni quel lien unit les deux sociétés."),
    }
    reads = (F_EMPLOYMENT, F_RELATIONSHIP, F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        return conditional_on_routes(ctx, a, "home_company", _home_company_on, lambda t: t.home_company)


# --- International Co-op: studies ----------------------------------------------------------------------


def _enrolment(request: ScreeningRequest) -> tuple[bool | None, str | None, bool | None]:
    enrolment = request.applicant.post_secondary_enrolment if request.applicant else None
    if enrolment is None:
        return None, None, None
    return enrolment.enrolled, enrolment.country, enrolment.internship_required


def _graduated_on(request: ScreeningRequest) -> date | None:
    enrolment = request.applicant.post_secondary_enrolment if request.applicant else None
    return enrolment.graduated_on if enrolment else None


def _accepts_graduates(terms: CategoryTerms) -> bool:
    return terms.graduates_within_months is not None


def _graduate_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    """A person no longer enrolled: a recent graduate, where the agreement accepts them."""
    terms = route.terms
    if terms is None or terms.graduates_within_months is None:
        return unmet()
    months = terms.graduates_within_months
    graduated = _graduated_on(ctx.request)
    if graduated is None:
        return unknown((F_GRADUATED,))
    args = {"country": route.where, "months": months, "graduated": graduated}
    if ctx.as_of <= add_months(graduated, months):
        return met("recent_graduate", **args)
    return unmet("graduated_too_long", **args)


def _enrolled_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    enrolled, school, _ = _enrolment(ctx.request)
    if enrolled is None:
        return unknown((F_ENROLLED,))
    if not enrolled:
        return _graduate_on(ctx, a, route)
    if route.partner is None or not route.partner.coop_school_in_country:
        return met()
    if school is None:
        return unknown((F_SCHOOL,), "school_unknown", country=route.where)
    if school == route.code:
        return met("met_in_country", country=route.where)
    return unmet("school_elsewhere", country=route.where)


class Enrolled(Template[IecArgs]):
    """The person is registered as a student at a post-secondary institution, in the partner country
    where its agreement says so; Austria also accepts those who graduated in the past 12 months."""

    name = "iec.enrolled"
    title = Text(en="Registered at a post-secondary institution", fr="Inscription dans un établissement postsecondaire")
    requirement = Text(
        en="The person is registered as a student at a post-secondary institution; many agreements require the school "
           "to be in the partner country (for example Australia, Chile, Poland or Spain). Austria also accepts people "
           "who graduated in the past 12 months.",
        fr="La personne est inscrite comme étudiante dans un établissement postsecondaire; beaucoup d'accords exigent "
           "que l'établissement se trouve dans le pays partenaire (par exemple l'Australie, le Chili, la Pologne ou "
           "l'Espagne). L'Autriche accepte aussi les personnes diplômées depuis moins de 12 mois.")
    messages = {
        "met": Text(en="Registered as a post-secondary student.", fr="Inscription comme étudiant de niveau "
                                                                     "postsecondaire."),
        "met_in_country": Text(
            en="Registered as a post-secondary student in {country}, as its agreement requires.",
            fr="Inscription comme étudiant de niveau postsecondaire dans un établissement du pays partenaire "
               "({country}), comme l'exige l'accord."),
        "recent_graduate": Text(
            en="Graduated on {graduated:long}, within the {months} months in which the agreement with {country} still "
               "accepts graduates.",
            fr="Diplôme obtenu le {graduated:long}, dans les {months} mois pendant lesquels l'accord ({country}) "
               "accepte "
               "encore les diplômés."),
        "graduated_too_long": Text(
            en="Graduated on {graduated:long}: the agreement with {country} accepts graduates only within {months} "
               "months.",
            fr="Diplôme obtenu le {graduated:long} : l'accord ({country}) n'accepte les diplômés que dans les "
               "{months} mois "
               "qui suivent."),
        "school_elsewhere": Text(
            en="The agreement with {country} requires co-op students to be registered at a school there.",
            fr="L'accord ({country}) exige que les stagiaires soient inscrits dans un établissement de ce pays."),
        "school_unknown": Text(
            en="Registered as a post-secondary student, but the agreement with {country} requires the school to be "
               "there, and we do not know in which country it is.",
            fr="Inscription comme étudiant de niveau postsecondaire, mais l'accord ({country}) exige que "
               "l'établissement se trouve dans ce pays, et nous ne savons pas dans quel pays il se trouve."),
        "unmet": Text(en="International Co-op is only for registered post-secondary students.",
                      fr="Le Stage coop international est réservé aux étudiants inscrits dans un établissement "
                         "postsecondaire."),
        "unknown": Text(
            en="We do not know whether, or in which country, the person is registered as a post-secondary student.",
            fr="Nous ne savons pas si la personne est inscrite comme étudiante de niveau postsecondaire, ni dans quel "
               "pays."),
        "iec_organization_route": ORGANIZATION_ROUTE,
    }
    reads = (F_ENROLMENT, F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        enrolled, _, _ = _enrolment(ctx.request)
        if enrolled is None:
            return unknown((F_ENROLLED,))
        if enrolled:
            return on_routes(ctx, a, "school", _enrolled_on, without_route=met())
        # Not enrolled: only a recent graduate, where an agreement accepts them.
        found = conditional_on_routes(ctx, a, "school", _enrolled_on, _accepts_graduates)
        return unmet() if found is NOT_APPLICABLE else found

    def turning_dates(self, ctx: Context, a: IecArgs, finding: Finding) -> Iterable[date]:
        graduated, months = finding.args.get("graduated"), finding.args.get("months")
        if finding.key == "recent_graduate" and isinstance(graduated, date) and isinstance(months, int):
            return (add_months(graduated, months) + timedelta(days=1),)
        return ()


def _internship_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    enrolled, _, required = _enrolment(ctx.request)
    if route.terms is not None and _accepts_graduates(route.terms) and enrolled is not True and required is not True:
        if enrolled is False:
            return met("graduate", country=route.where)
        return unknown((F_ENROLLED,)) if required is False else unknown((F_INTERNSHIP,))
    return yes_no(required, F_INTERNSHIP)


class InternshipRequired(Template[IecArgs]):
    """The work placement is required to complete the study programme (not asked of the recent
    graduates Austria accepts)."""

    name = "iec.internship_required"
    title = Text(en="Internship required by the study program", fr="Stage exigé par le programme d'études")
    requirement = Text(
        en="The work placement in Canada is required to complete the study program (Austria's recent graduates aside).",
        fr="Le stage au Canada est nécessaire pour terminer le programme d'études (sauf pour les personnes récemment "
           "diplômées que l'Autriche accepte).")
    messages = {
        "met": Text(en="The study program requires the internship.", fr="Le programme d'études exige le stage."),
        "graduate": Text(en="A recent graduate, whom the agreement with {country} accepts, has no study program to "
                            "complete.",
                         fr="Une personne récemment diplômée, que l'accord ({country}) accepte, n'a plus de programme "
                            "d'études à terminer."),
        "unmet": Text(en="The study program does not require the internship; International Co-op is only for required "
                         "placements.",
                      fr="Le programme d'études n'exige pas le stage; le Stage coop international vise seulement les "
                         "stages obligatoires."),
        "unknown": Text(en="We do not know whether the study program requires the internship.",
                        fr="Nous ne savons pas si le programme d'études exige le stage."),
    }
    reads = (F_ENROLMENT, F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        enrolled, _, required = _enrolment(ctx.request)
        if enrolled is True or required is True:
            return yes_no(required, F_INTERNSHIP)
        found = conditional_on_routes(ctx, a, "internship", _internship_on, _accepts_graduates)
        if found is NOT_APPLICABLE:
            return yes_no(required, F_INTERNSHIP)
        if found.status is Status.UNKNOWN and required is None and F_INTERNSHIP not in found.missing:
            return unknown((*found.missing, F_INTERNSHIP))
        return found


def _field_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    terms = route.terms
    if terms is None or not terms.study_fields:
        return met("not_required", country=route.where)
    enrolment = ctx.request.applicant.post_secondary_enrolment if ctx.request.applicant else None
    field = enrolment.field_of_study if enrolment else None
    if field is None:
        return unknown((F_FIELD,), "unknown_field", country=route.where, fields=list(terms.study_fields))
    args = {"country": route.where, "field": field, "fields": list(terms.study_fields)}
    return (met if field in terms.study_fields else unmet)(**args)


class FieldOfStudyTest(Template[IecArgs]):
    """Where the agreement limits them (Austria): the studies, or the recent degree, are in one of its
    fields (forestry, agriculture or tourism), and so is the placement."""

    name = "iec.field_of_study"
    title = Text(en="Studies in a field the agreement names", fr="Études dans un domaine que l'accord désigne")
    requirement = Text(
        en="Where the agreement limits them (Austria: forestry, agriculture or tourism), the person studies, or "
           "recently graduated, in one of its fields, and the placement is in that field.",
        fr="Lorsque l'accord les limite (Autriche : foresterie, agriculture ou tourisme), la personne étudie dans l'un "
           "de ses domaines, ou y a récemment obtenu son diplôme, et le stage relève de ce domaine.")
    messages = {
        "met": Text(en="Studies in {field}, a field the agreement with {country} names ({fields}).",
                    fr="Études dans le domaine suivant : {field}, que l'accord ({country}) désigne ({fields})."),
        "not_required": Text(en="The agreement with {country} does not limit the field of study.",
                             fr="L'accord ({country}) ne limite pas le domaine d'études."),
        "unmet": Text(en="The agreement with {country} is for studies in {fields}; these studies are not.",
                      fr="L'accord ({country}) vise les études dans les domaines suivants : {fields}; ces études n'en "
                         "relèvent pas."),
        "unknown_field": Text(
            en="We do not know the field of study; the agreement with {country} limits it to {fields}.",
            fr="Nous ne connaissons pas le domaine d'études; l'accord ({country}) le limite aux domaines suivants : "
               "{fields}."),
        "unknown": Text(
            en="We do not know the person's citizenships: the field of study matters only under the agreements that "
               "limit it (with {limiting:and}), not under the others.",
            fr="Nous ne connaissons pas les citoyennetés de la personne : le domaine d'études ne compte qu'au titre "
               "des accords qui le limitent ({limiting:and}), pas au titre des autres."),
        "change.field": Text(en="Studies (and a placement) in {fields}.",
                             fr="Des études (et un stage) dans l'un de ces domaines : {fields}."),
    }
    reads = (F_FIELD, F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        finding = conditional_on_routes(ctx, a, "field", _field_on, lambda t: bool(t.study_fields))
        if finding.status is Status.UNKNOWN and finding.key == "unknown":
            # The citizenship unknown: only some agreements limit the field; name them.
            limiting = [partner.name for partner in ctx.p(a.partners).opening(a.category)
                        if partner.categories[a.category].study_fields]
            return unknown(finding.missing, "unknown", limiting=limiting)
        return finding

    def changes(self, ctx: Context, a: IecArgs, finding: Finding) -> Iterable[Change]:
        fields = finding.args.get("fields")
        if finding.status is not Status.UNMET or not fields:
            return ()
        return (Change(F_FIELD, "field", {"fields": fields}),)


def _pay_on(ctx: Context, a: IecArgs, route: Route) -> Finding:
    if route.terms is None or not route.terms.must_be_paid:
        return met("not_required", country=route.where)
    paid = ctx.request.job_offer.paid if ctx.request.job_offer else None
    if paid is None:
        return unknown(("job_offer.paid",))
    return met(country=route.where) if paid else unmet(country=route.where)


class PaidWhereRequired(Template[IecArgs]):
    """Where the agreement requires it (the Czech Republic), the co-op placement is paid."""

    name = "iec.paid"
    title = Text(en="Paid placement, where the agreement requires it", fr="Stage rémunéré, lorsque l'accord l'exige")
    requirement = Text(en="The Czech Republic's agreement requires International Co-op placements in Canada to be "
                          "paid.",
                       fr="L'accord avec la République tchèque exige que les stages coop au Canada soient rémunérés.")
    messages = {
        "met": Text(en="The placement is paid, as the agreement with {country} requires.",
                    fr="Le stage est rémunéré, comme l'exige l'accord ({country})."),
        "not_required": Text(en="The agreement with {country} does not require the placement to be paid.",
                             fr="L'accord ({country}) n'exige pas que le stage soit rémunéré."),
        "unmet": Text(en="The agreement with {country} requires a paid placement, and this one is unpaid.",
                      fr="L'accord ({country}) exige un stage rémunéré, et celui-ci ne l'est pas."),
        "unknown": Text(en="We do not know whether the placement is paid, or whether the person's agreement requires "
                           "it.",
                        fr="Nous ne savons pas si le stage est rémunéré, ni si l'accord applicable l'exige."),
        "iec_organization_route": ORGANIZATION_ROUTE,
    }
    reads = ("job_offer.paid", F_CITIZENSHIPS, F_RO)

    def evaluate(self, ctx: Context, a: IecArgs) -> Finding:
        if _citizenships(ctx.request) is None:
            return unknown((F_CITIZENSHIPS, *_pay_on(ctx, a, RO_ROUTE).missing))
        found = routes(ctx, a)
        if not any(route.terms is not None and route.terms.must_be_paid for route in found.routes):
            return NOT_APPLICABLE
        return on_routes(ctx, a, "pay", _pay_on)


# --- stream rules: the longest permit -----------------------------------------------------------------


class DurationArgs(Args):
    partners: Param[PartnerTable]
    organizations: Param[RecognizedOrganizations]
    passport_exempt: Param[list[str]]
    category: IecCategory


def _agreement_months(request: ScreeningRequest, route: Route) -> int | None:
    """The longest permit the agreement gives this participation, or None when it depends on facts
    not known (whether there was an earlier participation under it, when, or how long it was)."""
    partner, terms, code = route.partner, route.terms, route.code
    assert partner is not None and terms is not None and code is not None
    if terms.later_months is None and partner.total_months is None and partner.earlier is None:
        return terms.months
    history = _history(request)
    if history is None:
        return None
    counts = [_counts_under(stay, code) for stay in history]
    if any(c is None for c in counts):
        return None
    counted = [stay for stay, c in zip(history, counts, strict=True) if c]
    if not counted:
        return terms.months
    earlier = partner.earlier
    if earlier is not None:
        eras = [_earlier_era(stay, earlier) for stay in counted]
        if any(era is None for era in eras):
            return None
        if earlier.final and any(eras):
            return earlier.months or terms.months
        if not earlier.final and len(counted) == 1 and eras[0]:
            # A second participation after one under the earlier terms: longer only when that first one
            # ran no more than ``max_earlier_months`` (the United Kingdom: 24 months after a first of up
            # to 12 before 2015); after a longer one, the usual length of a later participation.
            if earlier.max_earlier_months is not None:
                first_months = _months_used(counted[0])
                if first_months is None:
                    return None
                if first_months > earlier.max_earlier_months:
                    return terms.later_months or terms.months
            return earlier.months or terms.months
    if partner.total_months is not None:
        used = [_months_used(stay) for stay in counted]
        if any(u is None for u in used):
            return None
        return max(0, min(terms.months, partner.total_months - sum(u for u in used if u is not None)))
    return terms.later_months or terms.months


def _route_months(ctx: Context, a: IecArgs, route: Route) -> int | None:
    """The longest permit a route gives: the agreement's, or the organization's for a participation
    through one once the agreement's allowance is used up; None when it depends on unknown facts (an
    organization's length is set in its agreement with IEC and not published)."""
    ro = ctx.p(a.organizations)
    if route.partner is None:
        return ro.months
    agreement = _agreement_months(ctx.request, route)
    through_ro = _ro(ctx.request)
    history = _history(ctx.request)
    if through_ro is False:
        return agreement
    if history is None:
        return None
    own = _agreement_allowance(history, route, a.category, ctx.as_of).status
    if own is Status.UNMET:
        return ro.months  # only an organization participation is left
    if own is Status.MET:
        if through_ro is None:
            return agreement
        return None if agreement is None or ro.months is None else max(agreement, ro.months)
    if through_ro is True and agreement is not None and ro.months is not None and agreement <= ro.months:
        return ro.months
    return None


class IecDuration(StreamRule[DurationArgs, int | None]):
    """The agreement's length for the category (after an earlier participation, its later length,
    what is left of Switzerland's 18 months, or the final participation's length); capped by the
    passport and, for employer-specific permits, the job. A Working Holiday permit is open: no job
    caps it."""

    name = "iec.max_duration"
    # the routes (citizenships, the organization route, earlier participations), then the caps
    reads = (*DURATION_READS, "applicant.applying_through_recognized_organization", "applicant.iec_participations")

    def compute(self, ctx: Context, a: DurationArgs, findings: Mapping[str, Finding]) -> int | None:
        args = IecArgs.model_construct(partners=a.partners, organizations=a.organizations, category=a.category)
        found = routes(ctx, args)
        if found.unsettled or not found.routes:
            return None
        chosen = list(found.routes)
        if len(chosen) > 1:
            # The routes that meet every rule of their agreement, else those that still may.
            status = [_route_status(ctx, args, route)[0] for route in chosen]
            chosen = ([r for r, s in zip(chosen, status, strict=True) if s is Status.MET]
                      or [r for r, s in zip(chosen, status, strict=True) if s is Status.UNKNOWN])
        lengths = [_route_months(ctx, args, route) for route in chosen]
        if not lengths or any(length is None for length in lengths):
            return None
        longest = max(length for length in lengths if length is not None)
        exempt: list[str] = ctx.p(a.passport_exempt)
        return capped_duration(ctx, longest, exempt, open_permit=a.category is WH)
