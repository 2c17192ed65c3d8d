"""Francophone mobility (``francophone_mobility``, C16): French speakers hired for a job outside Quebec.

Until 2023-06-14 C16 permits were issued under R205(a) for TEER 0 to 3 jobs to people whose habitual
language of daily use was French (NCLC 7 if a test was requested); from 2023-06-15 the work is
designated under R205(c)(ii): every TEER except primary agriculture in TEER 4 and 5, French at NCLC 5
in speaking and listening. The TEERs, the excluded unit groups and the French level are dated
parameters; the templates only read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..context import Context
from ..findings import Finding, met, unknown, unmet
from ..parameters import Param
from ..reference import PROVINCES, teer_of
from ..texts import Text
from .base import Args, Change, Template

F_PROVINCE = "job_offer.province"
F_NOC = "job_offer.noc_code"
F_FRENCH = "applicant.french_nclc"

Skill = Literal["speaking", "listening", "reading", "writing"]
SKILLS: dict[str, Text] = {
    "speaking": Text(en="speaking", fr="expression orale"),
    "listening": Text(en="listening", fr="compréhension orale"),
    "reading": Text(en="reading", fr="compréhension écrite"),
    "writing": Text(en="writing", fr="expression écrite"),
}


# --- where the work is ------------------------------------------------------------------------------


class ProvincesArgs(Args):
    excluded: Param[list[str]]


class OutsideQuebec(Template[ProvincesArgs]):
    """The person is destined to live and work in a province or territory outside Quebec."""

    name = "francophone_mobility.outside_quebec"
    title = Text(en="Job in a province or territory outside Quebec",
                 fr="Emploi dans une province ou un territoire hors du Québec")
    requirement = Text(en="The person will live and work in a province or territory other than Quebec.",
                       fr="La personne vivra et travaillera dans une province ou un territoire autre que le Québec.")
    messages = {
        "met": Text(en="The work is in {province}, outside Quebec.",
                    fr="Lieu de travail : {province}, hors du Québec."),
        "unmet": Text(
            en="The work is in {province}: Francophone mobility covers only jobs outside Quebec (Quebec has its own "
               "programs for French speakers).",
            fr="Lieu de travail : {province}. La Mobilité francophone ne vise que les emplois hors du Québec (le "
               "Québec a ses propres programmes pour les francophones)."),
        "unknown": Text(en="We do not know where the work is done.",
                        fr="Nous ne savons pas où le travail est effectué."),
        "change.province": Text(en="A job in a province or territory outside Quebec.",
                                fr="Un emploi dans une province ou un territoire hors du Québec."),
    }
    reads = (F_PROVINCE,)

    def evaluate(self, ctx: Context, a: ProvincesArgs) -> Finding:
        job = ctx.request.job_offer
        province = job.province if job else None
        if province is None:
            return unknown((F_PROVINCE,))
        en, fr = PROVINCES[province]
        name = Text(en=en, fr=fr)
        return unmet(province=name) if province in ctx.p(a.excluded) else met(province=name)

    def changes(self, ctx: Context, a: ProvincesArgs, finding: Finding) -> Iterable[Change]:
        return (Change(F_PROVINCE, "province"),)


# --- the occupation -----------------------------------------------------------------------------------


class OccupationArgs(Args):
    teers: Param[list[int]]
    primary_agriculture: Param[list[str]]


def _span(teers: list[int]) -> str:
    """TEERs as a range when they follow one another ("0–3"), else listed."""
    ordered = sorted(teers)
    if ordered and ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(t) for t in ordered)


class Occupation(Template[OccupationArgs]):
    """The occupation offered (NOC 2021) is in a TEER category covered on the date, and is not a
    low-skilled primary agriculture occupation (R315.2(4): farm, nursery or greenhouse work)."""

    name = "francophone_mobility.occupation"
    title = Text(en="An occupation Francophone mobility covers", fr="Une profession que vise la Mobilité francophone")
    requirement = Text(
        en="The occupation offered (NOC 2021) is in TEER {teers}, and is not one of the low-skilled primary "
           "agriculture occupations (work on a farm, in a nursery or in a greenhouse, R315.2(4)): "
           "{primary_agriculture}.",
        fr="La profession offerte (CNP 2021) relève de la FEER {teers}, et n'est pas l'une des professions peu "
           "spécialisées de l'agriculture primaire (travail dans une exploitation agricole, une pépinière ou une "
           "serre, R315.2(4)) : {primary_agriculture}.")
    messages = {
        "met": Text(en="NOC {noc} (TEER {teer}) is covered.", fr="La CNP {noc} (FEER {teer}) est visée."),
        "unmet": Text(
            en="NOC {noc} is a low-skilled primary agriculture occupation (farm, nursery or greenhouse work), which "
               "Francophone mobility does not cover.",
            fr="La CNP {noc} est une profession peu spécialisée de l'agriculture primaire (travail agricole, en "
               "pépinière ou en serre), que la Mobilité francophone ne vise pas."),
        "teer": Text(en="NOC {noc} is in TEER {teer}; Francophone mobility covers TEER {covered} on this date.",
                     fr="La CNP {noc} relève de la FEER {teer}; la Mobilité francophone vise les FEER {covered} à "
                        "cette date."),
        "unknown": Text(en="We do not know the occupation (NOC).", fr="Nous ne connaissons pas la profession (CNP)."),
        "change.teer": Text(en="A job offer in an occupation of TEER {teers}.",
                            fr="Une offre d'emploi dans une profession de la FEER {teers}."),
        "change.not_primary_agriculture": Text(
            en="A job offer in an occupation other than low-skilled primary agriculture ({primary_agriculture}).",
            fr="Une offre d'emploi dans une profession autre que l'agriculture primaire peu spécialisée "
               "({primary_agriculture})."),
    }
    reads = (F_NOC,)

    def evaluate(self, ctx: Context, a: OccupationArgs) -> Finding:
        job = ctx.request.job_offer
        noc = job.noc_code if job else None
        if noc is None:
            return unknown((F_NOC,))
        teer, teers = teer_of(noc), ctx.p(a.teers)
        if teer not in teers:
            return unmet("teer", noc=noc, teer=teer, covered=_span(teers))
        if noc in ctx.p(a.primary_agriculture):
            return unmet(noc=noc)
        return met(noc=noc, teer=teer)

    def changes(self, ctx: Context, a: OccupationArgs, finding: Finding) -> Iterable[Change]:
        key = "teer" if finding.key == "teer" else "not_primary_agriculture"
        return (Change(F_NOC, key),)


# --- French ----------------------------------------------------------------------------------------------


class FrenchLevel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    minimum: int = Field(ge=0, le=12)  # NCLC, in each skill
    habitual_daily_use: bool  # before 2023-06-15: French the habitual language of daily use


class FrenchArgs(Args):
    level: Param[FrenchLevel]
    skills: Param[list[Skill]]


class French(Template[FrenchArgs]):
    """French at the NCLC level in force, in speaking and in listening (reading and writing are not
    assessed; the job need not be in French). Until 2023-06-14 French had to be the habitual language
    of daily use, and a test, when an officer asked for one, had to show NCLC 7: a level given here is
    read as such a test."""

    name = "francophone_mobility.french"
    title = Text(en="French at NCLC {level.minimum} or higher in speaking and listening",
                 fr="Français de niveau NCLC {level.minimum} ou plus en expression et en compréhension orales")
    requirement = Text(
        en="French speaking and listening at NCLC {level.minimum} or higher, shown to an officer by a test (TEF "
           "Canada, TCF Canada) or by education in French. Reading and writing are not assessed, and the job need not "
           "be in French.",
        fr="Expression et compréhension orales en français de niveau NCLC {level.minimum} ou plus, démontrées à un "
           "agent par un test (TEF Canada, TCF Canada) ou par des études en français. La lecture et l'écriture ne sont "
           "pas évaluées, et l'emploi n'a pas à être en français.")
    messages = {
        "met": Text(
            en="French at NCLC {speaking} in speaking and {listening} in listening: at least {needed} in both.",
            fr="Français de niveau NCLC {speaking} en expression orale et {listening} en compréhension orale : au "
               "moins {needed} dans les deux."),
        "met_daily_use": Text(
            en="French at NCLC {speaking} in speaking and {listening} in listening: at least {needed} in both, the "
               "level a test had to show under the rules of that date, when French had to be the habitual language of "
               "daily use.",
            fr="Français de niveau NCLC {speaking} en expression orale et {listening} en compréhension orale : au "
               "moins {needed} dans les deux, le niveau qu'un test devait montrer selon les règles de cette date, où "
               "le français devait être la langue d'usage habituelle."),
        "unmet": Text(en="French at NCLC {level} in {skill}, below the {needed} required.",
                      fr="Français de niveau NCLC {level} en {skill}, sous le niveau {needed} exigé."),
        "unmet_daily_use": Text(
            en="French at NCLC {level} in {skill}, below the {needed} a test had to show under the rules of that date "
               "(French as the habitual language of daily use).",
            fr="Français de niveau NCLC {level} en {skill}, sous le niveau {needed} qu'un test devait montrer selon "
               "les règles de cette date (le français comme langue d'usage habituelle)."),
        "unknown": Text(
            en="We do not know the person's French level (NCLC) in speaking and listening; at least {needed} in each "
               "is required.",
            fr="Nous ne connaissons pas le niveau de français (NCLC) de la personne en expression et en compréhension "
               "orales; au moins {needed} dans chacune est exigé."),
        "unknown_skill": Text(
            en="French at NCLC {level} in {known}, enough; we do not know the level in {skill}, where at least "
               "{needed} is required too.",
            fr="Français de niveau NCLC {level} en {known}, ce qui suffit; nous ne connaissons pas le niveau en "
               "{skill}, où au moins {needed} est aussi exigé."),
        "change.nclc": Text(en="French at NCLC {needed} or higher in {skill}.",
                            fr="Un niveau de français NCLC {needed} ou plus en {skill}."),
    }
    reads = (f"{F_FRENCH}.speaking", f"{F_FRENCH}.listening")

    def evaluate(self, ctx: Context, a: FrenchArgs) -> Finding:
        rule = ctx.p(a.level)
        needed = rule.minimum
        scores = ctx.request.applicant.french_nclc if ctx.request.applicant else None
        levels = {skill: getattr(scores, skill) if scores else None for skill in ctx.p(a.skills)}
        for skill, level in levels.items():
            if level is not None and level < needed:
                # One skill below the level settles it, whatever the other is.
                key = "unmet_daily_use" if rule.habitual_daily_use else "unmet"
                return unmet(key, level=level, needed=needed, skill=SKILLS[skill])
        missing = [f"{F_FRENCH}.{skill}" for skill, level in levels.items() if level is None]
        if missing:
            known = [(skill, level) for skill, level in levels.items() if level is not None]
            unknown_skills = [skill for skill, level in levels.items() if level is None]
            if len(known) == 1 and len(unknown_skills) == 1:
                # One skill given (and enough): the explanation names it and asks only for the other.
                (skill_known, level_known), = known
                return unknown(missing, "unknown_skill", needed=needed, level=level_known,
                               known=SKILLS[skill_known], skill=SKILLS[unknown_skills[0]])
            return unknown(missing, needed=needed)
        return met("met_daily_use" if rule.habitual_daily_use else "met", needed=needed,
                   speaking=levels.get("speaking"), listening=levels.get("listening"))

    def changes(self, ctx: Context, a: FrenchArgs, finding: Finding) -> Iterable[Change]:
        needed = ctx.p(a.level).minimum
        scores = ctx.request.applicant.french_nclc if ctx.request.applicant else None
        found = []
        for skill in ctx.p(a.skills):
            level = getattr(scores, skill) if scores else None
            if level is not None and level < needed:
                found.append(Change(f"{F_FRENCH}.{skill}", "nclc", {"needed": needed, "skill": SKILLS[skill]}))
        return found
