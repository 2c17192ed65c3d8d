"""The facts of a request as questions and answers in the reader's language, for reports and the desk.

Every field of the contract (``streams/engine/inputs.py``) has a short label here, in English and
French (through the project's catalogue), and a kind that says how its value reads: dates in words,
countries and provinces by name, an occupation by its NOC title, money as money, enumeration values
by their labels (the engine's ``common.yaml`` labels where it has them, ours otherwise). A report
never shows a field path (``applicant.employment_history.0.start_date``) nor a raw value
(``outside_canada``, ``185000.0``). This map is the report's own, so that it does not depend on the
questionnaire's wording; a test checks that it covers every field of the contract.

Call these functions inside ``translation.override(language)`` with the same ``language``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from streams.engine import default_rulebook
from streams.engine.inputs import (
    ApplicationKind,
    Authorization,
    EducationLevel,
    FieldOfStudy,
    IecCategory,
    IecProgram,
    Location,
    PositionCategory,
    PrincipalLmiaStream,
    PrincipalRelationship,
    PrincipalStatus,
    ProfessionalProgram,
    R186Paragraph,
    Relationship,
    SignificantBenefitIndicator,
    StudyLevel,
    WagePer,
    WorkType,
)
from streams.engine.labels import country_name
from streams.engine.reference import PROVINCES, cusma_professions, noc_unit_groups
from streams.engine.texts import long_date, money


class Kind(StrEnum):
    GROUP = "group"  # an object: its facts follow under its label
    ENTRIES = "entries"  # a list of objects: one line per entry
    TEXT = "text"
    YES_NO = "yes_no"
    DATE = "date"
    COUNTRY = "country"
    COUNTRIES = "countries"
    PROVINCE = "province"
    NOC = "noc"
    CUSMA = "cusma"
    MONEY = "money"
    NUMBER = "number"
    INTEGER = "integer"  # shown as typed (a season, a count)
    MONTHS = "months"
    PERCENT = "percent"
    CHOICE = "choice"
    CHOICES = "choices"
    LEVELS = "levels"  # language test levels: one line for the four skills
    WAGE = "wage"  # amount and period: one line
    CODE = "code"


@dataclass(frozen=True)
class Fact:
    label: Promise
    kind: Kind
    enum: type[Enum] | None = None
    entry: Promise | None = None  # ENTRIES: what one entry is called ("Employment 2")


F = Fact
K = Kind

FACTS: dict[str, Fact] = {
    # --- the applicant ---------------------------------------------------------------------------
    "applicant": F(pgettext_lazy("fact", "The applicant"), K.GROUP),
    "applicant.citizenships": F(pgettext_lazy("fact", "Countries of citizenship"), K.COUNTRIES),
    "applicant.permanent_residences": F(pgettext_lazy("fact", "Permanent resident of"), K.COUNTRIES),
    "applicant.country_of_residence": F(pgettext_lazy("fact", "Country of residence"), K.COUNTRY),
    "applicant.date_of_birth": F(pgettext_lazy("fact", "Date of birth"), K.DATE),
    "applicant.location": F(pgettext_lazy("fact", "Applying from"), K.CHOICE, Location),
    "applicant.passport_expiry": F(pgettext_lazy("fact", "Passport valid until"), K.DATE),
    "applicant.education": F(
        pgettext_lazy("fact", "Education"), K.ENTRIES, entry=pgettext_lazy("fact", "Diploma or degree")
    ),
    "applicant.education.level": F(pgettext_lazy("fact", "Level"), K.CHOICE, EducationLevel),
    "applicant.education.field": F(pgettext_lazy("fact", "Field of study"), K.TEXT),
    "applicant.education.country": F(pgettext_lazy("fact", "Country"), K.COUNTRY),
    "applicant.education.completed": F(pgettext_lazy("fact", "Completed?"), K.YES_NO),
    "applicant.education.related_to_offer": F(pgettext_lazy("fact", "Related to the job offered?"), K.YES_NO),
    "applicant.education.duration_years": F(pgettext_lazy("fact", "Years of study"), K.NUMBER),
    "applicant.education.licenciatura": F(pgettext_lazy("fact", "A Licenciatura degree?"), K.YES_NO),
    "applicant.years_experience_in_offer_occupation": F(
        pgettext_lazy("fact", "Years of experience in the occupation offered"), K.NUMBER
    ),
    "applicant.holds_licence_for_offer_occupation": F(
        pgettext_lazy("fact", "Holds a licence to practise the occupation?"), K.YES_NO
    ),
    "applicant.french_nclc": F(pgettext_lazy("fact", "French test levels (NCLC)"), K.LEVELS),
    "applicant.french_nclc.speaking": F(pgettext_lazy("fact", "French: speaking level (NCLC)"), K.INTEGER),
    "applicant.french_nclc.listening": F(pgettext_lazy("fact", "French: listening level (NCLC)"), K.INTEGER),
    "applicant.french_nclc.reading": F(pgettext_lazy("fact", "French: reading level (NCLC)"), K.INTEGER),
    "applicant.french_nclc.writing": F(pgettext_lazy("fact", "French: writing level (NCLC)"), K.INTEGER),
    "applicant.english_clb": F(pgettext_lazy("fact", "English test levels (CLB)"), K.LEVELS),
    "applicant.english_clb.speaking": F(pgettext_lazy("fact", "English: speaking level (CLB)"), K.INTEGER),
    "applicant.english_clb.listening": F(pgettext_lazy("fact", "English: listening level (CLB)"), K.INTEGER),
    "applicant.english_clb.reading": F(pgettext_lazy("fact", "English: reading level (CLB)"), K.INTEGER),
    "applicant.english_clb.writing": F(pgettext_lazy("fact", "English: writing level (CLB)"), K.INTEGER),
    "applicant.employment_history": F(
        pgettext_lazy("fact", "Work history"), K.ENTRIES, entry=pgettext_lazy("fact", "Employment")
    ),
    "applicant.employment_history.employer_name": F(pgettext_lazy("fact", "Employer"), K.TEXT),
    "applicant.employment_history.country": F(pgettext_lazy("fact", "Country"), K.COUNTRY),
    "applicant.employment_history.start_date": F(pgettext_lazy("fact", "Started on"), K.DATE),
    "applicant.employment_history.end_date": F(pgettext_lazy("fact", "Ended on"), K.DATE),
    "applicant.employment_history.hours_per_week": F(pgettext_lazy("fact", "Hours a week"), K.NUMBER),
    "applicant.employment_history.noc_code": F(pgettext_lazy("fact", "Occupation (NOC 2021)"), K.NOC),
    "applicant.employment_history.position_category": F(
        pgettext_lazy("fact", "Kind of position"), K.CHOICE, PositionCategory
    ),
    "applicant.employment_history.related_to_offer_employer": F(
        pgettext_lazy("fact", "With an employer related to the Canadian employer?"), K.YES_NO
    ),
    "applicant.employment_history.similar_to_offer": F(pgettext_lazy("fact", "Similar to the job offered?"), K.YES_NO),
    "applicant.employment_history.permanent": F(pgettext_lazy("fact", "Permanent (not fixed-term)?"), K.YES_NO),
    "applicant.specialized_knowledge": F(pgettext_lazy("fact", "Specialized knowledge"), K.GROUP),
    "applicant.specialized_knowledge.proprietary_knowledge": F(
        pgettext_lazy("fact", "Proprietary knowledge of the company's products, services or methods?"), K.YES_NO
    ),
    "applicant.specialized_knowledge.advanced_expertise": F(
        pgettext_lazy("fact", "Advanced level of expertise?"), K.YES_NO
    ),
    "applicant.iec_participations": F(
        pgettext_lazy("fact", "Earlier International Experience Canada permits"),
        K.ENTRIES,
        entry=pgettext_lazy("fact", "IEC permit"),
    ),
    "applicant.iec_participations.country": F(pgettext_lazy("fact", "Under the agreement with"), K.COUNTRY),
    "applicant.iec_participations.category": F(pgettext_lazy("fact", "Category"), K.CHOICE, IecCategory),
    "applicant.iec_participations.permit_issued_on": F(pgettext_lazy("fact", "Issued on"), K.DATE),
    "applicant.iec_participations.through_recognized_organization": F(
        pgettext_lazy("fact", "Through a recognized organization?"), K.YES_NO
    ),
    "applicant.iec_participations.permit_expires_on": F(pgettext_lazy("fact", "Expiry"), K.DATE),
    "applicant.iec_participations.season": F(pgettext_lazy("fact", "Season"), K.INTEGER),
    "applicant.applying_through_recognized_organization": F(
        pgettext_lazy("fact", "Applying through a recognized organization?"), K.YES_NO
    ),
    "applicant.holds_refugee_travel_document": F(pgettext_lazy("fact", "Holds a refugee travel document?"), K.YES_NO),
    "applicant.funds_cad": F(pgettext_lazy("fact", "Money available on arrival"), K.MONEY),
    "applicant.will_hold_health_insurance": F(pgettext_lazy("fact", "Health insurance for the whole stay?"), K.YES_NO),
    "applicant.accompanying_dependants": F(pgettext_lazy("fact", "Family members applying too?"), K.YES_NO),
    "applicant.post_secondary_enrolment": F(pgettext_lazy("fact", "Current studies"), K.GROUP),
    "applicant.post_secondary_enrolment.enrolled": F(
        pgettext_lazy("fact", "Enrolled at a college or university?"), K.YES_NO
    ),
    "applicant.post_secondary_enrolment.country": F(pgettext_lazy("fact", "Country of the school"), K.COUNTRY),
    "applicant.post_secondary_enrolment.internship_required": F(
        pgettext_lazy("fact", "Internship required by the program?"), K.YES_NO
    ),
    "applicant.post_secondary_enrolment.field_of_study": F(
        pgettext_lazy("fact", "Field of study"), K.CHOICE, FieldOfStudy
    ),
    "applicant.post_secondary_enrolment.graduated_on": F(pgettext_lazy("fact", "Graduated on"), K.DATE),
    "applicant.studying_full_time_in_canada": F(pgettext_lazy("fact", "Full-time student in Canada?"), K.YES_NO),
    "applicant.residence_history": F(
        pgettext_lazy("fact", "Countries lived in"), K.ENTRIES, entry=pgettext_lazy("fact", "Stay")
    ),
    "applicant.residence_history.country": F(pgettext_lazy("fact", "Country"), K.COUNTRY),
    "applicant.residence_history.from": F(pgettext_lazy("fact", "Arrival"), K.DATE),
    "applicant.residence_history.to": F(pgettext_lazy("fact", "Departure"), K.DATE),
    "applicant.completed_profession_specific_training": F(
        pgettext_lazy("fact", "Completed the training the profession's credential names?"), K.YES_NO
    ),
    "applicant.family_size": F(
        pgettext_lazy("fact", "Family size (the applicant and the family members supported)"), K.INTEGER
    ),
    "applicant.holds_licence_in_destination_province": F(
        pgettext_lazy("fact", "Licensed in the province of work?"), K.YES_NO
    ),
    # --- the job offer ---------------------------------------------------------------------------
    "job_offer": F(pgettext_lazy("fact", "The job offer"), K.GROUP),
    "job_offer.employer_name": F(pgettext_lazy("fact", "Employer in Canada"), K.TEXT),
    "job_offer.province": F(pgettext_lazy("fact", "Province or territory of work"), K.PROVINCE),
    "job_offer.noc_code": F(pgettext_lazy("fact", "Occupation (NOC 2021)"), K.NOC),
    "job_offer.title": F(pgettext_lazy("fact", "Job title"), K.TEXT),
    "job_offer.duties": F(pgettext_lazy("fact", "Duties"), K.TEXT),
    "job_offer.wage": F(pgettext_lazy("fact", "Wage"), K.WAGE),
    "job_offer.wage.amount": F(pgettext_lazy("fact", "Wage: amount"), K.MONEY),
    "job_offer.wage.per": F(pgettext_lazy("fact", "Wage: per hour or per year"), K.CHOICE, WagePer),
    "job_offer.hours_per_week": F(pgettext_lazy("fact", "Hours a week"), K.NUMBER),
    "job_offer.duration_months": F(pgettext_lazy("fact", "Length of the job"), K.MONTHS),
    "job_offer.start_date": F(pgettext_lazy("fact", "Start date"), K.DATE),
    "job_offer.paid": F(pgettext_lazy("fact", "Paid work?"), K.YES_NO),
    "job_offer.signed": F(pgettext_lazy("fact", "Signed offer or contract?"), K.YES_NO),
    "job_offer.self_employed": F(pgettext_lazy("fact", "Self-employed in Canada?"), K.YES_NO),
    "job_offer.contributes_to_professional_development": F(
        pgettext_lazy("fact", "Contributes to professional development?"), K.YES_NO
    ),
    "job_offer.prevailing_wage_hourly": F(
        pgettext_lazy("fact", "Median hourly wage for the occupation and region"), K.MONEY
    ),
    "job_offer.intra_company": F(pgettext_lazy("fact", "Transfer within a company"), K.GROUP),
    "job_offer.intra_company.relationship": F(
        pgettext_lazy("fact", "Canadian employer's link to the foreign employer"), K.CHOICE, Relationship
    ),
    "job_offer.intra_company.foreign_employer_country": F(
        pgettext_lazy("fact", "Country of the foreign employer"), K.COUNTRY
    ),
    "job_offer.intra_company.foreign_employer_multinational": F(
        pgettext_lazy("fact", "Foreign employer already operates in more than one country?"), K.YES_NO
    ),
    "job_offer.intra_company.canadian_entity_doing_business": F(
        pgettext_lazy("fact", "Canadian company doing business?"), K.YES_NO
    ),
    "job_offer.intra_company.new_office": F(pgettext_lazy("fact", "Transfer to open a new office?"), K.YES_NO),
    "job_offer.intra_company.physical_premises_secured": F(
        pgettext_lazy("fact", "Physical business premises in Canada?"), K.YES_NO
    ),
    "job_offer.intra_company.staffing_plan": F(pgettext_lazy("fact", "Plan to staff the new office?"), K.YES_NO),
    "job_offer.intra_company.financial_capacity": F(
        pgettext_lazy("fact", "Able to fund the office and pay its staff?"), K.YES_NO
    ),
    "job_offer.intra_company.position_category": F(
        pgettext_lazy("fact", "Kind of position in Canada"), K.CHOICE, PositionCategory
    ),
    "job_offer.intra_company.foreign_position_held_open": F(
        pgettext_lazy("fact", "Position abroad held open?"), K.YES_NO
    ),
    "job_offer.cusma_profession": F(pgettext_lazy("fact", "CUSMA profession"), K.CUSMA),
    "job_offer.gts": F(pgettext_lazy("fact", "Global Talent Stream"), K.GROUP),
    "job_offer.gts.designated_partner_referral": F(
        pgettext_lazy("fact", "Referred by a designated partner?"), K.YES_NO
    ),
    "job_offer.gts.labour_market_benefits_plan": F(
        pgettext_lazy("fact", "Labour Market Benefits Plan agreed?"), K.YES_NO
    ),
    "job_offer.gts.positions_this_year": F(pgettext_lazy("fact", "Positions requested this year"), K.INTEGER),
    "job_offer.gts.within_listed_subset": F(
        pgettext_lazy("fact", "Within the roles the occupations list covers?"), K.YES_NO
    ),
    "job_offer.work_type": F(pgettext_lazy("fact", "Kind of work"), K.CHOICE, WorkType),
    "job_offer.public_health_setting": F(
        pgettext_lazy("fact", "Work where public health must be protected?"), K.YES_NO
    ),
    "job_offer.business": F(pgettext_lazy("fact", "The applicant's business in Canada"), K.GROUP),
    "job_offer.business.ownership_percent": F(pgettext_lazy("fact", "Share of the business controlled"), K.PERCENT),
    "job_offer.business.sufficient_funds": F(
        pgettext_lazy("fact", "Enough money to live on and fund the business?"), K.YES_NO
    ),
    "job_offer.business.business_plan": F(pgettext_lazy("fact", "Business plan with steps already taken?"), K.YES_NO),
    "job_offer.business.support_funds_cad": F(pgettext_lazy("fact", "Money to live on in Canada"), K.MONEY),
    "job_offer.business.business_funds_separate": F(
        pgettext_lazy("fact", "Business funds kept apart from the money to live on?"), K.YES_NO
    ),
    "job_offer.business.exit_plan": F(
        pgettext_lazy("fact", "Seasonal business, or a plan to hand it over and leave?"), K.YES_NO
    ),
    "job_offer.remote_for_quebec_employer": F(
        pgettext_lazy("fact", "Remote work for an employer in Quebec?"), K.YES_NO
    ),
    "job_offer.iec_program": F(pgettext_lazy("fact", "Young Professionals programme"), K.CHOICE, IecProgram),
    # --- the principal (the spouse, partner or parent whose permit a family permit rests on) -----
    "principal": F(pgettext_lazy("fact", "The spouse, partner or parent (principal)"), K.GROUP),
    "principal.relationship": F(
        pgettext_lazy("fact", "Relationship to the principal"), K.CHOICE, PrincipalRelationship
    ),
    "principal.status": F(pgettext_lazy("fact", "The principal works or studies"), K.CHOICE, PrincipalStatus),
    "principal.authorization": F(pgettext_lazy("fact", "The principal's permit"), K.CHOICE, Authorization),
    "principal.authorization_valid_until": F(pgettext_lazy("fact", "The principal's permit valid until"), K.DATE),
    "principal.noc_code": F(pgettext_lazy("fact", "The principal's occupation (NOC 2021)"), K.NOC),
    "principal.study_program": F(pgettext_lazy("fact", "The principal's studies"), K.GROUP),
    "principal.study_program.level": F(pgettext_lazy("fact", "Level of study"), K.CHOICE, StudyLevel),
    "principal.study_program.length_months": F(pgettext_lazy("fact", "Length of the program"), K.MONTHS),
    "principal.study_program.full_time": F(pgettext_lazy("fact", "Full time?"), K.YES_NO),
    "principal.study_program.pgwp_eligible_institution": F(
        pgettext_lazy("fact", "At a school whose graduates may get a post-graduation work permit?"), K.YES_NO
    ),
    "principal.study_program.professional_program": F(
        pgettext_lazy("fact", "Professional degree program"), K.CHOICE, ProfessionalProgram
    ),
    "principal.resides_in_canada": F(pgettext_lazy("fact", "The principal lives in Canada?"), K.YES_NO),
    "principal.applied_for_permanent_residence": F(
        pgettext_lazy("fact", "The principal applied for permanent residence?"), K.YES_NO
    ),
    "principal.lmia_stream": F(
        pgettext_lazy("fact", "LMIA behind the principal's permit"), K.CHOICE, PrincipalLmiaStream
    ),
    "principal.agri_food_pilot_pr_applicant": F(
        pgettext_lazy("fact", "Agri-Food Pilot permanent residence applicant?"), K.YES_NO
    ),
    "principal.r186_paragraph": F(
        pgettext_lazy("fact", "Paragraph of R186 the principal works under"), K.CHOICE, R186Paragraph
    ),
    "principal.permit_code": F(pgettext_lazy("fact", "Code printed on the principal's open work permit"), K.CODE),
    "principal.noc_on_select_list": F(
        pgettext_lazy("fact", "Occupation on IRCC's list of select TEER 2 and 3 occupations?"), K.YES_NO
    ),
    # --- significant benefit, the application ------------------------------------------------------
    "significant_benefit": F(pgettext_lazy("fact", "Significant benefit to Canada"), K.GROUP),
    "significant_benefit.indicators": F(
        pgettext_lazy("fact", "Evidence of significant benefit"), K.CHOICES, SignificantBenefitIndicator
    ),
    "application": F(pgettext_lazy("fact", "The application"), K.GROUP),
    "application.kind": F(pgettext_lazy("fact", "Kind of application"), K.CHOICE, ApplicationKind),
    "application.initial_application_date": F(pgettext_lazy("fact", "First application made on"), K.DATE),
    "application.last_biometrics_on": F(pgettext_lazy("fact", "Biometrics last given on"), K.DATE),
}

# The request's own settings, not facts about anyone: never listed.
NOT_FACTS = ("schema_version", "as_of", "streams", "language")

# Labels of enumeration values the engine's common.yaml does not have.
ENUM_LABELS: dict[str, Promise] = {
    "Location.outside_canada": pgettext_lazy("fact", "Outside Canada"),
    "Location.inside_canada": pgettext_lazy("fact", "Inside Canada"),
    "EducationLevel.secondary": pgettext_lazy("fact", "Secondary school"),
    "EducationLevel.post_secondary_certificate": pgettext_lazy("fact", "Post-secondary certificate"),
    "EducationLevel.post_secondary_diploma": pgettext_lazy("fact", "Post-secondary diploma"),
    "EducationLevel.bachelor": pgettext_lazy("fact", "Bachelor's degree"),
    "EducationLevel.master": pgettext_lazy("fact", "Master's degree"),
    "EducationLevel.doctorate": pgettext_lazy("fact", "Doctorate"),
    "EducationLevel.professional_degree": pgettext_lazy("fact", "Professional degree"),
    "WagePer.hour": pgettext_lazy("fact", "Per hour"),
    "WagePer.year": pgettext_lazy("fact", "Per year"),
    "PrincipalStatus.worker": pgettext_lazy("fact", "Works"),
    "PrincipalStatus.student": pgettext_lazy("fact", "Studies"),
    "Authorization.employer_specific_permit": pgettext_lazy("fact", "Employer-specific work permit"),
    "Authorization.open_permit": pgettext_lazy("fact", "Open work permit"),
    "Authorization.pgwp": pgettext_lazy("fact", "Post-graduation work permit"),
    "Authorization.study_permit": pgettext_lazy("fact", "Study permit"),
    "Authorization.r186_no_permit": pgettext_lazy("fact", "Works without a permit (R186)"),
    "Authorization.spousal_open_permit": pgettext_lazy("fact", "Spousal open work permit"),
    "PrincipalLmiaStream.high_wage": pgettext_lazy("fact", "High-wage LMIA"),
    "PrincipalLmiaStream.low_wage": pgettext_lazy("fact", "Low-wage LMIA"),
    "PrincipalLmiaStream.agricultural": pgettext_lazy("fact", "Agricultural stream LMIA"),
    "PrincipalLmiaStream.sawp": pgettext_lazy("fact", "Seasonal Agricultural Worker Program"),
    "PrincipalLmiaStream.permanent_residence": pgettext_lazy("fact", "LMIA supporting permanent residence only"),
    "PrincipalLmiaStream.global_talent": pgettext_lazy("fact", "Global Talent Stream LMIA"),
    "PrincipalLmiaStream.none": pgettext_lazy("fact", "Not based on an LMIA"),
    "ProfessionalProgram.dentistry": pgettext_lazy("fact", "Dentistry"),
    "ProfessionalProgram.law": pgettext_lazy("fact", "Law"),
    "ProfessionalProgram.medicine": pgettext_lazy("fact", "Medicine"),
    "ProfessionalProgram.optometry": pgettext_lazy("fact", "Optometry"),
    "ProfessionalProgram.pharmacy": pgettext_lazy("fact", "Pharmacy"),
    "ProfessionalProgram.veterinary_medicine": pgettext_lazy("fact", "Veterinary medicine"),
    "ProfessionalProgram.nursing": pgettext_lazy("fact", "Nursing"),
    "ProfessionalProgram.education": pgettext_lazy("fact", "Education (teaching)"),
    "ProfessionalProgram.engineering": pgettext_lazy("fact", "Engineering"),
    "ProfessionalProgram.other": pgettext_lazy("fact", "Another professional degree"),
    "ApplicationKind.initial": pgettext_lazy("fact", "First application"),
    "ApplicationKind.extension": pgettext_lazy("fact", "Extension"),
}

SKILLS = ("speaking", "listening", "reading", "writing")


# --- labels ------------------------------------------------------------------------------------


def _pattern(path: str) -> tuple[str, list[int]]:
    """A request path without its list indices, and those indices (``a.b.0.c`` -> ``a.b.c``, [0])."""
    parts, indices = [], []
    for part in path.split("."):
        if part.isdigit():
            indices.append(int(part))
        else:
            parts.append(part)
    return ".".join(parts), indices


def _separator() -> str:
    return pgettext("label separator", ": ")  # " : " in French


def _humanized(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def fact_label(path: str) -> str:
    """A request path as its question, e.g. ``applicant.employment_history.0.start_date`` ->
    "Employment 1: Started on". A path this map does not know reads as words, never as a path."""
    pattern, indices = _pattern(path)
    fact = FACTS.get(pattern)
    if fact is None:
        known = pattern
        while known and known not in FACTS:
            known = known.rpartition(".")[0]
        rest = pattern[len(known) :].lstrip(".").split(".")[-1]
        label = _humanized(rest) if rest else ""
        if known and label:
            return f"{fact_label(known)}{_separator()}{label}"
        return label or _humanized(pattern)
    label = str(fact.label)
    if indices:
        parts = pattern.split(".")
        for cut in range(len(parts), 0, -1):
            container = FACTS.get(".".join(parts[:cut]))
            if container is not None and container.kind is Kind.ENTRIES and container.entry is not None:
                entry = f"{container.entry} {indices[0] + 1}"
                return entry if cut == len(parts) else f"{entry}{_separator()}{label}"
    return label


def fact_labels(paths: Iterable[str]) -> list[str]:
    """Labels of request paths, each once, as a list of what is missing names them (no question
    mark: "Signed offer or contract", not "Signed offer or contract?")."""
    return list(dict.fromkeys(fact_label(path).rstrip("?").rstrip() for path in paths))


@cache
def _engine_labels() -> Mapping[str, Any]:
    return default_rulebook().labels


def enum_label(enum: type[Enum], value: str, language: str) -> str:
    """An enumeration value in words: the engine's label, or ours; capitalized as an answer."""
    key = f"{enum.__name__}.{value}"
    engine = _engine_labels().get(key)
    if engine is not None:
        text = engine[language]
    elif key in ENUM_LABELS:
        text = str(ENUM_LABELS[key])
    else:
        text = _humanized(value)
    return text[:1].upper() + text[1:]


