"""Business owners seeking only temporary residence (``business_owners``, R205(a), C11).

The owner is both employer and employee. Since 2022-11-16 (the rules encoded): control of the
business (50%, 51% from 2025-05-27) and a viable business of significant benefit (discretionary).
The update of 2025-05-27 adds support funds (the LICO for the family size for 18 months, or the stay
if shorter), business funds separate from them (the amount is the officer's call), a temporary or
seasonal stay with plans to leave, and permits of normally no more than 18 months.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from ..context import Context
from ..findings import Finding, Kind, Status, met, unknown, unmet
from ..inputs import BusinessFacts
from ..parameters import Param
from ..texts import Text
from .base import Args, Change, NoArgs, StreamRule, Template, yes_no
from .common import DURATION_READS, capped_duration

B = "job_offer.business"
F_SHARE = f"{B}.ownership_percent"
F_SUPPORT = f"{B}.support_funds_cad"
F_SUFFICIENT = f"{B}.sufficient_funds"
F_BUSINESS_FUNDS = f"{B}.business_funds_separate"
F_EXIT_PLAN = f"{B}.exit_plan"
F_FAMILY = "applicant.family_size"
F_DURATION = "job_offer.duration_months"


def _business(ctx: Context) -> BusinessFacts | None:
    job = ctx.request.job_offer
    return job.business if job else None


# --- control -------------------------------------------------------------------------------------------


class ControlArgs(Args):
    minimum: Param[float]


class Control(Template[ControlArgs]):
    """The applicant controls at least the minimum share of the business; a smaller partial owner
    applies as an employee instead (with an LMIA or under another exemption)."""

    name = "business_owners.control"
    title = Text(en="Control of the business", fr="Contrôle de l'entreprise")
    requirement = Text(
        en="The person controls at least {minimum:g}% of the business; a partial owner with less applies for a work "
           "permit as an employee.",
        fr="La personne contrôle au moins {minimum:g} % de l'entreprise; un copropriétaire qui en détient moins "
           "demande un permis de travail comme employé.")
    messages = {
        "met": Text(en="The person controls {share:g}% of the business, at least the {minimum:g}% required.",
                    fr="La personne contrôle {share:g} % de l'entreprise, au moins les {minimum:g} % exigés."),
        "unmet": Text(en="The person controls {share:g}% of the business, less than the {minimum:g}% required.",
                      fr="La personne contrôle {share:g} % de l'entreprise, moins que les {minimum:g} % exigés."),
        "unknown": Text(en="We do not know what share of the business the person controls.",
                        fr="Nous ne savons pas quelle part de l'entreprise la personne contrôle."),
        "change.ownership": Text(en="Control of at least {minimum:g}% of the business.",
                                 fr="Le contrôle d'au moins {minimum:g} % de l'entreprise."),
    }
    reads = (F_SHARE,)

    def evaluate(self, ctx: Context, a: ControlArgs) -> Finding:
        business = _business(ctx)
        share = business.ownership_percent if business else None
        if share is None:
            return unknown((F_SHARE,))
        return (met if share >= ctx.p(a.minimum) else unmet)(share=share)

    def changes(self, ctx: Context, a: ControlArgs, finding: Finding) -> Iterable[Change]:
        return (Change(F_SHARE, "ownership"),)


# --- support funds ---------------------------------------------------------------------------------------


class FundsTable(BaseModel):
    """A LICO table: the amount for a year by family size (1 to 7 persons), and for each further person."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by_family_size: list[float] = Field(min_length=7, max_length=7)
    each_additional: float = Field(ge=0)

    def yearly(self, size: int) -> float:
        if size <= len(self.by_family_size):
            return self.by_family_size[size - 1]
        return self.by_family_size[-1] + (size - len(self.by_family_size)) * self.each_additional


class SupportArgs(Args):
    table: Param[FundsTable]
    months: Param[int]


def _needed(table: FundsTable, size: int, months: int) -> float:
    return table.yearly(size) * months / 12


