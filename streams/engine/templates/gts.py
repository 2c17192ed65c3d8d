"""Global Talent Stream (``global_talent_stream``): a stream of the Temporary Foreign Worker Program
run by ESDC on a Labour Market Impact Assessment (LMIA), not of the International Mobility Program.

Category B: the occupation is on the Global Talent Occupations List (processed as B even with a
referral). Category A: the employer was referred by a designated partner. A test that depends on
the category is evaluated under every category still possible; the most favourable answer wins,
and an answer that holds under one category only stays unknown while the category is open.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from ..context import Context
from ..findings import NOT_APPLICABLE, Finding, Kind, Status, met, most_favourable, unknown, unmet
from ..inputs import EducationLevel, JobOffer, WagePer
from ..parameters import Param
from ..reference import noc_unit_groups
from ..texts import Text
from .base import Args, Change, NoArgs, StreamRule, Template, guarded
from .common import hourly_wage, wage_fields

GTS = "job_offer.gts"
F_NOC = "job_offer.noc_code"
F_TITLE = "job_offer.title"
F_REFERRAL = f"{GTS}.designated_partner_referral"
F_SUBSET = f"{GTS}.within_listed_subset"
F_POSITIONS = f"{GTS}.positions_this_year"
F_PREVAILING = "job_offer.prevailing_wage_hourly"
F_PROVINCE = "job_offer.province"
F_HOURS = "job_offer.hours_per_week"
F_EXPERIENCE = "applicant.years_experience_in_offer_occupation"
F_EDUCATION = "applicant.education"
F_WAGE_AMOUNT = "job_offer.wage.amount"

Category = Literal["A", "B"]


# --- parameters ------------------------------------------------------------------------------------


class Subset(BaseModel):
    """Part of a NOC group the list covers: without actuaries, or positions requiring experience."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: Literal["excludes_actuaries", "requires_experience"]
    years: float | None = Field(default=None, gt=0)  # the experience the position must require
    description: Text  # the list's own words

    @model_validator(mode="after")
    def _years(self) -> Subset:
        if (self.rule == "requires_experience") != (self.years is not None):
            raise ValueError("years are given exactly for a subset that requires experience")
        return self


class ListedOccupation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The hourly wage floor (None: the prevailing wage only). floor_known False: the list had a floor
    # on that date whose amount could not be confirmed.
    floor_hourly: float | None = Field(default=None, gt=0)
    floor_known: bool = True
    subset: Subset | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ListedOccupation:
        if not self.floor_known and self.floor_hourly is not None:
            raise ValueError("a floor whose amount is not known has no amount")
        return self


class OccupationList(RootModel[dict[str, ListedOccupation]]):
    """The Global Talent Occupations List (Category B), by NOC 2021 unit group."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _noc_codes(self) -> OccupationList:
        unknown_codes = sorted(set(self.root) - set(noc_unit_groups()))
        if unknown_codes:
            raise ValueError(f"not NOC 2021 unit groups: {unknown_codes}")
        return self

    def get(self, noc: str) -> ListedOccupation | None:
        return self.root.get(noc)


class CategoryAWages(BaseModel):
    """Category A: at least ``hourly`` an hour amounting to no less than ``annual`` a year; beyond
    ``usual_positions_per_year`` positions in a calendar year, the ``additional`` amounts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hourly: float = Field(gt=0)
    annual: float = Field(gt=0)
    additional_hourly: float = Field(gt=0)
    additional_annual: float = Field(gt=0)
    usual_positions_per_year: int = Field(ge=1)


# --- categories ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Categories:
    possible: tuple[Category, ...]  # the categories still possible on the facts
    missing: tuple[str, ...]  # the facts that would narrow them


def _referral(job: JobOffer | None) -> bool | None:
    return job.gts.designated_partner_referral if job and job.gts else None


def categories(ctx: Context, occupations: Param[OccupationList]) -> Categories:
    """Category B when the occupation is listed; otherwise A when a designated partner referred the
    employer. Worked out once per screening."""

    def compute() -> Categories:
        job = ctx.request.job_offer
        noc = job.noc_code if job else None
        referral = _referral(job)
        if noc is not None and ctx.p(occupations).get(noc) is not None:
            return Categories(("B",), ())
        possible: list[Category] = []
        missing: list[str] = []
        if noc is None:
            possible.append("B")
            missing.append(F_NOC)
        if referral is not False:
            possible.append("A")
            if referral is None:
                missing.append(F_REFERRAL)
        return Categories(tuple(possible), tuple(missing))

    return ctx.once(("gts.categories", occupations.name), compute)


def per_category(found: Categories, test: Callable[[Category], Finding]) -> Finding:
    """The most favourable finding over the categories still possible; one that holds under a
    single category only is unknown while the category is open."""
    if not found.possible:
        return NOT_APPLICABLE  # neither category: the category test says so
    findings = [test(category) for category in found.possible]
    best = most_favourable(findings)
    if best.status is Status.MET and len(found.possible) > 1 and any(f.status is not Status.MET for f in findings):
        return unknown([*found.missing, *best.missing], "unknown_category")
    return best


class ListArgs(Args):
    occupations: Param[OccupationList]


