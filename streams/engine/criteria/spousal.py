"""Spousal open work permits (``spousal_open_work_permit``, R205(c)(ii)): C41 spouse of a worker,
C42 spouse of a student (C46: dependent child, under the earlier rules).

Two sets of rules can apply on the same date. Since 2025-01-21 the restricted rules apply, unless
the principal is moving to permanent residence, in which case the earlier rules still do. When it
is not known whether the principal applied for permanent residence, a test is evaluated under
both sets: if they agree the answer stands, otherwise it is unknown until that fact is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..findings import Finding, Params, Status, met, unknown, unmet
from ..inputs import Principal, PrincipalRelationship, PrincipalStatus, ScreeningRequest
from ..reference import teer_of
from ..timeline import whole_months_between
from . import formula, parameter_schema, stream_formula
from ._common import capped_duration, guarded, yes_no

P = "principal"
F_STATUS = f"{P}.status"
F_PR = f"{P}.applied_for_permanent_residence"


class FamilyRules(BaseModel):
    """One set of rules for the family of a worker or student."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    worker_teers: list[int]  # TEERs whose workers qualify outright
    low_teers: list[int] = []  # TEERs whose workers' families qualify under C47/C48
    # NOC major groups (first two digits) whose TEER 2 or 3 occupations also qualify; None: no list
    select_major_groups: list[str] | None = None
    min_months_remaining: int = Field(ge=0)  # worker's authorization left on as_of
    children_eligible: bool
    student_levels: list[str]
    master_min_months: int | None = None
    applicant_not_full_time_student: bool


@parameter_schema("spousal_rules")
@parameter_schema("spousal_pr_track_rules")
def _check_rules(value: Any) -> FamilyRules:
    return FamilyRules.model_validate(value)


def _principal(req: ScreeningRequest) -> Principal | None:
    return req.principal


def _fact(req: ScreeningRequest, name: str) -> Any:
    principal = req.principal
    return getattr(principal, name) if principal is not None else None


def _regimes(req: ScreeningRequest, p: Params) -> list[FamilyRules]:
    """The rule sets that may apply: the restricted ones, the permanent-residence track's, or both
    when it is not known whether the principal applied for permanent residence."""
    general: FamilyRules = p["spousal_rules"]
    pr_track: FamilyRules = p["spousal_pr_track_rules"]
    applied = _fact(req, "applied_for_permanent_residence")
    if applied is True:
        return [pr_track]
    if applied is False or general == pr_track:
        return [general]
    return [general, pr_track]


def _under_each(req: ScreeningRequest, p: Params, test: Callable[[FamilyRules], Finding]) -> Finding:
    findings = [test(rules) for rules in _regimes(req, p)]
    statuses = {f.status for f in findings}
    if len(statuses) == 1:
        return findings[0]
    missing = [F_PR]
    for finding in findings:
        missing += finding.missing
    return unknown(missing, "unknown_pr_track")


def _status_is(req: ScreeningRequest, wanted: PrincipalStatus) -> Callable[[], bool | None]:
    status = _fact(req, "status")
    return lambda: None if status is None else status is wanted


# --- both kinds of principal -------------------------------------------------------------------


@formula
def meets_spousal_relationship(req: ScreeningRequest, p: Params) -> Finding:
    relationship = _fact(req, "relationship")
    if relationship is None:
        return unknown([f"{P}.relationship"])
    if relationship is not PrincipalRelationship.DEPENDENT_CHILD:
        return met(relationship=relationship)

    status = _fact(req, "status")
    if status is PrincipalStatus.STUDENT:
        return unmet("child_of_student")  # C42 covers spouses and partners only

    def child(rules: FamilyRules) -> Finding:
        return met("met_child") if rules.children_eligible else unmet("child_not_eligible")

    finding = _under_each(req, p, child)
    if status is None and finding.status is Status.MET:
        return unknown([F_STATUS], "unknown_child_status")  # a student's child would not qualify
    return finding


@formula
def meets_spousal_principal_resides_in_canada(req: ScreeningRequest, p: Params) -> Finding:
    return yes_no(_fact(req, "resides_in_canada"), f"{P}.resides_in_canada")


# --- principal who works (C41) ------------------------------------------------------------------


@formula
def meets_spousal_worker_authorization(req: ScreeningRequest, p: Params) -> Finding:
    def evaluate() -> Finding:
        authorization = _fact(req, "authorization")
        if authorization is None:
            return unknown([f"{P}.authorization"])
        if authorization in p["spousal_worker_authorizations"]:
            return met()
        if authorization == "spousal_open_permit":
            return unmet("derived_permit")
        return unmet()

    return guarded(_status_is(req, PrincipalStatus.WORKER), [F_STATUS], evaluate)


