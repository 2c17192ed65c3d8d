"""Hypothesis strategies for screening requests of contract v1, and the sample requests.

Every request drawn here is valid: dates are drawn relative to ``as_of`` and the date of birth, so
that no cross-field check refuses them (a refused request would test nothing). Values lean towards
the thresholds and to the facts that qualify, so that met and unmet answers are common and not
only unknown ones.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from streams.engine import default_rulebook
from streams.engine.reference import PROVINCES, cusma_professions, noc_unit_groups

REPO = Path(__file__).resolve().parents[3]
SHARED_SCENARIOS = REPO.parent / "shared" / "scenarios"
SCENARIO_FILES = sorted((REPO / "tests" / "scenarios").glob("*/*.yaml"))

# Partner countries of IEC, CUSMA countries, and countries that are neither.
COUNTRIES = ["US", "MX", "FR", "JP", "DE", "BR", "GB", "AU", "IE", "PL", "LV", "CH", "IN", "CN", "NL"]
# Rule-change days and their eves: code renumbering, ICT multinational test, spousal restrictions,
# IEC season, the reference date of the samples.
KEY_DAYS = [
    dt.date(2022, 11, 15), dt.date(2022, 11, 16), dt.date(2022, 12, 14), dt.date(2022, 12, 15), dt.date(2023, 1, 30),
    dt.date(2023, 6, 15), dt.date(2023, 12, 11), dt.date(2024, 3, 19), dt.date(2024, 10, 2), dt.date(2024, 10, 3),
    dt.date(2024, 11, 29), dt.date(2025, 1, 20), dt.date(2025, 1, 21), dt.date(2025, 5, 27), dt.date(2025, 12, 24),
    dt.date(2026, 2, 24), dt.date(2026, 11, 22), dt.date(2026, 12, 1),
]
NOCS = sorted(noc_unit_groups())
# NOCs the rules single out (GTS list and its subsets, each TEER, management) first, then any.


def _nocs_in(value: Any) -> set[str]:
    """NOC codes named in a parameter's values (lists of occupations, tables keyed by code)."""
    if isinstance(value, str):
        return {value} if value in noc_unit_groups() else set()
    if isinstance(value, dict):
        return set().union(*(_nocs_in(k) | _nocs_in(v) for k, v in value.items())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_nocs_in(v) for v in value)) if value else set()
    return set()


FOCUS_NOCS = sorted(
    set().union(*(_nocs_in(d.value) for p in default_rulebook().parameters.values() for d in p.spec.values.values()))
    | {"00012", "10010", "21231", "31102", "41200", "42201", "52120", "62010", "64100", "65200", "75101", "85100"}
)
SLUGS = [*sorted(cusma_professions()), "none"]
FOCUS_SLUGS = ["computer_systems_analyst", "hotel_manager", "management_consultant", "engineer",
               "disaster_relief_insurance_claims_adjuster", "economist", "lawyer_including_notary_in_the_province_of_quebec",
               "librarian", "physician_teaching_or_research_only", "none"]
STREAM_IDS = list(default_rulebook().streams)

POSITION_CATEGORIES = ["executive", "senior_manager", "functional_manager", "specialized_knowledge", "other"]
EDUCATION_LEVELS = ["secondary", "post_secondary_certificate", "post_secondary_diploma", "bachelor", "master",
                    "doctorate", "professional_degree"]

countries = st.sampled_from(COUNTRIES)
nocs = st.one_of(st.sampled_from(FOCUS_NOCS), st.sampled_from(NOCS))
slugs = st.one_of(st.sampled_from(FOCUS_SLUGS), st.sampled_from(SLUGS))
flags = st.booleans()
levels = st.integers(min_value=0, max_value=12)


def iso(day: dt.date) -> str:
    return day.isoformat()


def days_between(low: dt.date, high: dt.date) -> st.SearchStrategy[dt.date]:
    if high < low:
        high = low
    return st.one_of(st.sampled_from([low, high]), st.dates(min_value=low, max_value=high))


@st.composite
def subset(draw: st.DrawFn, fields: dict[str, Any]) -> dict[str, Any]:
    """An object with some of the fields (absent = unknown); each value may be a strategy."""
    chosen = {}
    for name, value in fields.items():
        if draw(st.integers(0, 9)) < 8:  # most facts are known: met and unmet answers need them
            chosen[name] = draw(value) if isinstance(value, st.SearchStrategy) else value
    return chosen