# --- values ------------------------------------------------------------------------------------


def number(value: float, language: str) -> str:
    """A number as the language writes it: 40, 2.5 / 2,5; thousands grouped (10,000 / 10 000)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}"
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _money(value: float, language: str) -> str:
    return money(value, language, cents=not float(value).is_integer())


def answer(fact: Fact, value: Any, language: str) -> str:
    """A fact's value in words, in ``language`` (the active one)."""
    if value is None:
        return pgettext("fact value", "not known")
    kind = fact.kind
    if kind is Kind.YES_NO:
        return pgettext("fact value", "Yes") if value else pgettext("fact value", "No")
    if kind is Kind.DATE:
        return long_date(date.fromisoformat(value), language)
    if kind is Kind.COUNTRY:
        return country_name(value, language)
    if kind is Kind.COUNTRIES:
        return ", ".join(country_name(code, language) for code in value) or pgettext("fact value", "none")
    if kind is Kind.PROVINCE:
        names = PROVINCES.get(value)
        return (names[1] if language == "fr" else names[0]) if names else value
    if kind is Kind.NOC:
        group = noc_unit_groups().get(value)
        if group is None:
            return value
        return f"{value} – {group.title_fr if language == 'fr' else group.title_en}"
    if kind is Kind.CUSMA:
        if value == "none":
            return pgettext("fact value", "None of the professions CUSMA lists")
        profession = cusma_professions().get(value)
        return profession.title if profession else _humanized(value)
    if kind is Kind.MONEY:
        return _money(value, language)
    if kind is Kind.NUMBER:
        return number(value, language)
    if kind is Kind.INTEGER:
        return str(value)
    if kind is Kind.MONTHS:
        return ngettext("%(count)s month", "%(count)s months", value) % {"count": value}
    if kind is Kind.PERCENT:
        return f"{number(value, language)}\u00a0%" if language == "fr" else f"{number(value, language)}%"
    if kind is Kind.CHOICE and fact.enum is not None:
        return enum_label(fact.enum, value, language)
    if kind is Kind.CHOICES and fact.enum is not None:
        return ", ".join(enum_label(fact.enum, v, language) for v in value) or pgettext("fact value", "none")
    if kind is Kind.LEVELS and isinstance(value, dict):
        words = {
            "speaking": pgettext("language skill", "speaking"),
            "listening": pgettext("language skill", "listening"),
            "reading": pgettext("language skill", "reading"),
            "writing": pgettext("language skill", "writing"),
        }
        given = [f"{words[skill]} {value[skill]}" for skill in SKILLS if value.get(skill) is not None]
        return ", ".join(given) or pgettext("fact value", "not known")
    if kind is Kind.WAGE and isinstance(value, dict):
        amount, per = value.get("amount"), value.get("per")
        shown = _money(amount, language) if amount is not None else pgettext("fact value", "not known")
        if per == "hour":
            return pgettext("wage", "%(amount)s an hour") % {"amount": shown}
        if per == "year":
            return pgettext("wage", "%(amount)s a year") % {"amount": shown}
        return shown
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