class CategoryTest(Template[ListArgs]):
    """Category B: the occupation (NOC 2021) is on the Global Talent Occupations List. Otherwise
    Category A: a designated referral partner referred the employer (an application to Category A
    without the referral form is incomplete and not processed)."""

    name = "gts.category"
    title = Text(en="Category A referral or Category B occupation",
                 fr="Recommandation de catégorie A ou profession de catégorie B")
    requirement = Text(
        en="The occupation is on the Global Talent Occupations List (Category B), or the employer was referred by one "
           "of the stream's designated referral partners (Category A).",
        fr="La profession figure sur la Liste des professions du Volet des talents mondiaux (catégorie B), ou "
           "l'employeur a été recommandé par l'un des partenaires désignés du volet (catégorie A).")
    messages = {
        "category_b": Text(en="NOC {noc} is on the Global Talent Occupations List: Category B.",
                           fr="La CNP {noc} figure sur la Liste des professions du Volet des talents mondiaux : "
                              "catégorie B."),
        "category_a": Text(en="The employer was referred by a designated partner: Category A.",
                           fr="L'employeur a été recommandé par un partenaire désigné : catégorie A."),
        "unmet": Text(en="NOC {noc} is not on the Global Talent Occupations List and the employer has no designated "
                         "partner referral.",
                      fr="La CNP {noc} ne figure pas sur la Liste des professions du Volet des talents mondiaux et "
                         "l'employeur n'a pas de recommandation d'un partenaire désigné."),
        "unknown": Text(en="We do not know the occupation (NOC), or whether a designated partner referred the "
                           "employer.",
                        fr="Nous ne connaissons pas la profession (CNP), ni si un partenaire désigné a recommandé "
                           "l'employeur."),

        "unknown_referral": Text(
            en="NOC {noc} is not on the Global Talent Occupations List, so the position can only be in Category A, "
               "which needs the employer's referral by a designated partner; we do not know whether there is one.",
            fr="La CNP {noc} ne figure pas sur la Liste des professions du Volet des talents mondiaux : le poste ne "
               "peut donc relever que de la catégorie A, qui exige la recommandation de l'employeur par un partenaire "
               "désigné; nous ne savons pas s'il y en a une."),
    }
    reads = (F_NOC, F_REFERRAL)

    def evaluate(self, ctx: Context, a: ListArgs) -> Finding:
        found = categories(ctx, a.occupations)
        job = ctx.request.job_offer
        noc = job.noc_code if job else None
        if found.possible == ("B",) and not found.missing:
            return met("category_b", noc=noc)
        if _referral(job) is True:
            return met("category_a")
        if not found.possible:
            return unmet(noc=noc)
        if noc is not None:  # not on the list: only the referral is open
            return unknown(found.missing, "unknown_referral", noc=noc)
        return unknown(found.missing)


# --- the listed part of an occupation -----------------------------------------------------------------


class SubsetArgs(Args):
    occupations: Param[OccupationList]
    actuary_words: Param[list[str]]


