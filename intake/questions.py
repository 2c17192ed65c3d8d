"""The questionnaire: the contract asked as questions, for applicants, employers and consultants.

A question fills the request at a path. It declares only words: its title, the label of each of its
parts, help, and the labels of enumeration members. Everything else (whether a part is a yes/no, a
date, a whole number and its range, which choices an enumeration offers, a list, an object known whole
or not at all) is read from the contract's models by ``contract.shape``.

Which questions to ask, and in which order, follows the engine: a screening's ``questions`` list the
missing facts of each open stream, most decisive first (contract 1.1); a question settling facts that
more open streams are waiting for comes first, and once an answer rules a stream out its questions
stop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from streams.engine import inputs as contract_models

from .contract import (
    CHOICE,
    COUNTRY,
    CUSMA,
    DATE,
    GROUP,
    ITEMS,
    MULTI,
    NOC,
    NUMBER,
    PROVINCE,
    TEXT,
    YES_NO,
    Shape,
    shape,
)

Label = Promise | str

ANY = "any"  # the form-only yes/no of a list question: "do you have any?" ("no" is an empty list)
UNKNOWN = "unknown"  # the "I don't know" choice: no answer is stored
NONE = "none"  # the "none" choice of a list of countries or of a multiple choice: an empty list

__all__ = [
    "ANY", "APPLICANT_FIRST", "BY_ID", "CHOICE", "CHOICE_LABELS", "COUNTRY", "CUSMA", "DATE", "EMPLOYER_QUESTIONS",
    "Field", "GROUP", "ITEMS", "MULTI", "NOC", "NONE", "NUMBER", "Need", "PROVINCE", "QUESTIONS", "Question",
    "PARTS", "Part", "SITUATIONS", "TEXT", "UNKNOWN", "YES_NO", "next_questions", "question_for", "questions_left",
    "parts",
]


# --- the labels of enumeration members: one place --------------------------------------------------

CHOICE_LABELS: Mapping[type, Mapping[str, Label]] = {
    contract_models.Location: {"outside_canada": _("Outside Canada"), "inside_canada": _("Inside Canada")},
    contract_models.EducationLevel: {
        "secondary": _("Secondary school"),
        "post_secondary_certificate": _("Post-secondary certificate"),
        "post_secondary_diploma": _("Post-secondary diploma"),
        "bachelor": _("Bachelor's degree"),
        "master": _("Master's degree"),
        "doctorate": _("Doctorate"),
        "professional_degree": _("Professional degree (law, medicine, ...)"),
    },
    contract_models.PositionCategory: {
        "executive": _("Executive"),
        "senior_manager": _("Senior manager"),
        "functional_manager": _("Functional manager"),
        "specialized_knowledge": _("Specialized knowledge"),
        "other": _("Other"),
    },
    contract_models.IecCategory: {
        "working_holiday": _("Working Holiday"),
        "young_professionals": _("Young Professionals"),
        "international_coop": _("International Co-op"),
    },
    contract_models.IecProgram: {"standard": _("The standard program"), "vie": _("France's VIE"),
                                 "icex_vives": _("Spain's ICEX Vives")},
    contract_models.FieldOfStudy: {"forestry": _("Forestry"), "agriculture": _("Agriculture"), "tourism": _("Tourism"),
                                   "other": _("Another field")},
    contract_models.Relationship: {
        "parent": _("parent"), "subsidiary": _("subsidiary"), "branch": _("branch"), "affiliate": _("affiliate"),
        "none": _("no relationship"),
    },
    contract_models.WagePer: {"hour": _("hour"), "year": _("year")},
    contract_models.WorkType: {
        "religious": _("Religious (for example religious instruction or ministry)"),
        "charitable": _("Charitable (for example relief of poverty or education)"),
        "other": _("Neither"),
    },
    contract_models.PrincipalRelationship: {"spouse": _("spouse"), "common_law_partner": _("common-law partner"),
                                            "dependent_child": _("dependent child")},
    contract_models.PrincipalStatus: {"worker": _("worker"), "student": _("student")},
    contract_models.Authorization: {
        "employer_specific_permit": _("an employer-specific work permit"),
        "open_permit": _("an open work permit"),
        "pgwp": _("a post-graduation work permit"),
        "study_permit": _("a study permit"),
        "r186_no_permit": _("no permit (work allowed without one)"),
        "spousal_open_permit": _("a spousal open work permit"),
    },
    contract_models.StudyLevel: {
        "master": _("Master's"), "doctorate": _("Doctorate"), "professional_degree": _("Professional degree"),
        "bachelor": _("Bachelor's"), "college": _("College"), "other": _("Other"),
    },
    contract_models.ProfessionalProgram: {
        "dentistry": _("Dentistry (DDS, DMD)"), "law": _("Law (LLB, JD, BCL)"), "medicine": _("Medicine (MD)"),
        "optometry": _("Optometry (OD)"), "pharmacy": _("Pharmacy (PharmD, BS, BSc, BPharm)"),
        "veterinary_medicine": _("Veterinary medicine (DVM)"), "nursing": _("Nursing (BScN, BSN, BNSc, BN)"),
        "education": _("Education (BEd)"), "engineering": _("Engineering (BEng, BE, BASc)"),
        "other": _("Another professional degree"),
    },
    contract_models.PrincipalLmiaStream: {
        "high_wage": _("high-wage stream"), "low_wage": _("low-wage stream"),
        "agricultural": _("agricultural stream"), "sawp": _("Seasonal Agricultural Worker Program"),
        "permanent_residence": _("permanent residence stream"), "global_talent": _("Global Talent Stream"),
        "none": _("no LMIA (an LMIA-exempt permit)"),
    },
    contract_models.R186Paragraph: {
        "f": _("R186(f): a student working on campus"), "v": _("R186(v): a student working off campus"),
        "w": _("R186(w): while their post-graduation work permit application is processed"),
        "other": _("another paragraph of R186"),
    },
    contract_models.ApplicationKind: {"initial": _("A first permit"), "extension": _("An extension")},
    contract_models.SignificantBenefitIndicator: {
        "exceptional_expertise": _("Exceptional expertise"),
        "national_or_international_recognition": _("National or international recognition"),
        "awards": _("Awards"), "leadership_role": _("A leading role"),
        "economic_impact": _("Economic impact in Canada"), "job_creation": _("Jobs created in Canada"),
        "letters_of_support": _("Letters of support from experts"), "unique_skills": _("Unique skills"),
        "ten_years_experience": _("Ten years' experience"),
    },
}


# --- questions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A part of a question as declared: the field's name under the question's path ("" for the path
    itself) and its words. ``shows_if``: (another part, form value): a follow-up, hidden otherwise."""

    name: str
    label: Label
    help: Label = ""
    shows_if: tuple[str, str] | None = None
    employer_label: Label = ""  # the same question put to an employer (about the candidate)


