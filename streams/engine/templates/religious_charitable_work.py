"""Religious work (C50) and charitable work (C51; C50 until 2022-12-14), ``religious_charitable_work``, R205(d).

The contract's ``job_offer.work_type`` says which; whether the duties really are religious or
charitable is the officer's call (the work, not the organization), so that test is discretionary.
Paid or unpaid work both qualify; ``job_offer.paid`` matters for the fees (R299(2)(f),
R303.1(5), R315.1(2)(f)(iv)), not for eligibility.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from ..context import Context
from ..findings import Finding, Kind, met, unknown, unmet
from ..parameters import Param
from ..texts import Text
from .base import Args, StreamRule, Template

F_WORK_TYPE = "job_offer.work_type"


class WorkCodes(BaseModel):
    """The kinds of work the stream covers, and the exemption code of each."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    religious: str
    charitable: str

    def code(self, work_type: str) -> str | None:
        return {"religious": self.religious, "charitable": self.charitable}.get(work_type)


class CodesArgs(Args):
    codes: Param[WorkCodes]


class NatureOfWork(Template[CodesArgs]):
    """The duties themselves are religious (religious instruction, promoting a faith, maintaining its
    doctrines and observances) or charitable (relief of poverty, advancement of education or religion,
    other purposes that benefit the community, such as cooking at a homeless shelter). Working for a
    charity or a religious organization is not enough on its own: an administrator or office manager
    there, or clerical, accounting or gardening work for a religious organization, generally does
    not qualify. An officer decides."""

    name = "religious_charitable_work.nature_of_work"
    kind = Kind.DISCRETIONARY
    title = Text(en="Duties of a religious or charitable nature", fr="Des fonctions de nature religieuse ou caritative")
    requirement = Text(
        en="The duties themselves are religious (religious instruction, promoting a faith, maintaining its doctrines "
           "and observances) or charitable (relieving poverty, advancing education or another purpose that benefits "
           "the community, such as cooking at a homeless shelter), paid or not. Working for a charity or a religious "
           "organization is not enough on its own: an administrator or office manager there, or clerical, accounting "
           "or gardening work for a religious organization, generally does not qualify.",
        fr="Les fonctions elles-mêmes sont religieuses (enseignement religieux, promotion d'une foi, maintien de ses "
           "doctrines et observances) ou caritatives (soulagement de la pauvreté, promotion de l'éducation ou autre "
           "fin profitable à la collectivité, comme cuisiner dans un refuge pour sans-abri), rémunérées ou non. "
           "Travailler pour un organisme de bienfaisance ou religieux ne suffit pas à lui seul : le travail d'un "
           "administrateur ou d'un directeur de bureau, ou des tâches de bureau, de comptabilité ou de jardinage pour "
           "un organisme religieux, n'est généralement pas admissible.")
    messages = {
        "met": Text(en="The work is described as {work_type}; an officer assesses whether its duties are, not only the "
                       "employer.",
                    fr="Le travail est décrit comme {work_type}; un agent évalue si ses fonctions le sont, et pas "
                       "seulement l'employeur."),
        "unmet": Text(en="The work is neither religious nor charitable.",
                      fr="Le travail n'est ni religieux ni caritatif."),
        "unknown": Text(en="We do not know whether the work is religious, charitable or neither.",
                        fr="Nous ne savons pas si le travail est religieux, caritatif ou ni l'un ni l'autre."),
    }
    reads = (F_WORK_TYPE,)

    def evaluate(self, ctx: Context, a: CodesArgs) -> Finding:
        job = ctx.request.job_offer
        work_type = job.work_type if job else None
        if work_type is None:
            return unknown((F_WORK_TYPE,))
        if ctx.p(a.codes).code(work_type.value) is not None:
            return met(work_type=work_type)
        return unmet()


class WorkTypeCode(StreamRule[CodesArgs, str | None]):
    """C50 for religious work; for charitable work C50 until 2022-12-14 and C51 from 2022-12-15;
    none while the kind of work is unknown."""

    name = "religious_charitable_work.exemption_code"
    reads = ("job_offer.work_type",)

    def compute(self, ctx: Context, a: CodesArgs, findings: Mapping[str, Finding]) -> str | None:
        job = ctx.request.job_offer
        work_type = job.work_type if job else None
        return ctx.p(a.codes).code(work_type.value) if work_type is not None else None
