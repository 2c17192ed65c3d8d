"""Francophone mobility (``francophone_mobility``, R205(c)(ii), C16).

French speakers at NCLC 5 in speaking and listening, hired for a job outside Quebec in any
occupation but primary agriculture. The lists and the level are dated data; the employer submits
the offer in the Employer Portal, so a signed offer is required.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..findings import Finding, Params, met, unknown, unmet
from ..inputs import ScreeningRequest
from ..loader import Text
from ..reference import PROVINCES, teer_of
from . import formula, stream_formula
from ._common import job_length_duration, signed_offer

F_FRENCH = "applicant.french_nclc"
_SKILLS = {
    "speaking": Text(en="speaking", fr="expression orale"),
    "listening": Text(en="listening", fr="compréhension orale"),
}


@formula
def meets_francophone_mobility_outside_quebec(req: ScreeningRequest, p: Params) -> Finding:
    province = req.job_offer.province if req.job_offer else None
    if province is None:
        return unknown(["job_offer.province"])
    en, fr = PROVINCES[province]
    name = Text(en=en, fr=fr)
    if province in p["francophone_mobility_excluded_provinces"]:
        return unmet(province=name)
    return met(province=name)


@formula
def meets_francophone_mobility_occupation(req: ScreeningRequest, p: Params) -> Finding:
    noc = req.job_offer.noc_code if req.job_offer else None
    if noc is None:
        return unknown(["job_offer.noc_code"])
    if noc in p["francophone_mobility_excluded_nocs"]:
        return unmet(noc=noc)
    teer, teers = teer_of(noc), p["francophone_mobility_teers"]
    if teer not in teers:
        return unmet("teer", noc=noc, teer=teer, teers=f"{min(teers)}–{max(teers)}")
    return met(noc=noc, teer=teer)


@formula
def meets_francophone_mobility_french(req: ScreeningRequest, p: Params) -> Finding:
    needed: int = p["francophone_mobility_minimum_nclc"]
    scores = req.applicant.french_nclc if req.applicant else None
    levels = {skill: getattr(scores, skill) if scores else None for skill in p["francophone_mobility_skills"]}
    for skill, level in levels.items():
        if level is not None and level < needed:
            # one skill below the level settles it, whatever the other is
            return unmet(level=level, needed=needed, skill=_SKILLS[skill])
    missing = [f"{F_FRENCH}.{skill}" for skill, level in levels.items() if level is None]
    if missing:
        return unknown(missing, needed=needed)
    return met(needed=needed, **levels)


@formula
def meets_francophone_mobility_offer_of_employment(req: ScreeningRequest, p: Params) -> Finding:
    return signed_offer(req)


@stream_formula
def francophone_mobility_exemption_code(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> str | None:
    code: str = p["francophone_mobility_exemption_code"]
    return code


@stream_formula
def francophone_mobility_max_duration(
    req: ScreeningRequest, p: Params, findings: Mapping[str, Finding]
) -> int | None:
    """No maximum is set for C16; the permit follows the job (and the passport)."""
    return job_length_duration(req, p)