@dataclass(frozen=True)
class Field:
    """One input: a part and what the contract says about it."""

    name: str
    label: Label
    shape: Shape
    help: Label = ""
    shows_if: tuple[str, str] | None = None
    employer_label: Label = ""
    more_label: Label = ""  # a list of countries: the label of its later inputs
    count: int = 1  # a list of countries: how many inputs
    none_label: Label = ""  # a list that may be empty: the "none" choice

    @property
    def kind(self) -> str:
        return self.shape.kind

    @property
    def choices(self) -> tuple[tuple[str, Label], ...]:
        labels = CHOICE_LABELS.get(self.shape.enum, {}) if self.shape.enum else {}
        return tuple((value, labels[value]) for value in self.shape.choices)

    @property
    def minimum(self) -> float | None:
        return self.shape.minimum

    @property
    def maximum(self) -> float | None:
        return self.shape.maximum


@dataclass(frozen=True)
class Question:
    """A question fills the request at ``path``. A list of objects (``items``) takes entries; its
    ``any_label`` asks first whether there are any ("no" is a known empty list)."""

    id: str
    path: str
    title: Label
    fields: tuple[Field, ...]
    help: Label = ""
    add_label: Label = ""  # a list question: the box to tick for one more entry
    any_label: Label = ""
    together_error: Label = ""  # an object known whole or not at all: what to say when it is half given
    employer_title: Label = ""

    @property
    def shape(self) -> Shape:
        return shape(self.path)

    @property
    def item(self) -> bool:
        return self.shape.kind == ITEMS

    @property
    def required_together(self) -> tuple[str, ...]:
        return self.shape.required_together

    def covers(self, missing_path: str) -> bool:
        return missing_path == self.path or missing_path.startswith(self.path + ".")

    def field_path(self, spec: Field) -> str:
        return f"{self.path}.{spec.name}" if spec.name and spec.name != ANY else self.path