class OccupationSubset(Template[SubsetArgs]):
    """Some list entries cover only part of a NOC group: 21210 without actuaries or related
    occupations (judged from the job title); 51120 (visual effects, video game and animation
    producers, directors and project managers) and 52120 (digital media designers) only for
    positions that require the years of experience, in the roles and skills, the list names."""

    name = "gts.occupation_subset"
    title = Text(en="Within the listed part of the occupation", fr="Dans la partie visée de la profession")
    requirement = Text(
        en="Some list entries cover only part of a NOC group: mathematicians and statisticians without actuaries "
           "(21210); visual effects, video game and animation producers, directors and project managers (51120) and "
           "digital media designers (52120), in positions that require the years of experience, in the roles and "
           "skills, the list names.",
        fr="Certaines entrées de la liste ne visent qu'une partie d'un groupe de la CNP : les mathématiciens et "
           "statisticiens, sans les actuaires (21210); les producteurs, directeurs et gestionnaires de projets des "
           "effets visuels, du jeu vidéo et de l'animation (51120) et les concepteurs de médias numériques (52120), "
           "dans des postes exigeant les années d'expérience, dans les rôles et compétences, que la liste énumère.")
    messages = {
        "not_actuary": Text(en="The position is not an actuary's (judged from the job title), which NOC 21210 on the "
                               "list excludes.",
                            fr="Le poste n'est pas un poste d'actuaire (d'après le titre du poste), exclu de la CNP "
                               "21210 sur la liste."),
        "actuary": Text(en="Actuaries are excluded from NOC 21210 on the Global Talent Occupations List.",
                        fr="Les actuaires sont exclus de la CNP 21210 sur la Liste des professions du Volet des "
                           "talents mondiaux."),
        "outside": Text(en="The position is outside the part of NOC {noc} the list covers: {description}",
                        fr="Le poste est hors de la partie de la CNP {noc} que la liste vise : {description}"),
        "unknown_title": Text(en="Actuaries are excluded from NOC 21210; the job title would tell.",
                              fr="Les actuaires sont exclus de la CNP 21210; le titre du poste permettrait de le "
                                 "savoir."),
        "experience": Text(en="{years} years of experience, at least the {needed} the position must require under NOC "
                              "{noc}: {description}",
                           fr="{years} ans d'expérience, au moins les {needed} que le poste doit exiger sous la CNP "
                              "{noc} : {description}"),
        "short_experience": Text(en="{years} years of experience, fewer than the {needed} the position must require "
                                    "under NOC {noc}: {description}",
                                 fr="{years} ans d'expérience, moins que les {needed} que le poste doit exiger sous la "
                                    "CNP {noc} : {description}"),
        "unknown_subset": Text(en="NOC {noc} is on the list only in part: {description} We do not know yet whether the "
                                  "position is within it, or the years of experience.",
                               fr="La CNP {noc} ne figure sur la liste qu'en partie : {description} Nous ne savons pas "
                                  "encore si le poste en fait partie, ni combien d'années d'expérience la personne a."),
        "unknown": Text(en="We do not know the occupation (NOC).", fr="Nous ne connaissons pas la profession (CNP)."),
        "change.experience": Text(
            en="At least {needed} years of experience in the roles and skills the list names for NOC {noc}.",
            fr="Au moins {needed} ans d'expérience dans les rôles et compétences que la liste énumère pour la CNP "
               "{noc}."),
    }
    reads = (F_NOC, F_TITLE, F_SUBSET, F_EXPERIENCE)

    def evaluate(self, ctx: Context, a: SubsetArgs) -> Finding:
        job = ctx.request.job_offer
        noc = job.noc_code if job else None
        if noc is None:
            return unknown((F_NOC,))
        entry = ctx.p(a.occupations).get(noc)
        if entry is None or entry.subset is None:
            return NOT_APPLICABLE
        subset = entry.subset
        within = job.gts.within_listed_subset if job and job.gts else None
        shown = {"noc": noc, "description": subset.description}
        if subset.rule == "excludes_actuaries":
            # Judged from the job title alone: a statement that the position is within the subset
            # could contradict the title, and no answer would then stay true when either is removed.
            title = job.title if job else None
            if title is None:
                return unknown((F_TITLE,), "unknown_title")
            words = [w.lower() for w in ctx.p(a.actuary_words)]
            return unmet("actuary") if any(w in title.lower() for w in words) else met("not_actuary")
        if within is False:
            return unmet("outside", **shown)
        needed = subset.years or 0.0
        years = ctx.request.applicant.years_experience_in_offer_occupation if ctx.request.applicant else None
        if years is not None and years < needed:
            return unmet("short_experience", years=years, needed=needed, **shown)
        if within is None or years is None:
            missing = ([F_SUBSET] if within is None else []) + ([F_EXPERIENCE] if years is None else [])
            return unknown(missing, "unknown_subset", **shown)
        return met("experience", years=years, needed=needed, **shown)

    def changes(self, ctx: Context, a: SubsetArgs, finding: Finding) -> Iterable[Change]:
        if finding.key != "short_experience":
            return ()
        return (Change(F_EXPERIENCE, "experience", {"noc": finding.args["noc"], "needed": finding.args["needed"]}),)


# --- the wage -------------------------------------------------------------------------------------------


def cents_down(amount: float) -> float:
    """A wage shown as below a floor is shown rounded down, so that CAN$40.865 does not read as
    CAN$40.87 "below" CAN$40.87."""
    return math.floor(amount * 100 + 1e-9) / 100


def cents_up(amount: float) -> float:
    return math.ceil(amount * 100 - 1e-9) / 100


def dollars_up(amount: float) -> float:
    return float(math.ceil(amount - 1e-9))


@dataclass(frozen=True, slots=True)
class Offer:
    """The wage offered, as stated and converted (None where the weekly hours are needed and unknown)."""

    per: WagePer
    hourly: float | None
    annual: float | None
    hours: float | None


def _offer(job: JobOffer | None, weeks: float) -> Offer | None:
    if job is None or job.wage is None:
        return None
    hours = job.hours_per_week
    amount = job.wage.amount
    if job.wage.per is WagePer.HOUR:
        return Offer(WagePer.HOUR, amount, amount * hours * weeks if hours else None, hours)
    return Offer(WagePer.YEAR, amount / (hours * weeks) if hours else None, amount, hours)


def _meets_a(offer: Offer, hourly_floor: float, annual_floor: float, weeks: float) -> bool | None:
    """At least the hourly floor, amounting to no less than the annual floor. A yearly wage must be
    the annual floor or more; an hourly wage must reach the annual floor over a year of the weekly
    hours, rounded down to the cent as ESDC rounds ($80,000 / 2,080 h = $38.46; $150,000 = $72.11)."""
    if offer.hourly is not None and offer.hourly < hourly_floor:
        return False
    if offer.per is WagePer.YEAR:
        if offer.annual is not None and offer.annual < annual_floor:
            return False
        return None if offer.hourly is None else True
    if offer.hours is None or offer.hourly is None:
        return None
    return offer.hourly >= cents_down(annual_floor / (offer.hours * weeks))


class WageArgs(Args):
    occupations: Param[OccupationList]
    category_a: Param[CategoryAWages]
    weeks_per_year: Param[float]
    provinces_own_floors: Param[list[str]]


