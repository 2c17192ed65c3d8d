"""Significant benefit to Canada (``significant_benefit``, R205(a), C10): discretionary tests.

R205(a) asks whether the work "would create or maintain significant social, cultural or economic
benefits or opportunities for Canadian citizens or permanent residents"; the instructions keep it for
benefits "so clear and compelling" that the LMIA can be set aside. The contract's indicators are
read in two groups, each a dated parameter: evidence of the person's standing (which corroborates a
benefit) and a benefit that reaches Canadians. Both criteria are met on the facts claimed; an officer
decides.
"""

from __future__ import annotations

from ..context import Context
from ..findings import Finding, Kind, met, unknown, unmet
from ..inputs import SignificantBenefitIndicator
from ..parameters import Param
from ..texts import Text
from .base import Args, Template

F_INDICATORS = "significant_benefit.indicators"
Indicators = list[SignificantBenefitIndicator]


def claimed(ctx: Context) -> Indicators | None:
    """The indicators the request claims (None: not said)."""
    evidence = ctx.request.significant_benefit
    return None if evidence is None or evidence.indicators is None else list(evidence.indicators)


class StandingArgs(Args):
    standing: Param[Indicators]
    benefit: Param[Indicators]


class Standing(Template[StandingArgs]):
    """Evidence of the person's standing (expertise, recognition, awards, a leading role, unique
    skills, ten years' experience, letters from credible experts): officers look for it to
    corroborate the benefit. One kind claimed puts the case to an officer. When a benefit is claimed
    without any of it, the answer is open (the evidence corroborates the benefit; it is not a test
    of its own); with nothing claimed at all, there is no case."""

    name = "significant_benefit.standing"
    kind = Kind.DISCRETIONARY
    title = Text(en="Exceptional expertise or standing, with evidence",
                 fr="Expertise ou parcours exceptionnel, preuves à l'appui")
    requirement = Text(
        en="Evidence of the person's standing that corroborates the benefit, of these kinds: {standing}.",
        fr="Des preuves du parcours de la personne qui corroborent l'avantage, de ces types : {standing}.")
    messages = {
        "met": Text(
            en="Evidence of standing is claimed ({count} of the kinds officers look for: {found:and}); the stronger "
               "and better documented, the likelier an officer is satisfied.",
            fr="Des preuves du parcours sont déclarées ({count} des types recherchés par les agents : {found:and}); "
               "plus elles sont solides et documentées, plus un agent a de chances d'être convaincu."),
        "unmet": Text(
            en="No evidence of standing and no benefit to Canadians is claimed: there is no significant-benefit case "
               "to put to an officer.",
            fr="Aucune preuve du parcours et aucun avantage pour les Canadiens ne sont déclarés : il n'y a pas de "
               "dossier d'avantage important à soumettre à un agent."),
        "benefit_only": Text(
            en="A benefit to Canadians is claimed, but no evidence of the person's standing ({standing}); officers "
               "look for it to corroborate the benefit, so we cannot tell how the case would be weighed.",
            fr="Un avantage pour les Canadiens est déclaré, mais aucune preuve du parcours de la personne "
               "({standing}); les agents en cherchent pour corroborer l'avantage : nous ne pouvons donc pas dire "
               "comment le dossier serait apprécié."),
        "unknown": Text(en="We do not know what evidence of the person's standing there is.",
                        fr="Nous ne savons pas de quelles preuves du parcours de la personne on dispose."),
    }
    reads = (F_INDICATORS,)

    def evaluate(self, ctx: Context, a: StandingArgs) -> Finding:
        given = claimed(ctx)
        if given is None:
            return unknown((F_INDICATORS,))
        found = [i for i in ctx.p(a.standing) if i in given]
        if found:
            return met(count=len(found), found=found)
        if any(i in given for i in ctx.p(a.benefit)):
            return unknown((F_INDICATORS,), "benefit_only")
        return unmet()


class BenefitArgs(Args):
    benefit: Param[Indicators]
    standing: Param[Indicators]


class BenefitToCanadians(Template[BenefitArgs]):
    """The work creates or maintains significant social, cultural or economic benefits for
    Canadians and permanent residents, beyond the person and the employer: economic impact, job
    creation, or the cultural benefit of a person of national or international renown. R205(a)
    names social benefits too, which no indicator of the contract expresses, and officers read the
    person's standing as evidence of the benefit: when only evidence of standing is claimed, the
    benefit is open, not refused; with nothing claimed at all, there is no case."""

    name = "significant_benefit.benefit_to_canadians"
    kind = Kind.DISCRETIONARY
    title = Text(en="A benefit that reaches Canadians", fr="Un avantage qui profite aux Canadiens")
    requirement = Text(
        en="The work would create or maintain significant social, cultural or economic benefits or opportunities for "
           "Canadian citizens or permanent residents, beyond the person and the employer, so clear and compelling that "
           "the labour market impact assessment can be set aside; shown by: {benefit}.",
        fr="Le travail créerait ou maintiendrait des avantages ou des débouchés sociaux, culturels ou économiques "
           "importants pour les citoyens canadiens ou les résidents permanents, au-delà de la personne et de "
           "l'employeur, si manifestes et convaincants que l'étude d'impact sur le marché du travail peut être "
           "écartée; démontrés par : {benefit}.")
    messages = {
        "met": Text(en="A benefit to Canadians is claimed ({found:and}).",
                    fr="Un avantage pour les Canadiens est déclaré ({found:and})."),
        "unmet": Text(
            en="No benefit to Canadians ({benefit}) is claimed; C10 is not for work that benefits only the person or "
               "the employer.",
            fr="Aucun avantage pour les Canadiens ({benefit}) n'est déclaré; le code C10 ne vise pas un travail qui "
               "profite seulement à la personne ou à l'employeur."),
        "standing_only": Text(
            en="Evidence of the person's standing is claimed, but no benefit to Canadians ({benefit}); the benefit "
               "may also be social, which these indicators do not cover. Say how the work would benefit Canadians or "
               "permanent residents beyond the person and the employer; an officer decides.",
            fr="Des preuves du parcours de la personne sont déclarées, mais aucun avantage pour les Canadiens "
               "({benefit}); l'avantage peut aussi être social, ce que ces indicateurs ne couvrent pas. Indiquez "
               "comment le travail profiterait aux Canadiens ou aux résidents permanents au-delà de la personne et de "
               "l'employeur; un agent décide."),
        "unknown": Text(en="We do not know whether the work would benefit Canadians.",
                        fr="Nous ne savons pas si le travail profiterait aux Canadiens."),
    }
    reads = (F_INDICATORS,)

    def evaluate(self, ctx: Context, a: BenefitArgs) -> Finding:
        given = claimed(ctx)
        if given is None:
            return unknown((F_INDICATORS,))
        found = [i for i in ctx.p(a.benefit) if i in given]
        if found:
            return met(found=found)
        if any(i in given for i in ctx.p(a.standing)):
            return unknown((F_INDICATORS,), "standing_only")
        return unmet()
