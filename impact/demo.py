"""Synthetic client files for demonstrations and the re-screening benchmark.

Each persona is a kind of client a firm really has (a transferred manager, a business owner, a
French-speaking cook, the spouse of a worker or of a student, ...), with facts varied at random
around it: names, dates, countries, occupations. Together they cover every stream and every
outcome, and the people the dated rule changes affect:

- 2025-01-21 (spousal open work permits): spouses of TEER 2 or 3 workers outside the select list,
  of TEER 4 or 5 workers, of workers with fewer than 16 months left, of students in a short
  master's program; spouses of undergraduate students (already refused since 2024-03-19) and of
  TEER 0/1 workers with time left (still eligible) are controls that must not flip;
- 2025-05-27 (business owners, C11): owners of exactly 50% (51% needed from that day), owners who
  have not said whether they have the support funds now asked for.

Facts are valid contract-v1 requests on any day from ``EARLIEST_AS_OF`` (no date of birth or
employment after it), so the same files can be screened as of 2025-01-20 and later.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

EARLIEST_AS_OF = date(2025, 1, 20)

_FIRST = ["Amina", "Bruno", "Chen", "Daniela", "Emeka", "Fatima", "Giulia", "Hiroshi", "Ines", "Jonas", "Kavya",
          "Lucas", "Maria", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Samir", "Tamar", "Uma", "Viktor",
          "Wen", "Ximena", "Yusuf", "Zoé", "Aïcha", "Mateo", "Sofia", "Arjun", "Léa", "Kwame"]
_LAST = ["Adeyemi", "Bauer", "Castillo", "Dubois", "Eriksen", "Fernandes", "García", "Haddad", "Ivanova",
         "Jansen", "Khan", "Lefebvre", "Martins", "Nguyen", "Okafor", "Petrov", "Quispe", "Rossi", "Sato",
         "Tremblay", "Usman", "Valdez", "Weber", "Xu", "Yamamoto", "Zhang", "Diallo", "Kowalski", "Moreau"]
_PROVINCES = ["ON", "BC", "AB", "MB", "NS", "NB", "SK", "PE", "NL"]


def _day(rng: random.Random, start: date, end: date) -> str:
    return (start + timedelta(days=rng.randrange((end - start).days + 1))).isoformat()


def _adult(rng: random.Random, youngest: int = 24, oldest: int = 55) -> str:
    return _day(rng, date(2025 - oldest, 1, 1), date(2025 - youngest, 1, 1))


def _applicant(rng: random.Random, countries: list[str], **more: Any) -> dict[str, Any]:
    country = rng.choice(countries)
    return {"citizenships": [country], "country_of_residence": country, "date_of_birth": _adult(rng),
            "location": "outside_canada", "passport_expiry": _day(rng, date(2029, 1, 1), date(2034, 12, 31)), **more}


def ict_manager(rng: random.Random) -> dict[str, Any]:
    country = rng.choice(["DE", "FR", "GB", "IN", "JP", "BR", "IT"])
    category = rng.choice(["senior_manager", "executive", "functional_manager"])
    noc = rng.choice(["00012", "00013", "10010", "20012"])
    held_open = rng.random() > 0.08
    relationship = rng.choice(["subsidiary", "parent", "branch", "affiliate"]) if rng.random() > 0.1 else None
    intra = {"relationship": relationship, "foreign_employer_country": country, "foreign_employer_multinational": True,
             "canadian_entity_doing_business": True, "new_office": False, "physical_premises_secured": True,
             "position_category": category, "foreign_position_held_open": held_open}
    return {
        "applicant": {**_applicant(rng, [country]), "employment_history": [{
            "employer_name": "Northwind", "country": country,
            "start_date": _day(rng, date(2015, 1, 1), date(2023, 6, 30)), "hours_per_week": 40,
            "noc_code": noc, "position_category": category,
            "related_to_offer_employer": True, "similar_to_offer": True}]},
        "job_offer": {"province": rng.choice(_PROVINCES), "noc_code": noc, "duration_months": rng.choice([12, 24, 36]),
                      "signed": True, "paid": True, "wage": {"amount": rng.randrange(90, 220) * 1000, "per": "year"},
                      "intra_company": {k: v for k, v in intra.items() if v is not None}},
    }


def ict_specialist(rng: random.Random) -> dict[str, Any]:
    facts = ict_manager(rng)
    facts["applicant"]["specialized_knowledge"] = {"proprietary_knowledge": rng.random() > 0.2,
                                                   "advanced_expertise": True}
    noc = rng.choice(["21231", "21211", "21311", "22310"])
    facts["applicant"]["employment_history"][0].update(position_category="specialized_knowledge", noc_code=noc)
    facts["job_offer"].update(noc_code=noc, prevailing_wage_hourly=rng.choice([38.0, 45.5, 52.0]),
                              wage={"amount": rng.choice([40.0, 55.0, 70.0]), "per": "hour"}, hours_per_week=40)
    facts["job_offer"]["intra_company"]["position_category"] = "specialized_knowledge"
    return facts


def cusma_manager(rng: random.Random) -> dict[str, Any]:
    facts = ict_manager(rng)
    country = rng.choice(["US", "MX"])
    facts["applicant"].update(citizenships=[country], country_of_residence=country)
    facts["applicant"]["employment_history"][0]["country"] = country
    facts["job_offer"]["intra_company"]["foreign_employer_country"] = country
    return facts


def significant_benefit(rng: random.Random) -> dict[str, Any]:
    pool = ["exceptional_expertise", "national_or_international_recognition", "awards", "leadership_role",
            "economic_impact", "job_creation", "letters_of_support", "unique_skills", "ten_years_experience"]
    return {"applicant": _applicant(rng, ["FR", "US", "KR", "NG", "AU"]),
            "significant_benefit": {"indicators": rng.sample(pool, rng.randrange(0, 4))},
            "job_offer": {"signed": rng.random() > 0.15, "duration_months": rng.choice([12, 24])}}


def business_owner(rng: random.Random) -> dict[str, Any]:
    """Owners of 50% (refused from 2025-05-27), of more with or without the support-funds facts."""
    share = rng.choice([50, 50, 60, 75, 100])
    business: dict[str, Any] = {"ownership_percent": share, "business_plan": rng.random() > 0.1}
    if rng.random() > 0.5:
        business.update(sufficient_funds=True, business_funds_separate=True, exit_plan=True,
                        support_funds_cad=rng.choice([30000, 45000, 60000]))
    return {"applicant": {**_applicant(rng, ["FR", "BE", "CN", "AE", "MX"]), "family_size": rng.choice([1, 2, 3, 4])},
            "job_offer": {"self_employed": True, "duration_months": rng.choice([12, 18]), "business": business}}


def francophone(rng: random.Random) -> dict[str, Any]:
    level = rng.choice([4, 5, 6, 7, 9])
    noc = rng.choice(["65200", "63200", "21231", "33102", "85100"])
    province = rng.choice(["NB", "ON", "MB", "NS", "QC"]) if rng.random() > 0.1 else "QC"
    return {"applicant": {**_applicant(rng, ["SN", "CI", "CM", "FR", "BE", "MA", "HT"]),
                          "french_nclc": {"speaking": level, "listening": level}},
            "job_offer": {"province": province, "noc_code": noc, "signed": True, "duration_months": 24,
                          "remote_for_quebec_employer": False}}


def religious(rng: random.Random) -> dict[str, Any]:
    return {"applicant": _applicant(rng, ["PH", "HT", "KE", "IN", "PL"]),
            "job_offer": {"work_type": rng.choice(["religious", "charitable", "other"]), "signed": True,
                          "paid": rng.random() > 0.5, "duration_months": 12}}


def _spouse(rng: random.Random, principal: dict[str, Any]) -> dict[str, Any]:
    return {"applicant": {**_applicant(rng, ["BR", "IN", "PH", "NG", "CN", "MX"]),
                          "studying_full_time_in_canada": False},
            "principal": {"relationship": "spouse", "resides_in_canada": True, **principal}}


def spouse_of_skilled_worker(rng: random.Random) -> dict[str, Any]:
    """TEER 0/1 worker with at least 16 months left after 2025-01-21: eligible on both sides."""
    return _spouse(rng, {"status": "worker", "authorization": "employer_specific_permit",
                         "authorization_valid_until": _day(rng, date(2026, 9, 1), date(2029, 12, 31)),
                         "noc_code": rng.choice(["21231", "00012", "41200", "11100"]),
                         "applied_for_permanent_residence": False})


def spouse_of_teer_2_3_worker(rng: random.Random) -> dict[str, Any]:
    """A TEER 2 or 3 occupation off the select list, about a year left: C41 until 2025-01-20 only."""
    return _spouse(rng, {"status": "worker", "authorization": "employer_specific_permit",
                         "authorization_valid_until": _day(rng, date(2025, 9, 1), date(2026, 4, 30)),
                         "noc_code": rng.choice(["62010", "62020", "64409", "63202"]),
                         "applied_for_permanent_residence": False})


def spouse_of_teer_4_5_worker(rng: random.Random) -> dict[str, Any]:
    """C47 before 2025-01-21 (when the LMIA allows it), refused after unless moving to PR."""
    return _spouse(rng, {"status": "worker", "authorization": "employer_specific_permit",
                         "authorization_valid_until": _day(rng, date(2026, 6, 1), date(2028, 6, 30)),
                         "noc_code": rng.choice(["44100", "65200", "75110", "85100"]),
                         "applied_for_permanent_residence": False})


def spouse_of_worker_short_time_left(rng: random.Random) -> dict[str, Any]:
    """TEER 0/1 worker with 6 to 15 months left on 2025-01-21: the 16-month rule refuses."""
    return _spouse(rng, {"status": "worker", "authorization": "employer_specific_permit",
                         "authorization_valid_until": _day(rng, date(2025, 8, 1), date(2026, 4, 30)),
                         "noc_code": rng.choice(["21231", "21211", "11100"]),
                         "applied_for_permanent_residence": False})


def spouse_of_undergraduate(rng: random.Random) -> dict[str, Any]:
    return _spouse(rng, {"status": "student", "authorization": "study_permit",
                         "authorization_valid_until": _day(rng, date(2026, 6, 1), date(2029, 6, 30)),
                         "applied_for_permanent_residence": False,
                         "study_program": {"level": "bachelor", "length_months": 48, "full_time": True,
                                           "pgwp_eligible_institution": True}})


def spouse_of_graduate_student(rng: random.Random) -> dict[str, Any]:
    """Short master's programs are refused from 2025-01-21; doctoral programs still qualify."""
    level, months = rng.choice([("master", 12), ("master", 24), ("doctorate", 48)])
    return _spouse(rng, {"status": "student", "authorization": "study_permit",
                         "authorization_valid_until": _day(rng, date(2026, 6, 1), date(2029, 6, 30)),
                         "applied_for_permanent_residence": False,
                         "study_program": {"level": level, "length_months": months, "full_time": True,
                                           "pgwp_eligible_institution": True}})