@st.composite
def employments(draw: st.DrawFn, as_of: dt.date, born: dt.date | None) -> dict[str, Any]:
    earliest = max(born or dt.date(1960, 1, 1), as_of - dt.timedelta(days=365 * 8))
    start = draw(days_between(earliest, as_of))
    fields: dict[str, Any] = {
        "employer_name": st.sampled_from(["Northwind GmbH", "Contoso SA"]),
        "country": countries,
        "start_date": iso(start),
        "hours_per_week": st.sampled_from([20, 29.5, 30, 40]),
        "noc_code": nocs,
        "position_category": st.sampled_from(POSITION_CATEGORIES),
        "related_to_offer_employer": flags,
        "similar_to_offer": flags,
    }
    job = draw(subset(fields))
    ends = draw(st.sampled_from(["current", "ended", "future"]))
    if ends == "ended":
        job["end_date"] = iso(draw(days_between(start, as_of)))
    elif ends == "future":
        job["end_date"] = iso(draw(days_between(as_of, as_of + dt.timedelta(days=400))))
    return job


@st.composite
def applicants(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any]:
    age = draw(st.one_of(st.sampled_from([17, 18, 30, 31, 35, 36]), st.integers(16, 70)))
    born = as_of.replace(year=as_of.year - age) if not (as_of.month == 2 and as_of.day == 29) else \
        dt.date(as_of.year - age, 2, 28)
    born -= dt.timedelta(days=draw(st.sampled_from([0, 1, 200])))
    knows_birth = draw(st.integers(0, 9)) < 8
    scores = subset({"speaking": levels, "listening": levels, "reading": levels, "writing": levels})
    education = subset({
        "level": st.sampled_from(EDUCATION_LEVELS),
        "field": st.sampled_from(["computer science", "hotel management"]),
        "country": countries,
        "completed": flags,
        "related_to_offer": flags,
    })
    participation = subset({
        "country": countries,
        "category": st.sampled_from(["working_holiday", "young_professionals", "international_coop"]),
        "permit_issued_on": days_between(as_of - dt.timedelta(days=365 * 4), as_of).map(iso),
        "through_recognized_organization": flags,
    })

    @st.composite
    def stay(draw: st.DrawFn) -> dict[str, Any]:
        start = draw(days_between(as_of - dt.timedelta(days=365 * 10), as_of))
        period: dict[str, Any] = draw(subset({"country": countries}))
        if draw(flags):
            period["from"] = iso(start)
        if draw(flags):
            period["to"] = iso(draw(days_between(start, as_of)))
        return period

    fields: dict[str, Any] = {
        "citizenships": st.lists(countries, max_size=2, unique=True),
        "permanent_residences": st.lists(countries, max_size=1),
        "country_of_residence": countries,
        "location": st.sampled_from(["outside_canada", "inside_canada"]),
        "passport_expiry": days_between(as_of, as_of + dt.timedelta(days=365 * 6)).map(iso),
        "education": st.lists(education, max_size=2),
        "years_experience_in_offer_occupation": st.sampled_from([0, 2.9, 3, 4, 5, 12]),
        "holds_licence_for_offer_occupation": flags,
        "french_nclc": scores,
        "english_clb": scores,
        "employment_history": st.lists(employments(as_of, born if knows_birth else None), max_size=3),
        "specialized_knowledge": subset({"proprietary_knowledge": flags, "advanced_expertise": flags}),
        "iec_participations": st.lists(participation, max_size=2),
        "applying_through_recognized_organization": flags,
        "funds_cad": st.sampled_from([0, 2499.99, 2500, 10000]),
        "will_hold_health_insurance": flags,
        "accompanying_dependants": flags,
        "post_secondary_enrolment": subset({"enrolled": flags, "country": countries, "internship_required": flags}),
        "studying_full_time_in_canada": flags,
        "residence_history": st.lists(stay(), max_size=2),
        "completed_profession_specific_training": flags,
    }
    applicant = draw(subset(fields))
    if knows_birth:
        applicant["date_of_birth"] = iso(born)
    return applicant