def question(id: str, path: str, title: Label, *parts: Part, help: Label = "", add_label: Label = "",
             any_label: Label = "", together_error: Label = "", countries: int = 1, more_label: Label = "",
             none_label: Label = "", employer_title: Label = "") -> Question:
    """A question, its parts' kinds, choices and bounds read from the contract at their paths."""
    fields: list[Field] = []
    if any_label:
        fields.append(Field(ANY, any_label, Shape(YES_NO)))
    for part in parts:
        part_path = f"{path}.{part.name}" if part.name else path
        part_shape = shape(part_path)
        shows_if = part.shows_if or ((ANY, "yes") if any_label else None)
        fields.append(Field(part.name, part.label, part_shape, part.help, shows_if, part.employer_label,
                            more_label=more_label, count=countries if part_shape.many else 1,
                            none_label=none_label if part_shape.many else ""))
    return Question(id, path, title, tuple(fields), help, add_label, any_label, together_error, employer_title)


P = Part
IF_YES = "yes"

QUESTIONS: tuple[Question, ...] = (
    # --- you -----------------------------------------------------------------------------------
    question("citizenships", "applicant.citizenships", _("Your citizenship"),
             P("", _("Country of citizenship"),
               _("The country whose passport you hold. If you hold two, give the second one below.")),
             countries=2, more_label=_("Second citizenship (if any)")),
    question("date_of_birth", "applicant.date_of_birth", _("Your date of birth"), P("", _("Date of birth"))),
    question("residence", "applicant.country_of_residence", _("Where you live"),
             P("", _("Country where you live now"))),
    question("permanent_residences", "applicant.permanent_residences", _("Permanent residence"),
             P("", _("Country where you are a permanent resident (not a citizen)")),
             none_label=_("None")),
    question("location", "applicant.location", _("Where you will apply from"), P("", _("When you apply you will be"))),
    question("passport", "applicant.passport_expiry", _("Your passport"),
             P("", _("Passport expiry date"), _("A permit cannot outlast the passport (US citizens aside)."))),
    question("education", "applicant.education", _("Your education"),
             P("level", _("Level")), P("field", _("Field of study")), P("completed", _("Completed")),
             P("related_to_offer", _("Related to the job in Canada")),
             P("country", _("Country where you earned it")),
             P("duration_years", _("Years of post-secondary study it took")),
             P("licenciatura", _("Is it a Licenciatura degree?")),
             any_label=_("Do you have a diploma or degree?"),
             add_label=_("I have another diploma or degree to add")),
    question("experience", "applicant.years_experience_in_offer_occupation", _("Your experience"),
             P("", _("Years of work in the occupation of the job offer"))),
    question("licence", "applicant.holds_licence_for_offer_occupation", _("Licence to practise"),
             P("", _("Do you hold a state, provincial or federal licence to practise this profession?"))),
    question("training", "applicant.completed_profession_specific_training", _("Profession-specific training"),
             P("", _("Have you completed the training your profession's credential names "
                     "(for example disaster relief claims adjustment)?"))),
    question("french", "applicant.french_nclc", _("Your French"),
             P("speaking", _("Speaking level (NCLC, 0 to 12)")), P("listening", _("Listening level (NCLC, 0 to 12)")),
             help=_("From a TEF Canada or TCF Canada result. A diploma from a French-language school can "
                    "also prove your level; if you have one but no test, enter the level you expect.")),
    question("employment", "applicant.employment_history", _("Your current or last employer abroad"),
             P("employer_name", _("Employer")), P("country", _("Country")), P("start_date", _("Start date")),
             P("end_date", _("End date"), _("Leave empty if you still work there.")),
             P("hours_per_week", _("Hours per week")), P("position_category", _("Kind of position")),
             P("related_to_offer_employer",
               _("Is this employer the parent, subsidiary, branch or affiliate of the Canadian employer?")),
             P("similar_to_offer", _("Is the job similar to the one offered in Canada?")),
             P("permanent", _("Is it a permanent job (not for a fixed term)?")),
             any_label=_("Have you worked for an employer outside Canada?"),
             add_label=_("I have another employer or position to add")),
    question("specialized_knowledge", "applicant.specialized_knowledge", _("Specialized knowledge"),
             P("proprietary_knowledge", _("Do you have proprietary knowledge of the company's products, "
                                          "services or methods?")),
             P("advanced_expertise", _("Do you have an advanced level of expertise?"))),
    question("iec_history", "applicant.iec_participations", _("Earlier International Experience Canada permits"),
             P("country", _("Under which country")), P("category", _("Category")),
             P("permit_issued_on", _("Date the permit was issued")),
             P("permit_expires_on", _("Date the permit ended (or ends)")),
             P("season", _("Season (year) of the invitation")),
             P("through_recognized_organization", _("Through a recognized organization?")),
             any_label=_("Have you ever held an International Experience Canada permit?"),
             add_label=_("I have held another International Experience Canada permit")),
    question("recognized_organization", "applicant.applying_through_recognized_organization",
             _("Recognized organization"),
             P("", _("Will you apply through a recognized organization (such as a youth exchange "
                     "organization approved by IRCC)?"))),
    question("refugee_travel_document", "applicant.holds_refugee_travel_document", _("Refugee travel document"),
             P("", _("Has a refugee travel document ever been issued to you?"))),
    question("funds", "applicant.funds_cad", _("Money on arrival"),
             P("", _("Canadian dollars available when you arrive"))),
    question("insurance", "applicant.will_hold_health_insurance", _("Health insurance"),
             P("", _("Will you hold health insurance for your whole stay?"))),
    question("dependants", "applicant.accompanying_dependants", _("Family coming with you"),
             P("", _("Would a spouse, partner or child come with you on the same application?"))),
    question("enrolment", "applicant.post_secondary_enrolment", _("Your studies"),
             P("enrolled", _("Are you enrolled at a college or university?")),
             P("country", _("Country of the school"), shows_if=("enrolled", IF_YES)),
             P("internship_required", _("Does your program require this internship?"), shows_if=("enrolled", IF_YES)),
             P("field_of_study", _("Field of study")),
             P("graduated_on", _("If you have graduated: date of graduation"))),
    question("residence_history", "applicant.residence_history", _("Places you have lived"),
             P("country", _("Country or territory")), P("from", _("From")),
             P("to", _("To"), _("Leave empty if you still live there.")),
             help=_("Every country where you have lived 6 months or more since the age of 18, yours included. "
                    "Police certificates and the medical exam depend on them."),
             add_label=_("I have lived in another country to add")),
    question("family_size", "applicant.family_size", _("Your family"),
             P("", _("How many people would your money support, you included?"))),
    question("destination_licence", "applicant.holds_licence_in_destination_province",
             _("Licence in the province of work"),
             P("", _("Do you hold a licence to practise from the province or territory where you would work?"))),
    question("studying_in_canada", "applicant.studying_full_time_in_canada", _("Studying in Canada"),
             P("", _("Are you, or will you be, a full-time student in Canada?"))),
    # --- the job ---------------------------------------------------------------------------------
    question("signed", "job_offer.signed", _("A job offer"),
             P("", _("Do you have a signed job offer or contract from a Canadian employer?"),
               employer_label=_("Is there a signed offer letter or contract?"))),
    question("noc", "job_offer.noc_code", _("The occupation"),
             P("", _("NOC 2021 code (5 digits)"),
               _("Type a job title to find its code, or enter the code from the National Occupational "
                 "Classification."))),
    question("province", "job_offer.province", _("Where the work is done"), P("", _("Province or territory"))),
    question("title", "job_offer.title", _("Job title"), P("", _("Job title"))),
    question("wage", "job_offer.wage", _("The wage"),
             P("amount", _("Guaranteed wage (CAN$)")), P("per", _("Per")),
             together_error=_("Give both the amount and whether it is per hour or per year.")),
    question("hours", "job_offer.hours_per_week", _("Hours of work"), P("", _("Hours per week"))),
    question("duration", "job_offer.duration_months", _("Length of the job"), P("", _("Months"))),
    question("prevailing_wage", "job_offer.prevailing_wage_hourly", _("Prevailing wage"),
             P("", _("Job Bank median hourly wage for this occupation and region (CAN$)"),
               _("Find it on Job Bank under 'Wages' for the occupation and the region of work."))),
    question("paid", "job_offer.paid", _("Pay"), P("", _("Is the work paid?"))),
    question("self_employed", "job_offer.self_employed", _("Self-employment"),
             P("", _("Would you work for your own business in Canada?"))),
    question("development", "job_offer.contributes_to_professional_development", _("Professional development"),
             P("", _("Does the job contribute to your professional development?"),
               employer_label=_("Does the job contribute to the worker's professional development?"))),
    question("work_type", "job_offer.work_type", _("Kind of work"),
             P("", _("Are the duties themselves religious or charitable?")),
             help=_("Working for a church or a charity is not enough: what counts is the work itself.")),
    question("business", "job_offer.business", _("Your business in Canada"),
             P("ownership_percent", _("Share of the business you control (%)")),
             P("sufficient_funds", _("Do you have enough money to support yourself and fund the business?")),
             P("business_plan", _("Is there a business plan, with steps already taken (premises, staff, "
                                  "business number)?")),
             P("support_funds_cad", _("Money to live on in Canada, apart from the business (CAN$)")),
             P("business_funds_separate", _("Are the business's funds separate from the money you live on?")),
             P("exit_plan", _("Is the business seasonal, or do you have a plan to hand it over and leave?"))),
    question("cusma_profession", "job_offer.cusma_profession", _("CUSMA profession"),
             P("", _("Is the job one of the professions listed in CUSMA?"))),
    question("public_health", "job_offer.public_health_setting", _("Where the work is done"),
             P("", _("Is the work in health care, a school, child care or in-home care?"),
               _("Such work needs an immigration medical exam."))),
    question("iec_program", "job_offer.iec_program", _("Young Professionals program"),
             P("", _("Is the job part of one of these programs?"))),
    question("relationship", "job_offer.intra_company.relationship", _("The two employers"),
             P("", _("The Canadian employer is, to the foreign employer, its"))),
    question("foreign_employer_country", "job_offer.intra_company.foreign_employer_country", _("The foreign employer"),
             P("", _("Country of the foreign employer"))),
    question("multinational", "job_offer.intra_company.foreign_employer_multinational", _("Multinational"),
             P("", _("Does the foreign company already earn revenue in a country other than its home country?"))),
    question("doing_business", "job_offer.intra_company.canadian_entity_doing_business", _("The Canadian company"),
             P("", _("Is the Canadian company already doing business (providing goods or services)?"))),
    question("new_office", "job_offer.intra_company.new_office", _("New office"),
             P("", _("Is the transfer to open a new office in Canada?"))),
    question("premises", "job_offer.intra_company.physical_premises_secured", _("The office in Canada"),
             P("", _("Does the Canadian business have physical commercial premises where you will work "
                     "(secured premises, for a new office)?")),
             help=_("A virtual office, a home office or remote work does not qualify.")),
    question("new_office_facts", "job_offer.intra_company", _("The new office"),
             P("staffing_plan", _("Is there a plan to staff the office?")),
             P("financial_capacity", _("Can the company fund it and pay its staff?"))),
    question("position_category", "job_offer.intra_company.position_category", _("The position in Canada"),
             P("", _("Kind of position in Canada"))),
    question("position_held_open", "job_offer.intra_company.foreign_position_held_open", _("The job abroad"),
             P("", _("Is your position abroad held open for your return?"),
               employer_label=_("Is the position abroad held open for the worker's return?"))),
    question("remote_for_quebec", "job_offer.remote_for_quebec_employer", _("Remote work"),
             P("", _("Would you work remotely for an employer located in Quebec?"),
               employer_label=_("Would the worker work remotely for an employer located in Quebec?"))),
    question("gts", "job_offer.gts", _("Global Talent Stream"),
             P("designated_partner_referral", _("Was the employer referred by a designated partner?")),
             P("labour_market_benefits_plan", _("Will the employer commit to a Labour Market Benefits Plan?")),
             P("positions_this_year", _("Category A positions this year, this one included"))),
    question("gts_subset", "job_offer.gts.within_listed_subset", _("Global Talent occupations"),
             P("", _("Is the position one of the visual effects, video game, animation or digital media roles the "
                     "Global Talent occupations list describes?"))),
    # --- your family member in Canada -------------------------------------------------------------------
    question("principal_relationship", "principal.relationship", _("Your family member in Canada"),
             P("", _("You are their"))),
    question("principal_status", "principal.status", _("What they do in Canada"), P("", _("They are a"))),
    question("principal_authorization", "principal.authorization", _("Their permit"), P("", _("They hold"))),
    question("principal_valid_until", "principal.authorization_valid_until", _("Their permit's end"),
             P("", _("Valid until"))),
    question("principal_noc", "principal.noc_code", _("Their occupation"), P("", _("Their NOC 2021 code (5 digits)"))),
    question("principal_study", "principal.study_program", _("Their studies"),
             P("level", _("Program")), P("length_months", _("Length of the program (months)")),
             P("full_time", _("Full time")),
             P("pgwp_eligible_institution", _("At an institution eligible for the post-graduation work permit")),
             P("professional_program", _("Which professional degree program"),
               shows_if=("level", "professional_degree"))),
    question("principal_resides", "principal.resides_in_canada", _("Where they live"),
             P("", _("Do they live in Canada?"))),
    question("principal_pr", "principal.applied_for_permanent_residence", _("Permanent residence"),
             P("", _("Have they applied for permanent residence (economic class)?"))),
    question("principal_lmia", "principal.lmia_stream", _("Their LMIA"),
             P("", _("Their employer-specific permit rests on an LMIA of the")),
             help=_("The LMIA decision letter names the stream.")),
    question("principal_agri_food", "principal.agri_food_pilot_pr_applicant", _("Agri-Food Pilot"),
             P("", _("Did they apply for permanent residence under the Agri-Food Pilot, and did IRCC "
                     "acknowledge receipt?"))),
    question("principal_r186", "principal.r186_paragraph", _("Their work without a permit"),
             P("", _("They work without a permit under"))),
    question("principal_permit_code", "principal.permit_code", _("Their permit's code"),
             P("", _("The exemption code printed on their open work permit (such as C21)"))),
    question("principal_select_list", "principal.noc_on_select_list", _("Select occupations for spouses"),
             P("", _("Is their occupation on IRCC's list of select TEER 2 or 3 occupations?")),
             help=_("Annex A of IRCC's instructions “Spouses or common-law partners of foreign nationals authorized "
                    "to work in TEER 0 or 1, or select TEER 2 or 3 occupations [R205(c)(ii) – C41]”.")),
    # --- significant benefit and the application -----------------------------------------------------------
    question("indicators", "significant_benefit.indicators", _("Evidence of significant benefit"),
             P("", _("Which of these can you show?")), none_label=_("None of these")),
    question("application_kind", "application", _("The application"),
             P("kind", _("Is this a first permit or an extension?")),
             P("initial_application_date", _("Date of the first application"), shows_if=("kind", "extension")),
             P("last_biometrics_on", _("When did you last give biometrics (fingerprints and photo), if ever?"))),
)

