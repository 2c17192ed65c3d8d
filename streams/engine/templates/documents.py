"""When a document is needed: the conditions of ``data/documents/*.yaml``, three-valued.

A document's condition is a template like a criterion's: met means the document is **needed**, unmet
**not needed**, unknown **unknown**, naming the request fields that would settle it. A condition never
guesses from a missing fact: biometrics are unknown while the citizenship or the date of birth is.
Its messages say, in plain words, why the document is needed, not needed or not yet known.

Thresholds (ages, months, years, fees) are dated parameters (``data/parameters/documents/``); the
templates read them through their arguments.

A condition may give one item per country (police certificates): ``each()`` splits its finding into
one finding per country (the country code as ``item`` in its args), and the result lists
``<document id>-<country>`` for each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from ..context import Context
from ..findings import Finding, Status, met, unknown, unmet
from ..inputs import (
    Authorization,
    Location,
    PositionCategory,
    PrincipalRelationship,
    PrincipalStatus,
    ResidencePeriod,
    WorkType,
)
from ..labels import CountryName
from ..parameters import Param
from ..reference import cusma_professions, noc_unit_groups, teer_of
from ..texts import Text
from ..timeline import add_months, age_on, whole_months_between
from .base import Args, NoArgs, Template, getter
from .spousal import WorkerRules

F_CITIZENSHIPS = "applicant.citizenships"
F_BIRTH = "applicant.date_of_birth"
F_RESIDENCE = "applicant.country_of_residence"
F_HISTORY = "applicant.residence_history"
F_LAST_BIOMETRICS = "application.last_biometrics_on"
F_PUBLIC_HEALTH = "job_offer.public_health_setting"
F_NOC = "job_offer.noc_code"
F_DURATION = "job_offer.duration_months"
F_WORK_TYPE = "job_offer.work_type"
F_PAID = "job_offer.paid"
F_PROFESSION = "job_offer.cusma_profession"
CANADA = "CA"

A = TypeVar("A", bound=Args)


class DocumentCondition(Template[A]):
    """A document's condition: met = needed, unmet = not needed, unknown = unknown."""

    def each(self, finding: Finding) -> Sequence[Finding]:
        """The items the finding stands for: itself, or one per country (its code as ``item`` in their
        args)."""
        return (finding,)


# --- always ------------------------------------------------------------------------------------------


class Always(DocumentCondition[NoArgs]):
    """The document is asked of everyone applying for the permits it serves."""

    name = "documents.always"
    title = Text(en="Every application", fr="Toute demande")
    requirement = Text(en="Asked of every applicant for this permit.",
                       fr="Demandé à toute personne qui demande ce permis.")
    messages = {
        "met": Text(en="Needed for every application for this permit.",
                    fr="Nécessaire pour toute demande de ce permis."),
    }

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        return met()


# --- one fact with a listed value ---------------------------------------------------------------------


class FieldIs(DocumentCondition[NoArgs]):
    """Needed when one fact has one of the listed values; not needed when it has another; unknown
    while it is not given. Subclasses set ``field``, ``values`` and the texts."""

    field: ClassVar[str]
    values: ClassVar[frozenset[Any]]

    def __init__(self) -> None:
        self._get = getter(self.field)
        self._unknown = unknown((self.field,))  # findings hold no state: one is enough

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        value = self._get(ctx.request)
        if value is None:
            return self._unknown
        return met() if value in self.values else unmet()


class AccompanyingDependants(FieldIs):
    """Family members applying with the applicant prove their relationship to them."""

    name = "documents.accompanying_dependants"
    field = "applicant.accompanying_dependants"
    values = frozenset({True})
    reads = (field,)
    title = Text(en="Family members apply too", fr="Des membres de la famille présentent aussi une demande")
    requirement = Text(en="Needed when family members apply with the applicant.",
                       fr="Nécessaire lorsque des membres de la famille présentent une demande avec la personne.")
    messages = {
        "met": Text(en="Needed: family members apply with you.",
                    fr="Nécessaire : des membres de votre famille présentent une demande avec vous."),
        "unmet": Text(en="Not needed: no family member applies with you.",
                      fr="Non nécessaire : aucun membre de votre famille ne présente de demande avec vous."),
        "unknown": Text(en="Needed only if family members apply with you; we do not know whether they do.",
                        fr="Nécessaire seulement si des membres de votre famille présentent une demande avec vous; "
                           "nous ne savons pas si c'est le cas."),
    }


class InsideCanada(FieldIs):
    """An application made from inside Canada shows the applicant's current status here (R199)."""

    name = "documents.inside_canada"
    field = "applicant.location"
    values = frozenset({Location.INSIDE_CANADA})
    reads = (field,)
    title = Text(en="Applying from inside Canada", fr="Demande présentée au Canada")
    requirement = Text(en="Needed when the application is made from inside Canada.",
                       fr="Nécessaire lorsque la demande est présentée au Canada.")
    messages = {
        "met": Text(en="Needed: you apply from inside Canada.", fr="Nécessaire : vous présentez la demande au Canada."),
        "unmet": Text(en="Not needed: you apply from outside Canada.",
                      fr="Non nécessaire : vous présentez la demande de l'extérieur du Canada."),
        "unknown": Text(en="Needed only if you apply from inside Canada; we do not know where you apply from.",
                        fr="Nécessaire seulement si vous présentez la demande au Canada; nous ne savons pas d'où vous "
                           "la présentez."),
    }


_NEW_OFFICE = "job_offer.intra_company.new_office"


class NewOffice(FieldIs):
    """A transferee coming to open a new office proves its plan, staff and funds."""

    name = "documents.new_office"
    field = _NEW_OFFICE
    values = frozenset({True})
    reads = (field,)
    title = Text(en="A new office in Canada", fr="Un nouveau bureau au Canada")
    requirement = Text(en="Needed when the transferee comes to open a new office.",
                       fr="Nécessaire lorsque la personne mutée vient ouvrir un nouveau bureau.")
    messages = {
        "met": Text(en="Needed: the Canadian office is new.", fr="Nécessaire : le bureau canadien est nouveau."),
        "unmet": Text(en="Not needed: the Canadian office is already established.",
                      fr="Non nécessaire : le bureau canadien est déjà établi."),
        "unknown": Text(en="Needed only for a new office; we do not know whether the Canadian office is new.",
                        fr="Nécessaire seulement pour un nouveau bureau; nous ne savons pas si le bureau canadien est "
                           "nouveau."),
    }