class SupportFunds(Template[SupportArgs]):
    """Support funds for the applicant and their family, separate from the business funds, equal to
    the LICO for the family size for 18 months, or for the stay if shorter. The amount is read from
    the LICO table the instructions link to (its yearly amount times the months over 12). Unmet only
    below the least the rule could ask on the facts known. When no amount is given, or it cannot be
    checked yet (family size or stay unknown), a yes/no answer (``sufficient_funds``) is taken as given."""

    name = "business_owners.funds"
    title = Text(en="Support funds for the stay", fr="Fonds de subsistance pour le séjour")
    requirement = Text(
        en="Since {since:long}, money to live on for the person and their family while in Canada, separate from the "
           "business funds and free of debts: the low-income cut-off (LICO) for the family size for {months} months, "
           "or for the stay if shorter (IRCC's LICO table, updated every year).",
        fr="Depuis le {since:long}, de l'argent pour subvenir aux besoins de la personne et de sa famille au Canada, "
           "distinct des fonds de l'entreprise et libre de dettes : le seuil de faible revenu (SFR) pour la taille de "
           "la famille pendant {months} mois, ou pendant le séjour s'il est plus court (tableau du SFR d'IRCC, mis à "
           "jour chaque année).")
    messages = {
        "met": Text(
            en="Support funds of {funds:money0} reach the {needed:money} needed: the LICO table's {lico:money} a year "
               "for a family of {size}, for {stay} months.",
            fr="Les fonds de subsistance de {funds:money0} atteignent les {needed:money} exigés : les {lico:money} par "
               "année du tableau du SFR pour une famille de {size} personne(s), pendant {stay} mois."),
        "unmet": Text(
            en="Support funds of {funds:money0} are below the {needed:money} needed: the LICO table's {lico:money} a "
               "year for a family of {size}, for {stay} months.",
            fr="Les fonds de subsistance de {funds:money0} sont inférieurs aux {needed:money} exigés : les "
               "{lico:money} par année du tableau du SFR pour une famille de {size} personne(s), pendant {stay} mois."),
        "unmet_least": Text(
            en="Support funds of {funds:money0} are below {needed:money}, the least the rule could ask on the facts "
               "given (the LICO for a family of {size}, for {stay} month(s)).",
            fr="Les fonds de subsistance de {funds:money0} sont inférieurs à {needed:money}, le minimum que la règle "
               "pourrait exiger selon les faits donnés (le SFR pour une famille de {size} personne(s), pendant {stay} "
               "mois)."),
        "met_declared": Text(en="The person has funds to support themselves (and their family) while in Canada.",
                             fr="La personne a des fonds pour subvenir à ses besoins (et à ceux de sa famille) au "
                                "Canada."),
        "unmet_declared": Text(
            en="The person does not have funds to support themselves (and their family), required since {since:long}.",
            fr="La personne n'a pas de fonds pour subvenir à ses besoins (et à ceux de sa famille), exigés depuis le "
               "{since:long}."),
        "unknown_facts": Text(
            en="Support funds of {funds:money0}: whether they reach the LICO for the family for {months} months (or "
               "the stay if shorter) depends on the facts still missing.",
            fr="Fonds de subsistance de {funds:money0} : s'ils atteignent le SFR pour la famille pendant {months} mois "
               "(ou pendant le séjour s'il est plus court) dépend des faits qui manquent encore."),
        "unknown": Text(
            en="We do not know what money the person has to live on in Canada, separate from the business funds.",
            fr="Nous ne savons pas de quel argent la personne dispose pour vivre au Canada, en dehors des fonds de "
               "l'entreprise."),
        "change.support_funds": Text(en="Support funds of at least {needed:money}.",
                                     fr="Des fonds de subsistance d'au moins {needed:money}."),
    }
    reads = (F_SUPPORT, F_FAMILY, F_DURATION, F_SUFFICIENT)

    def evaluate(self, ctx: Context, a: SupportArgs) -> Finding:
        business = _business(ctx)
        declared = business.sufficient_funds if business else None
        funds = business.support_funds_cad if business else None
        if funds is None:
            if declared is None:
                return unknown((F_SUPPORT,))
            return met("met_declared") if declared else unmet("unmet_declared")
        found = self._amount(ctx, a, funds)
        if found.status is Status.UNKNOWN and declared is not None:
            # The amount cannot be checked yet: the yes/no answer stands in for it, as when no amount is given.
            return met("met_declared") if declared else unmet("unmet_declared")
        return found

    def _amount(self, ctx: Context, a: SupportArgs, funds: float) -> Finding:
        table, most = ctx.p(a.table), ctx.p(a.months)
        applicant, job = ctx.request.applicant, ctx.request.job_offer
        size = applicant.family_size if applicant else None
        duration = job.duration_months if job else None
        stay = min(most, duration) if duration is not None else None
        # The least the rule could ask on what is known: one person, one month if the stay is unknown.
        least_size, least_stay = size or 1, stay or 1
        least = _needed(table, least_size, least_stay)
        if funds < least:
            if size is None or stay is None:
                return unmet("unmet_least", funds=funds, needed=least, size=least_size, stay=least_stay)
            return unmet(funds=funds, needed=least, lico=table.yearly(size), size=size, stay=stay)
        if size is not None:
            needed = _needed(table, size, stay or most)
            if funds >= needed:
                return met(funds=funds, needed=needed, lico=table.yearly(size), size=size, stay=stay or most)
        missing = [F_FAMILY] if size is None else []
        if stay is None and funds < _needed(table, least_size, most):
            missing.append(F_DURATION)
        return unknown(missing, "unknown_facts", funds=funds)

    def changes(self, ctx: Context, a: SupportArgs, finding: Finding) -> Iterable[Change]:
        if finding.key != "unmet":
            return ()
        return (Change(F_SUPPORT, "support_funds", {"needed": finding.args["needed"]}),)


# --- business funds, temporary stay ----------------------------------------------------------------------


