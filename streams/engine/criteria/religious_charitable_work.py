"""Religious work (C50) and charitable work (C51), ``religious_charitable_work``, R205(d).

The contract's ``job_offer.work_type`` says which; whether the duties really are religious or
charitable is the officer's call, so that test is discretionary. Paid or unpaid work both qualify.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..findings import Finding, Params, met, unknown, unmet
from ..inputs import ScreeningRequest
from . import formula, stream_formula
from ._common import job_length_duration, signed_offer


@formula
def meets_religious_charitable_work_nature_of_work(req: ScreeningRequest, p: Params) -> Finding:
    work_type = req.job_offer.work_type if req.job_offer else None
    if work_type is None:
        return unknown(["job_offer.work_type"])
    if work_type.value in p["religious_charitable_work_types"]:
        return met(work_type=work_type)
    return unmet()


@formula
def meets_religious_charitable_work_offer_of_employment(req: ScreeningRequest, p: Params) -> Finding:
    return signed_offer(req)


@stream_formula
def religious_charitable_work_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    """C50 for religious work, C51 for charitable work; none until the kind of work is known."""
    work_type = req.job_offer.work_type if req.job_offer else None
    codes: Mapping[str, str] = p["religious_charitable_work_types"]
    return codes.get(work_type.value) if work_type is not None else None


@stream_formula
def religious_charitable_work_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    """No maximum is set; the permit follows the job (and the passport)."""
    return job_length_duration(req, p)
