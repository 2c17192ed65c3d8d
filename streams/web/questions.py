"""The questionnaire: questions that fill in a screening request (contract v1), and the choice of
which to ask next.

The engine decides what matters. After each step the answers so far are screened; the fields the
still-open streams list as ``missing`` are the ones worth asking, so once an answer rules a stream
out its questions stop. Each question knows the request path it fills; the criteria that read
that path say why it is asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from streams.engine import inputs as limits  # the contract's believable ranges, asked the same way

YES_NO = "yes_no"  # Yes / No / I don't know
DATE = "date"
NUMBER = "number"
TEXT = "text"
CHOICE = "choice"
COUNTRY = "country"
COUNTRIES = "countries"  # up to two
PROVINCE = "province"
NOC = "noc"
CUSMA = "cusma"
MULTI = "multi"


@dataclass(frozen=True)
class Field:
    """One input. ``name`` is relative to the question's path (empty: the path itself)."""

    name: str
    kind: str
    label: Promise | str
    choices: tuple[tuple[str, Promise | str], ...] = ()
    help: Promise | str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Question:
    """A question fills the request at ``path``; ``item`` questions fill the entries of a list."""

    id: str
    path: str
    title: Promise | str
    fields: tuple[Field, ...]
    help: Promise | str = ""
    item: bool = False
    tags: frozenset[str] = field(default_factory=frozenset)
    as_list: bool = False  # a one-field question over a list of values: it edits the first
    add_label: Promise | str = ""  # a list question: the box to tick for one more entry

    def covers(self, missing_path: str) -> bool:
        return missing_path == self.path or missing_path.startswith(self.path + ".")


POSITION_CATEGORIES = (
    ("executive", _("Executive")),
    ("senior_manager", _("Senior manager")),
    ("functional_manager", _("Functional manager")),
    ("specialized_knowledge", _("Specialized knowledge")),
    ("other", _("Other")),
)
EDUCATION_LEVELS = (
    ("secondary", _("Secondary school")),
    ("post_secondary_certificate", _("Post-secondary certificate")),
    ("post_secondary_diploma", _("Post-secondary diploma")),
    ("bachelor", _("Bachelor's degree")),
    ("master", _("Master's degree")),
    ("doctorate", _("Doctorate")),
    ("professional_degree", _("Professional degree (law, medicine, ...)")),
)
IEC_CATEGORIES = (
    ("working_holiday", _("Working Holiday")),
    ("young_professionals", _("Young Professionals")),
    ("international_coop", _("International Co-op")),
)