class EstablishedOffice(FieldIs):
    """An established Canadian enterprise proves that it is doing business and has premises."""

    name = "documents.established_office"
    field = _NEW_OFFICE
    values = frozenset({False})
    reads = (field,)
    title = Text(en="An established office in Canada", fr="Un bureau établi au Canada")
    requirement = Text(en="Needed when the Canadian enterprise is already established (not a new office).",
                       fr="Nécessaire lorsque l'entreprise canadienne est déjà établie (pas un nouveau bureau).")
    messages = {
        "met": Text(en="Needed: the Canadian office is already established.",
                    fr="Nécessaire : le bureau canadien est déjà établi."),
        "unmet": Text(en="Not needed now: the Canadian office is new, and a new office proves its plan, staff and "
                         "funds instead.",
                      fr="Non nécessaire pour l'instant : le bureau canadien est nouveau; un nouveau bureau prouve "
                         "plutôt son plan, son personnel et ses fonds."),
        "unknown": Text(en="Needed for an established office; we do not know whether the Canadian office is new.",
                        fr="Nécessaire pour un bureau établi; nous ne savons pas si le bureau canadien est nouveau."),
    }


class NewOfficeExtension(DocumentCondition[NoArgs]):
    """A transferee who opened a new office shows, to extend the permit, that its premises are secured."""

    name = "documents.new_office_extension"
    reads = (_NEW_OFFICE, "application.kind")
    title = Text(en="Extending a permit for a new office", fr="Prolongation d'un permis pour un nouveau bureau")
    requirement = Text(en="Needed when a transferee who opened a new office applies for an extension.",
                       fr="Nécessaire lorsqu'une personne mutée qui a ouvert un nouveau bureau demande une "
                          "prolongation.")
    messages = {
        "met": Text(en="Needed: you extend a permit given to open a new office, and the extension needs the premises "
                       "secured.",
                    fr="Nécessaire : vous prolongez un permis obtenu pour ouvrir un nouveau bureau, et la prolongation "
                       "exige des locaux obtenus."),
        "initial": Text(en="Not needed yet: a first permit to open a new office does not need premises; they are "
                           "proved when the permit is extended.",
                        fr="Non nécessaire pour l'instant : un premier permis pour ouvrir un nouveau bureau n'exige "
                           "pas de locaux; ils sont prouvés à la prolongation du permis."),
        "established": Text(en="Not needed: the Canadian office is already established.",
                            fr="Non nécessaire : le bureau canadien est déjà établi."),
        "unknown": Text(en="Needed to extend a permit given to open a new office; we do not know whether the "
                           "Canadian office is new.",
                        fr="Nécessaire pour prolonger un permis obtenu pour ouvrir un nouveau bureau; nous ne savons "
                           "pas si le bureau canadien est nouveau."),
    }

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        new_office = getter(_NEW_OFFICE)(ctx.request)
        if new_office is False:
            return unmet("established")
        if new_office is None:
            return unknown((_NEW_OFFICE,))
        # application.kind absent: an initial application (contract)
        return met() if ctx.request.is_extension else unmet("initial")


class SpecializedKnowledgePosition(FieldIs):
    """A specialized-knowledge transferee proves both proprietary knowledge and advanced expertise."""

    name = "documents.specialized_knowledge_position"
    field = "job_offer.intra_company.position_category"
    values = frozenset({PositionCategory.SPECIALIZED_KNOWLEDGE})
    reads = (field,)
    title = Text(en="A specialized-knowledge position", fr="Un poste exigeant des connaissances spécialisées")
    requirement = Text(en="Needed for a specialized-knowledge transfer.",
                       fr="Nécessaire pour une mutation fondée sur des connaissances spécialisées.")
    messages = {
        "met": Text(en="Needed: the transfer is for specialized knowledge.",
                    fr="Nécessaire : la mutation est fondée sur des connaissances spécialisées."),
        "unmet": Text(en="Not needed: the transfer is not for specialized knowledge.",
                      fr="Non nécessaire : la mutation n'est pas fondée sur des connaissances spécialisées."),
        "unknown": Text(en="Needed only for a specialized-knowledge transfer; we do not know the position's category.",
                        fr="Nécessaire seulement pour une mutation fondée sur des connaissances spécialisées; nous ne "
                           "connaissons pas la catégorie du poste."),
    }


class CommonLawPartner(FieldIs):
    """A common-law partner proves the union with the statutory declaration (IMM 5409)."""

    name = "documents.common_law_partner"
    field = "principal.relationship"
    values = frozenset({PrincipalRelationship.COMMON_LAW_PARTNER})
    reads = (field,)
    title = Text(en="A common-law partner", fr="Un conjoint de fait")
    requirement = Text(en="Needed when the relationship relied on is a common-law union.",
                       fr="Nécessaire lorsque la relation invoquée est une union de fait.")
    messages = {
        "met": Text(en="Needed: you are the common-law partner of your family member in Canada.",
                    fr="Nécessaire : vous êtes le conjoint de fait du membre de votre famille au Canada."),
        "unmet": Text(en="Not needed: you are not the common-law partner of your family member in Canada.",
                      fr="Non nécessaire : vous n'êtes pas le conjoint de fait du membre de votre famille au Canada."),
        "unknown": Text(en="Needed only for a common-law partner; we do not know your relationship to your family "
                           "member in Canada.",
                        fr="Nécessaire seulement pour un conjoint de fait; nous ne connaissons pas votre lien avec le "
                           "membre de votre famille au Canada."),
    }


class SpouseOrPartner(FieldIs):
    """A spouse or common-law partner proves the marriage or the union; a dependent child does not
    (the family open work permit instructions ask a child for proof of R2 instead)."""

    name = "documents.spouse_or_partner"
    field = "principal.relationship"
    values = frozenset({PrincipalRelationship.SPOUSE, PrincipalRelationship.COMMON_LAW_PARTNER})
    reads = (field,)
    title = Text(en="A spouse or common-law partner", fr="Un époux ou conjoint de fait")
    requirement = Text(en="Needed when the applicant is the spouse or common-law partner of the family member.",
                       fr="Nécessaire lorsque le demandeur est l'époux ou le conjoint de fait du membre de la famille.")
    messages = {
        "met": Text(en="Needed: you are the spouse or common-law partner of your family member in Canada.",
                    fr="Nécessaire : vous êtes l'époux ou le conjoint de fait du membre de votre famille au Canada."),
        "unmet": Text(en="Not needed: you apply as a dependent child, not as a spouse or common-law partner.",
                      fr="Non nécessaire : vous présentez une demande comme enfant à charge, et non comme époux ou "
                         "conjoint de fait."),
        "unknown": Text(en="Needed only for a spouse or common-law partner; we do not know your relationship to your "
                           "family member in Canada.",
                        fr="Nécessaire seulement pour un époux ou un conjoint de fait; nous ne connaissons pas votre "
                           "lien avec le membre de votre famille au Canada."),
    }


class DependentChild(FieldIs):
    """A dependent child proves that they meet the definition of R2 (birth certificate, adoption
    papers)."""

    name = "documents.dependent_child"
    field = "principal.relationship"
    values = frozenset({PrincipalRelationship.DEPENDENT_CHILD})
    reads = (field,)
    title = Text(en="A dependent child", fr="Un enfant à charge")
    requirement = Text(en="Needed when the applicant is a dependent child of the family member or of their spouse.",
                       fr="Nécessaire lorsque le demandeur est l'enfant à charge du membre de la famille ou de son "
                          "époux.")
    messages = {
        "met": Text(en="Needed: you apply as a dependent child of your family member in Canada.",
                    fr="Nécessaire : vous présentez une demande comme enfant à charge du membre de votre famille au "
                       "Canada."),
        "unmet": Text(en="Not needed: you do not apply as a dependent child.",
                      fr="Non nécessaire : vous ne présentez pas de demande comme enfant à charge."),
        "unknown": Text(en="Needed only for a dependent child; we do not know your relationship to your family member "
                           "in Canada.",
                        fr="Nécessaire seulement pour un enfant à charge; nous ne connaissons pas votre lien avec le "
                           "membre de votre famille au Canada."),
    }