def job_offers(as_of: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    return subset({
        "employer_name": "Northwind Canada",
        "province": st.one_of(st.sampled_from(["ON", "QC", "BC"]), st.sampled_from(sorted(PROVINCES))),
        "noc_code": nocs,
        "title": st.sampled_from(["Actuary", "Software developer", "Graphic designer"]),
        "duties": "Designs systems.",
        "wage": st.one_of(
            st.fixed_dictionaries({
                "amount": st.sampled_from([17.5, 38.46, 39.99, 40, 41.03, 72.11]),
                "per": st.sampled_from(["hour", "year"]),
            }),
            # a yearly salary read as hourly pay is past the believable range (inputs.MAX_WAGE)
            st.fixed_dictionaries({"amount": st.sampled_from([80000, 83200, 150000]), "per": st.just("year")}),
        ),
        "hours_per_week": st.sampled_from([30, 37.5, 40]),
        "duration_months": st.sampled_from([6, 10, 12, 24, 36, 48]),
        "start_date": days_between(as_of, as_of + dt.timedelta(days=365)).map(iso),
        "paid": flags,
        "signed": flags,
        "self_employed": flags,
        "contributes_to_professional_development": flags,
        "prevailing_wage_hourly": st.sampled_from([20, 40, 60]),
        "intra_company": subset({
            "relationship": st.sampled_from(["parent", "subsidiary", "branch", "affiliate", "none"]),
            "foreign_employer_country": countries,
            "foreign_employer_multinational": flags,
            "canadian_entity_doing_business": flags,
            "new_office": flags,
            "physical_premises_secured": flags,
            "staffing_plan": flags,
            "financial_capacity": flags,
            "position_category": st.sampled_from(POSITION_CATEGORIES),
            "foreign_position_held_open": flags,
        }),
        "cusma_profession": slugs,
        "gts": subset({"designated_partner_referral": flags, "labour_market_benefits_plan": flags,
                       "positions_this_year": st.sampled_from([0, 1, 2, 3])}),
        "work_type": st.sampled_from(["religious", "charitable", "other"]),
        "public_health_setting": flags,
        "business": subset({"ownership_percent": st.sampled_from([0, 49.5, 50, 50.5, 51, 100]),
                            "sufficient_funds": flags, "business_plan": flags}),
    })


def principals(as_of: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    return subset({
        "relationship": st.sampled_from(["spouse", "common_law_partner", "dependent_child"]),
        "status": st.sampled_from(["worker", "student"]),
        "authorization": st.sampled_from(["employer_specific_permit", "open_permit", "pgwp", "study_permit",
                                          "r186_no_permit", "spousal_open_permit"]),
        "authorization_valid_until": st.one_of(
            st.sampled_from([15, 16, 17]).map(lambda m: iso(as_of + dt.timedelta(days=m * 30.44))),
            days_between(as_of - dt.timedelta(days=60), as_of + dt.timedelta(days=365 * 4)).map(iso),
        ),
        "noc_code": nocs,
        "study_program": subset({
            "level": st.sampled_from(["master", "doctorate", "professional_degree", "bachelor", "college", "other"]),
            "length_months": st.sampled_from([12, 15, 16, 24]),
            "full_time": flags,
            "pgwp_eligible_institution": flags,
        }),
        "resides_in_canada": flags,
        "applied_for_permanent_residence": flags,
    })


@st.composite
def applications(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any]:
    return draw(subset({
        "kind": st.sampled_from(["initial", "extension"]),
        "initial_application_date": days_between(as_of - dt.timedelta(days=365 * 3), as_of).map(iso),
        "last_biometrics_on": days_between(as_of - dt.timedelta(days=365 * 12), as_of).map(iso),
    }))


@st.composite
def random_requests(draw: st.DrawFn) -> dict[str, Any]:
    as_of = draw(st.one_of(st.sampled_from(KEY_DAYS), st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))))
    request: dict[str, Any] = {"schema_version": "1", "as_of": iso(as_of)}
    request |= draw(subset({
        "language": st.sampled_from(["en", "fr"]),
        "streams": st.lists(st.sampled_from(STREAM_IDS), min_size=1, max_size=3, unique=True),
        "applicant": applicants(as_of),
        "job_offer": job_offers(as_of),
        "principal": principals(as_of),
        "significant_benefit": subset({"indicators": st.lists(st.sampled_from([
            "exceptional_expertise", "national_or_international_recognition", "awards", "leadership_role",
            "economic_impact", "job_creation", "letters_of_support", "unique_skills", "ten_years_experience",
        ]), unique=True)}),
        "application": applications(as_of),
    }))
    if "streams" in request and draw(st.integers(0, 3)) > 0:
        del request["streams"]  # most requests screen every stream
    return request


# --- personas: complete, mostly qualifying facts for one stream, with values at the thresholds ----


def _months_before(day: dt.date, months: int) -> dt.date:
    from streams.engine.timeline import add_months

    return add_months(day, -months)