QUESTIONS: tuple[Question, ...] = (
    # --- the person ----------------------------------------------------------------------
    Question("citizenships", "applicant.citizenships", _("Your citizenship"), (
        Field("", COUNTRIES, _("Countries of citizenship"),
              help=_("Choose every country whose passport you hold (up to two here).")),
    )),
    Question("date_of_birth", "applicant.date_of_birth", _("Your date of birth"), (
        Field("", DATE, _("Date of birth")),
    )),
    Question("residence", "applicant.country_of_residence", _("Where you live"), (
        Field("", COUNTRY, _("Country where you live now")),
    )),
    Question("permanent_residences", "applicant.permanent_residences", _("Permanent residence"), (
        Field("", COUNTRY, _("Country where you are a permanent resident (not a citizen), if any")),
    ), as_list=True),
    Question("location", "applicant.location", _("Where you will apply from"), (
        Field("", CHOICE, _("When you apply you will be"), choices=(
            ("outside_canada", _("Outside Canada")), ("inside_canada", _("Inside Canada")))),
    )),
    Question("passport", "applicant.passport_expiry", _("Your passport"), (
        Field("", DATE, _("Passport expiry date"), help=_("A permit cannot outlast the passport (US citizens aside).")),
    )),
    Question("education", "applicant.education", _("Your education"), (
        Field("level", CHOICE, _("Level"), choices=EDUCATION_LEVELS),
        Field("field", TEXT, _("Field of study")),
        Field("completed", YES_NO, _("Completed")),
        Field("related_to_offer", YES_NO, _("Related to the job in Canada")),
    ), item=True, add_label=_("I have another diploma or degree to add")),
    Question("experience", "applicant.years_experience_in_offer_occupation", _("Your experience"), (
        Field("", NUMBER, _("Years of work in the occupation of the job offer"), minimum=0,
              maximum=limits.MAX_YEARS_EXPERIENCE),
    )),
    Question("licence", "applicant.holds_licence_for_offer_occupation", _("Licence to practise"), (
        Field("", YES_NO, _("Do you hold a state, provincial or federal licence to practise this profession?")),
    )),
    Question("training", "applicant.completed_profession_specific_training", _("Profession-specific training"), (
        Field("", YES_NO, _("Have you completed the training your profession's credential names "
                            "(for example disaster relief claims adjustment)?")),
    )),
    Question("french", "applicant.french_nclc", _("Your French"), (
        Field("speaking", NUMBER, _("Speaking level (NCLC, 0 to 12)"), minimum=0, maximum=12),
        Field("listening", NUMBER, _("Listening level (NCLC, 0 to 12)"), minimum=0, maximum=12),
    ), help=_("From a TEF Canada or TCF Canada result. A diploma from a French-language school can "
              "also prove your level; if you have one but no test, enter the level you expect.")),
    Question("employment", "applicant.employment_history", _("Your current or last employer abroad"), (
        Field("employer_name", TEXT, _("Employer")),
        Field("country", COUNTRY, _("Country")),
        Field("start_date", DATE, _("Start date")),
        Field("end_date", DATE, _("End date"), help=_("Leave empty if you still work there.")),
        Field("hours_per_week", NUMBER, _("Hours per week"), minimum=0, maximum=168),
        Field("position_category", CHOICE, _("Kind of position"), choices=POSITION_CATEGORIES),
        Field("related_to_offer_employer", YES_NO,
              _("Is this employer the parent, subsidiary, branch or affiliate of the Canadian employer?")),
        Field("similar_to_offer", YES_NO, _("Is the job similar to the one offered in Canada?")),
    ), item=True, add_label=_("I have another employer or position to add")),
    Question("specialized_knowledge", "applicant.specialized_knowledge", _("Specialized knowledge"), (
        Field("proprietary_knowledge", YES_NO, _("Do you have proprietary knowledge of the company's products, "
                                                 "services or methods?")),
        Field("advanced_expertise", YES_NO, _("Do you have an advanced level of expertise?")),
    )),
    Question("iec_history", "applicant.iec_participations", _("Earlier International Experience Canada permits"), (
        Field("none", YES_NO, _("Have you ever held an International Experience Canada permit?")),
        Field("country", COUNTRY, _("If yes: under which country")),
        Field("category", CHOICE, _("If yes: category"), choices=IEC_CATEGORIES),
        Field("permit_issued_on", DATE, _("If yes: date the permit was issued")),
        Field("through_recognized_organization", YES_NO, _("If yes: through a recognized organization?")),
    ), item=True, add_label=_("I have held another International Experience Canada permit")),
    Question("recognized_organization", "applicant.applying_through_recognized_organization",
             _("Recognized organization"), (
        Field("", YES_NO, _("Will you apply through a recognized organization (such as a youth exchange "
                            "organization approved by IRCC)?")),
    )),
    Question("funds", "applicant.funds_cad", _("Money on arrival"), (
        Field("", NUMBER, _("Canadian dollars available when you arrive"), minimum=0,
              maximum=limits.MAX_FUNDS_CAD),
    )),
    Question("insurance", "applicant.will_hold_health_insurance", _("Health insurance"), (
        Field("", YES_NO, _("Will you hold health insurance for your whole stay?")),
    )),
    Question("dependants", "applicant.accompanying_dependants", _("Family coming with you"), (
        Field("", YES_NO, _("Would a spouse, partner or child come with you on the same application?")),
    )),
    Question("enrolment", "applicant.post_secondary_enrolment", _("Your studies"), (
        Field("enrolled", YES_NO, _("Are you enrolled at a college or university?")),
        Field("country", COUNTRY, _("Country of the school")),
        Field("internship_required", YES_NO, _("Does your program require this internship?")),
    )),
    Question("studying_in_canada", "applicant.studying_full_time_in_canada", _("Studying in Canada"), (
        Field("", YES_NO, _("Are you, or will you be, a full-time student in Canada?")),
    )),
    # --- the job -------------------------------------------------------------------------
    Question("noc", "job_offer.noc_code", _("The occupation"), (
        Field("", NOC, _("NOC 2021 code (5 digits)"),
              help=_("Type a job title to find its code, or enter the code from the National "
                     "Occupational Classification.")),
    )),
    Question("province", "job_offer.province", _("Where the work is done"), (
        Field("", PROVINCE, _("Province or territory")),
    )),
    Question("title", "job_offer.title", _("Job title"), (Field("", TEXT, _("Job title")),)),
    Question("wage", "job_offer.wage", _("The wage"), (
        Field("amount", NUMBER, _("Guaranteed wage (CAN$)"), minimum=0, maximum=limits.MAX_WAGE["year"]),
        Field("per", CHOICE, _("Per"), choices=(("hour", _("hour")), ("year", _("year")))),
    )),
    Question("hours", "job_offer.hours_per_week", _("Hours of work"), (
        Field("", NUMBER, _("Hours per week"), minimum=0, maximum=168),
    )),
    Question("duration", "job_offer.duration_months", _("Length of the job"), (
        Field("", NUMBER, _("Months"), minimum=1, maximum=limits.MAX_JOB_MONTHS),
    )),
    Question("prevailing_wage", "job_offer.prevailing_wage_hourly", _("Prevailing wage"), (
        Field("", NUMBER, _("Job Bank median hourly wage for this occupation and region (CAN$)"), minimum=0,
              maximum=limits.MAX_PREVAILING_WAGE_HOURLY,
              help=_("Find it on Job Bank under 'Wages' for the occupation and the region of work.")),
    )),
    Question("signed", "job_offer.signed", _("The offer"), (
        Field("", YES_NO, _("Is there a signed offer letter or contract?")),
    )),
    Question("paid", "job_offer.paid", _("Pay"), (Field("", YES_NO, _("Is the work paid?")),)),
    Question("self_employed", "job_offer.self_employed", _("Self-employment"), (
        Field("", YES_NO, _("Would you work for your own business in Canada?")),
    )),
    Question("development", "job_offer.contributes_to_professional_development", _("Professional development"), (
        Field("", YES_NO, _("Does the job contribute to the person's professional development?")),
    )),
    Question("work_type", "job_offer.work_type", _("Kind of work"), (
        Field("", CHOICE, _("Are the duties themselves religious or charitable?"), choices=(
            ("religious", _("Religious (for example religious instruction or ministry)")),
            ("charitable", _("Charitable (for example relief of poverty or education)")),
            ("other", _("Neither")))),
    ), help=_("Working for a church or a charity is not enough: what counts is the work itself.")),
    Question("business", "job_offer.business", _("Your business in Canada"), (
        Field("ownership_percent", NUMBER, _("Share of the business you control (%)"), minimum=0, maximum=100),
        Field("sufficient_funds", YES_NO, _("Do you have enough money to support yourself and fund the business?")),
        Field("business_plan", YES_NO, _("Is there a business plan, with steps already taken (premises, staff, "
                                         "business number)?")),
    )),
    Question("cusma_profession", "job_offer.cusma_profession", _("CUSMA profession"), (
        Field("", CUSMA, _("Is the job one of the professions listed in CUSMA?")),
    )),
    Question("relationship", "job_offer.intra_company.relationship", _("The two employers"), (
        Field("", CHOICE, _("The Canadian employer is, to the foreign employer, its"), choices=(
            ("parent", _("parent")), ("subsidiary", _("subsidiary")), ("branch", _("branch")),
            ("affiliate", _("affiliate")), ("none", _("no relationship")))),
    )),
    Question("foreign_employer_country", "job_offer.intra_company.foreign_employer_country",
             _("The foreign employer"), (Field("", COUNTRY, _("Country of the foreign employer")),)),
    Question("multinational", "job_offer.intra_company.foreign_employer_multinational", _("Multinational"), (
        Field("", YES_NO, _("Does the foreign company already earn revenue in a country other than its home country?")),
    )),
    Question("doing_business", "job_offer.intra_company.canadian_entity_doing_business", _("The Canadian company"), (
        Field("", YES_NO, _("Is the Canadian company already doing business (providing goods or services)?")),
    )),
    Question("new_office", "job_offer.intra_company.new_office", _("New office"), (
        Field("", YES_NO, _("Is the transfer to open a new office in Canada?")),
    )),
    Question("premises", "job_offer.intra_company.physical_premises_secured", _("The office in Canada"), (
        Field("", YES_NO, _("Does the Canadian business have physical commercial premises where you will work "
                            "(secured premises, for a new office)?")),
    ), help=_("A virtual office, a home office or remote work does not qualify.")),
    Question("new_office_facts", "job_offer.intra_company", _("The new office"), (
        Field("staffing_plan", YES_NO, _("Is there a plan to staff the office?")),
        Field("financial_capacity", YES_NO, _("Can the company fund it and pay its staff?")),
    ), tags=frozenset({"intra_company_rest"})),
    Question("position_category", "job_offer.intra_company.position_category", _("The position in Canada"), (
        Field("", CHOICE, _("Kind of position in Canada"), choices=POSITION_CATEGORIES),
    )),
    Question("position_held_open", "job_offer.intra_company.foreign_position_held_open", _("The job abroad"), (
        Field("", YES_NO, _("Is the position abroad held open for the person's return?")),
    )),
    Question("gts", "job_offer.gts", _("Global Talent Stream"), (
        Field("designated_partner_referral", YES_NO, _("Was the employer referred by a designated partner?")),
        Field("labour_market_benefits_plan", YES_NO, _("Will the employer commit to a Labour Market Benefits Plan?")),
        Field("positions_this_year", NUMBER, _("Category A positions this year, this one included"), minimum=0,
              maximum=limits.MAX_POSITIONS_PER_YEAR),
    )),
    # --- the spouse or parent in Canada ----------------------------------------------------
    Question("principal_relationship", "principal.relationship", _("Your family member in Canada"), (
        Field("", CHOICE, _("You are their"), choices=(
            ("spouse", _("spouse")), ("common_law_partner", _("common-law partner")),
            ("dependent_child", _("dependent child")))),
    )),
    Question("principal_status", "principal.status", _("What they do in Canada"), (
        Field("", CHOICE, _("They are a"), choices=(("worker", _("worker")), ("student", _("student")))),
    )),
    Question("principal_authorization", "principal.authorization", _("Their permit"), (
        Field("", CHOICE, _("They hold"), choices=(
            ("employer_specific_permit", _("an employer-specific work permit")),
            ("open_permit", _("an open work permit")),
            ("pgwp", _("a post-graduation work permit")),
            ("study_permit", _("a study permit")),
            ("r186_no_permit", _("no permit (work allowed without one)")),
            ("spousal_open_permit", _("a spousal open work permit")))),
    )),
    Question("principal_valid_until", "principal.authorization_valid_until", _("Their permit's end"), (
        Field("", DATE, _("Valid until")),
    )),
    Question("principal_noc", "principal.noc_code", _("Their occupation"), (
        Field("", NOC, _("Their NOC 2021 code (5 digits)")),
    )),
    Question("principal_study", "principal.study_program", _("Their studies"), (
        Field("level", CHOICE, _("Program"), choices=(
            ("master", _("Master's")), ("doctorate", _("Doctorate")),
            ("professional_degree", _("Professional degree")), ("bachelor", _("Bachelor's")),
            ("college", _("College")), ("other", _("Other")))),
        Field("length_months", NUMBER, _("Length of the program (months)"), minimum=1,
              maximum=limits.MAX_STUDY_MONTHS),
        Field("full_time", YES_NO, _("Full time")),
        Field("pgwp_eligible_institution", YES_NO, _("At an institution eligible for the post-graduation work permit")),
        Field("professional_program", CHOICE, _("For a professional degree: which program"), choices=(
            ("dentistry", _("Dentistry (DDS, DMD)")), ("law", _("Law (LLB, JD, BCL)")),
            ("medicine", _("Medicine (MD)")), ("optometry", _("Optometry (OD)")),
            ("pharmacy", _("Pharmacy (PharmD, BS, BSc, BPharm)")),
            ("veterinary_medicine", _("Veterinary medicine (DVM)")), ("nursing", _("Nursing (BScN, BSN, BNSc, BN)")),
            ("education", _("Education (BEd)")), ("engineering", _("Engineering (BEng, BE, BASc)")),
            ("other", _("Another professional degree")))),
    )),
    Question("principal_resides", "principal.resides_in_canada", _("Where they live"), (
        Field("", YES_NO, _("Do they live in Canada?")),
    )),
    Question("principal_pr", "principal.applied_for_permanent_residence", _("Permanent residence"), (
        Field("", YES_NO, _("Have they applied for permanent residence (economic class)?")),
    )),
    Question("principal_lmia", "principal.lmia_stream", _("Their LMIA"), (
        Field("", CHOICE, _("Their employer-specific permit rests on an LMIA of the"), choices=(
            ("high_wage", _("high-wage stream")), ("low_wage", _("low-wage stream")),
            ("agricultural", _("agricultural stream")), ("sawp", _("Seasonal Agricultural Worker Program")),
            ("permanent_residence", _("permanent residence stream")), ("global_talent", _("Global Talent Stream")),
            ("none", _("no LMIA (an LMIA-exempt permit)")))),
    ), help=_("The LMIA decision letter names the stream.")),
    Question("principal_agri_food", "principal.agri_food_pilot_pr_applicant", _("Agri-Food Pilot"), (
        Field("", YES_NO, _("Did they apply for permanent residence under the Agri-Food Pilot, and did IRCC "
                            "acknowledge receipt?")),
    )),
    Question("principal_r186", "principal.r186_paragraph", _("Their work without a permit"), (
        Field("", CHOICE, _("They work without a permit under"), choices=(
            ("f", _("R186(f): a student working on campus")), ("v", _("R186(v): a student working off campus")),
            ("w", _("R186(w): while their post-graduation work permit application is processed")),
            ("other", _("another paragraph of R186")))),
    )),
    Question("principal_permit_code", "principal.permit_code", _("Their permit's code"), (
        Field("", TEXT, _("The exemption code printed on their open work permit (such as C21)")),
    )),
    Question("principal_select_list", "principal.noc_on_select_list", _("Select occupations for spouses"), (
        Field("", YES_NO, _("Is their occupation on IRCC's list of select TEER 2 or 3 occupations?")),
    ), help=_("Annex A of IRCC's instructions “Spouses or common-law partners of foreign nationals authorized "
              "to work in TEER 0 or 1, or select TEER 2 or 3 occupations [R205(c)(ii) – C41]”.")),
    # --- significant benefit and the application ---------------------------------------------
    Question("indicators", "significant_benefit.indicators", _("Evidence of significant benefit"), (
        Field("", MULTI, _("Which of these can you show?"), choices=(
            ("exceptional_expertise", _("Exceptional expertise")),
            ("national_or_international_recognition", _("National or international recognition")),
            ("awards", _("Awards")), ("leadership_role", _("A leading role")),
            ("economic_impact", _("Economic impact in Canada")), ("job_creation", _("Jobs created in Canada")),
            ("letters_of_support", _("Letters of support from experts")), ("unique_skills", _("Unique skills")),
            ("ten_years_experience", _("Ten years' experience")))),
    )),
    Question("application_kind", "application", _("The application"), (
        Field("kind", CHOICE, _("Is this a first permit or an extension?"), choices=(
            ("initial", _("A first permit")), ("extension", _("An extension")))),
        Field("initial_application_date", DATE, _("For an extension: date of the first application")),
    )),
)