_WAGE_MESSAGES = {
    "met": Text(en="Category {category}: the wage, {wage:money} an hour, meets the required {floor:money} an hour.",
                fr="Catégorie {category} : le salaire, {wage:money} de l'heure, atteint le minimum exigé de "
                   "{floor:money} de l'heure."),
    "below_floor": Text(
        en="Category B: the wage, {wage:money} an hour, is below this occupation's floor of {floor:money} an hour.",
        fr="Catégorie B : le salaire, {wage:money} de l'heure, est inférieur au plancher de cette profession, "
           "{floor:money} de l'heure."),
    "floor_unconfirmed": Text(
        en="Category B: NOC {noc} had an hourly wage floor on this date whose amount could not be confirmed from an "
           "official text, so we cannot tell whether the wage meets it.",
        fr="Catégorie B : la CNP {noc} avait à cette date un plancher salarial horaire dont le montant n'a pu être "
           "confirmé par un texte officiel; nous ne pouvons donc pas dire si le salaire l'atteint."),
    "below_a": Text(
        en="Category A: the wage, {wage:money} an hour ({annual:money0} a year for {hours} hours a week), is below the "
           "minimum of {floor:money} an hour amounting to no less than {floor_annual:money0} a year.",
        fr="Catégorie A : le salaire, {wage:money} de l'heure ({annual:money0} par année pour {hours} heures par "
           "semaine), est inférieur au minimum de {floor:money} de l'heure, soit au moins {floor_annual:money0} par "
           "année."),
    "below_a_hour": Text(
        en="Category A: the wage, {wage:money} an hour, is below the minimum of {floor:money} an hour amounting to no "
           "less than {floor_annual:money0} a year.",
        fr="Catégorie A : le salaire, {wage:money} de l'heure, est inférieur au minimum de {floor:money} de l'heure, "
           "soit au moins {floor_annual:money0} par année."),
    "below_a_year": Text(
        en="Category A: the wage, {annual:money0} a year, is below the minimum of {floor:money} an hour amounting to "
           "no less than {floor_annual:money0} a year.",
        fr="Catégorie A : le salaire, {annual:money0} par année, est inférieur au minimum de {floor:money} de l'heure, "
           "soit au moins {floor_annual:money0} par année."),
    "below_a_more": Text(
        en="Category A: beyond {usual} positions in a calendar year the wage must be at least {floor:money} an hour "
           "amounting to no less than {floor_annual:money0} a year; it is {wage:money} an hour ({annual:money0} a year "
           "for {hours} hours a week).",
        fr="Catégorie A : au-delà de {usual} postes par année civile, le salaire doit être d'au moins {floor:money} de "
           "l'heure, soit au moins {floor_annual:money0} par année; il est de {wage:money} de l'heure ({annual:money0} "
           "par année pour {hours} heures par semaine)."),
    "below_a_more_hour": Text(
        en="Category A: beyond {usual} positions in a calendar year the wage must be at least {floor:money} an hour "
           "amounting to no less than {floor_annual:money0} a year; it is {wage:money} an hour.",
        fr="Catégorie A : au-delà de {usual} postes par année civile, le salaire doit être d'au moins {floor:money} de "
           "l'heure, soit au moins {floor_annual:money0} par année; il est de {wage:money} de l'heure."),
    "below_a_more_year": Text(
        en="Category A: beyond {usual} positions in a calendar year the wage must be at least {floor:money} an hour "
           "amounting to no less than {floor_annual:money0} a year; it is {annual:money0} a year.",
        fr="Catégorie A : au-delà de {usual} postes par année civile, le salaire doit être d'au moins {floor:money} de "
           "l'heure, soit au moins {floor_annual:money0} par année; il est de {annual:money0} par année."),
    "below_prevailing_any": Text(
        en="The wage, {wage:money} an hour, is below the prevailing wage of {prevailing:money} an hour: the Global "
           "Talent Stream requires at least the prevailing wage in every category and province.",
        fr="Le salaire, {wage:money} de l'heure, est inférieur au salaire courant de {prevailing:money} de l'heure : "
           "le Volet des talents mondiaux exige au moins le salaire courant dans toutes les catégories et toutes les "
           "provinces."),
    "unknown_prevailing": Text(
        en="Category {category}: the wage, {wage:money} an hour, meets the stream's own floor; we still need the "
           "prevailing wage (Job Bank median for the occupation and region).",
        fr="Catégorie {category} : le salaire, {wage:money} de l'heure, atteint le plancher propre au volet; il nous "
           "faut encore le salaire courant (médiane du Guichet-Emplois pour la profession et la région)."),
    "unknown_prevailing_no_floor": Text(
        en="Category B: NOC {noc} has no wage floor of its own, only the prevailing wage (Job Bank median for the "
           "occupation and region); we need it to compare with the wage of {wage:money} an hour.",
        fr="Catégorie B : la CNP {noc} n'a pas de plancher salarial propre, seulement le salaire courant (médiane du "
           "Guichet-Emplois pour la profession et la région); il nous le faut pour le comparer au salaire de "
           "{wage:money} de l'heure."),
    "unknown_positions": Text(
        en="Category A: the wage, {wage:money} an hour, meets the minimum for the first {usual} positions of a "
           "calendar year ({floor:money} an hour), not the higher one beyond them ({higher:money} an hour); we need "
           "the number of positions this year.",
        fr="Catégorie A : le salaire, {wage:money} de l'heure, atteint le minimum des {usual} premiers postes d'une "
           "année civile ({floor:money} de l'heure), mais pas le minimum plus élevé au-delà ({higher:money} de "
           "l'heure); il nous faut le nombre de postes cette année."),
    "unknown_positions_prevailing": Text(
        en="Category A: the wage, {wage:money} an hour, meets the minimum for the first {usual} positions of a "
           "calendar year ({floor:money} an hour), not the higher one beyond them ({higher:money} an hour); we need "
           "the number of positions this year and the prevailing wage (Job Bank median for the occupation and "
           "region).",
        fr="Catégorie A : le salaire, {wage:money} de l'heure, atteint le minimum des {usual} premiers postes d'une "
           "année civile ({floor:money} de l'heure), mais pas le minimum plus élevé au-delà ({higher:money} de "
           "l'heure); il nous faut le nombre de postes cette année et le salaire courant (médiane du Guichet-Emplois "
           "pour la profession et la région)."),
    "unknown_category": Text(
        en="The wage meets the floor of one possible category but not the other; the category is not known yet.",
        fr="Le salaire atteint le plancher d'une catégorie possible mais pas de l'autre; la catégorie n'est pas encore "
           "connue."),
    "unknown_province": Text(
        en="We need the province of work: Quebec sets its own Global Talent Stream wage floors.",
        fr="Il nous faut la province de travail : le Québec fixe ses propres planchers salariaux pour le Volet des "
           "talents mondiaux."),
    "quebec": Text(
        en="In Quebec the Global Talent Stream wages are set by the Ministère de l'Immigration, de la Francisation et "
           "de l'Intégration (MIFI); check them with MIFI.",
        fr="Au Québec, les salaires du Volet des talents mondiaux sont fixés par le ministère de l'Immigration, de la "
           "Francisation et de l'Intégration (MIFI); vérifiez-les auprès du MIFI."),
    "unknown": Text(
        en="We cannot compare the wage with the floors yet: the wage, weekly hours or occupation is missing.",
        fr="Nous ne pouvons pas encore comparer le salaire aux planchers : il manque le salaire, les heures par "
           "semaine ou la profession."),
    "change.floor_b_hour": Text(
        en="A wage of at least {amount:money} an hour would meet NOC {noc}'s Category B wage floor.",
        fr="Un salaire d'au moins {amount:money} de l'heure atteindrait le plancher salarial de catégorie B de la CNP "
           "{noc}."),
    "change.floor_b_year": Text(
        en="A wage of at least {amount:money0} a year ({hours} hours a week) would meet NOC {noc}'s Category B wage "
           "floor of {floor:money} an hour.",
        fr="Un salaire d'au moins {amount:money0} par année ({hours} heures par semaine) atteindrait le plancher "
           "salarial de catégorie B de la CNP {noc}, {floor:money} de l'heure."),
    "change.floor_a_hour": Text(
        en="A wage of at least {amount:money} an hour would meet Category A's floor of {floor:money} an hour amounting "
           "to no less than {floor_annual:money0} a year.",
        fr="Un salaire d'au moins {amount:money} de l'heure atteindrait le plancher de la catégorie A, {floor:money} "
           "de l'heure, soit au moins {floor_annual:money0} par année."),
    "change.floor_a_year": Text(
        en="A wage of at least {amount:money0} a year would meet Category A's floor of {floor:money} an hour amounting "
           "to no less than {floor_annual:money0} a year.",
        fr="Un salaire d'au moins {amount:money0} par année atteindrait le plancher de la catégorie A, {floor:money} "
           "de l'heure, soit au moins {floor_annual:money0} par année."),
    "change.prevailing_hour": Text(
        en="A wage of at least {amount:money} an hour would meet the prevailing wage.",
        fr="Un salaire d'au moins {amount:money} de l'heure atteindrait le salaire courant."),
    "change.prevailing_year": Text(
        en="A wage of at least {amount:money0} a year would meet the prevailing wage of {prevailing:money} an hour.",
        fr="Un salaire d'au moins {amount:money0} par année atteindrait le salaire courant de {prevailing:money} de "
           "l'heure."),
}