@st.composite
def transferees(draw: st.DrawFn, as_of: dt.date, *, cusma: bool) -> dict[str, Any]:
    """An intra-company transferee: R205(a) or CUSMA."""
    citizen = draw(st.sampled_from(["US", "MX"] if cusma else ["DE", "FR", "JP", "US"]))
    category = draw(st.sampled_from(POSITION_CATEGORIES[:4]))
    new_office = draw(flags)
    start = _months_before(as_of, draw(st.sampled_from([12, 13, 30, 60])))
    job: dict[str, Any] = {"start_date": iso(start), "hours_per_week": draw(st.sampled_from([30, 40])),
                           "related_to_offer_employer": True, "similar_to_offer": True,
                           "position_category": category, "country": citizen}
    if draw(flags):
        job["end_date"] = iso(draw(days_between(as_of, as_of + dt.timedelta(days=300))))
    wage = draw(st.sampled_from([{"amount": 40, "per": "hour"}, {"amount": 83200, "per": "year"},
                                 {"amount": 60, "per": "hour"}]))
    applicant: dict[str, Any] = {
        "citizenships": [citizen], "employment_history": [job],
        "specialized_knowledge": {"proprietary_knowledge": True, "advanced_expertise": True},
    }
    if draw(flags):
        applicant["passport_expiry"] = iso(draw(days_between(as_of, as_of + dt.timedelta(days=365 * 5))))
    if draw(flags):
        applicant["date_of_birth"] = iso(_months_before(start, 12 * 30))
    offer: dict[str, Any] = {
        "wage": wage, "hours_per_week": 40, "prevailing_wage_hourly": 40, "province": "ON",
        "duration_months": draw(st.sampled_from([12, 24, 36, 48])),
        "intra_company": {
            "relationship": draw(st.sampled_from(["parent", "subsidiary", "branch", "affiliate"])),
            "foreign_employer_country": citizen, "foreign_employer_multinational": True,
            "canadian_entity_doing_business": not new_office, "new_office": new_office,
            "physical_premises_secured": True, "staffing_plan": True, "financial_capacity": True,
            "position_category": category, "foreign_position_held_open": True,
        },
    }
    request: dict[str, Any] = {"applicant": applicant, "job_offer": offer}
    if draw(flags):
        initial = draw(days_between(as_of - dt.timedelta(days=700), as_of))
        request["application"] = {"kind": "extension", "initial_application_date": iso(initial)}
        job["start_date"] = iso(_months_before(initial, 13))
    return request


CREDENTIALS: list[tuple[str, dict[str, Any]]] = [
    ("economist", {"education": [{"level": "bachelor", "completed": True}]}),
    ("engineer", {"education": [], "holds_licence_for_offer_occupation": True}),
    ("computer_systems_analyst", {"education": [{"level": "post_secondary_diploma", "completed": True}],
                                  "years_experience_in_offer_occupation": 3}),
    ("management_consultant", {"education": [], "years_experience_in_offer_occupation": 5}),
    ("hotel_manager", {"education": [{"level": "master", "completed": True, "related_to_offer": True}]}),
    ("disaster_relief_insurance_claims_adjuster", {"years_experience_in_offer_occupation": 3,
                                                   "completed_profession_specific_training": True}),
]


@st.composite
def cusma_professionals(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any]:
    slug, credential = draw(st.sampled_from(CREDENTIALS))
    applicant = {"citizenships": [draw(st.sampled_from(["US", "MX"]))], **credential}
    if draw(flags):
        applicant["passport_expiry"] = iso(draw(days_between(as_of, as_of + dt.timedelta(days=365 * 4))))
    return {"applicant": applicant,
            "job_offer": {"cusma_profession": slug, "signed": True, "self_employed": False,
                          "duration_months": draw(st.sampled_from([10, 36]))}}


@st.composite
def iec_youths(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any]:
    """A young person of a partner country (or through a recognized organization) on the 2026
    season; the category-specific facts of Young Professionals and Co-op too."""
    as_of = max(as_of, dt.date(2025, 12, 24))
    citizen = draw(st.sampled_from(["FR", "JP", "DE", "IE", "PL", "LV", "US"]))
    age = draw(st.sampled_from([18, 25, 29, 30, 35]))
    born = dt.date(as_of.year - age, 1, 1) if (as_of.month, as_of.day) >= (1, 1) else None
    assert born is not None
    participations = draw(st.sampled_from([
        [], [{"country": citizen, "category": "working_holiday", "permit_issued_on": iso(as_of - dt.timedelta(days=800)),
              "through_recognized_organization": False}],
    ]))
    applicant = {
        "citizenships": [citizen], "country_of_residence": citizen, "date_of_birth": iso(born),
        "applying_through_recognized_organization": citizen == "US", "iec_participations": participations,
        "funds_cad": draw(st.sampled_from([2500, 5000])), "will_hold_health_insurance": True,
        "accompanying_dependants": False,
        "education": [{"level": "bachelor", "completed": True}],
        "post_secondary_enrolment": {"enrolled": True, "country": citizen, "internship_required": True},
    }
    offer = {"signed": True, "paid": True, "contributes_to_professional_development": True,
             "noc_code": draw(st.sampled_from(["21231", "41200", "64100", "65200"]))}
    return {"as_of": iso(as_of), "applicant": applicant, "job_offer": offer}


