"""CUSMA professionals (``cusma_professional``, R204(a), T36): Chapter 16, Appendix 2 to Annex 16-A.

The credential test reads the profession's own alternatives from dated data: each alternative is a
set of parts (an education class, a licence, years of experience, a related field, a named
training), all of which must hold; any one alternative suffices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..findings import NOT_APPLICABLE, Finding, Params, Status, met, unknown, unmet
from ..inputs import Education, ScreeningRequest
from ..loader import Text
from . import formula, parameter_schema, stream_formula
from ._common import capped_duration, citizenship_among, signed_offer, yes_no

F_PROFESSION = "job_offer.cusma_profession"
F_EDUCATION = "applicant.education"
F_LICENCE = "applicant.holds_licence_for_offer_occupation"
F_EXPERIENCE = "applicant.years_experience_in_offer_occupation"
F_TRAINING = "applicant.completed_profession_specific_training"


class CredentialAlternative(BaseModel):
    """One way to hold a profession's credential; every part given must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Text
    education: str | None = None  # a key of ``cusma_education_classes``
    field_related: bool = False  # the credential must be in the profession's field
    licence: bool = False
    experience_years: float | None = Field(default=None, ge=0)
    training: bool = False
    earned_in: list[str] | None = None  # countries the degree must come from (a Licenciatura: Mexico)


class CredentialTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    education_classes: dict[str, list[Literal[
        "secondary", "post_secondary_certificate", "post_secondary_diploma", "bachelor",
        "master", "doctorate", "professional_degree",
    ]]]
    # the alternatives, once each (the YAML file names them with anchors and reuses them)
    alternatives: list[CredentialAlternative]
    professions: dict[str, list[CredentialAlternative]]


@parameter_schema("cusma_credentials")
def _check_table(value: Any) -> CredentialTable:
    from ..reference import cusma_professions

    table = CredentialTable.model_validate(value)
    listed = set(cusma_professions())
    if set(table.professions) != listed:
        raise ValueError(
            f"professions without credentials: {sorted(listed - set(table.professions))}; "
            f"unknown slugs: {sorted(set(table.professions) - listed)}"
        )
    for slug, alternatives in table.professions.items():
        for alternative in alternatives:
            if alternative.education and alternative.education not in table.education_classes:
                raise ValueError(f"{slug}: unknown education class {alternative.education!r}")
            if not (alternative.education or alternative.licence or alternative.experience_years
                    or alternative.training):
                raise ValueError(f"{slug}: an alternative must require something")
    return table


def _profession(req: ScreeningRequest) -> str | None:
    return req.job_offer.cusma_profession if req.job_offer else None


@formula
def meets_cusma_professional_citizenship(req: ScreeningRequest, p: Params) -> Finding:
    return citizenship_among(req, p["cusma_countries"])


@formula
def meets_cusma_professional_listed_profession(req: ScreeningRequest, p: Params) -> Finding:
    slug = _profession(req)
    if slug is None:
        return unknown([F_PROFESSION])
    if slug == "none":
        return unmet()
    table: CredentialTable = p["cusma_credentials"]
    assert slug in table.professions
    return met(profession=_title(slug))


def _title(slug: str) -> str:
    from ..reference import cusma_professions

    return cusma_professions()[slug].title


def _education_part(req: ScreeningRequest, levels: Sequence[str], field_related: bool,
                    earned_in: Sequence[str] | None = None) -> tuple[Status, list[str]]:
    education = req.applicant.education if req.applicant else None
    if education is None:
        return Status.UNKNOWN, [F_EDUCATION]
    missing: list[str] = []
    for index, item in enumerate(education):
        tests = _education_tests(item, levels, field_related)
        if earned_in is not None:
            tests["country"] = None if item.country is None else item.country in earned_in
        if all(t is True for t in tests.values()):
            return Status.MET, []
        if all(t is not False for t in tests.values()):
            missing += [f"{F_EDUCATION}.{index}.{name}" for name, t in tests.items() if t is None]
    return (Status.UNKNOWN, missing) if missing else (Status.UNMET, [])


def _education_tests(item: Education, levels: Sequence[str], field_related: bool) -> dict[str, bool | None]:
    tests: dict[str, bool | None] = {
        "level": None if item.level is None else item.level in levels,
        "completed": item.completed,
    }
    if field_related:
        tests["related_to_offer"] = item.related_to_offer
    return tests


def _alternative(req: ScreeningRequest, alt: CredentialAlternative,
                 table: CredentialTable) -> tuple[Status, list[str]]:
    applicant = req.applicant
    parts: list[tuple[Status, list[str]]] = []
    if alt.education:
        parts.append(_education_part(req, table.education_classes[alt.education], alt.field_related, alt.earned_in))
    if alt.licence:
        value = applicant.holds_licence_for_offer_occupation if applicant else None
        parts.append(_fact_status(value, F_LICENCE))
    if alt.experience_years is not None:
        years = applicant.years_experience_in_offer_occupation if applicant else None
        parts.append(_fact_status(None if years is None else years >= alt.experience_years,
                                  F_EXPERIENCE))
    if alt.training:
        value = applicant.completed_profession_specific_training if applicant else None
        parts.append(_fact_status(value, F_TRAINING))
    statuses = [s for s, _ in parts]
    if Status.UNMET in statuses:
        return Status.UNMET, []
    if Status.UNKNOWN in statuses:
        return Status.UNKNOWN, [f for _, fields in parts for f in fields]
    return Status.MET, []


def _fact_status(value: bool | None, field: str) -> tuple[Status, list[str]]:
    if value is None:
        return Status.UNKNOWN, [field]
    return (Status.MET if value else Status.UNMET), []


@formula
def meets_cusma_professional_credentials(req: ScreeningRequest, p: Params) -> Finding:
    slug = _profession(req)
    if slug is None:
        return unknown([F_PROFESSION], "unknown_profession")
    if slug == "none":
        return NOT_APPLICABLE  # no listed profession, so no credential to test
    table: CredentialTable = p["cusma_credentials"]
    alternatives = table.professions[slug]
    options = [a.label for a in alternatives]
    missing: list[str] = []
    for alternative in alternatives:
        status, fields = _alternative(req, alternative, table)
        if status is Status.MET:
            return met(profession=_title(slug), credential=alternative.label)
        if status is Status.UNKNOWN:
            missing += fields
    if missing:
        return unknown(missing, profession=_title(slug), options=options)
    return unmet(profession=_title(slug), options=options)


@formula
def meets_cusma_professional_prearranged_employment(req: ScreeningRequest, p: Params) -> Finding:
    return signed_offer(req)


@formula
def meets_cusma_professional_not_self_employed(req: ScreeningRequest, p: Params) -> Finding:
    return yes_no(req.job_offer.self_employed if req.job_offer else None, "job_offer.self_employed", wanted=False)


@stream_formula
def cusma_professional_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    code: str = p["cusma_professional_exemption_code"]
    return code


@stream_formula
def cusma_professional_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    return capped_duration(req, p, p["cusma_professional_initial_permit_months"])