BY_ID: Mapping[str, Question] = {q.id: q for q in QUESTIONS}

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
SECTIONS: tuple[tuple[Promise, str], ...] = (
    (_("The person"), "applicant"),
    (_("The job offer"), "job_offer"),
    (_("The family member in Canada"), "principal"),
    (_("Significant benefit and the application"), ""),
)


def sections() -> list[tuple[Promise, list[Question]]]:
    """The questions grouped under SECTIONS, in questionnaire order (the last takes the rest)."""
    grouped: list[tuple[Promise, list[Question]]] = [(title, []) for title, _ in SECTIONS]
    for question in QUESTIONS:
        index = next((i for i, (_, root) in enumerate(SECTIONS) if root and question.path.startswith(root + ".")),
                     len(SECTIONS) - 1)
        grouped[index][1].append(question)
    return grouped


# The employer's questions: the role only.
# Not asked: whether the offer is signed (an employer checks a role before making the offer) and
# whether the person would be self-employed (the employer is hiring).
EMPLOYER_QUESTIONS = ("noc", "title", "province", "wage", "hours", "duration", "prevailing_wage",
                      "paid", "development", "work_type", "cusma_profession", "relationship",
                      "position_category", "gts")
APPLICANT_FIRST = ("citizenships", "date_of_birth", "residence")
PER_PAGE = 6


