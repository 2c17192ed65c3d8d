"""The screening request of contract v1 (``shared/contract/screening-v1.md``), validated strictly.

Every field is optional unless the contract says otherwise: absent or ``null`` means *unknown*,
never *false*. Unknown fields, wrong types, impossible dates, negative amounts and codes outside
their lists are errors that name the field.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cache
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import reference

SCHEMA_VERSION = "1"


# --- codes ---------------------------------------------------------------------------------------


def _check_country(value: str) -> str:
    if value not in reference.countries():
        raise PydanticCustomError(
            "country_code",
            "'{value}' is not an ISO 3166-1 alpha-2 country code (such as US, MX, FR)",
            {"value": value},
        )
    return value


def _check_province(value: str) -> str:
    if value not in reference.PROVINCES:
        raise PydanticCustomError(
            "province_code",
            "'{value}' is not a Canadian province or territory code; use one of {codes}",
            {"value": value, "codes": " ".join(reference.PROVINCES)},
        )
    return value


def _check_noc(value: str) -> str:
    if value not in reference.noc_unit_groups():
        raise PydanticCustomError(
            "noc_code",
            "'{value}' is not a NOC 2021 unit group (five digits, such as 21231)",
            {"value": value},
        )
    return value


def _check_cusma_slug(value: str) -> str:
    if value != "none" and value not in reference.cusma_professions():
        raise PydanticCustomError(
            "cusma_profession",
            "'{value}' is not a CUSMA profession slug (such as computer_systems_analyst), "
            "nor 'none'",
            {"value": value},
        )
    return value


@cache
def known_stream_ids() -> tuple[str, ...]:
    """Ids of the streams this rulebook encodes: one data file each."""
    return tuple(sorted(p.stem for p in (reference.DATA_DIR / "streams").glob("*.yaml")))


def _check_stream(value: str) -> str:
    if value not in known_stream_ids():
        raise PydanticCustomError(
            "stream_id",
            "'{value}' is not a stream this screener encodes; known streams: {known}",
            {"value": value, "known": ", ".join(known_stream_ids())},
        )
    return value


Country = Annotated[str, AfterValidator(_check_country)]
Province = Annotated[str, AfterValidator(_check_province)]
NocCode = Annotated[str, AfterValidator(_check_noc)]
CusmaSlug = Annotated[str, AfterValidator(_check_cusma_slug)]
StreamId = Annotated[str, AfterValidator(_check_stream)]
LanguageLevel = Annotated[int, Field(ge=0, le=12)]


# --- believable ranges ---------------------------------------------------------------------------
# A number outside these is a typo or an attack, never a fact; an integer past 2**64 would not even
# serialize. Infinity and NaN are refused on every model (allow_inf_nan=False below).
MAX_YEARS_EXPERIENCE = 70
MAX_FUNDS_CAD = 100_000_000
MAX_WAGE = {"hour": 5_000, "year": 10_000_000}  # CAN$; about the same pay, counted two ways
MAX_PREVAILING_WAGE_HOURLY = MAX_WAGE["hour"]
MAX_JOB_MONTHS = 240
MAX_STUDY_MONTHS = 120
MAX_POSITIONS_PER_YEAR = 10_000
MAX_STUDY_YEARS = 15  # one credential's years of study


def _at_most(limit: float) -> AfterValidator:
    """``value <= limit``, with the limit written in full ("100,000,000", not "1e+08")."""

    def check(value: float) -> float:
        if value > limit:
            raise PydanticCustomError("too_large", "must be {limit} or less", {"limit": f"{limit:,}"})
        return value

    return AfterValidator(check)


Years = Annotated[float, Field(ge=0, le=MAX_YEARS_EXPERIENCE)]
Funds = Annotated[float, Field(ge=0, json_schema_extra={"maximum": MAX_FUNDS_CAD}), _at_most(MAX_FUNDS_CAD)]
WageAmount = Annotated[float, Field(ge=0, json_schema_extra={"maximum": MAX_WAGE["year"]}),
                       _at_most(MAX_WAGE["year"])]
HourlyWage = Annotated[float, Field(ge=0, le=MAX_PREVAILING_WAGE_HOURLY)]
StudyYears = Annotated[float, Field(ge=0, le=MAX_STUDY_YEARS)]


# --- enumerations -------------------------------------------------------------------------------


class Location(StrEnum):
    OUTSIDE_CANADA = "outside_canada"
    INSIDE_CANADA = "inside_canada"


class EducationLevel(StrEnum):
    SECONDARY = "secondary"
    POST_SECONDARY_CERTIFICATE = "post_secondary_certificate"
    POST_SECONDARY_DIPLOMA = "post_secondary_diploma"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"
    PROFESSIONAL_DEGREE = "professional_degree"


class PositionCategory(StrEnum):
    EXECUTIVE = "executive"
    SENIOR_MANAGER = "senior_manager"
    FUNCTIONAL_MANAGER = "functional_manager"
    SPECIALIZED_KNOWLEDGE = "specialized_knowledge"
    OTHER = "other"


class IecCategory(StrEnum):
    WORKING_HOLIDAY = "working_holiday"
    YOUNG_PROFESSIONALS = "young_professionals"
    INTERNATIONAL_COOP = "international_coop"


class IecProgram(StrEnum):
    """Added (optional): the programme a Young Professionals job belongs to; France's VIE and Spain's
    ICEX Vives are placements of their own with their own terms (ICEX Vives: ages 18 to 30)."""

    STANDARD = "standard"
    VIE = "vie"
    ICEX_VIVES = "icex_vives"


class FieldOfStudy(StrEnum):
    """Added (optional): the field of a co-op student's studies, where an agreement limits it
    (Austria: forestry, agriculture or tourism)."""

    FORESTRY = "forestry"
    AGRICULTURE = "agriculture"
    TOURISM = "tourism"
    OTHER = "other"


class Relationship(StrEnum):
    PARENT = "parent"
    SUBSIDIARY = "subsidiary"
    BRANCH = "branch"
    AFFILIATE = "affiliate"
    NONE = "none"


class WagePer(StrEnum):
    HOUR = "hour"
    YEAR = "year"


class WorkType(StrEnum):
    RELIGIOUS = "religious"
    CHARITABLE = "charitable"
    OTHER = "other"


class PrincipalRelationship(StrEnum):
    SPOUSE = "spouse"
    COMMON_LAW_PARTNER = "common_law_partner"
    DEPENDENT_CHILD = "dependent_child"


class PrincipalStatus(StrEnum):
    WORKER = "worker"
    STUDENT = "student"


class Authorization(StrEnum):
    EMPLOYER_SPECIFIC_PERMIT = "employer_specific_permit"
    OPEN_PERMIT = "open_permit"
    PGWP = "pgwp"
    STUDY_PERMIT = "study_permit"
    R186_NO_PERMIT = "r186_no_permit"
    SPOUSAL_OPEN_PERMIT = "spousal_open_permit"


class StudyLevel(StrEnum):
    MASTER = "master"
    DOCTORATE = "doctorate"
    PROFESSIONAL_DEGREE = "professional_degree"
    BACHELOR = "bachelor"
    COLLEGE = "college"
    OTHER = "other"


class PrincipalLmiaStream(StrEnum):
    """The LMIA stream an employer-specific permit rests on (the LMIA decision letter names it);
    ``none``: the permit is not based on an LMIA (an LMIA-exempt permit)."""

    HIGH_WAGE = "high_wage"
    LOW_WAGE = "low_wage"
    AGRICULTURAL = "agricultural"
    SAWP = "sawp"  # Seasonal Agricultural Worker Program
    PERMANENT_RESIDENCE = "permanent_residence"  # an LMIA to support permanent residence only
    GLOBAL_TALENT = "global_talent"
    NONE = "none"


class R186Paragraph(StrEnum):
    """The paragraph of R186 under which a person works without a permit."""

    F = "f"  # on campus, as a full-time student
    V = "v"  # off campus, as a full-time student
    W = "w"  # after applying for a post-graduation work permit (maintained)
    OTHER = "other"  # any other paragraph


class ProfessionalProgram(StrEnum):
    """The professional degree programs IRCC lists for spouses of students (C42)."""

    DENTISTRY = "dentistry"  # DDS, DMD
    LAW = "law"  # LLB, JD, BCL
    MEDICINE = "medicine"  # MD
    OPTOMETRY = "optometry"  # OD
    PHARMACY = "pharmacy"  # PharmD, BS, BSc, BPharm
    VETERINARY_MEDICINE = "veterinary_medicine"  # DVM
    NURSING = "nursing"  # BScN, BSN, BNSc, BN
    EDUCATION = "education"  # BEd
    ENGINEERING = "engineering"  # BEng, BE, BASc
    OTHER = "other"  # a professional degree not named above


class ApplicationKind(StrEnum):
    INITIAL = "initial"
    EXTENSION = "extension"


class SignificantBenefitIndicator(StrEnum):
    EXCEPTIONAL_EXPERTISE = "exceptional_expertise"
    NATIONAL_OR_INTERNATIONAL_RECOGNITION = "national_or_international_recognition"
    AWARDS = "awards"
    LEADERSHIP_ROLE = "leadership_role"
    ECONOMIC_IMPACT = "economic_impact"
    JOB_CREATION = "job_creation"
    LETTERS_OF_SUPPORT = "letters_of_support"
    UNIQUE_SKILLS = "unique_skills"
    TEN_YEARS_EXPERIENCE = "ten_years_experience"


# --- models ------------------------------------------------------------------------------------


class _Model(BaseModel):
    # strict: no "yes" for true, no "12" for 12; extra="forbid": a misspelt field is an error,
    # not a silently unknown fact; no Infinity or NaN (nor 1e400, which reads as Infinity).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class LanguageScores(_Model):
    speaking: LanguageLevel | None = None
    listening: LanguageLevel | None = None
    reading: LanguageLevel | None = None
    writing: LanguageLevel | None = None


class Education(_Model):
    level: EducationLevel | None = None
    field: str | None = None
    country: Country | None = None
    completed: bool | None = None
    related_to_offer: bool | None = None
    # Added (optional): the length of the program in years of post-secondary study (CUSMA's
    # post-secondary diploma or certificate needs two or more), and whether a degree is a
    # Licenciatura (CUSMA's alternative to a licence for psychologists and registered nurses).
    duration_years: StudyYears | None = None
    licenciatura: bool | None = None


class Employment(_Model):
    employer_name: str | None = None
    country: Country | None = None
    start_date: date | None = None
    end_date: date | None = None  # absent or null: still employed there (contract)
    hours_per_week: Annotated[float, Field(gt=0, le=168)] | None = None
    noc_code: NocCode | None = None
    position_category: PositionCategory | None = None
    related_to_offer_employer: bool | None = None
    similar_to_offer: bool | None = None
    # Added (optional): a permanent (not fixed-term) employment (Austria's Young Professionals).
    permanent: bool | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Employment:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise _located_error("end_date", "the end date is before the start date")
        return self


class SpecializedKnowledge(_Model):
    proprietary_knowledge: bool | None = None
    advanced_expertise: bool | None = None


class IecParticipation(_Model):
    country: Country | None = None
    category: IecCategory | None = None
    permit_issued_on: date | None = None
    through_recognized_organization: bool | None = None
    # Added (optional): the day the permit expired (or expires): gaps between participations and
    # Switzerland's 18-month total count from it; and the IEC season (quota year) of the invitation,
    # for "one participation per season" and the agreements' terms for participants of earlier years.
    permit_expires_on: date | None = None
    season: Annotated[int, Field(ge=2000, le=2100)] | None = None

    @model_validator(mode="after")
    def _expiry_after_issue(self) -> IecParticipation:
        if self.permit_issued_on and self.permit_expires_on and self.permit_expires_on < self.permit_issued_on:
            raise _located_error("permit_expires_on", "the permit expires before it was issued")
        issued, season = self.permit_issued_on, self.season
        # A season opens in December of the year before at the earliest, and its letters of
        # introduction run a year: its permits are issued within those bounds (with a year's margin).
        if issued and season and not date(season - 1, 12, 1) <= issued <= date(season + 2, 12, 31):
            raise _located_error("season", f"a permit issued on {issued} cannot come from the {season} season")
        return self


class PostSecondaryEnrolment(_Model):
    enrolled: bool | None = None
    country: Country | None = None
    internship_required: bool | None = None
    # Added (optional): the field of study, and the day a former student graduated (Austria's co-op
    # is for students, or graduates of the past 12 months, in forestry, agriculture or tourism).
    field_of_study: FieldOfStudy | None = None
    graduated_on: date | None = None


class ResidencePeriod(_Model):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False, populate_by_name=True)

    country: Country | None = None
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None

    @model_validator(mode="after")
    def _to_after_from(self) -> ResidencePeriod:
        if self.from_ and self.to and self.to < self.from_:
            raise _located_error("to", "the end of the stay is before its start")
        return self


class Applicant(_Model):
    citizenships: list[Country] | None = None
    permanent_residences: list[Country] | None = None
    country_of_residence: Country | None = None
    date_of_birth: date | None = None
    location: Location | None = None
    passport_expiry: date | None = None
    education: list[Education] | None = None
    years_experience_in_offer_occupation: Years | None = None
    holds_licence_for_offer_occupation: bool | None = None
    french_nclc: LanguageScores | None = None
    english_clb: LanguageScores | None = None
    employment_history: list[Employment] | None = None
    specialized_knowledge: SpecializedKnowledge | None = None
    iec_participations: list[IecParticipation] | None = None
    applying_through_recognized_organization: bool | None = None
    # Added (optional): whether the person has been issued a refugee travel document (IEC: not
    # eligible with one, whichever country issued it).
    holds_refugee_travel_document: bool | None = None
    funds_cad: Funds | None = None
    will_hold_health_insurance: bool | None = None
    accompanying_dependants: bool | None = None
    post_secondary_enrolment: PostSecondaryEnrolment | None = None
    studying_full_time_in_canada: bool | None = None
    residence_history: list[ResidencePeriod] | None = None
    # Added (optional): the training some CUSMA credentials name beside a degree or experience
    # (disaster relief insurance claims adjuster).
    completed_profession_specific_training: bool | None = None
    # Added (optional): the applicant and the family members they support (spouse or partner,
    # dependent children), counted as IRCC's proof-of-funds table counts them: the LICO amount of
    # a business owner's support funds (C11) depends on it.
    family_size: Annotated[int, Field(ge=1)] | None = None
    # Added (optional): a licence to practise the offered profession issued by the province or
    # territory where the work is done (a CUSMA registered nurse needs one to enter).
    holds_licence_in_destination_province: bool | None = None

    @model_validator(mode="after")
    def _licences_agree(self) -> Applicant:
        if self.holds_licence_in_destination_province and self.holds_licence_for_offer_occupation is False:
            raise _located_error("holds_licence_in_destination_province",
                                 "a licence of the province of destination is a licence to practise the profession, "
                                 "but holds_licence_for_offer_occupation is false")
        return self


class Wage(_Model):
    amount: WageAmount
    per: WagePer

    @model_validator(mode="after")
    def _believable_for_its_period(self) -> Wage:
        limit = MAX_WAGE[self.per.value]
        if self.amount > limit:
            raise _located_error("amount", f"must be {limit:,} or less for a wage per {self.per.value}")
        return self


class IntraCompany(_Model):
    relationship: Relationship | None = None
    foreign_employer_country: Country | None = None
    foreign_employer_multinational: bool | None = None
    canadian_entity_doing_business: bool | None = None
    new_office: bool | None = None
    physical_premises_secured: bool | None = None
    staffing_plan: bool | None = None
    financial_capacity: bool | None = None
    position_category: PositionCategory | None = None
    foreign_position_held_open: bool | None = None


class GtsFacts(_Model):
    designated_partner_referral: bool | None = None
    labour_market_benefits_plan: bool | None = None
    positions_this_year: Annotated[int, Field(ge=0, le=MAX_POSITIONS_PER_YEAR)] | None = None
    # Added (optional): the position is within the part of its NOC group the Global Talent
    # occupations list covers (51120 and 52120: only the visual effects, video game, animation and
    # digital media roles and skills it describes).
    within_listed_subset: bool | None = None


class BusinessFacts(_Model):
    """Optional facts, added to contract v1, for business owners seeking temporary residence (C11)."""

    ownership_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    sufficient_funds: bool | None = None  # support for themselves and funds for the business
    business_plan: bool | None = None  # a viable plan with steps taken (space, staff, business number)
    # Added for the rules of 2025-05-27 (all optional):
    support_funds_cad: Funds | None = None  # money to live on in Canada, separate from the business funds
    business_funds_separate: bool | None = None  # funds for the business, separate from the support funds
    exit_plan: bool | None = None  # a seasonal business, or a plan to transition out of running it and leave


class JobOffer(_Model):
    employer_name: str | None = None
    province: Province | None = None
    noc_code: NocCode | None = None
    title: str | None = None
    duties: str | None = None
    wage: Wage | None = None
    hours_per_week: Annotated[float, Field(gt=0, le=168)] | None = None
    duration_months: Annotated[int, Field(ge=1, le=MAX_JOB_MONTHS)] | None = None
    start_date: date | None = None
    paid: bool | None = None
    signed: bool | None = None
    self_employed: bool | None = None
    contributes_to_professional_development: bool | None = None
    prevailing_wage_hourly: HourlyWage | None = None
    intra_company: IntraCompany | None = None
    cusma_profession: CusmaSlug | None = None
    gts: GtsFacts | None = None
    work_type: WorkType | None = None
    public_health_setting: bool | None = None
    business: BusinessFacts | None = None
    # Added (optional): telework or remote work for an employer located in Quebec (not eligible
    # for Francophone mobility, C16, even when the worker lives outside Quebec).
    remote_for_quebec_employer: bool | None = None
    # Added (optional): the programme of an IEC Young Professionals job (standard, France's VIE,
    # Spain's ICEX Vives).
    iec_program: IecProgram | None = None


class StudyProgram(_Model):
    level: StudyLevel | None = None
    length_months: Annotated[int, Field(ge=1, le=MAX_STUDY_MONTHS)] | None = None
    full_time: bool | None = None
    pgwp_eligible_institution: bool | None = None
    # Added (optional), for level professional_degree: which professional degree program (C42).
    professional_program: ProfessionalProgram | None = None


# An IRCC exemption code as printed on a permit ("C21", "c21" read as "C21").
PermitCode = Annotated[str, Field(pattern=r"^[A-Za-z][0-9]{2}$"), AfterValidator(str.upper)]


class Principal(_Model):
    relationship: PrincipalRelationship | None = None
    status: PrincipalStatus | None = None
    authorization: Authorization | None = None
    authorization_valid_until: date | None = None
    noc_code: NocCode | None = None
    study_program: StudyProgram | None = None
    resides_in_canada: bool | None = None
    applied_for_permanent_residence: bool | None = None
    # Added (optional) for the family open work permits (R205(c)(ii)):
    # the LMIA stream of an employer-specific permit (C47/C48 exclude SAWP, agricultural, low-wage);
    lmia_stream: PrincipalLmiaStream | None = None
    # an Agri-Food Pilot principal applicant whose permanent-residence application IRCC acknowledged;
    agri_food_pilot_pr_applicant: bool | None = None
    # the R186 paragraph of work without a permit (f, v and w do not support a family permit);
    r186_paragraph: R186Paragraph | None = None
    # the exemption code printed on an open work permit (C32, C33, S61, ... do not support one);
    permit_code: PermitCode | None = None
    # a TEER 2 or 3 occupation found on IRCC's list of select occupations (C41, Annex A).
    noc_on_select_list: bool | None = None

    @model_validator(mode="after")
    def _agri_food_applied(self) -> Principal:
        if self.agri_food_pilot_pr_applicant and self.applied_for_permanent_residence is False:
            raise _located_error("agri_food_pilot_pr_applicant",
                                 "an Agri-Food Pilot permanent-residence applicant has applied for permanent "
                                 "residence; applied_for_permanent_residence is false")
        return self


class SignificantBenefit(_Model):
    indicators: list[SignificantBenefitIndicator] | None = None


class Application(_Model):
    kind: ApplicationKind | None = None  # absent: an initial application (contract)
    initial_application_date: date | None = None
    last_biometrics_on: date | None = None


class ScreeningRequest(_Model):
    schema_version: Literal["1"]
    as_of: date | None = None  # absent: the validation context's "today" (see below)
    streams: list[StreamId] | None = None
    language: Literal["en", "fr"] = "en"
    applicant: Applicant | None = None
    job_offer: JobOffer | None = None
    principal: Principal | None = None
    significant_benefit: SignificantBenefit | None = None
    application: Application | None = None

    @model_validator(mode="after")
    def _dates_against_as_of(self, info: ValidationInfo) -> ScreeningRequest:
        as_of = self.as_of
        if as_of is None:
            # Contract: as_of defaults to today. The caller's "today" comes through the
            # validation context so that the engine itself never reads the clock.
            as_of = (info.context or {}).get("today") or date.today()
            object.__setattr__(self, "as_of", as_of)
        if self.streams is not None and len(set(self.streams)) != len(self.streams):
            raise _located_error("streams", "a stream is listed twice")
        applicant = self.applicant
        if applicant is not None:
            if applicant.date_of_birth and applicant.date_of_birth > as_of:
                raise _located_error(
                    "applicant.date_of_birth",
                    f"the date of birth {applicant.date_of_birth} is after as_of {as_of}",
                )
            born = applicant.date_of_birth
            for index, job in enumerate(applicant.employment_history or ()):
                if job.start_date and job.start_date > as_of:
                    raise _located_error(
                        f"applicant.employment_history.{index}.start_date",
                        f"employment history cannot start after as_of {as_of}",
                    )
                if born and job.start_date and job.start_date < born:
                    raise _located_error(
                        f"applicant.employment_history.{index}.start_date",
                        "the employment starts before the date of birth",
                    )
            for index, stay in enumerate(applicant.iec_participations or ()):
                if stay.permit_issued_on and stay.permit_issued_on > as_of:
                    raise _located_error(
                        f"applicant.iec_participations.{index}.permit_issued_on",
                        f"an earlier IEC permit cannot be issued after as_of {as_of}",
                    )
                if stay.season and stay.season > as_of.year + 1:
                    raise _located_error(
                        f"applicant.iec_participations.{index}.season",
                        f"an earlier participation cannot belong to a season after {as_of.year + 1}",
                    )
            enrolment = applicant.post_secondary_enrolment
            if enrolment and enrolment.graduated_on and enrolment.graduated_on > as_of:
                raise _located_error(
                    "applicant.post_secondary_enrolment.graduated_on",
                    f"the graduation cannot be after as_of {as_of}",
                )
        application = self.application
        if application and application.initial_application_date:
            if application.initial_application_date > as_of:
                raise _located_error(
                    "application.initial_application_date",
                    f"the initial application cannot be after as_of {as_of}",
                )
        return self

    @property
    def is_extension(self) -> bool:
        return self.application is not None and self.application.kind is ApplicationKind.EXTENSION


def _located_error(loc: str, message: str) -> PydanticCustomError:
    # The location travels in the message context; errors.py moves it into ``loc``.
    return PydanticCustomError("located", "{message}", {"message": message, "field": loc})