class Wage(Template[WageArgs]):
    """At least the prevailing wage (the Job Bank median, or the employer's own wage range for the
    same job if higher), and: Category B, the occupation's hourly floor where the list sets one (the
    annual amounts are illustrative); Category A, at least the hourly floor amounting to no less
    than the annual base salary (higher floors beyond the usual number of positions per calendar
    year). In Quebec, MIFI sets the wages."""

    name = "gts.wage"
    title = Text(en="Wage at or above the Global Talent Stream floor and the prevailing wage",
                 fr="Salaire égal ou supérieur au plancher du Volet des talents mondiaux et au salaire courant")
    requirement = Text(
        en="Always at least the prevailing wage: the Job Bank median for the occupation and region, or the wage range "
           "of the employer's current employees in the same job if higher. Category A: at least "
           "{category_a.hourly:money} an hour amounting to no less than {category_a.annual:money0} a year "
           "({category_a.additional_hourly:money} and {category_a.additional_annual:money0} beyond "
           "{category_a.usual_positions_per_year} positions in a calendar year). Category B: the listed hourly floor "
           "where there is one. In Quebec, MIFI sets the wages.",
        fr="Toujours au moins le salaire courant : la médiane du Guichet-Emplois pour la profession et la région, ou "
           "l'échelle salariale des employés actuels de l'employeur dans le même emploi si elle est plus élevée. "
           "Catégorie A : au moins {category_a.hourly:money} de l'heure, soit au moins {category_a.annual:money0} par "
           "année ({category_a.additional_hourly:money} et {category_a.additional_annual:money0} au-delà de "
           "{category_a.usual_positions_per_year} postes par année civile). Catégorie B : le plancher horaire de la "
           "liste, s'il y en a un. Au Québec, le MIFI fixe les salaires.")
    messages = _WAGE_MESSAGES
    reads = ("job_offer.wage", F_HOURS, F_PREVAILING, F_NOC, F_PROVINCE, F_POSITIONS, F_REFERRAL)

    def evaluate(self, ctx: Context, a: WageArgs) -> Finding:
        job = ctx.request.job_offer
        found = categories(ctx, a.occupations)
        if not found.possible:
            return NOT_APPLICABLE  # neither category, wherever the job is: the category test says so
        weeks = ctx.p(a.weeks_per_year)
        hourly = hourly_wage(job, weeks)
        prevailing = job.prevailing_wage_hourly if job else None
        if hourly is not None and prevailing is not None and hourly < prevailing:
            # Below the prevailing wage is refused in every category and province, Quebec included.
            return unmet("below_prevailing_any", wage=cents_down(hourly), prevailing=prevailing)
        province = job.province if job else None
        if province is not None and province in ctx.p(a.provinces_own_floors):
            return unknown([], "quebec")
        finding = per_category(found, lambda category: self._test(ctx, a, category))
        if province is None and finding.status is not None:
            # The province could be one that sets its own floors: nothing is settled until it is known.
            return unknown([F_PROVINCE, *finding.missing], "unknown_province")
        return finding

    def _test(self, ctx: Context, a: WageArgs, category: Category) -> Finding:
        job = ctx.request.job_offer
        weeks = ctx.p(a.weeks_per_year)
        prevailing = job.prevailing_wage_hourly if job else None
        offer = _offer(job, weeks)
        if category == "B":
            return self._test_b(ctx, a, job, offer, prevailing)
        return self._test_a(ctx.p(a.category_a), job, offer, prevailing, weeks)

    def _test_b(self, ctx: Context, a: WageArgs, job: JobOffer | None, offer: Offer | None,
                prevailing: float | None) -> Finding:
        noc = job.noc_code if job else None
        if noc is None:
            return unknown((F_NOC,))
        entry = ctx.p(a.occupations).get(noc)
        if entry is None:
            return unknown((F_NOC,))
        if offer is None or offer.hourly is None:
            return unknown(wage_fields(job))
        hourly = offer.hourly
        if not entry.floor_known:
            return unknown([F_PREVAILING] if prevailing is None else [], "floor_unconfirmed", noc=noc)
        floor = entry.floor_hourly
        if floor is not None and hourly < floor:
            return unmet("below_floor", wage=cents_down(hourly), floor=floor, noc=noc)
        if prevailing is None:
            if floor is None:
                return unknown([F_PREVAILING], "unknown_prevailing_no_floor", wage=hourly, noc=noc)
            return unknown([F_PREVAILING], "unknown_prevailing", wage=hourly, category="B")
        return met(wage=hourly, floor=max(floor or 0.0, prevailing), category="B")

    def _test_a(self, wages: CategoryAWages, job: JobOffer | None, offer: Offer | None, prevailing: float | None,
                weeks: float) -> Finding:
        positions = job.gts.positions_this_year if job and job.gts else None
        if offer is None:
            return unknown([*wage_fields(job), *([] if positions is not None else [F_POSITIONS])])
        shown = {"wage": None if offer.hourly is None else cents_down(offer.hourly), "annual": offer.annual,
                 "hours": offer.hours, "usual": wages.usual_positions_per_year}
        base = _meets_a(offer, wages.hourly, wages.annual, weeks)
        if base is False:
            return unmet(_below_key("below_a", offer, wages.annual), floor=wages.hourly, floor_annual=wages.annual,
                         **shown)
        if base is None:
            return unknown([F_HOURS, *([] if positions is not None else [F_POSITIONS])])
        higher = _meets_a(offer, wages.additional_hourly, wages.additional_annual, weeks)
        missing: list[str] = []
        if positions is None and not higher:
            missing.append(F_POSITIONS)  # only the number of positions tells which floor applies
        beyond = positions is not None and positions > wages.usual_positions_per_year
        if beyond and not higher:
            return unmet(_below_key("below_a_more", offer, wages.additional_annual), floor=wages.additional_hourly,
                         floor_annual=wages.additional_annual, **shown)
        floor = wages.additional_hourly if beyond else wages.hourly
        if prevailing is None:
            missing.append(F_PREVAILING)
        assert offer.hourly is not None  # base is True
        if missing == [F_PREVAILING]:
            return unknown(missing, "unknown_prevailing", wage=offer.hourly, category="A")
        if missing:
            key = "unknown_positions" if missing == [F_POSITIONS] else "unknown_positions_prevailing"
            return unknown(missing, key, wage=offer.hourly, usual=wages.usual_positions_per_year, floor=wages.hourly,
                           higher=wages.additional_hourly)
        assert prevailing is not None
        return met(wage=offer.hourly, floor=max(floor, prevailing), category="A")

    def changes(self, ctx: Context, a: WageArgs, finding: Finding) -> Iterable[Change]:
        """The smallest wage, in the unit of the offer, that meets the floor of the one category the
        facts leave open and the prevailing wage where it is known. Where the floors are not the
        stream's (Quebec, or a province not known yet) or the category is open: the prevailing wage."""
        job = ctx.request.job_offer
        weeks = ctx.p(a.weeks_per_year)
        offer = _offer(job, weeks)
        if job is None or offer is None or finding.status is not Status.UNMET:
            return ()
        found = categories(ctx, a.occupations)
        prevailing = job.prevailing_wage_hourly or 0.0
        own_floors = job.province is None or job.province in ctx.p(a.provinces_own_floors)
        if own_floors or len(found.possible) != 1:
            return _change_b("", 0.0, prevailing, offer, weeks)
        if found.possible == ("B",):
            entry = ctx.p(a.occupations).get(job.noc_code or "")
            if entry is None or not entry.floor_known:
                return _change_b("", 0.0, prevailing, offer, weeks)
            return _change_b(job.noc_code or "", entry.floor_hourly or 0.0, prevailing, offer, weeks)
        return _change_a(ctx.p(a.category_a), job, prevailing, offer, weeks)