def question_for(missing_path: str) -> Question | None:
    """The question that settles a missing field: the most specific one covering it."""
    best: Question | None = None
    for question in QUESTIONS:
        if question.covers(missing_path) and (best is None or len(question.path) > len(best.path)):
            best = question
    return best


@dataclass
class Need:
    question: Question
    reasons: dict[str, list[str]]  # criterion title -> titles of the streams it belongs to


def next_questions(result: Mapping[str, Any], asked: Iterable[str], limit: int = PER_PAGE) -> list[Need]:
    """Questions not yet asked that would settle an unknown criterion of a stream still open."""
    done = set(asked)
    needs: dict[str, Need] = {}
    for stream in result["streams"]:
        if stream["outcome"] == "ineligible":
            continue  # ruled out: its questions stop
        for criterion in stream["criteria"]:
            if criterion["status"] != "unknown":
                continue
            for missing in criterion["missing"]:
                question = question_for(missing)
                if question is None or question.id in done:
                    continue
                need = needs.setdefault(question.id, Need(question, {}))
                streams = need.reasons.setdefault(criterion["title"], [])
                if stream["title"] not in streams:
                    streams.append(stream["title"])
    ordered = sorted(needs.values(), key=lambda n: QUESTIONS.index(n.question))
    return ordered[:limit]