class AgriFoodArgs(Args):
    rules: Param[WorkerRules]  # its agri_food_pilot_streams: the LMIA streams the exception covers


class AgriFoodPilotApplicant(DocumentCondition[AgriFoodArgs]):
    """The family of an Agri-Food Pilot principal applicant on an LMIA of the agricultural or
    low-wage stream shows IRCC's acknowledgment of receipt of the complete permanent-residence
    application (C47, C48). Not needed when the worker is known not to be in that case: not an
    Agri-Food Pilot applicant, no permanent-residence application, a permit that is not
    employer-specific, or an LMIA of another stream."""

    name = "documents.agri_food_pilot_applicant"
    reads = ("principal.agri_food_pilot_pr_applicant", "principal.applied_for_permanent_residence",
             "principal.authorization", "principal.lmia_stream")
    title = Text(en="An Agri-Food Pilot applicant", fr="Un demandeur du Projet pilote sur l'agroalimentaire")
    requirement = Text(en="Needed when the worker is a principal applicant of the Agri-Food Pilot on an LMIA of "
                          "the agricultural or low-wage stream.",
                       fr="Nécessaire lorsque le travailleur est demandeur principal du Projet pilote sur "
                          "l'agroalimentaire et que son permis repose sur une EIMT du volet agricole ou du volet des "
                          "postes à bas salaire.")
    messages = {
        "met": Text(en="Needed: your family member in Canada is a principal applicant of the Agri-Food Pilot.",
                    fr="Nécessaire : le membre de votre famille au Canada est demandeur principal du Projet pilote "
                       "sur l'agroalimentaire."),
        "unmet": Text(en="Not needed: your family member in Canada is not an Agri-Food Pilot applicant on an "
                         "agricultural or low-wage LMIA.",
                      fr="Non nécessaire : le membre de votre famille au Canada n'est pas demandeur du Projet pilote "
                         "sur l'agroalimentaire avec une EIMT du volet agricole ou du volet des postes à bas "
                         "salaire."),
        "unknown": Text(en="Needed only for the family of an Agri-Food Pilot applicant on an agricultural or "
                           "low-wage LMIA; we do not know whether your family member in Canada is one.",
                        fr="Nécessaire seulement pour la famille d'un demandeur du Projet pilote sur "
                           "l'agroalimentaire avec une EIMT du volet agricole ou du volet des postes à bas salaire; "
                           "nous ne savons pas si le membre de votre famille au Canada en est un."),
    }

    def evaluate(self, ctx: Context, a: AgriFoodArgs) -> Finding:
        principal = ctx.request.principal
        if principal is None:
            return unknown(("principal.agri_food_pilot_pr_applicant",))
        if principal.agri_food_pilot_pr_applicant is not None:
            return met() if principal.agri_food_pilot_pr_applicant else unmet()
        if principal.applied_for_permanent_residence is False:
            return unmet()
        authorization, stream = principal.authorization, principal.lmia_stream
        if authorization is not None and authorization is not Authorization.EMPLOYER_SPECIFIC_PERMIT:
            return unmet()
        if stream is not None and stream not in ctx.p(a.rules).agri_food_pilot_streams:
            return unmet()
        return unknown(("principal.agri_food_pilot_pr_applicant",))


class PermanentResidenceApplicant(FieldIs):
    """The family of a worker who applied for permanent residence shows that application: it keeps
    the earlier family rules (from 2025-01-21)."""

    name = "documents.permanent_residence_applicant"
    field = "principal.applied_for_permanent_residence"
    values = frozenset({True})
    reads = (field,)
    title = Text(en="A permanent-residence applicant", fr="Un demandeur de résidence permanente")
    requirement = Text(en="Needed when the worker has applied for permanent residence.",
                       fr="Nécessaire lorsque le travailleur a demandé la résidence permanente.")
    messages = {
        "met": Text(en="Needed: your family member in Canada has applied for permanent residence.",
                    fr="Nécessaire : le membre de votre famille au Canada a demandé la résidence permanente."),
        "unmet": Text(en="Not needed: your family member in Canada has not applied for permanent residence.",
                      fr="Non nécessaire : le membre de votre famille au Canada n'a pas demandé la résidence "
                         "permanente."),
        "unknown": Text(en="Needed only if your family member in Canada has applied for permanent residence; we do "
                           "not know whether they have.",
                        fr="Nécessaire seulement si le membre de votre famille au Canada a demandé la résidence "
                           "permanente; nous ne savons pas si c'est le cas."),
    }


class PrincipalWorker(FieldIs):
    """The spouse of a worker proves the worker's occupation."""

    name = "documents.principal_worker"
    field = "principal.status"
    values = frozenset({PrincipalStatus.WORKER})
    reads = (field,)
    title = Text(en="Your family member in Canada works", fr="Le membre de votre famille au Canada travaille")
    requirement = Text(en="Needed when your family member works in Canada.",
                       fr="Nécessaire lorsque le membre de votre famille travaille au Canada.")
    messages = {
        "met": Text(en="Needed: your family member works in Canada.",
                    fr="Nécessaire : le membre de votre famille travaille au "
                                                                    "Canada."),
        "unmet": Text(en="Not needed: your family member in Canada does not work there.",
                      fr="Non nécessaire : le membre de votre famille au Canada n'y travaille pas."),
        "unknown": Text(en="Needed only if your family member in Canada works there; we do not know whether they "
                           "work or study.",
                        fr="Nécessaire seulement si le membre de votre famille au Canada y travaille; nous ne "
                           "savons pas s'il travaille ou étudie."),
    }


class PrincipalStudent(FieldIs):
    """The spouse of a student proves the student's program, and their own funds."""

    name = "documents.principal_student"
    field = "principal.status"
    values = frozenset({PrincipalStatus.STUDENT})
    reads = (field,)
    title = Text(en="Your family member in Canada studies", fr="Le membre de votre famille au Canada étudie")
    requirement = Text(en="Needed when your family member studies in Canada.",
                       fr="Nécessaire lorsque le membre de votre famille étudie au Canada.")
    messages = {
        "met": Text(en="Needed: your family member studies in Canada.",
                    fr="Nécessaire : le membre de votre famille étudie au "
                                                                      "Canada."),
        "unmet": Text(en="Not needed: your family member in Canada does not study there.",
                      fr="Non nécessaire : le membre de votre famille au Canada n'y étudie pas."),
        "unknown": Text(en="Needed only if your family member in Canada studies there; we do not know whether they "
                           "work or study.",
                        fr="Nécessaire seulement si le membre de votre famille au Canada y étudie; nous ne savons pas "
                           "s'il travaille ou étudie."),
    }


