"""Significant benefit (``significant_benefit``, R205(a), C10): a discretionary test.

The contract's indicators are weighed as the instructions describe: evidence of the person's
standing (expertise, recognition, awards, leadership, unique skills, ten years' experience, expert
letters) and of a benefit that reaches Canadians (economic impact, job creation). Both criteria are
discretionary: met on the facts claimed, and an officer decides.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..findings import Finding, Params, met, unknown, unmet
from ..inputs import ScreeningRequest
from . import formula, stream_formula
from ._common import job_length_duration, signed_offer

F_INDICATORS = "significant_benefit.indicators"


def _indicators(req: ScreeningRequest) -> list[str] | None:
    evidence = req.significant_benefit
    return None if evidence is None or evidence.indicators is None else list(evidence.indicators)


def _count(req: ScreeningRequest, names: list[str], needed: int) -> Finding:
    given = _indicators(req)
    if given is None:
        return unknown([F_INDICATORS])
    found = [i for i in names if i in given]
    args = {"count": len(found), "needed": needed}
    return met(**args) if len(found) >= needed else unmet(**args)


@formula
def meets_significant_benefit_standing(req: ScreeningRequest, p: Params) -> Finding:
    return _count(req, p["significant_benefit_standing_indicators"], p["significant_benefit_standing_minimum"])


@formula
def meets_significant_benefit_benefit_to_canadians(req: ScreeningRequest, p: Params) -> Finding:
    return _count(req, p["significant_benefit_benefit_indicators"], p["significant_benefit_benefit_minimum"])


@formula
def meets_significant_benefit_offer_of_employment(req: ScreeningRequest, p: Params) -> Finding:
    return signed_offer(req)


@stream_formula
def significant_benefit_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    code: str = p["significant_benefit_exemption_code"]
    return code


@stream_formula
def significant_benefit_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    """No maximum is set for C10; the permit follows the job (and the passport)."""
    return job_length_duration(req, p)