@st.composite
def partners(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any]:
    """The spouse or partner of a worker or student."""
    as_of = max(as_of, dt.date(2023, 1, 30))
    status = draw(st.sampled_from(["worker", "student"]))
    principal: dict[str, Any] = {
        "relationship": draw(st.sampled_from(["spouse", "common_law_partner", "dependent_child"])),
        "status": status, "resides_in_canada": True,
        "authorization_valid_until": iso(as_of + dt.timedelta(days=draw(st.sampled_from([200, 487, 520, 900])))),
    }
    if draw(flags):
        principal["applied_for_permanent_residence"] = draw(flags)
    if status == "worker":
        principal |= {"authorization": draw(st.sampled_from(["employer_specific_permit", "pgwp"])),
                      "noc_code": draw(st.sampled_from(["21231", "22310", "72010", "62010"]))}
    else:
        principal |= {"authorization": "study_permit", "study_program": {
            "level": draw(st.sampled_from(["master", "doctorate", "bachelor"])),
            "length_months": draw(st.sampled_from([12, 16, 24])), "full_time": True, "pgwp_eligible_institution": True}}
    return {"as_of": iso(as_of), "principal": principal,
            "applicant": {"studying_full_time_in_canada": False, "citizenships": ["BR"]}}


@st.composite
def global_talents(draw: st.DrawFn, as_of: dt.date) -> dict[str, Any]:
    as_of = max(as_of, dt.date(2022, 12, 1))
    category_b = draw(flags)
    offer: dict[str, Any] = {
        "province": draw(st.sampled_from(["ON", "BC", "QC"])), "hours_per_week": 40, "prevailing_wage_hourly": 38,
        "wage": draw(st.sampled_from([{"amount": 38.46, "per": "hour"}, {"amount": 80000, "per": "year"},
                                      {"amount": 150000, "per": "year"}])),
        "gts": {"labour_market_benefits_plan": True, "designated_partner_referral": not category_b,
                "positions_this_year": draw(st.sampled_from([1, 2, 3]))},
        "noc_code": draw(st.sampled_from(["21231", "22222", "52120", "21210"])) if category_b else "11200",
        "title": "Software developer",
    }
    return {"as_of": iso(as_of), "job_offer": offer,
            "applicant": {"years_experience_in_offer_occupation": draw(st.sampled_from([2.9, 3]))}}


@st.composite
def persona_requests(draw: st.DrawFn) -> dict[str, Any]:
    as_of = draw(st.sampled_from(KEY_DAYS))
    kind = draw(st.sampled_from(["ict", "cusma_ict", "cusma_professional", "iec", "spousal", "gts", "benefit"]))
    facts: dict[str, Any]
    if kind in ("ict", "cusma_ict"):
        facts = draw(transferees(as_of, cusma=kind == "cusma_ict"))
    elif kind == "cusma_professional":
        facts = draw(cusma_professionals(as_of))
    elif kind == "iec":
        facts = draw(iec_youths(as_of))
    elif kind == "spousal":
        facts = draw(partners(as_of))
    elif kind == "gts":
        facts = draw(global_talents(as_of))
    else:
        facts = {"significant_benefit": {"indicators": ["awards", "leadership_role", "economic_impact"]},
                 "job_offer": {"signed": True, "duration_months": 24}}
    return {"schema_version": "1", "as_of": iso(as_of), **facts}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def sample_requests() -> list[dict[str, Any]]:
    """The valid requests of the shared samples and of the scenario files: many are complete
    eligible or ineligible cases, where a flip would matter most."""
    found = []
    for path in sorted(SHARED_SCENARIOS.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if "expect_error" not in case:
            found.append(case["request"])
    for path in SCENARIO_FILES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            if "expect_error" not in case:
                found.append({"schema_version": "1", **_plain(case["request"])})
    return found


SAMPLES = sample_requests()
requests = st.one_of(random_requests(), persona_requests(), st.sampled_from(SAMPLES))