def _below_key(stem: str, offer: Offer, floor_annual: float) -> str:
    """The message that names what falls short: a yearly wage under the yearly minimum is told as a
    yearly wage (its hourly equivalent, rounded down to the cent, may equal the hourly minimum)."""
    if offer.per is WagePer.YEAR and offer.annual is not None and offer.annual < floor_annual:
        return f"{stem}_year"
    if offer.hourly is not None and offer.annual is not None and offer.hours is not None:
        return stem
    return f"{stem}_hour" if offer.per is WagePer.HOUR else f"{stem}_year"


def _change_b(noc: str, floor: float, prevailing: float, offer: Offer, weeks: float) -> Sequence[Change]:
    """Category B's floor, or the prevailing wage alone when ``floor`` is 0."""
    needed = max(floor, prevailing)
    if needed <= 0:
        return ()
    by_floor = floor > 0 and floor >= prevailing
    if offer.per is WagePer.HOUR:
        key = "floor_b_hour" if by_floor else "prevailing_hour"
        return (Change(F_WAGE_AMOUNT, key, {"amount": cents_up(needed), "floor": floor, "noc": noc,
                                            "prevailing": prevailing}),)
    if offer.hours is None:
        return ()
    key = "floor_b_year" if by_floor else "prevailing_year"
    return (Change(F_WAGE_AMOUNT, key, {"amount": dollars_up(needed * offer.hours * weeks), "floor": floor,
                                        "noc": noc, "hours": offer.hours, "prevailing": prevailing}),)


