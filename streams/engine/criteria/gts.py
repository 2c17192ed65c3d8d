"""Global Talent Stream (``global_talent_stream``): an LMIA-based stream of the Temporary Foreign
Worker Program run by ESDC, not the International Mobility Program.

Category B: the occupation is on the Global Talent Occupations List (processed as B even with a
referral). Category A: the employer was referred by a designated partner. A test that depends on
the category is evaluated under every category still possible; the most favourable answer wins.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..findings import NOT_APPLICABLE, Finding, Params, Status, met, unknown, unmet
from ..inputs import ScreeningRequest, WagePer
from . import formula, parameter_schema, stream_formula
from ._common import capped_duration, hourly_wage, most_favourable, wage_fields, yes_no

GTS = "job_offer.gts"
F_NOC = "job_offer.noc_code"
F_REFERRAL = f"{GTS}.designated_partner_referral"


class ListedOccupation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    floor_hourly: float | None = Field(default=None, ge=0)
    subset: Literal["exclude_actuaries", "three_years_experience"] | None = None


class CategoryAFloors(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hourly: float = Field(ge=0)
    annual: float = Field(ge=0)
    additional_hourly: float = Field(ge=0)  # beyond the usual positions a year
    additional_annual: float = Field(ge=0)
    usual_positions_per_year: int = Field(ge=1)


@parameter_schema("gts_occupations")
def _check_list(value: Any) -> dict[str, ListedOccupation]:
    from ..reference import noc_unit_groups

    table = {code: ListedOccupation.model_validate(terms) for code, terms in value.items()}
    unknown_codes = sorted(set(table) - set(noc_unit_groups()))
    if unknown_codes:
        raise ValueError(f"not NOC 2021 unit groups: {unknown_codes}")
    return table


@parameter_schema("gts_category_a_floors")
def _check_floors(value: Any) -> CategoryAFloors:
    return CategoryAFloors.model_validate(value)


def _categories(req: ScreeningRequest, p: Params) -> tuple[list[str], list[str]]:
    """Categories still possible ("A", "B") and the facts that would narrow them."""
    job = req.job_offer
    noc = job.noc_code if job else None
    referral = job.gts.designated_partner_referral if job and job.gts else None
    listed: Mapping[str, ListedOccupation] = p["gts_occupations"]
    if noc is not None and noc in listed:
        return ["B"], []
    possible: list[str] = []
    missing = []
    if noc is None:
        possible.append("B")
        missing.append(F_NOC)
    if referral is not False:
        possible.append("A")
        if referral is None:
            missing.append(F_REFERRAL)
    return possible, missing


def _per_category(req: ScreeningRequest, p: Params, test: Callable[[str], Finding]) -> Finding:
    possible, missing = _categories(req, p)
    if not possible:
        return NOT_APPLICABLE  # neither category: the category test says so
    findings = [test(category) for category in possible]
    best = most_favourable(findings)
    if best.status is Status.MET and missing and len(possible) > 1:
        # met under one category only while the category itself is still open
        if any(f.status is not Status.MET for f in findings):
            return unknown([*missing, *best.missing], "unknown_category")
    return best


@formula
def meets_global_talent_stream_category(req: ScreeningRequest, p: Params) -> Finding:
    possible, missing = _categories(req, p)
    job = req.job_offer
    noc = job.noc_code if job else None
    if possible == ["B"] and not missing:
        return met("category_b", noc=noc)
    referral = job.gts.designated_partner_referral if job and job.gts else None
    if referral is True:
        return met("category_a")
    if not possible:
        return unmet(noc=noc)
    return unknown(missing)


@formula
def meets_global_talent_stream_occupation_subset(req: ScreeningRequest, p: Params) -> Finding:
    job = req.job_offer
    noc = job.noc_code if job else None
    listed: Mapping[str, ListedOccupation] = p["gts_occupations"]
    if noc is None:
        return unknown([F_NOC])
    entry = listed.get(noc)
    if entry is None or entry.subset is None:
        return NOT_APPLICABLE
    if entry.subset == "exclude_actuaries":
        title = job.title if job else None
        if title is None:
            return unknown(["job_offer.title"], "unknown_title")
        words = [w.lower() for w in p["gts_actuary_words"]]
        if any(w in title.lower() for w in words):
            return unmet("actuary")
        return met("not_actuary")
    years = req.applicant.years_experience_in_offer_occupation if req.applicant else None
    needed = p["gts_subset_experience_years"]
    if years is None:
        return unknown(["applicant.years_experience_in_offer_occupation"], "unknown_experience",
                       needed=needed)
    return met("experience", years=years, needed=needed) if years >= needed else \
        unmet("short_experience", years=years, needed=needed)


def _annual(req: ScreeningRequest, p: Params) -> float | None:
    job = req.job_offer
    if job is None or job.wage is None:
        return None
    if job.wage.per is WagePer.YEAR:
        return job.wage.amount
    if not job.hours_per_week:
        return None
    weeks: float = p["weeks_per_year"]
    return job.wage.amount * job.hours_per_week * weeks


def _cents_down(hourly: float) -> float:
    """A wage shown as below a floor is shown rounded down, so that CAN$40.865 does not read as
    CAN$40.87 "below" CAN$40.87."""
    return math.floor(hourly * 100) / 100


def _cent_per_hour_over_a_year(req: ScreeningRequest, p: Params) -> float:
    """One cent an hour over a year's hours: the rounding between the hourly and yearly floors,
    allowed whichever way the wage is stated (CAN$38.46 an hour and CAN$79,999 a year both meet)."""
    job = req.job_offer
    if job is None or job.wage is None or not job.hours_per_week:
        return 0.0
    weeks: float = p["weeks_per_year"]
    return 0.01 * job.hours_per_week * weeks


@formula
def meets_global_talent_stream_wage(req: ScreeningRequest, p: Params) -> Finding:
    job = req.job_offer
    province = job.province if job else None
    if not _categories(req, p)[0]:
        return NOT_APPLICABLE  # neither category, wherever the job is: the category test says so
    hourly = hourly_wage(job, p)
    prevailing = job.prevailing_wage_hourly if job else None
    if hourly is not None and prevailing is not None and hourly < prevailing:
        # Below the prevailing wage is refused in every category and province, Quebec included
        # (its ministry sets only the floors).
        return unmet("below_prevailing_any", wage=_cents_down(hourly), prevailing=prevailing)
    if province is not None and province in p["gts_provinces_own_floors"]:
        return unknown([], "quebec")

    def test(category: str) -> Finding:
        if category == "B":
            noc = job.noc_code if job else None
            if noc is None:
                return unknown([F_NOC])
            floor = p["gts_occupations"][noc].floor_hourly
            if hourly is None:
                return unknown(wage_fields(job))
            if floor is not None and hourly < floor:
                return unmet("below_floor", wage=_cents_down(hourly), floor=floor, category="B")
            if prevailing is None:
                return unknown(["job_offer.prevailing_wage_hourly"], "unknown_prevailing",
                               wage=hourly, floor=floor or 0, category="B")
            return met(wage=hourly, floor=max(floor or 0, prevailing), category="B")
        floors: Any = p["gts_category_a_floors"]
        positions = job.gts.positions_this_year if job and job.gts else None
        annual = _annual(req, p)
        if hourly is None or annual is None:
            return unknown(wage_fields(job) + ([] if positions is not None else [f"{GTS}.positions_this_year"]))
        # The hourly floors are the yearly ones rounded to the cent: a wage at the hourly floor for
        # a full year's hours meets the yearly floor too (CAN$38.46 x 2,080 h = CAN$79,996.80).
        slack = _cent_per_hour_over_a_year(req, p)
        if hourly < floors.hourly or annual + slack < floors.annual:
            return unmet("below_floor_a", wage=_cents_down(hourly), annual=annual, floor=floors.hourly,
                         floor_annual=floors.annual, category="A")
        clears_higher = hourly >= floors.additional_hourly and annual + slack >= floors.additional_annual
        missing: list[str] = []
        if positions is None and not clears_higher:
            # only the number of positions tells which floor applies
            missing.append(f"{GTS}.positions_this_year")
        beyond = positions is not None and positions > floors.usual_positions_per_year
        floor_h = floors.additional_hourly if beyond else floors.hourly
        floor_y = floors.additional_annual if beyond else floors.annual
        if hourly < floor_h or annual + slack < floor_y:
            return unmet("below_floor_a_additional", wage=_cents_down(hourly), annual=annual, floor=floor_h,
                         floor_annual=floor_y, usual=floors.usual_positions_per_year, category="A")
        if prevailing is None:
            missing.append("job_offer.prevailing_wage_hourly")
        if missing:
            return unknown(missing, "unknown_prevailing", wage=hourly, floor=floor_h, category="A")
        assert prevailing is not None
        return met(wage=hourly, floor=max(floor_h, prevailing), category="A")

    finding = _per_category(req, p, test)
    if province is None and finding.status is not None:
        # The province could be one that sets its own floors: nothing is settled until it is known.
        return unknown(["job_offer.province", *finding.missing], "unknown_province")
    return finding


@formula
def meets_global_talent_stream_specialized_position(req: ScreeningRequest, p: Params) -> Finding:
    """Category A: an advanced degree or enough years in the specialized field."""
    possible, missing_category = _categories(req, p)
    if "A" not in possible:
        return NOT_APPLICABLE

    def evaluate() -> Finding:
        applicant = req.applicant
        degrees = set(p["gts_category_a_advanced_degrees"])
        needed: int = p["gts_category_a_experience_years"]
        education = applicant.education if applicant else None
        years = applicant.years_experience_in_offer_occupation if applicant else None
        degree_known = education is not None
        # "an advanced degree in an area of interest to the employer": completed and related
        has_degree = degree_known and any(
            e.level is not None and e.level.value in degrees and e.completed and e.related_to_offer
            for e in education or ())
        may_have_degree = education is None or any(
            (e.level is None or e.level.value in degrees) and e.completed is not False
            and e.related_to_offer is not False for e in education)
        if has_degree:
            return met("degree")
        if years is not None and years >= needed:
            return met("experience", years=years, needed=needed)
        if may_have_degree or years is None:
            missing = []
            if may_have_degree:
                missing.append("applicant.education")
            if years is None:
                missing.append("applicant.years_experience_in_offer_occupation")
            return unknown(missing, needed=needed)
        return unmet(years=years, needed=needed)

    if possible == ["A"]:
        return evaluate()
    finding = evaluate()  # Category B is possible too: this test may not apply
    return unknown([*missing_category, *finding.missing])


@formula
def meets_global_talent_stream_labour_market_benefits_plan(req: ScreeningRequest, p: Params) -> Finding:
    job = req.job_offer
    plan = job.gts.labour_market_benefits_plan if job and job.gts else None
    return yes_no(plan, f"{GTS}.labour_market_benefits_plan")


@stream_formula
def global_talent_stream_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    return None  # an LMIA-based permit: no exemption code


@stream_formula
def global_talent_stream_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    return capped_duration(req, p, p["gts_max_employment_months"])