class BusinessFunds(Template[NoArgs]):
    """Funds for the business, separate from the support funds, to establish or run it and to pay
    the owner; their amount is the officer's call, with proof of where they come from. A yes/no
    answer covering both kinds of funds (``sufficient_funds``) is taken when the separate answer is
    not given."""

    name = "business_owners.business_funds"
    kind = Kind.DISCRETIONARY
    title = Text(en="Business funds, separate from the support funds",
                 fr="Fonds de l'entreprise, distincts des fonds de subsistance")
    requirement = Text(
        en="Since {since:long}, funds separate from the support funds, available to establish or run the business and "
           "pay the owner, with proof of where they come from; an officer judges how much is needed.",
        fr="Depuis le {since:long}, des fonds distincts des fonds de subsistance, disponibles pour établir ou "
           "exploiter l'entreprise et rémunérer le propriétaire, avec la preuve de leur provenance; un agent juge du "
           "montant nécessaire.")
    messages = {
        "met": Text(en="There are funds for the business, separate from the support funds.",
                    fr="Il existe des fonds pour l'entreprise, distincts des fonds de subsistance."),
        "unmet": Text(en="There are no funds for the business separate from the support funds, required since "
                         "{since:long}.",
                      fr="Il n'existe pas de fonds pour l'entreprise distincts des fonds de subsistance, exigés depuis "
                         "le {since:long}."),
        "unknown": Text(en="We do not know whether there are funds for the business, separate from the support funds.",
                        fr="Nous ne savons pas s'il existe des fonds pour l'entreprise, distincts des fonds de "
                           "subsistance."),
    }
    reads = (F_BUSINESS_FUNDS, F_SUFFICIENT)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        business = _business(ctx)
        separate = business.business_funds_separate if business else None
        if separate is None and business is not None:
            separate = business.sufficient_funds  # the answer covering both kinds of funds
        return yes_no(separate, F_BUSINESS_FUNDS)


class StayArgs(Args):
    months: Param[int | None]


class TemporaryStay(Template[StayArgs]):
    """The work is temporary or seasonal and the owner plans to leave Canada: a seasonal business,
    or, for a year-round one, a plan to transition out of running it (such as hiring a manager).
    Permits normally last no more than 18 months; a longer stay needs such a plan. An officer
    decides."""

    name = "business_owners.temporary_stay"
    kind = Kind.DISCRETIONARY
    title = Text(en="A temporary or seasonal stay, with plans to leave",
                 fr="Un séjour temporaire ou saisonnier, avec un projet de départ")
    requirement = Text(
        en="Since {since:long}, the work is temporary or seasonal and the owner plans to leave Canada: a seasonal "
           "business, or a plan to transition out of running a year-round business. Permits normally last no more than "
           "{months} months; a longer stay needs a definite plan to transition out.",
        fr="Depuis le {since:long}, le travail est temporaire ou saisonnier et le propriétaire prévoit de quitter le "
           "Canada : une entreprise saisonnière, ou un plan pour cesser de diriger une entreprise exploitée toute "
           "l'année. Les permis ne dépassent normalement pas {months} mois; un séjour plus long exige un plan précis "
           "de transition.")
    messages = {
        "met": Text(en="The business is seasonal, or there is a plan to transition out of running it and leave Canada.",
                    fr="L'entreprise est saisonnière, ou il existe un plan pour cesser de la diriger et quitter le "
                       "Canada."),
        "unmet": Text(
            en="The business is not seasonal and there is no plan to transition out of running it; since {since:long} "
               "a business owner must show that the stay is temporary.",
            fr="L'entreprise n'est pas saisonnière et il n'existe aucun plan pour cesser de la diriger; depuis le "
               "{since:long}, un propriétaire d'entreprise doit démontrer que son séjour est temporaire."),
        "unknown": Text(
            en="We do not know whether the business is seasonal or whether there is a plan to transition out of "
               "running it.",
            fr="Nous ne savons pas si l'entreprise est saisonnière ni s'il existe un plan pour cesser de la diriger."),
    }
    reads = (F_EXIT_PLAN,)

    def evaluate(self, ctx: Context, a: StayArgs) -> Finding:
        business = _business(ctx)
        return yes_no(business.exit_plan if business else None, F_EXIT_PLAN)


# --- the longest permit ------------------------------------------------------------------------------------


class DurationArgs(Args):
    months: Param[int | None]
    passport_exempt: Param[list[str]]


class OwnerDuration(StreamRule[DurationArgs, int | None]):
    """Up to the stream's maximum where one is set (18 months since 2025-05-27); before, the planned
    stay. Always within the job's length and the passport's validity."""

    name = "business_owners.max_duration"
    reads = DURATION_READS

    def compute(self, ctx: Context, a: DurationArgs, findings: Mapping[str, Finding]) -> int | None:
        maximum = ctx.p(a.months)
        if maximum is None:
            job = ctx.request.job_offer
            if job is None or job.duration_months is None:
                return None
            maximum = job.duration_months
        exempt: list[str] = ctx.p(a.passport_exempt)
        return capped_duration(ctx, maximum, exempt)