BY_ID: Mapping[str, Question] = {q.id: q for q in QUESTIONS}
_ORDER = {q.id: i for i, q in enumerate(QUESTIONS)}

# Situations chosen on the first page narrow the streams screened (the contract's "streams").
SITUATIONS: tuple[tuple[str, Promise, tuple[str, ...]], ...] = (
    ("job_offer", _("I have, or expect, a job offer from a Canadian employer"),
     ("cusma_professional", "iec_young_professionals", "significant_benefit", "global_talent_stream",
      "francophone_mobility", "religious_charitable_work")),
    ("transfer", _("My employer abroad would transfer me to its office in Canada"), ("ict", "cusma_ict")),
    ("youth", _("I am 18 to 35 and want a working holiday, young professional job or internship"),
     ("iec_working_holiday", "iec_young_professionals", "iec_international_coop")),
    ("family", _("My spouse, partner or parent works or studies in Canada"), ("spousal_open_work_permit",)),
    ("business", _("I own a business in Canada and would come to run it"), ("business_owners",)),
)

# Every question, by part of the request: a consultant's form over a whole client file.
@dataclass(frozen=True)
class Part:
    """A part of a client file's facts, edited on a page of its own (each page stays small)."""

    slug: str
    title: Promise


PARTS: tuple[Part, ...] = (
    Part("person", _("The person")),
    Part("history", _("Studies, work and travel")),
    Part("job", _("The job offer")),
    Part("family", _("The family member in Canada")),
)
# The person's past: studies, work, earlier IEC participations, where she has lived.
HISTORY = frozenset({"education", "enrolment", "employment", "experience", "training", "specialized_knowledge",
                     "iec_history", "residence_history"})


