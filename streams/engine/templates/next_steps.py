"""When a next step applies: the conditions of ``data/next_steps.yaml`` that the documents' conditions
(``documents.py``) do not already give.

A step is shown only when its condition is **met**; unmet or unknown leaves it out (a step is never
guessed from a missing fact: where the person applies from is asked, not assumed). Thresholds are
parameters, as for documents.
"""

from __future__ import annotations

from ..context import Context
from ..findings import Finding, met, unknown, unmet
from ..inputs import Location
from ..parameters import Param
from ..texts import Text
from .base import Args, NoArgs, Template
from .documents import F_BIRTH, F_HISTORY, FieldIs, _fee_exempt, _stays


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