def working_holiday(rng: random.Random) -> dict[str, Any]:
    country = rng.choice(["FR", "IE", "AU", "JP", "DE", "KR"])
    return {"applicant": {**_applicant(rng, [country]), "date_of_birth": _adult(rng, 19, 36),
                          "funds_cad": rng.choice([2500, 4000, 6000]), "will_hold_health_insurance": True,
                          "accompanying_dependants": False, "iec_participations": []}}


def cusma_professional(rng: random.Random) -> dict[str, Any]:
    return {"applicant": {**_applicant(rng, ["US", "MX"]), "education": [
                {"level": "bachelor", "field": "computer science", "completed": True, "related_to_offer": True}],
                "years_experience_in_offer_occupation": rng.choice([2, 6, 10])},
            "job_offer": {"province": rng.choice(_PROVINCES), "noc_code": "21222", "signed": True, "paid": True,
                          "duration_months": 36, "self_employed": False,
                          "cusma_profession": "computer_systems_analyst"}}


def talent_stream(rng: random.Random) -> dict[str, Any]:
    return {"job_offer": {"province": rng.choice(_PROVINCES), "noc_code": rng.choice(["21231", "21211", "22222"]),
                          "wage": {"amount": rng.choice([36.0, 45.0, 60.0]), "per": "hour"}, "hours_per_week": 40,
                          "duration_months": 24, "signed": True, "paid": True,
                          "gts": {"designated_partner_referral": False, "labour_market_benefits_plan": True}}}


