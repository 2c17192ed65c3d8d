"""Business owners seeking only temporary residence (``business_owners``, R205(a), C11).

The contract's ``job_offer.self_employed`` says the person would run their own business; the
added ``job_offer.business`` facts give the share controlled, the funds and the business plan.
The benefit to Canadians is the officer's call, so that test is discretionary.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..findings import Finding, Params, met, unknown, unmet
from ..inputs import ScreeningRequest
from . import formula, stream_formula
from ._common import capped_duration, job_length_duration, yes_no

F_BUSINESS = "job_offer.business"


def _business_fact(req: ScreeningRequest, name: str) -> object:
    business = req.job_offer.business if req.job_offer else None
    return getattr(business, name) if business is not None else None


def _yes(req: ScreeningRequest, name: str) -> Finding:
    value = _business_fact(req, name)
    return yes_no(value if isinstance(value, bool) else None, f"{F_BUSINESS}.{name}")


@formula
def meets_business_owners_own_business(req: ScreeningRequest, p: Params) -> Finding:
    return yes_no(req.job_offer.self_employed if req.job_offer else None, "job_offer.self_employed")


@formula
def meets_business_owners_control(req: ScreeningRequest, p: Params) -> Finding:
    share = _business_fact(req, "ownership_percent")
    needed: float = p["business_owners_minimum_ownership_percent"]
    if share is None:
        return unknown([f"{F_BUSINESS}.ownership_percent"], needed=needed)
    assert isinstance(share, (int, float))
    return met(share=share, needed=needed) if share >= needed else unmet(share=share, needed=needed)


@formula
def meets_business_owners_funds(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "sufficient_funds")


@formula
def meets_business_owners_significant_benefit(req: ScreeningRequest, p: Params) -> Finding:
    return _yes(req, "business_plan")


@stream_formula
def business_owners_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    code: str = p["business_owners_exemption_code"]
    return code


@stream_formula
def business_owners_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    """Up to 18 months since 27 May 2025 (the job's length and the passport permitting); before,
    no maximum was set and the permit followed the planned stay."""
    maximum: int | None = p["business_owners_max_months"]
    if maximum is None:
        return job_length_duration(req, p)
    return capped_duration(req, p, maximum)
