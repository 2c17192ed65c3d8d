"""Family open work permits under R205(c)(ii) (``spousal_open_work_permit``): C41 spouse of a worker,
C42 spouse of a student, C46 dependent child of a worker, C47 and C48 spouse and child of a worker in
a TEER 4 or 5 occupation.

Two rule sets can apply to a worker's family on the same day. From 2025-01-21 the restricted rules
apply, unless the worker is transitioning to permanent residence: that family keeps the earlier
rules. Both are dated parameters of the same type (``WorkerRules``): ``spousal.worker_rules`` and
``spousal.pr_track_worker_rules``. When it is not known whether the worker applied for permanent
residence, a test runs under both: if they agree the answer stands, otherwise it is unknown until
that fact is given. The student's side (C42) has one rule set (``StudentRules``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..context import Context
from ..findings import Finding, Status, met, unknown, unmet
from ..inputs import (
    Authorization,
    Principal,
    PrincipalLmiaStream,
    PrincipalRelationship,
    PrincipalStatus,
    ProfessionalProgram,
    R186Paragraph,
    ScreeningRequest,
    StudyLevel,
)
from ..parameters import Param
from ..reference import noc_unit_groups, teer_of
from ..texts import Text, join
from ..timeline import add_months, whole_months_between
from .base import Args, Change, NoArgs, StreamRule, Template, guarded
from .common import DURATION_READS, capped_duration

P = "principal"
F_RELATIONSHIP = f"{P}.relationship"
F_STATUS = f"{P}.status"
F_AUTHORIZATION = f"{P}.authorization"
F_UNTIL = f"{P}.authorization_valid_until"
F_NOC = f"{P}.noc_code"
F_PR = f"{P}.applied_for_permanent_residence"
F_LMIA = f"{P}.lmia_stream"
F_AGRI_FOOD = f"{P}.agri_food_pilot_pr_applicant"
F_R186 = f"{P}.r186_paragraph"
F_PERMIT_CODE = f"{P}.permit_code"
F_SELECT = f"{P}.noc_on_select_list"
F_PROGRAM = f"{P}.study_program"
F_LEVEL = f"{F_PROGRAM}.level"
F_LENGTH = f"{F_PROGRAM}.length_months"
F_FULL_TIME = f"{F_PROGRAM}.full_time"
F_INSTITUTION = f"{F_PROGRAM}.pgwp_eligible_institution"
F_PROFESSIONAL = f"{F_PROGRAM}.professional_program"

# Names shown in texts built from a rule set (requirements) and in findings; read-only.
_LMIA_NAMES: Mapping[PrincipalLmiaStream, Text] = MappingProxyType({
    PrincipalLmiaStream.HIGH_WAGE: Text(en="the high-wage stream", fr="du volet des postes à haut salaire"),
    PrincipalLmiaStream.LOW_WAGE: Text(en="the low-wage stream", fr="du volet des postes à bas salaire"),
    PrincipalLmiaStream.AGRICULTURAL: Text(en="the agricultural stream", fr="du volet agricole"),
    PrincipalLmiaStream.SAWP: Text(en="the Seasonal Agricultural Worker Program",
                                   fr="du Programme des travailleurs agricoles saisonniers"),
    PrincipalLmiaStream.PERMANENT_RESIDENCE: Text(en="the permanent residence stream",
                                                  fr="du volet de la résidence permanente"),
    PrincipalLmiaStream.GLOBAL_TALENT: Text(en="the Global Talent Stream", fr="du Volet des talents mondiaux"),
    PrincipalLmiaStream.NONE: Text(en="no LMIA", fr="d'aucune EIMT"),
})
_PROGRAM_NAMES: Mapping[ProfessionalProgram, Text] = MappingProxyType({
    ProfessionalProgram.DENTISTRY: Text(en="dentistry (DDS, DMD)", fr="médecine dentaire (DDS, DMD)"),
    ProfessionalProgram.LAW: Text(en="law (LLB, JD, BCL)", fr="droit (LLB, JD, BCL)"),
    ProfessionalProgram.MEDICINE: Text(en="medicine (MD)", fr="médecine (MD)"),
    ProfessionalProgram.OPTOMETRY: Text(en="optometry (OD)", fr="optométrie (OD)"),
    ProfessionalProgram.PHARMACY: Text(en="pharmacy (PharmD, BS, BSc, BPharm)",
                                       fr="pharmacie (PharmD, BS, BSc, BPharm)"),
    ProfessionalProgram.VETERINARY_MEDICINE: Text(en="veterinary medicine (DVM)", fr="médecine vétérinaire (DVM)"),
    ProfessionalProgram.NURSING: Text(en="nursing (BScN, BSN, BNSc, BN)",
                                      fr="sciences infirmières (BScN, BSN, BNSc, BN)"),
    ProfessionalProgram.EDUCATION: Text(en="education (BEd)", fr="éducation (BEd)"),
    ProfessionalProgram.ENGINEERING: Text(en="engineering (BEng, BE, BASc)", fr="génie (BEng, BE, BASc)"),
    ProfessionalProgram.OTHER: Text(en="a professional degree not on IRCC's list",
                                    fr="un diplôme professionnel absent de la liste d'IRCC"),
})
_LEVEL_NAMES: Mapping[StudyLevel, Text] = MappingProxyType({
    StudyLevel.MASTER: Text(en="a master's program", fr="une maîtrise"),
    StudyLevel.DOCTORATE: Text(en="a doctorate", fr="un doctorat"),
    StudyLevel.PROFESSIONAL_DEGREE: Text(en="a professional degree program", fr="un programme menant à un diplôme "
                                                                                  "professionnel"),
    StudyLevel.BACHELOR: Text(en="a bachelor's program", fr="un baccalauréat"),
    StudyLevel.COLLEGE: Text(en="a college program", fr="un programme collégial"),
    StudyLevel.OTHER: Text(en="another post-secondary program", fr="un autre programme postsecondaire"),
})
_R186_NAMES: Mapping[R186Paragraph, Text] = MappingProxyType({
    R186Paragraph.F: Text(en="R186(f) (a student working on campus)", fr="R186f) (étudiant travaillant sur le campus)"),
    R186Paragraph.V: Text(en="R186(v) (a student working off campus)", fr="R186v) (étudiant travaillant hors campus)"),
    R186Paragraph.W: Text(en="R186(w) (a post-graduation work permit applicant)",
                          fr="R186w) (demandeur d'un permis de travail postdiplôme)"),
    R186Paragraph.OTHER: Text(en="another paragraph of R186", fr="un autre alinéa de R186"),
})


def _joined(texts: Sequence[Text], *, conjunction: str = "or") -> Text:
    return Text(en=join([t.en for t in texts], "en", conjunction=conjunction) or "—",
                fr=join([t.fr for t in texts], "fr", conjunction=conjunction) or "—")


def _numbers(values: Iterable[int], language: str) -> str:
    return join([str(v) for v in values], language)


# --- the rule sets -------------------------------------------------------------------------------


class SelectList(BaseModel):
    """The select TEER 2 and 3 occupations of the C41 instructions (Annex A), as far as known."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # NOC unit groups that IRCC's own pages name as being on the list.
    confirmed: list[str]
    # NOC major groups (two digits) that a secondary summary names: a hint in the explanation, never
    # an answer.
    secondary_major_groups: list[str] = Field(default_factory=list)

    @field_validator("confirmed")
    @classmethod
    def _teer_2_or_3(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if code not in noc_unit_groups() or teer_of(code) not in (2, 3):
                raise ValueError(f"{code} is not a NOC 2021 unit group of TEER 2 or 3")
        return codes


class WorkerRules(BaseModel):
    """The rules for the family of a worker (C41, C46, C47, C48) on one date, for one track."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    worker_teers: list[int] = Field(min_length=1)  # TEERs whose workers qualify outright (C41, C46)
    select_teer_2_3: SelectList | None = None  # TEER 2 or 3 qualify only if listed (None: no list)
    low_teers: list[int] = Field(default_factory=list)  # TEERs whose families qualify as C47, C48
    # ... unless the permit rests on an LMIA of these streams, save for Agri-Food Pilot principal
    # applicants (permanent residence acknowledged) with an LMIA of those streams
    excluded_lmia_streams: list[PrincipalLmiaStream] = Field(default_factory=list)
    agri_food_pilot_streams: list[PrincipalLmiaStream] = Field(default_factory=list)
    min_months_remaining: int = Field(ge=0)  # the worker's authorization left when the family member applies
    children_eligible: bool  # dependent children (C46, C48)

    @model_validator(mode="after")
    def _consistent(self) -> WorkerRules:
        if self.low_teers and not self.excluded_lmia_streams:
            raise ValueError("low_teers without excluded_lmia_streams")
        if set(self.agri_food_pilot_streams) - set(self.excluded_lmia_streams):
            raise ValueError("agri_food_pilot_streams must be among excluded_lmia_streams")
        return self

    @property
    def occupations(self) -> Text:
        """The eligible occupations in words (requirement texts)."""
        parts_en = [f"TEER {_numbers(self.worker_teers, 'en')}"]
        parts_fr = [f"FEER {_numbers(self.worker_teers, 'fr')}"]
        if self.select_teer_2_3 is not None:
            parts_en.append(", or a select TEER 2 or 3 occupation on IRCC's list")
            parts_fr.append(", ou une profession FEER 2 ou 3 retenue sur la liste d'IRCC")
        if self.low_teers:
            streams = _joined([_LMIA_NAMES[s] for s in self.excluded_lmia_streams])
            parts_en.append(f"; TEER {_numbers(self.low_teers, 'en')} (C47, C48) unless the worker's permit rests on "
                            f"an LMIA of {streams.en}")
            parts_fr.append(f"; FEER {_numbers(self.low_teers, 'fr')} (C47, C48) sauf si le permis du travailleur "
                            f"repose sur une EIMT {streams.fr}")
        return Text(en="".join(parts_en), fr="".join(parts_fr))

    @property
    def children(self) -> Text:
        """Whether dependent children qualify, in words (requirement texts)."""
        if not self.children_eligible:
            return Text(en="does not qualify", fr="n'est pas admissible")
        if self.low_teers:
            return Text(en="qualifies (C46; C48 for a worker in TEER 4 or 5)",
                        fr="est admissible (C46; C48 pour un travailleur de FEER 4 ou 5)")
        return Text(en="qualifies (C46)", fr="est admissible (C46)")


class StudentRules(BaseModel):
    """The programs whose students' spouses qualify (C42) on one date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    any_level: bool  # any post-secondary program (full time, PGWP-eligible program and institution)
    levels: list[StudyLevel] = Field(default_factory=list)  # otherwise: these levels
    master_min_months: int | None = Field(default=None, ge=1)  # a master's of at least this length
    professional_programs: list[ProfessionalProgram] = Field(default_factory=list)  # professional degrees listed
    # IRCC's list of eligible (pilot) programs, by name: the contract has no fact for them.
    eligible_programs: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> StudentRules:
        if StudyLevel.PROFESSIONAL_DEGREE in self.levels:
            raise ValueError("professional degrees qualify through professional_programs, not levels")
        if ProfessionalProgram.OTHER in self.professional_programs:
            raise ValueError("'other' names a program that is not on the list")
        return self

    def level_qualifies(self, level: StudyLevel) -> bool:
        return self.any_level or level in self.levels

    @property
    def programs(self) -> Text:
        """The qualifying programs in words (requirement and change texts)."""
        if self.any_level:
            return Text(en="any post-secondary program", fr="n'importe quel programme postsecondaire")
        items: list[Text] = []
        for level in self.levels:
            name = _LEVEL_NAMES[level]
            if level is StudyLevel.MASTER and self.master_min_months is not None:
                name = Text(en=f"{name.en} of at least {self.master_min_months} months",
                            fr=f"{name.fr} d'au moins {self.master_min_months} mois")
            items.append(name)
        if self.professional_programs:
            listed = _joined([_PROGRAM_NAMES[p] for p in self.professional_programs])
            items.append(Text(en=f"a professional degree program on IRCC's list at a university ({listed.en})",
                              fr=f"un programme menant à un diplôme professionnel de la liste d'IRCC, dans une "
                                 f"université ({listed.fr})"))
        if self.eligible_programs:
            pilots = _joined(self.eligible_programs)
            items.append(Text(en=f"an eligible program on IRCC's list ({pilots.en})",
                              fr=f"un programme admissible de la liste d'IRCC ({pilots.fr})"))
        return _joined(items)


class RuleSetArgs(Args):
    general: Param[WorkerRules]  # families of workers not transitioning to permanent residence
    pr_track: Param[WorkerRules]  # families of workers transitioning to permanent residence


# --- reading the facts ---------------------------------------------------------------------------


def _principal(request: ScreeningRequest) -> Principal:
    return request.principal or Principal()


def _status_is(request: ScreeningRequest, wanted: PrincipalStatus) -> bool | None:
    status = _principal(request).status
    return None if status is None else status is wanted


def _regimes(ctx: Context, a: RuleSetArgs) -> list[WorkerRules]:
    """The rule sets that may apply: the permanent-residence track's, the others', or both while it
    is not known whether the worker applied for permanent residence (one, where they are the same)."""

    def compute() -> list[WorkerRules]:
        general, pr_track = ctx.p(a.general), ctx.p(a.pr_track)
        applied = _principal(ctx.request).applied_for_permanent_residence
        if applied is True:
            return [pr_track]
        if applied is False or general == pr_track:
            return [general]
        return [general, pr_track]

    return ctx.once(("spousal.regimes", a.general.name, a.pr_track.name), compute)


def _under_each(regimes: Sequence[WorkerRules], test: Callable[[WorkerRules], Finding],
                **disagreement: Any) -> Finding:
    """A test under every rule set that may apply: their common answer, or unknown (naming the
    permanent-residence fact) where they disagree."""
    findings = [test(rules) for rules in regimes]
    first = findings[0]
    if all(f.status is first.status for f in findings):
        if first.status is Status.UNKNOWN and len(findings) > 1:
            return unknown([m for f in findings for m in f.missing], first.key, **first.args)
        return first
    missing = [F_PR, *(m for f in findings if f.status is not Status.MET for m in f.missing)]
    return unknown(missing, "unknown_pr_track", **disagreement)


# --- the applicant's relationship ------------------------------------------------------------------


class Relationship(Template[RuleSetArgs]):
    """The applicant is the spouse or common-law partner of the worker or student (the genuineness
    of the relationship, R4, is for the officer), or a dependent child of a worker where the rules
    in force designate children: from 2023-01-30, and from 2025-01-21 only for families of workers
    transitioning to permanent residence. Children of students never qualify (C42)."""

    name = "spousal.relationship"
    title = Text(en="Spouse or common-law partner of a worker or student in Canada",
                 fr="Époux ou conjoint de fait d'un travailleur ou d'un étudiant au Canada")
    requirement = Text(
        en="The applicant is the spouse or common-law partner (in a genuine relationship) of the worker or student. A "
           "dependent child of a worker {general.children}; if the worker is transitioning to permanent residence, a "
           "dependent child {pr_track.children}. Dependent children of students never qualify.",
        fr="Le demandeur est l'époux ou le conjoint de fait (dans une relation authentique) du travailleur ou de "
           "l'étudiant. L'enfant à charge d'un travailleur {general.children}; si le travailleur est en voie d'obtenir "
           "la résidence permanente, l'enfant à charge {pr_track.children}. Les enfants à charge des étudiants ne sont "
           "jamais admissibles.")
    messages = {
        "met": Text(en="The applicant is the {relationship} of the family member in Canada.",
                    fr="Lien avec le membre de la famille au Canada : {relationship}."),
        "met_child": Text(
            en="A dependent child of the worker qualifies under the rules that apply here (C46, or C48 for a worker in "
               "TEER 4 or 5).",
            fr="L'enfant à charge du travailleur est admissible selon les règles applicables ici (C46, ou C48 pour un "
               "travailleur de FEER 4 ou 5)."),
        "child_of_student": Text(
            en="Dependent children of students are not eligible: the open work permit for the family of a student "
               "(C42) covers spouses and common-law partners only.",
            fr="Les enfants à charge des étudiants ne sont pas admissibles : le permis de travail ouvert pour la "
               "famille d'un étudiant (C42) ne vise que les époux et conjoints de fait."),
        "unknown_child_status": Text(
            en="A dependent child may qualify only through a worker (C46), never through a student; we do not know "
               "whether the family member in Canada works or studies.",
            fr="Un enfant à charge ne peut être admissible que par l'entremise d'un travailleur (C46), jamais d'un "
               "étudiant; nous ne savons pas si le membre de la famille au Canada travaille ou étudie."),
        "child_not_eligible": Text(
            en="Under the rules in force on this date, dependent children of workers no longer qualify for an open "
               "work permit, unless the worker is transitioning to permanent residence.",
            fr="Selon les règles en vigueur à cette date, les enfants à charge des travailleurs ne sont plus "
               "admissibles à un permis de travail ouvert, sauf si le travailleur est en voie d'obtenir la résidence "
               "permanente."),
        "child_not_designated": Text(
            en="On this date only the work of spouses and common-law partners is designated: dependent children of "
               "workers do not qualify for an open work permit.",
            fr="À cette date, seul le travail des époux et conjoints de fait est désigné : les enfants à charge des "
               "travailleurs ne sont pas admissibles à un permis de travail ouvert."),
        "unknown": Text(en="We do not know the applicant's relationship to the worker or student.",
                        fr="Nous ne connaissons pas le lien du demandeur avec le travailleur ou l'étudiant."),
        "unknown_pr_track": Text(
            en="Whether a dependent child qualifies depends on whether the worker applied for permanent residence, "
               "which we do not know.",
            fr="L'admissibilité d'un enfant à charge dépend de la demande de résidence permanente du travailleur, que "
               "nous ne connaissons pas."),
    }
    reads = (F_RELATIONSHIP, F_STATUS, F_PR)

    def evaluate(self, ctx: Context, a: RuleSetArgs) -> Finding:
        principal = _principal(ctx.request)
        relationship = principal.relationship
        if relationship is None:
            return unknown((F_RELATIONSHIP,))
        if relationship is not PrincipalRelationship.DEPENDENT_CHILD:
            return met(relationship=relationship)
        status = principal.status
        if status is PrincipalStatus.STUDENT:
            return unmet("child_of_student")  # C42 covers spouses and partners only
        pr_track_admits = ctx.p(a.pr_track).children_eligible

        def child(rules: WorkerRules) -> Finding:
            if rules.children_eligible:
                return met("met_child")
            return unmet("child_not_eligible" if pr_track_admits else "child_not_designated")

        finding = _under_each(_regimes(ctx, a), child)
        if status is None and finding.status is Status.MET:
            return unknown((F_STATUS,), "unknown_child_status")  # a student's child would not qualify
        if status is None and finding.status is Status.UNKNOWN:
            return unknown((*finding.missing, F_STATUS), finding.key, **finding.args)
        return finding


# --- a principal who works (C41, C46, C47, C48) --------------------------------------------------------


class WorkerAuthorizationArgs(Args):
    authorizations: Param[list[Authorization]]  # what may support a family permit
    excluded_r186: Param[list[R186Paragraph]]  # work without a permit under these paragraphs does not
    excluded_codes: Param[list[str]]  # nor do open permits issued under these codes


class WorkerAuthorization(Template[WorkerAuthorizationArgs]):
    """The worker is authorized to work in Canada by a work permit (employer-specific or open, a
    post-graduation work permit included) or under R186 without one, except: a permit obtained as a
    family member (no family permit rests on another), open permits issued under the excluded codes
    (family, co-op and refugee-claimant permits, from 2023-07-13), and work without a permit under
    the excluded paragraphs of R186 ((w) throughout; (f) and (v) from 2023-07-13)."""

    name = "spousal.worker_authorization"
    title = Text(en="Worker authorized to work in Canada", fr="Travailleur autorisé à travailler au Canada")
    requirement = Text(
        en="The worker holds a work permit (employer-specific, open or post-graduation) or works without one under "
           "R186, except under {excluded_r186}. An open permit issued under one of these codes does not count: "
           "{excluded_codes}; nor does a permit obtained as someone's spouse.",
        fr="Le travailleur détient un permis de travail (propre à un employeur, ouvert ou postdiplôme) ou travaille "
           "sans permis au titre de R186, sauf au titre de {excluded_r186}. Un permis ouvert délivré sous l'un de ces "
           "codes ne compte pas : {excluded_codes}; un permis obtenu comme époux d'une autre personne non plus.")
    messages = {
        "met": Text(en="The worker is authorized to work in Canada.",
                    fr="Le travailleur est autorisé à travailler au Canada."),
        "met_r186": Text(en="The worker is authorized to work in Canada without a permit, under {paragraph}.",
                         fr="Le travailleur est autorisé à travailler au Canada sans permis, au titre de {paragraph}."),
        "unmet": Text(en="The worker's authorization is not a work authorization that supports a spousal permit.",
                      fr="L'autorisation du travailleur n'est pas une autorisation de travail qui permet un permis "
                         "pour l'époux."),
        "derived_permit": Text(
            en="The worker's own permit is a spousal open work permit; a spousal permit cannot be based on another "
               "spousal permit.",
            fr="Le permis du travailleur est lui-même un permis ouvert pour époux; un tel permis ne peut pas en fonder "
               "un autre."),
        "r186_excluded": Text(
            en="The worker works without a permit under {paragraph}, which does not support a family open work permit.",
            fr="Le travailleur travaille sans permis au titre de {paragraph}, ce qui ne permet pas un permis de "
               "travail ouvert pour la famille."),
        "r186_pgwp": Text(
            en="The worker works under {paragraph} while the post-graduation work permit is processed: the family "
               "member qualifies only once that permit is issued.",
            fr="Le travailleur travaille au titre de {paragraph} pendant le traitement du permis de travail "
               "postdiplôme : le membre de la famille n'est admissible qu'une fois ce permis délivré."),
        "excluded_code": Text(
            en="The worker's open permit ({code}) was issued under a category that does not support a family open work "
               "permit (family, co-op or refugee-claimant permits).",
            fr="Le permis ouvert du travailleur ({code}) a été délivré dans une catégorie qui ne permet pas un permis "
               "de travail ouvert pour la famille (permis de la famille, de stage coop ou de demandeur d'asile)."),
        "met_expired": Text(
            en="The worker's kind of permit supports a family permit, but it expired on {until:long}: the time left "
               "on it "
               "is tested below.",
            fr="Le type de permis du travailleur permet un permis pour la famille, mais il a expiré le {until:long} : "
               "le "
               "temps qui y reste est vérifié plus bas."),
        "unknown_authorization": Text(en="We do not know what work authorization the worker holds.",
                                      fr="Nous ne savons pas quelle autorisation de travail le travailleur détient."),
        "unknown": Text(en="We do not know whether the family member in Canada works, or what authorization they "
                           "hold.",
                        fr="Nous ne savons pas si le membre de la famille au Canada travaille, ni quelle "
                           "autorisation il "
                           "détient."),
        "unknown_r186": Text(
            en="We do not know under which paragraph of R186 the worker works without a permit; work under "
               "{excluded_r186} does not support a family open work permit.",
            fr="Nous ne savons pas au titre de quel alinéa de R186 le travailleur travaille sans permis; le travail au "
               "titre de {excluded_r186} ne permet pas un permis de travail ouvert pour la famille."),
        "unknown_code": Text(
            en="We do not know the code on the worker's open work permit; an open permit issued under {excluded_codes} "
               "does not support a family open work permit.",
            fr="Nous ne connaissons pas le code du permis de travail ouvert du travailleur; un permis ouvert délivré "
               "sous le code {excluded_codes} ne permet pas un permis de travail ouvert pour la famille."),
    }
    reads = (F_STATUS, F_AUTHORIZATION, F_R186, F_PERMIT_CODE, F_UNTIL)

    def evaluate(self, ctx: Context, a: WorkerAuthorizationArgs) -> Finding:
        principal = _principal(ctx.request)

        def test() -> Finding:
            authorization = principal.authorization
            if authorization is None:
                return unknown((F_AUTHORIZATION,), "unknown_authorization")
            if authorization is Authorization.SPOUSAL_OPEN_PERMIT:
                return unmet("derived_permit")
            if authorization not in ctx.p(a.authorizations):
                return unmet()
            until = principal.authorization_valid_until
            # A permit that ran out: its kind supports a family permit, and the time left on it (none)
            # is the next test's. Met here, so that removing the date never turns a "no" into a "yes".
            expired = authorization is not Authorization.R186_NO_PERMIT and until is not None and until < ctx.as_of
            if authorization is Authorization.R186_NO_PERMIT:
                paragraph = principal.r186_paragraph
                if paragraph is None:
                    return unknown((F_R186,), "unknown_r186")
                if paragraph in ctx.p(a.excluded_r186):
                    key = "r186_pgwp" if paragraph is R186Paragraph.W else "r186_excluded"
                    return unmet(key, paragraph=_R186_NAMES[paragraph])
                return met("met_r186", paragraph=_R186_NAMES[paragraph])
            if authorization is Authorization.OPEN_PERMIT:
                code = principal.permit_code
                if code is None:
                    return unknown((F_PERMIT_CODE,), "unknown_code")
                if code in ctx.p(a.excluded_codes):
                    return unmet("excluded_code", code=code)
            return met("met_expired", until=until) if expired else met()

        return guarded(_status_is(ctx.request, PrincipalStatus.WORKER), (F_STATUS,), test)


class WorkerOccupation(Template[RuleSetArgs]):
    """The worker is (or will be) employed in an eligible occupation, NOC 2021: TEER 0 to 3 until
    2025-01-20 (C41, C46); from 2023-01-30 also TEER 4 or 5 (C47, C48), unless the worker's
    employer-specific permit rests on an LMIA of the SAWP, agricultural or low-wage stream (an
    Agri-Food Pilot principal applicant whose permanent-residence application IRCC acknowledged
    excepted). From 2025-01-21, unless the worker is transitioning to permanent residence: TEER 0 or
    1, or a select TEER 2 or 3 occupation of the official list (Annex A); an occupation that IRCC's
    pages do not confirm on that list is unknown until the user checks the list."""

    name = "spousal.worker_occupation"
    title = Text(en="Worker in an eligible occupation", fr="Travailleur dans une profession admissible")
    requirement = Text(
        en="The worker is or will be employed in an eligible occupation (NOC 2021): {general.occupations}. If the "
           "worker is transitioning to permanent residence: {pr_track.occupations}.",
        fr="Le travailleur occupe ou occupera une profession admissible (CNP 2021) : {general.occupations}. Si le "
           "travailleur est en voie d'obtenir la résidence permanente : {pr_track.occupations}.")
    messages = {
        "met": Text(en="The worker's occupation, NOC {noc}, is TEER {teer}, which qualifies.",
                    fr="La profession du travailleur, CNP {noc}, relève de la FEER {teer}, qui est admissible."),
        "met_select": Text(
            en="The worker's occupation, NOC {noc} (TEER {teer}), is on IRCC's list of select TEER 2 or 3 occupations.",
            fr="La profession du travailleur, CNP {noc} (FEER {teer}), figure sur la liste d'IRCC des professions FEER "
               "2 ou 3 retenues."),
        "met_select_declared": Text(
            en="The worker's occupation, NOC {noc} (TEER {teer}), is on IRCC's list of select TEER 2 or 3 occupations, "
               "as you told us.",
            fr="La profession du travailleur, CNP {noc} (FEER {teer}), figure sur la liste d'IRCC des professions FEER "
               "2 ou 3 retenues, selon ce que vous nous avez indiqué."),
        "met_low_teer": Text(
            en="The worker's occupation, NOC {noc}, is TEER {teer}: it qualifies under the rules that apply here (C47, "
               "C48), as the worker's permit does not rest on a low-wage, agricultural or Seasonal Agricultural Worker "
               "Program LMIA.",
            fr="La profession du travailleur, CNP {noc}, relève de la FEER {teer} : elle est admissible selon les "
               "règles applicables ici (C47, C48), car le permis du travailleur ne repose pas sur une EIMT du volet "
               "des postes à bas salaire, du volet agricole ou du Programme des travailleurs agricoles saisonniers."),
        "met_low_teer_open": Text(
            en="The worker's occupation, NOC {noc}, is TEER {teer}: it qualifies under the rules that apply here (C47, "
               "C48), as an open permit or work without a permit does not rest on a low-wage, agricultural or Seasonal "
               "Agricultural Worker Program LMIA.",
            fr="La profession du travailleur, CNP {noc}, relève de la FEER {teer} : elle est admissible selon les "
               "règles applicables ici (C47, C48), car un permis ouvert ou le travail sans permis ne repose pas sur "
               "une EIMT du volet des postes à bas salaire, du volet agricole ou du Programme des travailleurs "
               "agricoles saisonniers."),
        "met_agri_food": Text(
            en="The worker's occupation, NOC {noc}, is TEER {teer} and the permit rests on an LMIA of {stream}; as a "
               "principal applicant of the Agri-Food Pilot whose permanent-residence application IRCC acknowledged, "
               "the worker's family still qualifies (C47, C48).",
            fr="La profession du travailleur, CNP {noc}, relève de la FEER {teer} et le permis repose sur une EIMT "
               "{stream}; comme demandeur principal du Projet pilote sur l'agroalimentaire dont IRCC a accusé "
               "réception de la demande de résidence permanente, sa famille reste admissible (C47, C48)."),
        "unmet": Text(en="The worker's occupation, NOC {noc}, is TEER {teer}, which does not qualify.",
                      fr="La profession du travailleur, CNP {noc}, relève de la FEER {teer}, qui n'est pas "
                         "admissible."),
        "unmet_not_select": Text(
            en="The worker's occupation, NOC {noc} (TEER {teer}), is not on IRCC's list of select TEER 2 or 3 "
               "occupations, as you told us.",
            fr="La profession du travailleur, CNP {noc} (FEER {teer}), ne figure pas sur la liste d'IRCC des "
               "professions FEER 2 ou 3 retenues, selon ce que vous nous avez indiqué."),
        "unmet_lmia": Text(
            en="The worker's occupation, NOC {noc}, is TEER {teer}, and the worker's permit rests on an LMIA of "
               "{stream}: the family of a TEER 4 or 5 worker does not qualify then (C47, C48).",
            fr="La profession du travailleur, CNP {noc}, relève de la FEER {teer}, et le permis du travailleur repose "
               "sur une EIMT {stream} : la famille d'un travailleur de FEER 4 ou 5 n'est alors pas admissible "
               "(C47, C48)."),
        "unknown": Text(en="We do not know whether the family member in Canada works, or in which occupation "
                           "(NOC).",
                        fr="Nous ne savons pas si le membre de la famille au Canada travaille, ni dans quelle "
                           "profession (CNP)."),
        "unknown_select": Text(
            en="NOC {noc} (TEER {teer}) qualifies only if it is on IRCC's list of select TEER 2 or 3 occupations "
               "(Annex A of the instructions “Spouses or common-law partners of foreign nationals authorized to work "
               "in TEER 0 or 1, or select TEER 2 or 3 occupations [R205(c)(ii) – C41]”). We could not read that list "
               "in full: check whether this occupation is on it.",
            fr="Le code CNP {noc} (FEER {teer}) n'est admissible que s'il figure sur la liste d'IRCC des professions "
               "FEER 2 ou 3 retenues (annexe A des instructions « Époux ou conjoints de fait d'étrangers autorisés à "
               "travailler dans une profession FEER 0 ou 1, ou certaines professions FEER 2 ou 3 [R205c)(ii) – C41] "
               "»). Nous n'avons pas pu lire cette liste en entier : vérifiez si cette profession y figure."),
        "unknown_select_hint": Text(
            en="NOC {noc} (TEER {teer}) qualifies only if it is on IRCC's list of select TEER 2 or 3 occupations "
               "(Annex A of the instructions “Spouses or common-law partners of foreign nationals authorized to work "
               "in TEER 0 or 1, or select TEER 2 or 3 occupations [R205(c)(ii) – C41]”). We could not read that list "
               "in full; a law firm's summary includes its major group ({group}), but only the official list settles "
               "it: check whether this occupation is on it.",
            fr="Le code CNP {noc} (FEER {teer}) n'est admissible que s'il figure sur la liste d'IRCC des professions "
               "FEER 2 ou 3 retenues (annexe A des instructions « Époux ou conjoints de fait d'étrangers autorisés à "
               "travailler dans une profession FEER 0 ou 1, ou certaines professions FEER 2 ou 3 [R205c)(ii) – C41] "
               "»). Nous n'avons pas pu lire cette liste en entier; le résumé d'un cabinet d'avocats inclut son grand "
               "groupe ({group}), mais seule la liste officielle permet de trancher : vérifiez si cette profession y "
               "figure."),
        "unknown_lmia": Text(
            en="NOC {noc} is TEER {teer}: the family of a TEER 4 or 5 worker qualifies (C47, C48) only if the worker's "
               "permit does not rest on a low-wage, agricultural or Seasonal Agricultural Worker Program LMIA; we do "
               "not know on which LMIA, if any, the worker's permit rests.",
            fr="Le code CNP {noc} relève de la FEER {teer} : la famille d'un travailleur de FEER 4 ou 5 n'est "
               "admissible (C47, C48) que si le permis du travailleur ne repose pas sur une EIMT du volet des postes à "
               "bas salaire, du volet agricole ou du Programme des travailleurs agricoles saisonniers; nous ne savons "
               "pas sur quelle EIMT repose le permis du travailleur, le cas échéant."),
        "unknown_agri_food": Text(
            en="NOC {noc} is TEER {teer} and the worker's permit rests on an LMIA of {stream}: the family "
               "qualifies only if the worker is a principal applicant of the Agri-Food Pilot whose permanent-residence "
               "application IRCC acknowledged; we do not know whether that is so.",
            fr="Le code CNP {noc} relève de la FEER {teer} et le permis du travailleur repose sur une EIMT "
               "{stream} : la famille n'est admissible que si le travailleur est demandeur principal du Projet pilote "
               "sur l'agroalimentaire et qu'IRCC a accusé réception de sa demande de résidence permanente; nous ne "
               "savons pas si c'est le cas."),
        "unknown_pr_track": Text(
            en="NOC {noc} (TEER {teer}) qualifies under the rules for workers transitioning to permanent residence, "
               "but not (or not surely) under the rules for other workers; we do not know whether the worker applied "
               "for permanent residence.",
            fr="Le code CNP {noc} (FEER {teer}) est admissible selon les règles visant les travailleurs en voie "
               "d'obtenir la résidence permanente, mais pas (ou pas sûrement) selon les règles visant les autres "
               "travailleurs; nous ne savons pas si le travailleur a demandé la résidence permanente."),
        "change.occupation": Text(en="Work in an occupation of TEER {teers} would meet it.",
                                  fr="Un emploi dans une profession de la FEER {teers} y satisferait."),
        "change.occupation_select": Text(
            en="Work in an occupation of TEER {teers}, or in a select TEER 2 or 3 occupation on IRCC's list, would "
               "meet it.",
            fr="Un emploi dans une profession de la FEER {teers}, ou dans une profession FEER 2 ou 3 retenue sur la "
               "liste d'IRCC, y satisferait."),
    }
    reads = (F_STATUS, F_NOC, F_PR, F_SELECT, F_AUTHORIZATION, F_LMIA, F_AGRI_FOOD)

    def evaluate(self, ctx: Context, a: RuleSetArgs) -> Finding:
        principal = _principal(ctx.request)

        def test() -> Finding:
            noc = principal.noc_code
            if noc is None:
                return unknown((F_NOC,))
            teer = teer_of(noc)
            return _under_each(_regimes(ctx, a), lambda rules: self._under(principal, noc, teer, rules),
                               noc=noc, teer=teer)

        return guarded(_status_is(ctx.request, PrincipalStatus.WORKER), (F_STATUS,), test)

    @staticmethod
    def _under(principal: Principal, noc: str, teer: int, rules: WorkerRules) -> Finding:
        if teer in rules.worker_teers:
            return met(noc=noc, teer=teer)
        select = rules.select_teer_2_3
        if select is not None and teer in (2, 3):
            if noc in select.confirmed:
                return met("met_select", noc=noc, teer=teer)
            listed = principal.noc_on_select_list
            if listed is not None:
                return (met("met_select_declared", noc=noc, teer=teer) if listed
                        else unmet("unmet_not_select", noc=noc, teer=teer))
            group = noc[:2]
            key = "unknown_select_hint" if group in select.secondary_major_groups else "unknown_select"
            return unknown((F_SELECT,), key, noc=noc, teer=teer, group=group)
        if teer in rules.low_teers:
            return WorkerOccupation._low_teer(principal, noc, teer, rules)
        return unmet(noc=noc, teer=teer)

    @staticmethod
    def _low_teer(principal: Principal, noc: str, teer: int, rules: WorkerRules) -> Finding:
        """C47, C48: the LMIA exclusion reads only an employer-specific permit (an open permit or work
        without a permit rests on no LMIA)."""
        authorization, stream = principal.authorization, principal.lmia_stream
        excluded = rules.excluded_lmia_streams
        if authorization is None:
            if stream is not None and stream not in excluded:
                return met("met_low_teer", noc=noc, teer=teer)
            return unknown((F_AUTHORIZATION, *(() if stream else (F_LMIA,))), "unknown_lmia", noc=noc, teer=teer)
        if authorization is not Authorization.EMPLOYER_SPECIFIC_PERMIT:
            return met("met_low_teer_open", noc=noc, teer=teer)
        if stream is None:
            return unknown((F_LMIA,), "unknown_lmia", noc=noc, teer=teer)
        if stream not in excluded:
            return met("met_low_teer", noc=noc, teer=teer)
        name = _LMIA_NAMES[stream]
        if stream in rules.agri_food_pilot_streams:
            agri_food = principal.agri_food_pilot_pr_applicant
            if agri_food is True:
                return met("met_agri_food", noc=noc, teer=teer, stream=name)
            applied = principal.applied_for_permanent_residence
            if agri_food is None and applied is not False:
                return unknown((F_AGRI_FOOD, *(() if applied else (F_PR,))), "unknown_agri_food",
                               noc=noc, teer=teer, stream=name)
        return unmet("unmet_lmia", noc=noc, teer=teer, stream=name)

    def changes(self, ctx: Context, a: RuleSetArgs, finding: Finding) -> Iterable[Change]:
        if finding.key not in ("unmet", "unmet_not_select"):
            return ()
        rules = _regimes(ctx, a)[0]
        key = "occupation" if rules.select_teer_2_3 is None else "occupation_select"
        return (Change(F_NOC, key, {"teers": rules.worker_teers}),)


class WorkerValidityRemaining(Template[RuleSetArgs]):
    """The worker's authorization is valid for at least the rule set's months after the family
    member applies (6 months; 16 from 2025-01-21 unless the worker is transitioning to permanent
    residence). Counted in whole calendar months from the screening date, the day of application."""

    name = "spousal.worker_validity_remaining"
    title = Text(en="Enough time left on the worker's authorization",
                 fr="Assez de temps restant à l'autorisation du travailleur")
    requirement = Text(
        en="The worker's authorization is valid for at least {general.min_months_remaining} months after the family "
           "member applies ({pr_track.min_months_remaining} months if the worker is transitioning to permanent "
           "residence).",
        fr="L'autorisation du travailleur est valide encore au moins {general.min_months_remaining} mois après la "
           "demande du membre de la famille ({pr_track.min_months_remaining} mois si le travailleur est en voie "
           "d'obtenir la résidence permanente).")
    messages = {
        "met": Text(en="The worker's authorization runs until {until:long}: {months} full months left, at least the "
                       "{needed} required.",
                    fr="L'autorisation du travailleur est valide jusqu'au {until:long} : il reste {months} mois "
                       "complets, au moins les {needed} exigés."),
        "unmet": Text(en="The worker's authorization runs until {until:long}: {months} full months left, fewer than "
                         "the {needed} required.",
                      fr="L'autorisation du travailleur est valide jusqu'au {until:long} : il reste {months} mois "
                         "complets, moins que les {needed} exigés."),
        "expired": Text(en="The worker's authorization expired on {until:long}; it must still be valid for at least "
                           "{needed} months after the family member applies.",
                        fr="L'autorisation du travailleur a expiré le {until:long}; elle doit encore être valide au "
                           "moins {needed} mois après la demande du membre de la famille."),
        "unknown_until": Text(en="We do not know until when the worker's authorization is valid.",
                              fr="Nous ne savons pas jusqu'à quand l'autorisation du travailleur est valide."),
        "unknown": Text(en="We do not know whether the family member in Canada works, or until when their "
                           "authorization is valid.",
                        fr="Nous ne savons pas si le membre de la famille au Canada travaille, ni jusqu'à quand "
                           "son autorisation "
                           "est valide."),
        "unknown_pr_track": Text(
            en="The worker's authorization runs until {until:long}: {months} full months left, enough under the rules "
               "for "
               "workers transitioning to permanent residence ({pr_needed} months) but not under the rules for other "
               "workers ({needed} months); we do not know whether the worker applied for permanent residence.",
            fr="L'autorisation du travailleur est valide jusqu'au {until:long} : il reste {months} mois complets, ce "
               "qui "
               "suffit selon les règles visant les travailleurs en voie d'obtenir la résidence permanente ({pr_needed} "
               "mois), mais pas selon les règles visant les autres travailleurs ({needed} mois); nous ne savons pas si "
               "le travailleur a demandé la résidence permanente."),
        "change.valid_until": Text(en="An authorization valid until at least {day:long} would meet it.",
                                   fr="Une autorisation valide au moins jusqu'au {day:long} y satisferait."),
    }
    reads = (F_STATUS, F_UNTIL, F_PR)

    def evaluate(self, ctx: Context, a: RuleSetArgs) -> Finding:
        until = _principal(ctx.request).authorization_valid_until

        def test() -> Finding:
            if until is None:
                return unknown((F_UNTIL,), "unknown_until")
            months = max(0, whole_months_between(ctx.as_of, until))

            def under(rules: WorkerRules) -> Finding:
                needed = rules.min_months_remaining
                if until < ctx.as_of:  # expired: said so, not "0 full months left"
                    return unmet("expired", needed=needed, until=until)
                return (met if months >= needed else unmet)(months=months, needed=needed, until=until)

            return _under_each(_regimes(ctx, a), under, months=months, until=until,
                               needed=ctx.p(a.general).min_months_remaining,
                               pr_needed=ctx.p(a.pr_track).min_months_remaining)

        return guarded(_status_is(ctx.request, PrincipalStatus.WORKER), (F_STATUS,), test)

    def turning_dates(self, ctx: Context, a: RuleSetArgs, finding: Finding) -> Iterable[date]:
        """The first day on which fewer than each threshold's months are left."""
        until = _principal(ctx.request).authorization_valid_until
        if until is None or finding.status is Status.UNMET:
            return ()
        days = {first_day_short_of(until, rules.min_months_remaining) for rules in _regimes(ctx, a)}
        return sorted(d for d in days if d > ctx.as_of)

    def changes(self, ctx: Context, a: RuleSetArgs, finding: Finding) -> Iterable[Change]:
        needed = finding.args.get("needed")
        if finding.key not in ("unmet", "expired") or not isinstance(needed, int):
            return ()
        return (Change(F_UNTIL, "valid_until", {"day": add_months(ctx.as_of, needed)}),)


def first_day_short_of(until: date, months: int) -> date:
    """The first day from which an authorization valid until ``until`` has fewer than ``months``
    whole months left (``valid_until`` minus ``months``, stepped past month-end clamping)."""
    day = add_months(until, -months)
    while add_months(day, months) <= until:
        day += timedelta(days=1)
    return day


# --- a principal who studies (C42) ------------------------------------------------------------------


class StudentAuthorization(Template[NoArgs]):
    """The student holds a study permit valid on the day the spouse applies (or is provisionally
    approved for one, when applying as a family from outside Canada)."""

    name = "spousal.student_authorization"
    title = Text(en="Student holds a study permit", fr="L'étudiant détient un permis d'études")
    requirement = Text(en="The student holds a valid study permit (or is approved for one).",
                       fr="L'étudiant détient un permis d'études valide (ou a été approuvé pour en obtenir un).")
    messages = {
        "met": Text(en="The student holds a study permit valid until {until:long}.",
                    fr="L'étudiant détient un permis d'études valide jusqu'au {until:long}."),
        "unmet": Text(en="The student does not hold a study permit.",
                      fr="L'étudiant ne détient pas de permis d'études."),
        "expired": Text(en="The student's study permit expired on {until:long}: a valid study permit is required.",
                        fr="Le permis d'études de l'étudiant a expiré le {until:long} : un permis d'études valide est "
                           "exigé."),
        "unknown_authorization": Text(en="We do not know whether the student holds a study permit.",
                                      fr="Nous ne savons pas si l'étudiant détient un permis d'études."),
        "unknown_validity": Text(
            en="We do not know until when the student's study permit is valid; it must be valid.",
            fr="Nous ne savons pas jusqu'à quand le permis d'études de l'étudiant est valide; il doit l'être."),
        "unknown": Text(en="We do not know whether the family member in Canada studies, or whether they hold a "
                           "study permit.",
                        fr="Nous ne savons pas si le membre de la famille au Canada étudie, ni s'il détient un permis "
                           "d'études."),
    }
    reads = (F_STATUS, F_AUTHORIZATION, F_UNTIL)

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        principal = _principal(ctx.request)

        def test() -> Finding:
            authorization = principal.authorization
            if authorization is None:
                return unknown((F_AUTHORIZATION,), "unknown_authorization")
            if authorization is not Authorization.STUDY_PERMIT:
                return unmet()
            until = principal.authorization_valid_until
            if until is None:
                return unknown((F_UNTIL,), "unknown_validity")
            if until < ctx.as_of:
                return unmet("expired", until=until)
            return met(until=until)

        return guarded(_status_is(ctx.request, PrincipalStatus.STUDENT), (F_STATUS,), test)

    def turning_dates(self, ctx: Context, a: NoArgs, finding: Finding) -> Iterable[date]:
        until = finding.args.get("until")
        if finding.key == "met" and isinstance(until, date):
            return (until + timedelta(days=1),)  # the day after the study permit expires
        return ()


class StudentProgramArgs(Args):
    rules: Param[StudentRules]


class StudentProgram(Template[StudentProgramArgs]):
    """The student studies full time, in a program and at an institution eligible for the
    post-graduation work permit, in a qualifying program: any post-secondary program until
    2024-03-18; from 2024-03-19 graduate programs and IRCC's listed professional degrees (a listed
    bachelor's degree such as the BEng is entered as a professional degree); from 2025-01-21 a
    master's only of 16 months or more. IRCC's eligible pilot programs (from 2024-04-30) have no
    fact in the contract: a program of another level is unmet, and the explanation says to check
    IRCC's list."""

    name = "spousal.student_program"
    title = Text(en="Student in an eligible program, full time",
                 fr="Étudiant à temps plein dans un programme admissible")
    requirement = Text(
        en="The student studies full time, in a program and at an institution eligible for the post-graduation work "
           "permit, in {rules.programs}.",
        fr="L'étudiant étudie à temps plein, dans un programme et un établissement admissibles au permis de travail "
           "postdiplôme, dans {rules.programs}.")
    messages = {
        "met": Text(en="The student is in an eligible program ({level}), full time, at a PGWP-eligible institution.",
                    fr="L'étudiant est inscrit à temps plein à un programme admissible ({level}) dans un établissement "
                       "admissible au PTPD."),
        "met_professional": Text(
            en="The student is in a professional degree program on IRCC's list ({program}), full time, at a "
               "PGWP-eligible institution.",
            fr="L'étudiant est inscrit à temps plein à un programme menant à un diplôme professionnel de la liste "
               "d'IRCC ({program}) dans un établissement admissible au PTPD."),
        "level": Text(en="A {level} program does not qualify the student's spouse on this date.{note}",
                      fr="Un programme de niveau « {level} » ne rend pas l'époux de l'étudiant admissible à cette "
                         "date.{note}"),
        "not_listed_program": Text(
            en="The professional degree program ({program}) is not on IRCC's list of professional degree programs for "
               "spouses of students.",
            fr="Le programme menant à un diplôme professionnel ({program}) ne figure pas sur la liste d'IRCC des "
               "programmes professionnels pour les époux d'étudiants."),
        "short_master": Text(en="The master's program lasts {months} months; it must last at least {needed} months.",
                             fr="La maîtrise dure {months} mois; elle doit durer au moins {needed} mois."),
        "part_time": Text(en="The student does not study full time.", fr="L'étudiant n'étudie pas à temps plein."),
        "institution": Text(en="The institution is not eligible for the post-graduation work permit.",
                            fr="L'établissement n'est pas admissible au permis de travail postdiplôme."),
        "unknown": Text(
            en="We do not know enough about the studies of the family member in Canada. Still to know: {asked}.",
            fr="Nous n'en savons pas assez sur les études du membre de la famille au Canada. Reste à savoir : "
               "{asked}."),
        "unknown_program": Text(
            en="We do not know which professional degree program the student is in: only those on IRCC's list qualify.",
            fr="Nous ne savons pas à quel programme professionnel l'étudiant est inscrit : seuls ceux de la liste "
               "d'IRCC sont admissibles."),
        "change.level": Text(en="Studies in {rules.programs} would meet it.",
                             fr="Des études dans {rules.programs} y satisferaient."),
        "change.length": Text(en="A master's program of at least {needed} months would meet it.",
                              fr="Une maîtrise d'au moins {needed} mois y satisferait."),
    }
    reads = (F_STATUS, F_LEVEL, F_LENGTH, F_FULL_TIME, F_INSTITUTION, F_PROFESSIONAL)

    def evaluate(self, ctx: Context, a: StudentProgramArgs) -> Finding:
        program = _principal(ctx.request).study_program
        rules = ctx.p(a.rules)

        def test() -> Finding:
            if program is None:
                return unknown((F_PROGRAM,))
            if program.full_time is False:
                return unmet("part_time")
            if program.pgwp_eligible_institution is False:
                return unmet("institution")
            level = program.level
            missing = [f for f, v in ((F_LEVEL, level), (F_FULL_TIME, program.full_time),
                                      (F_INSTITUTION, program.pgwp_eligible_institution)) if v is None]
            key = "met"
            args: dict[str, Any] = {"level": level}
            if level is not None and not rules.level_qualifies(level):
                if level is not StudyLevel.PROFESSIONAL_DEGREE or not rules.professional_programs:
                    return unmet("level", level=level, note=_level_note(level, rules))
                professional = program.professional_program
                if professional is None:
                    missing.append(F_PROFESSIONAL)
                elif professional not in rules.professional_programs:
                    return unmet("not_listed_program", program=_PROGRAM_NAMES[professional])
                else:
                    key, args = "met_professional", {"program": _PROGRAM_NAMES[professional]}
            if level is StudyLevel.MASTER and rules.master_min_months is not None:
                if program.length_months is None:
                    missing.append(F_LENGTH)
                elif program.length_months < rules.master_min_months:
                    return unmet("short_master", months=program.length_months, needed=rules.master_min_months)
            if missing:
                return unknown(missing, "unknown_program" if missing == [F_PROFESSIONAL] else "unknown")
            return met(key, **args)

        finding = guarded(_status_is(ctx.request, PrincipalStatus.STUDENT), (F_STATUS,), test)
        if finding.status is Status.UNKNOWN and finding.key == "unknown":
            # Name only the facts still missing, not every detail of the program.
            return unknown(finding.missing, "unknown", asked=_asked_program(finding.missing))
        return finding

    def changes(self, ctx: Context, a: StudentProgramArgs, finding: Finding) -> Iterable[Change]:
        if finding.key in ("level", "not_listed_program"):
            return (Change(F_LEVEL if finding.key == "level" else F_PROFESSIONAL, "level"),)
        if finding.key == "short_master":
            return (Change(F_LENGTH, "length", {"needed": finding.args["needed"]}),)
        return ()


# The facts of the student's program still to know, in words (``unknown`` of ``student_program``).
_PROGRAM_FACTS: Mapping[str, Text] = MappingProxyType({
    F_STATUS: Text(en="whether the family member in Canada studies", fr="si le membre de la famille au Canada étudie"),
    F_PROGRAM: Text(en="the student's program (its level, whether it is full time, whether the institution is "
                       "eligible for the post-graduation work permit)",
                    fr="le programme de l'étudiant (son niveau, s'il est suivi à temps plein, si l'établissement est "
                       "admissible au permis de travail postdiplôme)"),
    F_LEVEL: Text(en="the program's level", fr="le niveau du programme"),
    F_PROFESSIONAL: Text(en="which professional degree program it is (only those on IRCC's list qualify)",
                         fr="le programme professionnel suivi (seuls ceux de la liste d'IRCC sont admissibles)"),
    F_LENGTH: Text(en="how many months the master's program lasts", fr="la durée de la maîtrise, en mois"),
    F_FULL_TIME: Text(en="whether the student studies full time", fr="si l'étudiant étudie à temps plein"),
    F_INSTITUTION: Text(en="whether the institution is eligible for the post-graduation work permit",
                        fr="si l'établissement est admissible au permis de travail postdiplôme"),
})


def _asked_program(missing: Sequence[str]) -> Text:
    texts = [_PROGRAM_FACTS[f] for f in _PROGRAM_FACTS if f in missing]
    return _joined(texts, conjunction="and")


def _level_note(level: StudyLevel, rules: StudentRules) -> Text | str:
    """What an unmet level may have missed: a listed professional degree entered as a bachelor's,
    and IRCC's eligible programs, which the screener does not ask about."""
    en: list[str] = []
    fr: list[str] = []
    if level is StudyLevel.BACHELOR and rules.professional_programs:
        en.append("A bachelor's degree on IRCC's list of professional degrees (such as a BEd, BEng or BScN) counts: "
                  "enter it as a professional degree.")
        fr.append("Un baccalauréat de la liste d'IRCC des diplômes professionnels (comme un BEd, un BEng ou un BScN) "
                  "compte : indiquez-le comme diplôme professionnel.")
    if rules.eligible_programs:
        pilots = _joined(rules.eligible_programs)
        en.append(f"A student taking part in an eligible program on IRCC's list ({pilots.en}) also qualifies the "
                  "spouse; this screener does not ask about those programs: check IRCC's page “Help your spouse or "
                  "common-law partner work in Canada”.")
        fr.append(f"Un étudiant qui participe à un programme admissible de la liste d'IRCC ({pilots.fr}) rend aussi "
                  "son époux admissible; cet outil ne pose pas de question sur ces programmes : consultez la page "
                  "d'IRCC « Aider votre époux ou conjoint de fait à travailler au Canada ».")
    if not en:
        return ""
    return Text(en=" " + " ".join(en), fr=" " + " ".join(fr))


# --- stream rules ---------------------------------------------------------------------------------


class FamilyCodes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    spouse_of_worker: str
    spouse_of_student: str
    child_of_worker: str | None = None
    spouse_of_low_teer_worker: str | None = None
    child_of_low_teer_worker: str | None = None


class CodesArgs(Args):
    codes: Param[FamilyCodes]


class FamilyCode(StreamRule[CodesArgs, str | None]):
    """The code follows the principal and the applicant: C41 spouse of a worker (C47 when the worker
    is in TEER 4 or 5), C46 child of a worker (C48), C42 spouse of a student."""

    name = "spousal.exemption_code"
    reads = ("principal.relationship", "principal.status", "principal.noc_code")

    def compute(self, ctx: Context, a: CodesArgs, findings: Mapping[str, Finding]) -> str | None:
        codes = ctx.p(a.codes)
        principal = _principal(ctx.request)
        relationship, status = principal.relationship, principal.status
        if relationship is None or status is None:
            return None
        child = relationship is PrincipalRelationship.DEPENDENT_CHILD
        if status is PrincipalStatus.STUDENT:
            return None if child else codes.spouse_of_student
        if principal.noc_code is None:
            return None  # C41 and C46 or, for TEER 4 and 5 workers, C47 and C48
        if teer_of(principal.noc_code) >= 4:
            return codes.child_of_low_teer_worker if child else codes.spouse_of_low_teer_worker
        return codes.child_of_worker if child else codes.spouse_of_worker


class FamilyDurationArgs(Args):
    passport_exempt: Param[list[str]]
    biometrics_months: Param[int]
    biometrics_exempt: Param[list[str]]


class FamilyDuration(StreamRule[FamilyDurationArgs, int | None]):
    """An open permit that ends no later than the principal's authorization (work or study), the
    applicant's passport (US citizens aside) and the validity of the biometrics already given (ten
    years from enrolment; US nationals give none for a work permit). Biometrics not given, or
    expired, are taken with this application and do not shorten it."""

    name = "spousal.max_duration"
    reads = (*DURATION_READS, "principal.authorization_valid_until", "application.last_biometrics_on")

    def compute(self, ctx: Context, a: FamilyDurationArgs, findings: Mapping[str, Finding]) -> int | None:
        request = ctx.request
        until = _principal(request).authorization_valid_until
        if until is None:
            return None
        passport_exempt: list[str] = ctx.p(a.passport_exempt)
        biometrics_exempt: list[str] = ctx.p(a.biometrics_exempt)
        months = capped_duration(ctx, max(0, whole_months_between(ctx.as_of, until)), passport_exempt,
                                 open_permit=True)
        enrolled = request.application.last_biometrics_on if request.application else None
        citizenships = set(request.applicant.citizenships or ()) if request.applicant else set()
        if months is not None and enrolled is not None and not citizenships & set(biometrics_exempt):
            expiry = add_months(enrolled, ctx.p(a.biometrics_months))
            if expiry > ctx.as_of:
                months = min(months, whole_months_between(ctx.as_of, expiry))
        return months