def part_of(question: Question) -> str:
    if question.id in HISTORY:
        return "history"
    if question.path.startswith(("job_offer.", "significant_benefit.")) or question.path == "job_offer":
        return "job"
    if question.path.startswith("principal."):
        return "family"
    return "person"  # the applicant's own facts, and the application itself


def parts() -> list[tuple[Part, list[Question]]]:
    """Every question under its part, parts in PARTS order, questions in questionnaire order."""
    grouped: dict[str, list[Question]] = {part.slug: [] for part in PARTS}
    for q in QUESTIONS:
        grouped[part_of(q)].append(q)
    return [(part, grouped[part.slug]) for part in PARTS]


# The employer's questions: the role only. Not asked: whether the person would be self-employed
# (the employer is hiring) nor anything about the candidate.
EMPLOYER_QUESTIONS = ("noc", "title", "province", "wage", "hours", "duration", "prevailing_wage",
                      "paid", "development", "work_type", "cusma_profession", "relationship",
                      "position_category", "gts")
APPLICANT_FIRST = ("citizenships", "date_of_birth", "residence")

# Facts no question asks, as a facts table names them (reports, downloads): with the questions'
# own labels, every field of the contract has a name in both languages (a test checks it).
FACT_LABELS: Mapping[str, Label] = {
    "applicant.french_nclc.reading": _("French reading level (NCLC)"),
    "applicant.french_nclc.writing": _("French writing level (NCLC)"),
    "applicant.english_clb.speaking": _("English speaking level (CLB)"),
    "applicant.english_clb.listening": _("English listening level (CLB)"),
    "applicant.english_clb.reading": _("English reading level (CLB)"),
    "applicant.english_clb.writing": _("English writing level (CLB)"),
    "applicant.employment_history.noc_code": _("NOC 2021 code of the job"),
    "job_offer.employer_name": _("Canadian employer"),
    "job_offer.duties": _("Duties"),
    "job_offer.start_date": _("Start date of the job"),
}
PER_PAGE = 5