@formula
def meets_spousal_worker_occupation(req: ScreeningRequest, p: Params) -> Finding:
    def evaluate() -> Finding:
        noc = _fact(req, "noc_code")
        if noc is None:
            return unknown([f"{P}.noc_code"])
        teer = teer_of(noc)

        def test(rules: FamilyRules) -> Finding:
            if teer in rules.worker_teers:
                return met(noc=noc, teer=teer)
            if teer in rules.low_teers:
                return met("met_low_teer", noc=noc, teer=teer)
            groups = rules.select_major_groups
            if groups is not None and teer in (2, 3) and noc[:2] in groups:
                return met("met_select", noc=noc, teer=teer)
            if groups is not None and teer in (2, 3):
                return unmet("unmet_not_select", noc=noc, teer=teer)
            return unmet(noc=noc, teer=teer)

        return _under_each(req, p, test)

    return guarded(_status_is(req, PrincipalStatus.WORKER), [F_STATUS], evaluate)


@formula
def meets_spousal_worker_validity_remaining(req: ScreeningRequest, p: Params) -> Finding:
    def evaluate() -> Finding:
        until = _fact(req, "authorization_valid_until")
        if until is None:
            return unknown([f"{P}.authorization_valid_until"])
        assert req.as_of is not None
        months = whole_months_between(req.as_of, until)

        def test(rules: FamilyRules) -> Finding:
            args = {"months": max(months, 0), "needed": rules.min_months_remaining, "until": until}
            return met(**args) if months >= rules.min_months_remaining else unmet(**args)

        return _under_each(req, p, test)

    return guarded(_status_is(req, PrincipalStatus.WORKER), [F_STATUS], evaluate)


# --- principal who studies (C42) ----------------------------------------------------------------


@formula
def meets_spousal_student_authorization(req: ScreeningRequest, p: Params) -> Finding:
    def evaluate() -> Finding:
        authorization = _fact(req, "authorization")
        if authorization is None:
            return unknown([f"{P}.authorization"])
        if authorization != "study_permit":
            return unmet()
        until = _fact(req, "authorization_valid_until")
        if until is None:
            return unknown([f"{P}.authorization_valid_until"], "unknown_validity")
        assert req.as_of is not None
        if until < req.as_of:
            return unmet("expired", until=until)
        return met(until=until)

    return guarded(_status_is(req, PrincipalStatus.STUDENT), [F_STATUS], evaluate)


@formula
def meets_spousal_student_program(req: ScreeningRequest, p: Params) -> Finding:
    def evaluate() -> Finding:
        program = _fact(req, "study_program")
        if program is None:
            return unknown([f"{P}.study_program"])
        prefix = f"{P}.study_program"

        def test(rules: FamilyRules) -> Finding:
            if program.full_time is False:
                return unmet("part_time")
            if program.pgwp_eligible_institution is False:
                return unmet("institution")
            if program.level is not None and program.level not in rules.student_levels:
                return unmet("level", level=program.level)
            missing = [f"{prefix}.{name}" for name in ("level", "full_time", "pgwp_eligible_institution")
                       if getattr(program, name) is None]
            if program.level == "master" and rules.master_min_months is not None:
                if program.length_months is None:
                    missing.append(f"{prefix}.length_months")
                elif program.length_months < rules.master_min_months:
                    return unmet("short_master", months=program.length_months,
                                 needed=rules.master_min_months)
            if missing:
                return unknown(missing)
            return met(level=program.level)

        return _under_each(req, p, test)

    return guarded(_status_is(req, PrincipalStatus.STUDENT), [F_STATUS], evaluate)


@formula
def meets_spousal_applicant_not_full_time_student(req: ScreeningRequest, p: Params) -> Finding:
    def evaluate() -> Finding:
        studying = req.applicant.studying_full_time_in_canada if req.applicant else None

        def test(rules: FamilyRules) -> Finding:
            if not rules.applicant_not_full_time_student:
                return met("not_required")
            if studying is None:
                return unknown(["applicant.studying_full_time_in_canada"])
            return unmet() if studying else met()

        return _under_each(req, p, test)

    return guarded(_status_is(req, PrincipalStatus.STUDENT), [F_STATUS], evaluate)


# --- stream ------------------------------------------------------------------------------------


@stream_formula
def spousal_exemption_code(req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]) -> str | None:
    codes: Mapping[str, str] = p["spousal_exemption_codes"]
    relationship = _fact(req, "relationship")
    status = _fact(req, "status")
    if relationship is None or status is None:
        return None
    child = relationship is PrincipalRelationship.DEPENDENT_CHILD
    if status is PrincipalStatus.WORKER:
        noc = _fact(req, "noc_code")
        if noc is None:
            return None  # C41/C46 or, for TEER 4 and 5 workers, C47/C48
        if teer_of(noc) >= 4:
            return codes["child_of_low_teer_worker" if child else "spouse_of_low_teer_worker"]
    if child:
        return codes["dependent_child"]
    return codes["spouse_of_worker" if status is PrincipalStatus.WORKER else "spouse_of_student"]


@stream_formula
def spousal_max_duration(req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]) -> int | None:
    """No longer than the principal's authorization (and the applicant's passport)."""
    until = _fact(req, "authorization_valid_until")
    if until is None:
        return None
    assert req.as_of is not None
    # An open permit: the job offer, if any, does not limit it.
    return capped_duration(req, p, max(0, whole_months_between(req.as_of, until)), open_permit=True)


__all__ = ["Status"]