def _change_a(wages: CategoryAWages, job: JobOffer, prevailing: float, offer: Offer,
              weeks: float) -> Sequence[Change]:
    positions = job.gts.positions_this_year if job.gts else None
    beyond = positions is not None and positions > wages.usual_positions_per_year
    hourly_floor = wages.additional_hourly if beyond else wages.hourly
    annual_floor = wages.additional_annual if beyond else wages.annual
    values = {"floor": hourly_floor, "floor_annual": annual_floor, "prevailing": prevailing}
    if offer.per is WagePer.HOUR:
        needed = max(hourly_floor, prevailing)
        if offer.hours is not None:
            needed = max(needed, cents_down(annual_floor / (offer.hours * weeks)))
        key = "floor_a_hour" if needed > prevailing else "prevailing_hour"
        return (Change(F_WAGE_AMOUNT, key, {"amount": cents_up(needed), **values}),)
    needed_year = annual_floor
    if offer.hours is not None:
        needed_year = max(needed_year, dollars_up(max(hourly_floor, prevailing) * offer.hours * weeks))
    by_prevailing = offer.hours is not None and prevailing > hourly_floor and \
        dollars_up(prevailing * offer.hours * weeks) >= needed_year
    key = "prevailing_year" if by_prevailing else "floor_a_year"
    return (Change(F_WAGE_AMOUNT, key, {"amount": needed_year, **values}),)


# --- Category A: a unique and specialized position -------------------------------------------------------


class SpecializedArgs(Args):
    occupations: Param[OccupationList]
    advanced_degrees: Param[list[EducationLevel]]
    experience_years: Param[float]