def question_for(missing_path: str) -> Question | None:
    """The question that settles a missing field: the most specific one covering it."""
    best: Question | None = None
    for q in QUESTIONS:
        if q.covers(missing_path) and (best is None or len(q.path) > len(best.path)):
            best = q
    return best


@dataclass
class Need:
    question: Question
    reasons: dict[str, list[str]] = field(default_factory=dict)  # criterion title -> stream titles
    streams: int = 0  # open streams waiting for its facts
    rank: int = 0  # the best position its facts have in a stream's ``questions``
    criteria: int = 0  # unknown criteria of open streams its facts would settle
    closest: int = 0  # the score of the most advanced stream waiting for it


def _needs(result: Mapping[str, Any], asked: Iterable[str]) -> list[Need]:
    done = set(asked)
    needs: dict[str, Need] = {}
    waiting: dict[str, set[str]] = {}
    for stream in result["streams"]:
        if stream["outcome"] != "needs_information":
            continue  # ruled out (its questions stop), eligible, or not assessed
        for position, path in enumerate(stream.get("questions") or ()):
            q = question_for(path)
            if q is None or q.id in done:
                continue
            need = needs.get(q.id)
            if need is None:
                need = needs[q.id] = Need(q, rank=position)
            need.rank = min(need.rank, position)
            need.closest = max(need.closest, stream["score"])
            waiting.setdefault(q.id, set()).add(stream["stream"])
        for criterion in stream["criteria"]:
            if criterion["status"] != "unknown":
                continue
            settled_by = {q.id for q in map(question_for, criterion["missing"]) if q is not None and q.id in needs}
            for question_id in settled_by:
                needs[question_id].criteria += 1
                titles = needs[question_id].reasons.setdefault(criterion["title"], [])
                if stream["title"] not in titles:
                    titles.append(stream["title"])
    for question_id, streams in waiting.items():
        needs[question_id].streams = len(streams)
    # Most decisive first: the facts more open streams wait for; among those, the facts that settle more
    # of their criteria, then those of the stream closest to an answer, then those each stream ranks
    # higher.
    return sorted(needs.values(),
                  key=lambda n: (-n.streams, -n.criteria, -n.closest, n.rank, _ORDER[n.question.id]))


def next_questions(result: Mapping[str, Any], asked: Iterable[str], limit: int = PER_PAGE) -> list[Need]:
    """The questions not yet asked that would settle a fact an open stream still needs, most decisive
    first (the result's ``questions``), at most ``limit``."""
    return _needs(result, asked)[:limit]


def questions_left(result: Mapping[str, Any], asked: Iterable[str]) -> int:
    """How many questions are still to be asked on these answers (an answer that rules a stream out
    makes it fewer)."""
    return len(_needs(result, asked))


def by_kind(kind: str) -> list[tuple[Question, Field]]:
    return [(q, f) for q in QUESTIONS for f in q.fields if f.kind == kind]


KINDS = (YES_NO, DATE, NUMBER, TEXT, CHOICE, MULTI, COUNTRY, PROVINCE, NOC, CUSMA, GROUP, ITEMS)
