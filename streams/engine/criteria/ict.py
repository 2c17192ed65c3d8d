"""Intra-company transferees: R205(a) (``ict``: C61, C62, C63) and CUSMA (``cusma_ict``: T37, T38).

The two streams share most tests; they differ in what the law adds. R205(a) requires, since
2024-10-03, a foreign enterprise of an existing multinational and, for specialized knowledge, a
wage at or above the prevailing wage. CUSMA requires US or Mexican citizenship and employment with a
related enterprise in the US or Mexico, has no multinational test and no mandatory wage floor.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..findings import NOT_APPLICABLE, Finding, Params, met, unknown, unmet
from ..inputs import IntraCompany, PositionCategory, ScreeningRequest
from ..labels import CountryName
from ..timeline import whole_months_between
from . import formula, stream_formula
from ._common import (
    F_INITIAL_DATE,
    capped_duration,
    citizenship_among,
    currently_employed,
    guarded,
    hourly_wage,
    qualifying_employment,
    wage_fields,
    yes_no,
)

IC = "job_offer.intra_company"
F_RELATIONSHIP = f"{IC}.relationship"
F_NEW_OFFICE = f"{IC}.new_office"
F_CATEGORY = f"{IC}.position_category"
F_SK = "applicant.specialized_knowledge"


def _ic(req: ScreeningRequest) -> IntraCompany | None:
    return req.job_offer.intra_company if req.job_offer else None


def _fact(req: ScreeningRequest, name: str) -> object:
    ic = _ic(req)
    return getattr(ic, name) if ic is not None else None


def _yes_no(req: ScreeningRequest, name: str) -> Finding:
    """A yes/no fact of ``job_offer.intra_company`` that must be true."""
    value = _fact(req, name)
    return yes_no(value if isinstance(value, bool) else None, f"{IC}.{name}")


def _category(req: ScreeningRequest) -> PositionCategory | None:
    return _fact(req, "position_category")  # type: ignore[return-value]


# --- shared tests ----------------------------------------------------------------------------


def _relationship(req: ScreeningRequest, p: Params) -> Finding:
    relationship = _fact(req, "relationship")
    if relationship is None:
        return unknown([F_RELATIONSHIP])
    if relationship in p["ict_qualifying_relationships"]:
        return met(relationship=relationship)
    return unmet(relationship=relationship)


def _position(req: ScreeningRequest, p: Params, codes_key: str) -> Finding:
    category = _category(req)
    if category is None:
        return unknown([F_CATEGORY])
    if category in p[codes_key]:
        return met(category=category)
    return unmet(category=category)


def _specialized_knowledge(req: ScreeningRequest) -> Finding:
    def evaluate() -> Finding:
        claims = req.applicant.specialized_knowledge if req.applicant else None
        proprietary = claims.proprietary_knowledge if claims else None
        advanced = claims.advanced_expertise if claims else None
        if proprietary is False or advanced is False:
            return unmet("unmet_proprietary" if proprietary is False else "unmet_advanced")
        missing = []
        if proprietary is None:
            missing.append(f"{F_SK}.proprietary_knowledge")
        if advanced is None:
            missing.append(f"{F_SK}.advanced_expertise")
        return unknown(missing) if missing else met()

    category = _category(req)
    return guarded(
        lambda: None if category is None else category is PositionCategory.SPECIALIZED_KNOWLEDGE,
        [F_CATEGORY],
        evaluate,
    )


def _new_office_fact(req: ScreeningRequest, name: str) -> Finding:
    new_office = _fact(req, "new_office")
    return guarded(
        lambda: None if new_office is None else bool(new_office),
        [F_NEW_OFFICE],
        lambda: _yes_no(req, name),
    )


@formula
def meets_ict_physical_premises(req: ScreeningRequest, p: Params) -> Finding:
    """Since 2024-10-03 an established Canadian business must also have physical commercial
    premises where the transferee works (a new office is tested by its own premises criterion)."""
    new_office = _fact(req, "new_office")
    return guarded(
        lambda: None if new_office is None else not new_office,
        [F_NEW_OFFICE],
        lambda: _yes_no(req, "physical_premises_secured"),
    )


def _doing_business(req: ScreeningRequest) -> Finding:
    new_office = _fact(req, "new_office")
    if new_office is True:
        return NOT_APPLICABLE  # a new office is tested on its premises, staff plan and funds
    doing_business = _fact(req, "canadian_entity_doing_business")
    if doing_business is True:
        return met()
    if doing_business is None:
        return unknown([f"{IC}.canadian_entity_doing_business"])
    if new_office is None:
        return unknown([F_NEW_OFFICE])  # not yet doing business is fine for a new office
    return unmet()


# --- R205(a): ict ---------------------------------------------------------------------------


@formula
def meets_ict_qualifying_relationship(req: ScreeningRequest, p: Params) -> Finding:
    return _relationship(req, p)


@formula
def meets_ict_doing_business(req: ScreeningRequest, p: Params) -> Finding:
    return _doing_business(req)


@formula
def meets_ict_multinational_test(req: ScreeningRequest, p: Params) -> Finding:
    return _yes_no(req, "foreign_employer_multinational")


@formula
def meets_ict_qualifying_employment(req: ScreeningRequest, p: Params) -> Finding:
    return qualifying_employment(
        req,
        window_months=p["ict_employment_window_months"],
        minimum_months=p["ict_minimum_employment_months"],
        full_time_hours=p["full_time_hours_per_week"],
        require_similar_position=True,
    )


@formula
def meets_ict_currently_employed(req: ScreeningRequest, p: Params) -> Finding:
    return currently_employed(req)


@formula
def meets_ict_position_category(req: ScreeningRequest, p: Params) -> Finding:
    return _position(req, p, "ict_position_categories")


@formula
def meets_ict_specialized_knowledge(req: ScreeningRequest, p: Params) -> Finding:
    return _specialized_knowledge(req)


@formula
def meets_ict_prevailing_wage(req: ScreeningRequest, p: Params) -> Finding:
    def evaluate() -> Finding:
        job = req.job_offer
        wage = hourly_wage(job, p)
        prevailing = job.prevailing_wage_hourly if job else None
        missing = [] if wage is not None else wage_fields(job)
        if prevailing is None:
            missing.append("job_offer.prevailing_wage_hourly")
        if missing:
            return unknown(missing)
        assert wage is not None and prevailing is not None
        args = {"wage": wage, "prevailing": prevailing}
        return met(**args) if wage >= prevailing else unmet(**args)

    category = _category(req)
    return guarded(
        lambda: None if category is None else category is PositionCategory.SPECIALIZED_KNOWLEDGE,
        [F_CATEGORY],
        evaluate,
    )


@formula
def meets_ict_new_office_premises(req: ScreeningRequest, p: Params) -> Finding:
    return _new_office_fact(req, "physical_premises_secured")


@formula
def meets_ict_new_office_staffing_plan(req: ScreeningRequest, p: Params) -> Finding:
    return _new_office_fact(req, "staffing_plan")


@formula
def meets_ict_new_office_financial_capacity(req: ScreeningRequest, p: Params) -> Finding:
    return _new_office_fact(req, "financial_capacity")


@formula
def meets_ict_position_held_open(req: ScreeningRequest, p: Params) -> Finding:
    return _yes_no(req, "foreign_position_held_open")


def _code_for(req: ScreeningRequest, codes: Mapping[str, str], with_new_office: bool) -> str | None:
    if with_new_office:
        new_office = _fact(req, "new_office")
        if new_office is None:
            return None
        if new_office:
            return codes["new_office"]
    category = _category(req)
    if category is None or category is PositionCategory.OTHER:
        return None
    if category is PositionCategory.SPECIALIZED_KNOWLEDGE:
        return codes["specialized_knowledge"]
    return codes["executive_or_manager"]


def _initial_months(req: ScreeningRequest, p: Params, key: str) -> int | None:
    if req.is_extension:
        return _extension_months(req, p)
    new_office = _fact(req, "new_office")
    if new_office is None:
        return None
    limits = p[key]
    return capped_duration(req, p, limits["new_office" if new_office else "established"])


def _months_left(req: ScreeningRequest, p: Params) -> tuple[int | None, int, list[str]]:
    """Months left of the cumulative maximum for the position category, counted from the initial
    application; that maximum; the facts missing to tell."""
    initial = req.application.initial_application_date if req.application else None
    category = _category(req)
    caps: Mapping[str, int] = p["ict_cumulative_months"]
    total = caps["specialized_knowledge" if category is PositionCategory.SPECIALIZED_KNOWLEDGE else "managerial"]
    missing = ([F_INITIAL_DATE] if initial is None else []) + ([F_CATEGORY] if category is None else [])
    if initial is None or category is None:
        return None, total, missing
    assert req.as_of is not None
    return total - whole_months_between(initial, req.as_of), total, []


def _cumulative_maximum(req: ScreeningRequest, p: Params) -> Finding:
    """An extension is possible only while the 7-year (managerial) or 5-year (specialized
    knowledge) maximum is not used up."""
    if not req.is_extension or _category(req) is PositionCategory.OTHER:
        return NOT_APPLICABLE  # a first permit; or no transferee position (its own test says so)
    left, total, missing = _months_left(req, p)
    if left is None:
        return unknown(missing)
    args = {"years": total // 12, "left": max(left, 0)}
    return met(**args) if left > 0 else unmet(**args)


@formula
def meets_ict_cumulative_maximum(req: ScreeningRequest, p: Params) -> Finding:
    return _cumulative_maximum(req, p)


@formula
def meets_cusma_ict_cumulative_maximum(req: ScreeningRequest, p: Params) -> Finding:
    return _cumulative_maximum(req, p)


def _extension_months(req: ScreeningRequest, p: Params) -> int | None:
    """An extension runs up to the extension length, within what is left of the cumulative maximum
    for the position category (7 years managerial, 5 specialized knowledge) since the initial
    application."""
    if _category(req) is PositionCategory.OTHER:
        return None
    left, _, _ = _months_left(req, p)
    if left is None:
        return None
    return capped_duration(req, p, min(p["ict_extension_permit_months"], max(0, left)))


@stream_formula
def ict_exemption_code(req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]) -> str | None:
    return _code_for(req, p["ict_exemption_codes"], with_new_office=True)


@stream_formula
def ict_max_duration(req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]) -> int | None:
    return _initial_months(req, p, "ict_initial_permit_months")


# --- CUSMA: cusma_ict --------------------------------------------------------------------------


@formula
def meets_cusma_ict_citizenship(req: ScreeningRequest, p: Params) -> Finding:
    return citizenship_among(req, p["cusma_countries"])


@formula
def meets_cusma_ict_qualifying_relationship(req: ScreeningRequest, p: Params) -> Finding:
    return _relationship(req, p)


@formula
def meets_cusma_ict_foreign_employer_country(req: ScreeningRequest, p: Params) -> Finding:
    country = _fact(req, "foreign_employer_country")
    allowed = [CountryName(c) for c in p["cusma_countries"]]
    if country is None:
        return unknown([f"{IC}.foreign_employer_country"])
    if country in p["cusma_countries"]:
        return met(country=CountryName(str(country)))
    return unmet(country=CountryName(str(country)), allowed=allowed)


@formula
def meets_cusma_ict_qualifying_employment(req: ScreeningRequest, p: Params) -> Finding:
    return qualifying_employment(
        req,
        window_months=p["ict_employment_window_months"],
        minimum_months=p["ict_minimum_employment_months"],
        full_time_hours=p["full_time_hours_per_week"],
        require_similar_position=False,
    )


@formula
def meets_cusma_ict_currently_employed(req: ScreeningRequest, p: Params) -> Finding:
    return currently_employed(req)


@formula
def meets_cusma_ict_position_category(req: ScreeningRequest, p: Params) -> Finding:
    return _position(req, p, "cusma_ict_position_categories")


@formula
def meets_cusma_ict_specialized_knowledge(req: ScreeningRequest, p: Params) -> Finding:
    return _specialized_knowledge(req)


@formula
def meets_cusma_ict_new_office_premises(req: ScreeningRequest, p: Params) -> Finding:
    return _new_office_fact(req, "physical_premises_secured")


@formula
def meets_cusma_ict_new_office_staffing_plan(req: ScreeningRequest, p: Params) -> Finding:
    return _new_office_fact(req, "staffing_plan")


@formula
def meets_cusma_ict_new_office_financial_capacity(req: ScreeningRequest, p: Params) -> Finding:
    return _new_office_fact(req, "financial_capacity")


@formula
def meets_cusma_ict_doing_business(req: ScreeningRequest, p: Params) -> Finding:
    return _doing_business(req)


@formula
def meets_cusma_ict_position_held_open(req: ScreeningRequest, p: Params) -> Finding:
    return _yes_no(req, "foreign_position_held_open")


@stream_formula
def cusma_ict_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    return _code_for(req, p["cusma_ict_exemption_codes"], with_new_office=False)


@stream_formula
def cusma_ict_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    return _initial_months(req, p, "ict_initial_permit_months")