def intake(rng: random.Random) -> dict[str, Any]:
    """A file just opened: a few facts, most streams need more information."""
    return {"applicant": {"citizenships": [rng.choice(["IN", "NG", "FR", "US", "PH"])]}}


# Weights: spousal and business-owner files are common in a firm's caseload.
PERSONAS: list[tuple[str, Callable[[random.Random], dict[str, Any]], int]] = [
    ("ict_manager", ict_manager, 10), ("ict_specialist", ict_specialist, 6), ("cusma_manager", cusma_manager, 5),
    ("significant_benefit", significant_benefit, 5), ("business_owner", business_owner, 9),
    ("francophone", francophone, 8), ("religious", religious, 4),
    ("spouse_of_skilled_worker", spouse_of_skilled_worker, 8),
    ("spouse_of_teer_2_3_worker", spouse_of_teer_2_3_worker, 6),
    ("spouse_of_teer_4_5_worker", spouse_of_teer_4_5_worker, 5),
    ("spouse_of_worker_short_time_left", spouse_of_worker_short_time_left, 5),
    ("spouse_of_undergraduate", spouse_of_undergraduate, 4),
    ("spouse_of_graduate_student", spouse_of_graduate_student, 4),
    ("working_holiday", working_holiday, 6), ("cusma_professional", cusma_professional, 4),
    ("talent_stream", talent_stream, 3), ("intake", intake, 8),
]


def synthetic_files(count: int, *, seed: int = 13) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``count`` (persona, client name, facts), in a repeatable order for a given ``seed``."""
    rng = random.Random(seed)
    names = [name for name, _, _ in PERSONAS]
    makers = {name: make for name, make, _ in PERSONAS}
    weights = [weight for _, _, weight in PERSONAS]
    for _ in range(count):
        persona = rng.choices(names, weights)[0]
        yield persona, f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", makers[persona](rng)