class RecognizedOrganization(FieldIs):
    """An IEC applicant coming through a recognized organization shows its confirmation letter."""

    name = "documents.recognized_organization"
    field = "applicant.applying_through_recognized_organization"
    values = frozenset({True})
    reads = (field,)
    title = Text(en="Applying through a recognized organization", fr="Participation par un organisme reconnu")
    requirement = Text(en="Needed when the applicant applies through a recognized organization.",
                       fr="Nécessaire lorsque la personne participe par l'entremise d'un organisme reconnu.")
    messages = {
        "met": Text(en="Needed: you apply through a recognized organization.",
                    fr="Nécessaire : vous participez par l'entremise d'un organisme reconnu."),
        "unmet": Text(en="Not needed: you do not apply through a recognized organization.",
                      fr="Non nécessaire : vous ne participez pas par l'entremise d'un organisme reconnu."),
        "unknown": Text(en="Needed only if you apply through a recognized organization; we do not know whether you do.",
                        fr="Nécessaire seulement si vous participez par l'entremise d'un organisme reconnu; nous ne "
                           "savons pas si c'est le cas."),
    }


class DesignatedPartnerReferral(FieldIs):
    """A Global Talent Stream Category A position comes with a designated partner's referral."""

    name = "documents.designated_partner_referral"
    field = "job_offer.gts.designated_partner_referral"
    values = frozenset({True})
    reads = (field,)
    title = Text(en="Category A: referred by a designated partner", fr="Catégorie A : recommandation d'un partenaire "
                                                                         "désigné")
    requirement = Text(en="Needed for a Category A position (referred by a designated partner).",
                       fr="Nécessaire pour un poste de catégorie A (recommandé par un partenaire désigné).")
    messages = {
        "met": Text(en="Needed: a designated partner referred the employer (Category A).",
                    fr="Nécessaire : un partenaire désigné a recommandé l'employeur (catégorie A)."),
        "unmet": Text(en="Not needed: no designated partner referral (Category B needs none).",
                      fr="Non nécessaire : aucune recommandation d'un partenaire désigné (la catégorie B n'en exige "
                         "pas)."),
        "unknown": Text(en="Needed only in Category A; we do not know whether a designated partner referred the "
                           "employer.",
                        fr="Nécessaire seulement dans la catégorie A; nous ne savons pas si un partenaire désigné a "
                           "recommandé l'employeur."),
    }


class QuebecJob(FieldIs):
    """A job in Quebec with an LMIA needs a Quebec Acceptance Certificate (R200(3)(b))."""

    name = "documents.quebec_job"
    field = "job_offer.province"
    values = frozenset({"QC"})
    reads = (field,)
    title = Text(en="A job in Quebec", fr="Un emploi au Québec")
    requirement = Text(en="Needed when the job is in Quebec.", fr="Nécessaire lorsque l'emploi est au Québec.")
    messages = {
        "met": Text(en="Needed: the job is in Quebec.", fr="Nécessaire : l'emploi est au Québec."),
        "unmet": Text(en="Not needed: the job is not in Quebec.", fr="Non nécessaire : l'emploi n'est pas au Québec."),
        "unknown": Text(en="Needed only for a job in Quebec; we do not know the job's province.",
                        fr="Nécessaire seulement pour un emploi au Québec; nous ne connaissons pas la province de "
                           "l'emploi."),
    }


class ReligiousWork(FieldIs):
    """Religious duties call for proof of religious training or membership in the faith community."""

    name = "documents.religious_work"
    field = F_WORK_TYPE
    values = frozenset({WorkType.RELIGIOUS})
    reads = (field,)
    title = Text(en="Religious work", fr="Travail religieux")
    requirement = Text(en="Needed when the duties are religious.",
                       fr="Nécessaire lorsque les fonctions sont religieuses.")
    messages = {
        "met": Text(en="Needed: the duties are religious.", fr="Nécessaire : les fonctions sont religieuses."),
        "unmet": Text(en="Not needed: the duties are not religious.",
                      fr="Non nécessaire : les fonctions ne sont pas religieuses."),
        "unknown": Text(en="Needed only for religious duties; we do not know the kind of work.",
                        fr="Nécessaire seulement pour des fonctions religieuses; nous ne connaissons pas le type de "
                           "travail."),
    }


# --- citizenship and residence -----------------------------------------------------------------------


def _names(codes: Sequence[str]) -> list[CountryName]:
    """Country codes that messages show as names, in the reader's language."""
    return [CountryName(c) for c in codes]


class CountriesArgs(Args):
    countries: Param[list[str]]


class CitizenOf(DocumentCondition[CountriesArgs]):
    """Citizens of the listed countries may prove citizenship otherwise than by a passport (R52(2))."""

    name = "documents.citizen_of"
    reads = (F_CITIZENSHIPS,)
    title = Text(en="A citizen of {countries}", fr="Citoyen de l'un de ces pays : {countries}")
    requirement = Text(en="Needed by citizens of {countries}.", fr="Nécessaire pour les citoyens de l'un de ces pays : "
                                                                   "{countries}.")
    messages = {
        "met": Text(en="Needed if you travel without a passport: you are a citizen of {held}.",
                    fr="Nécessaire si vous voyagez sans passeport : vous êtes citoyen de ce pays : {held}."),
        "unmet": Text(en="Not needed: you are not a citizen of {countries}.",
                      fr="Non nécessaire : vous n'êtes citoyen d'aucun de ces pays : {countries}."),
        "unknown": Text(en="Needed only by citizens of {countries}; we do not know your citizenships.",
                        fr="Nécessaire seulement pour les citoyens de l'un de ces pays : {countries}; nous ne "
                           "connaissons pas vos citoyennetés."),
    }

    def evaluate(self, ctx: Context, a: CountriesArgs) -> Finding:
        applicant = ctx.request.applicant
        citizenships = applicant.citizenships if applicant else None
        listed: list[str] = ctx.p(a.countries)
        if citizenships is None:
            return unknown((F_CITIZENSHIPS,), countries=_names(listed))
        held = [CountryName(c) for c in citizenships if c in listed]
        return met(held=held) if held else unmet(countries=_names(listed))