# --- the facts as sections of questions and answers --------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    answer: str = ""
    heading: bool = False  # a sub-part's title (its facts follow)


def _question(fact: Fact) -> str:
    """A fact's label before its answer on one line: "Employer: X", "Completed? Yes"."""
    label = str(fact.label)
    return f"{label} " if label.endswith("?") else f"{label}{_separator()}"


def _entry_answer(pattern: str, entry: Mapping[str, Any], language: str) -> str:
    parts = []
    for path, fact in FACTS.items():
        if path.rpartition(".")[0] != pattern:
            continue
        key = path.rpartition(".")[2]
        still_there = key == "end_date" and pattern == "applicant.employment_history" and entry.get(key) is None
        if still_there and entry:
            # the contract: an employment without an end date (absent or null) is current
            current = pgettext("fact value", "still employed there")
            parts.append(_question(fact) + current)
        elif key in entry:
            parts.append(f"{_question(fact)}{answer(fact, entry[key], language)}")
    return "; ".join(parts)


def _rows(pattern: str, data: Mapping[str, Any], language: str, depth: int) -> list[Row]:
    rows: list[Row] = []
    for path, fact in FACTS.items():
        parent, _dot, key = path.rpartition(".")
        if parent != pattern or key not in data:
            continue
        value = data[key]
        if fact.kind is Kind.GROUP and isinstance(value, dict):
            inner = _rows(path, value, language, depth + 1)
            if inner:
                rows.append(Row(str(fact.label), heading=True))
                rows += inner
        elif fact.kind is Kind.ENTRIES and isinstance(value, list):
            many = len(value) > 1
            for index, entry in enumerate(value):
                label = f"{fact.entry} {index + 1}" if many else str(fact.entry)
                rows.append(Row(label, _entry_answer(path, entry or {}, language) or pgettext("fact value", "none")))
            if not value:
                rows.append(Row(str(fact.label), pgettext("fact value", "none")))
        else:
            rows.append(Row(str(fact.label), answer(fact, value, language)))
    return rows


def fact_sections(request: Mapping[str, Any], language: str) -> list[tuple[str, list[Row]]]:
    """The request's facts in parts (the applicant, the job offer, ...), each a list of rows: a
    question and its answer in ``language``. Facts not given are left out (they are not known)."""
    sections = []
    for part in ("applicant", "job_offer", "principal", "significant_benefit", "application"):
        value = request.get(part)
        if isinstance(value, dict):
            rows = _rows(part, value, language, 1)
            if rows:
                sections.append((str(FACTS[part].label), rows))
    return sections