class SpecializedPosition(Template[SpecializedArgs]):
    """Category A: a designated referral partner validates that the position is unique and
    specialized, which is indicated by the wage (tested apart), advanced knowledge of the industry,
    and an advanced degree in an area of specialization of interest to the employer and/or at least
    5 years of experience in the field. ESDC decides; only the clear absence of both the degree and
    the years rules it out here."""

    name = "gts.specialized_position"
    kind = Kind.DISCRETIONARY
    title = Text(en="Category A: a unique and specialized position",
                 fr="Catégorie A : un poste unique et spécialisé")
    requirement = Text(
        en="A Category A position is unique and specialized, as the designated referral partner validates and ESDC "
           "decides: besides the wage, advanced knowledge of the industry, and an advanced degree in an area of "
           "specialization of interest to the employer or at least {experience_years} years of experience in the field "
           "of specialized experience.",
        fr="Un poste de catégorie A est unique et spécialisé, ce que le partenaire de recommandation désigné valide et "
           "ce dont EDSC décide : outre le salaire, une connaissance avancée de l'industrie, et un diplôme d'études "
           "supérieures dans un domaine de spécialisation qui intéresse l'employeur ou au moins {experience_years} ans "
           "d'expérience dans le domaine d'expérience spécialisée.")
    messages = {
        "degree": Text(en="The worker holds an advanced degree (master's or doctorate) related to the job; ESDC "
                          "decides, with the designated partner's validation, whether the position is unique and "
                          "specialized.",
                       fr="Le travailleur détient un diplôme d'études supérieures (maîtrise ou doctorat) lié à "
                          "l'emploi; EDSC décide, avec la validation du partenaire désigné, si le poste est unique et "
                          "spécialisé."),
        "experience": Text(en="{years} years of experience in the field, at least the {experience_years} that indicate "
                              "a specialized position without an advanced degree; ESDC decides, with the designated "
                              "partner's validation, whether the position is unique and specialized.",
                           fr="{years} ans d'expérience dans le domaine, au moins les {experience_years} qui indiquent "
                              "un poste spécialisé sans diplôme d'études supérieures; EDSC décide, avec la validation "
                              "du partenaire désigné, si le poste est unique et spécialisé."),
        "unmet": Text(en="No advanced degree related to the job and {years} years of experience in the field, fewer "
                         "than the {experience_years} that indicate a unique and specialized Category A position.",
                      fr="Aucun diplôme d'études supérieures lié à l'emploi et {years} ans d'expérience dans le "
                         "domaine, moins que les {experience_years} qui indiquent un poste unique et spécialisé de "
                         "catégorie A."),
        "unknown": Text(en="If the position is in Category A, the worker needs an advanced degree or at least "
                           "{experience_years} years of experience in the field; we do not know which they have.",
                        fr="Si le poste relève de la catégorie A, le travailleur doit détenir un diplôme d'études "
                           "supérieures ou compter au moins {experience_years} ans d'expérience dans le domaine; nous "
                           "ne savons pas ce qu'il en est."),
        "unknown_related": Text(
            en="The worker holds an advanced degree (master's or doctorate); it counts if it is in an area related to "
               "the job, which we do not know (at least {experience_years} years of experience in the field would "
               "count too).",
            fr="Le travailleur détient un diplôme d'études supérieures (maîtrise ou doctorat); il compte s'il relève "
               "d'un domaine lié à l'emploi, ce que nous ne savons pas (au moins {experience_years} ans d'expérience "
               "dans le domaine compteraient aussi)."),
    }
    reads = (F_EDUCATION, F_EXPERIENCE, F_NOC, F_REFERRAL)

    def evaluate(self, ctx: Context, a: SpecializedArgs) -> Finding:
        found = categories(ctx, a.occupations)
        if "A" not in found.possible:
            return NOT_APPLICABLE
        # Category B is possible too while the category is open: the test may not apply
        return guarded(True if found.possible == ("A",) else None, found.missing, lambda: self._test(ctx, a))

    def _test(self, ctx: Context, a: SpecializedArgs) -> Finding:
        applicant = ctx.request.applicant
        levels: list[EducationLevel] = ctx.p(a.advanced_degrees)
        degrees = set(levels)
        needed = ctx.p(a.experience_years)
        education = applicant.education if applicant else None
        years = applicant.years_experience_in_offer_occupation if applicant else None
        if education is not None and any(e.level in degrees and e.completed and e.related_to_offer for e in education):
            return met("degree")
        if years is not None and years >= needed:
            return met("experience", years=years)
        may_have_degree = education is None or any(
            (e.level is None or e.level in degrees) and e.completed is not False and e.related_to_offer is not False
            for e in education)
        if may_have_degree or years is None:
            missing = ([F_EDUCATION] if may_have_degree else []) + ([F_EXPERIENCE] if years is None else [])
            if education is not None and any(e.level in degrees and e.completed and e.related_to_offer is None
                                             for e in education):
                return unknown(missing, "unknown_related")  # the degree is there; is it in the job's area?
            return unknown(missing)
        return unmet(years=years)


# --- stream rule ---------------------------------------------------------------------------------------


class NoExemptionCode(StreamRule[NoArgs, str | None]):
    """A permit on a positive LMIA: no LMIA exemption code."""

    name = "no_exemption_code"

    def compute(self, ctx: Context, a: NoArgs, findings: Mapping[str, Finding]) -> str | None:
        return None