class ResidesOutsideCitizenship(DocumentCondition[NoArgs]):
    """An applicant living outside Canada in a country of which they are not a citizen shows their
    lawful status there. Where they live is ``applicant.country_of_residence``, or else the one stay of
    the residence history that has no end."""

    name = "documents.resides_outside_citizenship"
    reads = (F_RESIDENCE, F_CITIZENSHIPS, F_HISTORY)
    title = Text(en="Living in a country of which one is not a citizen",
                 fr="Résidence dans un pays dont on n'est pas citoyen")
    requirement = Text(en="Needed when the applicant lives outside Canada in a country of which they are not a "
                          "citizen.",
                       fr="Nécessaire lorsque la personne vit hors du Canada dans un pays dont elle n'est pas "
                          "citoyenne.")
    messages = {
        "met": Text(en="Needed: you live in {country}, which is not a country of your citizenship.",
                    fr="Nécessaire : vous vivez dans ce pays, dont vous n'êtes pas citoyen : {country}."),
        "unmet": Text(en="Not needed: you live in {country}, a country of your citizenship.",
                      fr="Non nécessaire : vous vivez dans un pays dont vous êtes citoyen ({country})."),
        "in_canada": Text(en="Not needed: you live in Canada.", fr="Non nécessaire : vous vivez au Canada."),
        "unknown": Text(en="Needed only if you live in a country of which you are not a citizen; we do not know both "
                           "your country of residence and your citizenships.",
                        fr="Nécessaire seulement si vous vivez dans un pays dont vous n'êtes pas citoyen; nous ne "
                           "connaissons pas à la fois votre pays de résidence et vos citoyennetés."),
    }

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        applicant = ctx.request.applicant
        residence = applicant.country_of_residence if applicant else None
        if residence is None and applicant is not None and applicant.residence_history:
            # A stay with no end in the residence history is where the person lives now.
            current = {stay.country for stay in applicant.residence_history if stay.to is None and stay.from_}
            if len(current) == 1 and None not in current:
                residence = current.pop()
        citizenships = applicant.citizenships if applicant else None
        if residence == CANADA:
            return unmet("in_canada")
        if residence is None or citizenships is None:
            return unknown([f for f, v in ((F_RESIDENCE, residence), (F_CITIZENSHIPS, citizenships)) if v is None])
        if residence in citizenships:
            return unmet(country=CountryName(residence))
        return met(country=CountryName(residence))


# --- biometrics ------------------------------------------------------------------------------------------


class BiometricsArgs(Args):
    minimum_age: Param[int]
    maximum_age: Param[int]
    exempt_nationalities: Param[list[str]]
    reuse_years: Param[int]


class Biometrics(DocumentCondition[BiometricsArgs]):
    """A work permit application needs biometrics (R12.1), except from a person under
    ``minimum_age`` or over ``maximum_age`` on the day of the application, or a national of an
    exempt country (the United States, R12.2(1)), or a person who gave biometrics for an application
    in the ``reuse_years`` years before (R12.7(1)(b)). Unknown while the citizenship or the date of
    birth is unknown. A biometrics date not given counts as none given (the contract cannot say
    "never")."""

    name = "documents.biometrics"
    reads = (F_CITIZENSHIPS, F_BIRTH, F_LAST_BIOMETRICS)
    title = Text(en="Biometrics required", fr="Données biométriques exigées")
    requirement = Text(
        en="Biometrics are given by applicants aged {minimum_age} to {maximum_age} who are not nationals of "
           "{exempt_nationalities}, unless they gave biometrics in the {reuse_years} years before.",
        fr="Les données biométriques sont fournies par les personnes de {minimum_age} à {maximum_age} ans qui ne sont "
           "pas ressortissantes de ce pays : {exempt_nationalities}, sauf si elles en ont fourni au cours des "
           "{reuse_years} années précédentes.")
    messages = {
        "met": Text(
            en="Needed: you are {age}, within the ages of {minimum_age} to {maximum_age}, not a national of "
               "{exempt_nationalities}, and no biometrics given in the last {reuse_years} years are recorded.",
            fr="Nécessaire : vous avez {age} ans, entre {minimum_age} et {maximum_age} ans, vous n'êtes pas "
               "ressortissant de ce pays : {exempt_nationalities}, et aucune donnée biométrique fournie au cours des "
               "{reuse_years} dernières années n'est indiquée."),
        "exempt_nationality": Text(
            en="Not needed: nationals of {held} applying for a work permit do not give biometrics.",
            fr="Non nécessaire : les ressortissants de ce pays ({held}) qui demandent un permis de travail ne "
               "fournissent pas de données biométriques."),
        "too_young": Text(en="Not needed: you are {age}, under {minimum_age}.",
                          fr="Non nécessaire : vous avez {age} ans, moins de {minimum_age} ans."),
        "too_old": Text(en="Not needed: you are {age}, over {maximum_age}.",
                        fr="Non nécessaire : vous avez {age} ans, plus de {maximum_age} ans."),
        "reused": Text(
            en="Not needed: the biometrics you gave on {given:long} count for applications made until {until:long} "
               "({reuse_years} years).",
            fr="Non nécessaire : les données biométriques fournies le {given:long} valent pour les demandes présentées "
               "jusqu'au {until:long} ({reuse_years} ans)."),
        "unknown": Text(
            en="Needed unless you are a national of {exempt_nationalities} or outside the ages of {minimum_age} to "
               "{maximum_age}: we do not know your citizenships or your date of birth.",
            fr="Nécessaire sauf si vous êtes ressortissant de ce pays ({exempt_nationalities}) ou si vous avez moins "
               "de {minimum_age} ans ou plus de {maximum_age} ans : nous ne connaissons pas vos citoyennetés ou votre "
               "date de naissance."),
    }

    def evaluate(self, ctx: Context, a: BiometricsArgs) -> Finding:
        request = ctx.request
        applicant = request.applicant
        citizenships = applicant.citizenships if applicant else None
        born = applicant.date_of_birth if applicant else None
        exempt: list[str] = ctx.p(a.exempt_nationalities)
        names = _names(exempt)
        held = [CountryName(c) for c in citizenships or () if c in exempt]
        if held:
            return unmet("exempt_nationality", held=held, exempt_nationalities=names)
        age: int | None = None
        if born is not None:
            age = age_on(born, ctx.as_of)  # on the day of the application (R12.2(2))
            if age < ctx.p(a.minimum_age):
                return unmet("too_young", age=age)
            if age > ctx.p(a.maximum_age):
                return unmet("too_old", age=age)
        given = request.application.last_biometrics_on if request.application else None
        if given is not None and given <= ctx.as_of:
            until = add_months(given, 12 * ctx.p(a.reuse_years))
            if ctx.as_of <= until:
                return unmet("reused", given=given, until=until)
        missing = [f for f, v in ((F_CITIZENSHIPS, citizenships), (F_BIRTH, born)) if v is None]
        if missing:
            return unknown(missing, exempt_nationalities=names)
        return met(age=age, exempt_nationalities=names)


# --- police certificates -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stays:
    """Countries of the residence history with a stay long enough since the age counted."""

    sure: tuple[str, ...]  # a stay of the length, all of it after the birthday counted
    maybe: tuple[str, ...]  # could be, once the date of birth or the stay's dates are known
    missing: tuple[str, ...]


