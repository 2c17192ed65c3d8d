"""When a next step applies: the conditions of ``data/next_steps.yaml`` that the documents' conditions
(``documents.py``) do not already give.

A step is shown only when its condition is **met**; unmet or unknown leaves it out (a step is never
guessed from a missing fact: where the person applies from is asked, not assumed). Thresholds are
parameters, as for documents.
"""

from __future__ import annotations

from ..context import Context
from ..findings import Finding, Status, met, unknown, unmet
from ..inputs import Location
from ..parameters import Param
from ..texts import Text
from .base import Args, NoArgs, Template
from .documents import F_BIRTH, F_HISTORY, Biometrics, BiometricsArgs, FieldIs, _fee_exempt, _stays


class OutsideCanada(FieldIs):
    """The application is made from outside Canada (R197: before entering Canada)."""

    name = "next_steps.outside_canada"
    field = "applicant.location"
    values = frozenset({Location.OUTSIDE_CANADA})
    reads = (field,)
    title = Text(en="Applying from outside Canada", fr="Demande présentée de l'extérieur du Canada")
    requirement = Text(en="The application is made from outside Canada.",
                       fr="La demande est présentée de l'extérieur du Canada.")
    messages = {
        "met": Text(en="You apply from outside Canada.", fr="Vous présentez la demande de l'extérieur du Canada."),
        "unmet": Text(en="You apply from inside Canada.", fr="Vous présentez la demande au Canada."),
        "unknown": Text(en="We do not know where you apply from.",
                        fr="Nous ne savons pas d'où vous présentez la demande."),
    }


class WorkPermitFeeDue(Template[NoArgs]):
    """The work permit processing fee is due (R299(1)) unless the work is exempt; the exemption checked
    here is unpaid work for a religious or charitable organization (R299(2)(f))."""

    name = "next_steps.work_permit_fee_due"
    reads = ("job_offer.work_type", "job_offer.paid")
    title = Text(en="Work permit fee due", fr="Frais de permis de travail exigibles")
    requirement = Text(en="The work permit processing fee is paid unless the work is exempt from it.",
                       fr="Les frais de traitement du permis de travail sont payés sauf si le travail en est dispensé.")
    messages = {
        "met": Text(en="The fee is due.", fr="Les frais sont exigibles."),
        "unmet": Text(en="Unpaid religious or charitable work is exempt.",
                      fr="Le travail religieux ou caritatif non rémunéré en est dispensé."),
        "unknown": Text(en="We do not know whether the work is exempt.",
                        fr="Nous ne savons pas si le travail en est dispensé."),
    }

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        exempt, missing = _fee_exempt(ctx)
        if exempt is None:
            return unknown(missing)
        return unmet() if exempt else met()


_BIOMETRICS = Biometrics()


class BiometricsFeeDue(Template[BiometricsArgs]):
    """Biometrics are given (``documents.biometrics``) and their fee is paid (R315.1(1)): the fee is
    waived for unpaid work for a religious or charitable organization (R315.1(2)(f)(iv)), the same
    exemption as the work permit fee's. Unmet when no biometrics are needed or the fee is waived."""

    name = "next_steps.biometrics_fee_due"
    reads = (*Biometrics.reads, "job_offer.work_type", "job_offer.paid")
    title = Text(en="Biometrics and their fee", fr="Données biométriques et leurs frais")
    requirement = Text(en="Biometrics are given and their fee is paid, unless the work is exempt from the fee.",
                       fr="Les données biométriques sont fournies et leurs frais payés, sauf si le travail en est "
                          "dispensé.")
    messages = {
        "met": Text(en="Biometrics are needed and their fee is due.",
                    fr="Les données biométriques sont nécessaires et leurs frais sont exigibles."),
        "unmet": Text(en="No biometrics are needed, or their fee is waived.",
                      fr="Aucune donnée biométrique n'est nécessaire, ou leurs frais sont levés."),
        "unknown": Text(en="We do not know whether biometrics or their fee are needed.",
                        fr="Nous ne savons pas si les données biométriques ou leurs frais sont nécessaires."),
    }
    fee_due = True

    def evaluate(self, ctx: Context, a: BiometricsArgs) -> Finding:
        needed = _BIOMETRICS.evaluate(ctx, a)
        if needed.status is not Status.MET:
            return unmet() if needed.status is Status.UNMET else unknown(needed.missing)
        exempt, missing = _fee_exempt(ctx)
        if exempt is None:
            return unknown(missing)
        return met() if exempt is not self.fee_due else unmet()


class BiometricsFeeWaived(BiometricsFeeDue):
    """Biometrics are given (``documents.biometrics``) without their fee: unpaid work for a religious
    or charitable organization (R315.1(2)(f)(iv))."""

    name = "next_steps.biometrics_fee_waived"
    title = Text(en="Biometrics without their fee", fr="Données biométriques sans frais")
    requirement = Text(en="Biometrics are given; their fee is waived for unpaid religious or charitable work.",
                       fr="Les données biométriques sont fournies; leurs frais sont levés pour le travail religieux "
                          "ou caritatif non rémunéré.")
    messages = {
        "met": Text(en="Biometrics are needed; their fee is waived.",
                    fr="Les données biométriques sont nécessaires; leurs frais sont levés."),
        "unmet": Text(en="No biometrics are needed, or their fee is due.",
                      fr="Aucune donnée biométrique n'est nécessaire, ou leurs frais sont exigibles."),
        "unknown": Text(en="We do not know whether biometrics are needed or whether their fee is waived.",
                        fr="Nous ne savons pas si les données biométriques sont nécessaires ni si leurs frais sont "
                           "levés."),
    }
    fee_due = False


class StaysArgs(Args):
    months: Param[int]
    from_age: Param[int]


class LivedAbroad(Template[StaysArgs]):
    """The applicant lived ``months`` months or more in a country or territory other than Canada since
    the age of ``from_age`` (police certificates may be asked for); unknown while the residence history
    is not given, or the date of birth is needed to tell."""

    name = "next_steps.lived_abroad"
    reads = (F_HISTORY, F_BIRTH)
    title = Text(en="Long stays abroad as an adult", fr="Longs séjours à l'étranger à l'âge adulte")
    requirement = Text(en="A stay of {months} months or more in another country since the age of {from_age}.",
                       fr="Un séjour de {months} mois ou plus dans un autre pays depuis l'âge de {from_age} ans.")
    messages = {
        "met": Text(en="You lived in another country long enough.",
                    fr="Vous avez vécu assez longtemps dans un autre pays."),
        "unmet": Text(en="No such stay.", fr="Aucun séjour de ce genre."),
        "unknown": Text(en="We do not know where you lived.", fr="Nous ne savons pas où vous avez vécu."),
    }

    def evaluate(self, ctx: Context, a: StaysArgs) -> Finding:
        applicant = ctx.request.applicant
        history = applicant.residence_history if applicant else None
        if history is None:
            return unknown((F_HISTORY,))
        born = applicant.date_of_birth if applicant else None
        stays = _stays(history, born, ctx.p(a.from_age), ctx.p(a.months), ctx.as_of)
        if stays.sure:
            return met()
        if stays.maybe or stays.missing:
            return unknown(stays.missing)
        return unmet()