def _stays(history: Sequence[ResidencePeriod], born: date | None, from_age: int, months: int,
           as_of: date) -> Stays:
    adult = add_months(born, 12 * from_age) if born else None
    sure: list[str] = []
    maybe: list[str] = []
    missing: list[str] = []
    for index, stay in enumerate(history):
        end = stay.to or as_of  # no end: still living there
        if stay.country == CANADA:
            continue
        if stay.country is None or stay.from_ is None:
            # A stay whose country or start is not given could be a long one.
            missing += [f"{F_HISTORY}.{index}.{name}" for name, value in (("country", stay.country),
                                                                          ("from", stay.from_)) if value is None]
            continue
        if whole_months_between(stay.from_, end) < months:
            continue
        if adult is None:
            if stay.country not in sure:
                maybe.append(stay.country)
            continue
        start = max(stay.from_, adult)
        if start <= end and whole_months_between(start, end) >= months and stay.country not in sure:
            sure.append(stay.country)
    maybe = [c for c in dict.fromkeys(maybe) if c not in sure]
    if maybe and born is None:
        missing.append(F_BIRTH)
    return Stays(tuple(sure), tuple(maybe), tuple(dict.fromkeys(missing)))


class PoliceArgs(Args):
    months: Param[int]
    from_age: Param[int]
    # True: the stream's instructions ask for the certificates with the application (IEC); False:
    # only the visa office's instructions for the region, or an officer, may ask for them.
    upfront: bool


class PoliceCertificates(DocumentCondition[PoliceArgs]):
    """A police certificate from each country or territory where the applicant lived ``months`` months
    or more since the age of ``from_age`` (Canada aside). For International Experience Canada they
    are asked with the application (``upfront``); for other work permits no regulation asks for them
    upfront: the visa office's instructions for the applicant's region, or an officer, may. One item
    per country; unknown while the residence history is not given, or the date of birth is needed to
    tell whether a long stay was as an adult."""

    name = "documents.police_certificates"
    reads = (F_HISTORY, F_BIRTH)
    title = Text(en="Police certificates", fr="Certificats de police")
    requirement = Text(
        en="A police certificate from each country or territory where the applicant lived {months} months or more "
           "since the age of {from_age}.",
        fr="Un certificat de police de chaque pays ou territoire où la personne a vécu {months} mois ou plus depuis "
           "l'âge de {from_age} ans.")
    item_title = Text(en="{title}: {country}", fr="{title} : {country}")
    messages = {
        "met": Text(en="Needed: you lived in {country} for {months} months or more since the age of {from_age}.",
                    fr="Nécessaire : vous avez vécu dans ce pays ({country}) pendant {months} mois ou plus depuis "
                       "l'âge de {from_age} ans."),
        "if_asked": Text(
            en="You lived in {country} for {months} months or more since the age of {from_age}: send this "
               "certificate if the visa office instructions for your region ask for it upfront, or when an officer "
               "asks; no rule asks every work permit applicant for it.",
            fr="Vous avez vécu dans ce pays ({country}) pendant {months} mois ou plus depuis l'âge de {from_age} ans : "
               "envoyez ce certificat si les instructions du bureau des visas de votre région l'exigent avec la "
               "demande, ou si un agent le demande; aucune règle ne l'exige de toute personne qui demande un permis "
               "de travail."),
        "maybe": Text(en="Needed if your stay in {country} of {months} months or more was since the age of "
                         "{from_age}: we do not know your date of birth.",
                      fr="Nécessaire si votre séjour de {months} mois ou plus dans ce pays ({country}) a eu lieu "
                         "depuis l'âge de {from_age} ans : nous ne connaissons pas votre date de naissance."),
        "unmet": Text(en="Not needed: you have not lived {months} months or more in another country since the age of "
                         "{from_age}.",
                      fr="Non nécessaire : vous n'avez pas vécu {months} mois ou plus dans un autre pays depuis l'âge "
                         "de {from_age} ans."),
        "unknown": Text(en="We cannot list the police certificates yet: add the places you lived since the age of "
                           "{from_age} (residence history).",
                        fr="Nous ne pouvons pas encore dresser la liste des certificats de police : ajoutez les lieux "
                           "où vous avez vécu depuis l'âge de {from_age} ans (antécédents de résidence)."),
    }

    def evaluate(self, ctx: Context, a: PoliceArgs) -> Finding:
        applicant = ctx.request.applicant
        history = applicant.residence_history if applicant else None
        if history is None:
            return unknown((F_HISTORY,))
        born = applicant.date_of_birth if applicant else None
        stays = _stays(history, born, ctx.p(a.from_age), ctx.p(a.months), ctx.as_of)
        countries = [CountryName(c) for c in stays.sure]
        maybe = [CountryName(c) for c in stays.maybe]
        if countries and a.upfront:
            return Finding(Status.MET, "met", {"countries": countries, "maybe": maybe}, stays.missing)
        if countries or maybe or stays.missing:
            return unknown(stays.missing, "if_asked" if countries else "unknown", countries=countries, maybe=maybe)
        return unmet()

    def each(self, finding: Finding) -> Sequence[Finding]:
        countries: list[CountryName] = list(finding.args.get("countries", ()))
        maybe: list[CountryName] = list(finding.args.get("maybe", ()))
        if not countries and not maybe:
            return (finding,)
        items: list[Finding] = []
        for country in countries:
            if finding.status is Status.MET:
                items.append(met(item=country, country=country))
            else:
                items.append(unknown((), "if_asked", item=country, country=country))
        missing = tuple(m for m in finding.missing if not m.startswith(F_HISTORY + "."))
        for country in maybe:
            items.append(unknown(missing, "maybe", item=country, country=country))
        rest = tuple(m for m in finding.missing if m.startswith(F_HISTORY + "."))
        if rest:  # stays whose country or start is missing: the list is not complete yet
            items.append(unknown(rest))
        return items


# --- medical exam ----------------------------------------------------------------------------------------------


class Occupations(BaseModel):
    """Occupations (NOC 2021) whose usual setting is one where public health must be protected."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    broad_categories: list[str]  # first digit of the NOC code
    unit_groups: list[str]


class OccupationsArgs(Args):
    occupations: Param[Occupations]


class PublicHealthSetting(DocumentCondition[OccupationsArgs]):
    """R30(1)(a)(ii): an immigration medical exam for work in an occupation where the protection of
    public health is essential (health care, clinical laboratories, primary and secondary schools, child
    care, in-home care...), whatever the length of stay. The setting decides
    (``job_offer.public_health_setting``); while it is not given, an occupation whose usual setting is
    one of those (health occupations, teachers, early childhood educators, home caregivers) makes the
    exam needed, and any other leaves it unknown."""

    name = "documents.public_health_setting"
    reads = (F_PUBLIC_HEALTH, F_NOC)
    title = Text(en="Work where public health must be protected", fr="Travail où la santé publique doit être protégée")
    requirement = Text(en="A medical exam for work in a setting where the protection of public health is essential, "
                          "whatever the length of stay.",
                       fr="Un examen médical pour travailler dans un milieu où la protection de la santé publique est "
                          "essentielle, quelle que soit la durée du séjour.")
    messages = {
        "met": Text(en="Needed: the job is in a setting where public health must be protected.",
                    fr="Nécessaire : l'emploi est dans un milieu où la santé publique doit être protégée."),
        "occupation": Text(en="Needed: the occupation ({noc}) is usually in a setting where public health must be "
                              "protected (health care, schools, child care).",
                           fr="Nécessaire : la profession ({noc}) s'exerce habituellement dans un milieu où la santé "
                              "publique doit être protégée (soins de santé, écoles, garde d'enfants)."),
        "unmet": Text(en="Not needed for the job: it is not in a setting where public health must be protected.",
                      fr="Non nécessaire pour l'emploi : il n'est pas dans un milieu où la santé publique doit être "
                         "protégée."),
        "unknown": Text(en="Needed if you will work in a setting where public health must be protected (health care, "
                           "schools, child care, in-home care); we do not know the work setting.",
                        fr="Nécessaire si vous travaillerez dans un milieu où la santé publique doit être protégée "
                           "(soins de santé, écoles, garde d'enfants, soins à domicile); nous ne connaissons pas le "
                           "milieu de travail."),
    }

    def evaluate(self, ctx: Context, a: OccupationsArgs) -> Finding:
        job = ctx.request.job_offer
        setting = job.public_health_setting if job else None
        if setting is not None:
            return met() if setting else unmet()
        noc = job.noc_code if job else None
        occupations = ctx.p(a.occupations)
        if noc is not None and noc in noc_unit_groups() and (
                noc[0] in occupations.broad_categories or noc in occupations.unit_groups):
            return met("occupation", noc=noc)
        return unknown((F_PUBLIC_HEALTH,))


class ResidenceExamArgs(Args):
    stay_months: Param[int]
    residence_months: Param[int]
    lookback_months: Param[int]


class DesignatedCountryResidence(DocumentCondition[ResidenceExamArgs]):
    """R30(1)(a)(iii)-(iv): an immigration medical exam for a stay of more than ``stay_months`` months
    by a person who stayed ``residence_months`` consecutive months, in the ``lookback_months`` months
    before, in a country or territory IRCC designates. IRCC's list of designated countries is not
    carried here, so a long stay abroad leaves the answer unknown (check the list); no such stay, or a
    stay in Canada of ``stay_months`` months or less, makes it not needed."""

    name = "documents.designated_country_residence"
    reads = (F_PUBLIC_HEALTH, F_DURATION, F_HISTORY)
    title = Text(en="A long stay after living in a designated country",
                 fr="Un long séjour après avoir vécu dans un pays désigné")
    requirement = Text(
        en="A medical exam for a stay in Canada of more than {stay_months} months after living {residence_months} "
           "consecutive months, in the last {lookback_months} months, in a country or territory on IRCC's list.",
        fr="Un examen médical pour un séjour au Canada de plus de {stay_months} mois après avoir vécu "
           "{residence_months} mois consécutifs, au cours des {lookback_months} derniers mois, dans un pays ou "
           "territoire de la liste d'IRCC.")
    messages = {
        "check_list": Text(
            en="Needed if {countries} is on IRCC's list of countries and territories designated for the medical exam "
               "(this screener does not carry the list): you lived there {residence_months} consecutive months in the "
               "last {lookback_months} months and will stay more than {stay_months} months.",
            fr="Nécessaire si ce pays ({countries}) figure sur la liste des pays et territoires désignés d'IRCC pour "
               "l'examen médical (cet outil ne contient pas la liste) : vous y avez vécu {residence_months} mois "
               "consécutifs au cours des {lookback_months} derniers mois et séjournerez plus de {stay_months} mois."),
        "short_stay": Text(en="Not needed: a stay of {stay_months} months or less.",
                           fr="Non nécessaire : un séjour de {stay_months} mois ou moins."),
        "covered": Text(en="The medical exam is needed anyway for work where public health must be protected.",
                        fr="L'examen médical est de toute façon nécessaire pour travailler dans un milieu où la santé "
                           "publique doit être protégée."),
        "unmet": Text(en="Not needed: you did not live {residence_months} consecutive months outside Canada in the "
                         "last {lookback_months} months.",
                      fr="Non nécessaire : vous n'avez pas vécu {residence_months} mois consécutifs hors du Canada au "
                         "cours des {lookback_months} derniers mois."),
        "unknown": Text(en="Needed for a stay of more than {stay_months} months after living {residence_months} "
                           "consecutive months in a designated country in the last {lookback_months} months; we do "
                           "not know the length of your stay or where you lived.",
                        fr="Nécessaire pour un séjour de plus de {stay_months} mois après avoir vécu "
                           "{residence_months} mois consécutifs dans un pays désigné au cours des {lookback_months} "
                           "derniers mois; nous ne connaissons pas la durée de votre séjour ou les lieux où vous avez "
                           "vécu."),
    }

    def evaluate(self, ctx: Context, a: ResidenceExamArgs) -> Finding:
        request = ctx.request
        job = request.job_offer
        if job is not None and job.public_health_setting:
            return unmet("covered")
        duration = job.duration_months if job else None
        stay_months = ctx.p(a.stay_months)
        if duration is not None and duration <= stay_months:
            return unmet("short_stay")
        history = request.applicant.residence_history if request.applicant else None
        missing: list[str] = [F_DURATION] if duration is None else []
        if history is None:
            return unknown((*missing, F_HISTORY))
        window_start = add_months(ctx.as_of, -ctx.p(a.lookback_months))
        needed = ctx.p(a.residence_months)
        countries: list[CountryName] = []
        for index, stay in enumerate(history):
            if stay.country == CANADA:
                continue
            if stay.country is None or stay.from_ is None:
                missing += [f"{F_HISTORY}.{index}.{n}" for n, v in (("country", stay.country), ("from", stay.from_))
                            if v is None]
                continue
            start, end = max(stay.from_, window_start), min(stay.to or ctx.as_of, ctx.as_of)
            if start <= end and whole_months_between(start, end) >= needed and stay.country not in countries:
                countries.append(CountryName(stay.country))
        if countries:
            return unknown(missing, "check_list", countries=countries)
        if missing:
            return unknown(missing)
        return unmet()


# --- fees ------------------------------------------------------------------------------------------------------


def _fee_exempt(ctx: Context) -> tuple[bool | None, tuple[str, ...]]:
    """Whether the work is unpaid work for a religious or charitable organization (exempt from the
    work permit fee, R299(2), and so from the employer compliance fee, R303.1(5)): the only exemption
    checked here. None (with the fields) while it could be and is not known."""
    job = ctx.request.job_offer
    work_type = job.work_type if job else None
    paid = job.paid if job else None
    if work_type is WorkType.OTHER or paid is True:
        return False, ()
    if work_type is None:
        # No religious or charitable work is claimed: the fee is due unless the work is unpaid, then
        # it depends on the organization.
        return (None, (F_WORK_TYPE,)) if paid is False else (False, ())
    if paid is None:
        return None, (F_PAID,)
    return True, ()


class ComplianceFeeDue(DocumentCondition[NoArgs]):
    """The employer pays the compliance fee with the offer (R303.1), unless the worker is exempt from
    the work permit fee under R299(2) other than (i) (R303.1(5)); the exemption checked here is unpaid
    work for a religious or charitable organization."""

    name = "documents.compliance_fee_due"
    reads = (F_WORK_TYPE, F_PAID)
    title = Text(en="Employer compliance fee due", fr="Frais relatifs à la conformité de l'employeur exigibles")
    requirement = Text(en="The employer pays the compliance fee with the offer, unless the work is exempt from the "
                          "work permit fee (e.g. unpaid work for a religious or charitable organization).",
                       fr="L'employeur paie les frais relatifs à la conformité avec l'offre, sauf si le travail est "
                          "dispensé des frais de permis de travail (p. ex. travail non rémunéré pour un organisme "
                          "religieux ou de bienfaisance).")
    messages = {
        "met": Text(en="Needed: the employer pays this fee with every offer; only work exempt from the work permit "
                       "fee, such as unpaid work for a religious or charitable organization, is exempt.",
                    fr="Nécessaire : l'employeur paie ces frais avec chaque offre; seul le travail dispensé des frais "
                       "de permis de travail, comme le travail non rémunéré pour un organisme religieux ou de "
                       "bienfaisance, en est dispensé."),
        "unmet": Text(en="Not needed: unpaid work for a religious or charitable organization is exempt; the employer "
                         "uploads proof of the exemption instead.",
                      fr="Non nécessaire : le travail non rémunéré pour un organisme religieux ou de bienfaisance en "
                         "est dispensé; l'employeur téléverse plutôt la preuve de la dispense."),
        "unknown": Text(en="Needed unless the work is unpaid work for a religious or charitable organization; we do "
                           "not know whether it is.",
                        fr="Nécessaire sauf s'il s'agit de travail non rémunéré pour un organisme religieux ou de "
                           "bienfaisance; nous ne savons pas si c'est le cas."),
    }

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        exempt, missing = _fee_exempt(ctx)
        if exempt is None:
            return unknown(missing)
        return unmet() if exempt else met()


class FeeExempt(DocumentCondition[NoArgs]):
    """Proof of the fee exemption, for unpaid work for a religious or charitable organization."""

    name = "documents.fee_exempt"
    reads = (F_WORK_TYPE, F_PAID)
    title = Text(en="Exempt from the fees", fr="Dispense des frais")
    requirement = Text(en="Needed when the work is unpaid work for a religious or charitable organization.",
                       fr="Nécessaire lorsqu'il s'agit de travail non rémunéré pour un organisme religieux ou de "
                          "bienfaisance.")
    messages = {
        "met": Text(en="Needed: unpaid work for a religious or charitable organization is exempt from the fees, and "
                       "the employer proves it.",
                    fr="Nécessaire : le travail non rémunéré pour un organisme religieux ou de bienfaisance est "
                       "dispensé des frais, et l'employeur le prouve."),
        "unmet": Text(en="Not needed: the work is paid, or not religious or charitable, so the fees are due.",
                      fr="Non nécessaire : le travail est rémunéré, ou n'est ni religieux ni caritatif; les frais sont "
                         "donc exigibles."),
        "unknown": Text(en="Needed only for unpaid work for a religious or charitable organization; we do not know "
                           "whether the work is paid.",
                        fr="Nécessaire seulement pour du travail non rémunéré pour un organisme religieux ou de "
                           "bienfaisance; nous ne savons pas si le travail est rémunéré."),
    }

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        exempt, missing = _fee_exempt(ctx)
        if exempt is None:
            return unknown(missing)
        return met() if exempt else unmet()


# --- occupations --------------------------------------------------------------------------------------------------


class TeersArgs(Args):
    teers: Param[list[int]]


class OccupationTeer(DocumentCondition[TeersArgs]):
    """The offered occupation (NOC 2021) is in one of the listed TEER categories."""

    name = "documents.occupation_teer"
    reads = (F_NOC,)
    title = Text(en="An occupation of TEER {teers}", fr="Une profession de la catégorie FEER {teers}")
    requirement = Text(en="Needed when the offered occupation is of TEER {teers}.",
                       fr="Nécessaire lorsque la profession offerte est de la catégorie FEER {teers}.")
    messages = {
        "met": Text(en="Needed: the offered occupation ({noc}) is of TEER {teer}.",
                    fr="Nécessaire : la profession offerte ({noc}) est de la catégorie FEER {teer}."),
        "unmet": Text(en="Not needed: the offered occupation ({noc}) is of TEER {teer}.",
                      fr="Non nécessaire : la profession offerte ({noc}) est de la catégorie FEER {teer}."),
        "unknown": Text(en="Needed only for an occupation of TEER {teers}; we do not know the offered occupation.",
                        fr="Nécessaire seulement pour une profession de la catégorie FEER {teers}; nous ne connaissons "
                           "pas la profession offerte."),
    }

    def evaluate(self, ctx: Context, a: TeersArgs) -> Finding:
        job = ctx.request.job_offer
        noc = job.noc_code if job else None
        if noc is None:
            return unknown((F_NOC,))
        teer = teer_of(noc)
        return met(noc=noc, teer=teer) if teer in ctx.p(a.teers) else unmet(noc=noc, teer=teer)


class CusmaExperienceRoute(DocumentCondition[NoArgs]):
    """Some CUSMA professions accept a credential with years of experience (e.g. a diploma and three
    years' experience); the experience is then proved by letters."""

    name = "documents.cusma_experience_route"
    reads = (F_PROFESSION,)
    title = Text(en="A CUSMA profession that counts experience", fr="Une profession de l'ACEUM qui tient compte de "
                                                                     "l'expérience")
    requirement = Text(en="Needed when the profession's credential can rest on years of experience.",
                       fr="Nécessaire lorsque le titre de compétence de la profession peut reposer sur des années "
                          "d'expérience.")
    messages = {
        "met": Text(en="Needed if you rely on experience: the credential of this profession ({profession}) can rest "
                       "on years of experience.",
                    fr="Nécessaire si vous invoquez votre expérience : le titre de compétence de la profession "
                       "« {profession} » peut reposer sur des années d'expérience."),
        "unmet": Text(en="Not needed: the credential of this profession ({profession}) does not count experience.",
                      fr="Non nécessaire : le titre de compétence de la profession « {profession} » ne tient pas "
                         "compte de l'expérience."),
        "not_listed": Text(en="Not needed: the job is not a CUSMA profession.",
                           fr="Non nécessaire : l'emploi n'est pas une profession de l'ACEUM."),
        "unknown": Text(en="Needed if the profession's credential rests on experience; we do not know the CUSMA "
                           "profession.",
                        fr="Nécessaire si le titre de compétence de la profession repose sur l'expérience; nous ne "
                           "connaissons pas la profession de l'ACEUM."),
    }

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        job = ctx.request.job_offer
        slug = job.cusma_profession if job else None
        if slug is None:
            return unknown((F_PROFESSION,))
        profession = cusma_professions().get(slug)
        if profession is None:
            return unmet("not_listed")
        values = {"profession": Text(en=profession.title, fr=profession.title_in("fr"))}
        return met(**values) if "experience" in profession.credentials_text.lower() else unmet(**values)


