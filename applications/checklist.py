"""Document checklists: for each stream the client may still qualify under, the papers to gather,
tailored to the facts, each tied to the rule it proves, its source, and who provides it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from streams.engine.reference import noc_unit_groups, teer_of
from streams.engine.timeline import add_months, whole_months_between

DATA = Path(__file__).parent / "data" / "documents.yaml"
POLICE_STAY_MONTHS = 6  # a stay of 6 months or more since age 18 (IRCC, police certificates)
ADULT_AGE = 18
PUBLIC_HEALTH_NOC_PREFIXES = ("3",)  # health occupations; job_offer.public_health_setting overrides
LANGUAGES = ("en", "fr")
TRANSLATED = ("title", "proves")  # the document fields shown to people, in each language
RESIDENCE_UNKNOWN = {
    "en": "Add the places you lived since age 18 (residence history) to list the police certificates.",
    "fr": "Ajoutez les lieux où vous avez vécu depuis l'âge de 18 ans (antécédents de résidence) pour obtenir "
          "la liste des certificats de police.",
}


@cache
def catalogue() -> dict[str, Any]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for document in data["documents"]:
        for source in document["sources"]:
            if source not in data["sources"]:
                raise ValueError(f"{document['id']} cites unknown source {source}")
        if document["when"] not in TESTS:
            raise ValueError(f"{document['id']}: no test named {document['when']!r}")
        for field in TRANSLATED:
            text = document.get(field)
            missing = [lang for lang in LANGUAGES if not isinstance(text, dict) or not text.get(lang)]
            if missing:
                raise ValueError(f"{document['id']}: {field} has no {' or '.join(missing)} text")
    return data


def checklist_language(request: dict[str, Any], result: dict[str, Any]) -> str:
    """The screening's language: the engine wrote the result's text in it."""
    return result.get("language") or request.get("language") or "en"


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _police_countries(request: dict[str, Any]) -> list[str] | None:
    """Countries with a stay of 6 months or more since the 18th birthday (None: not known)."""
    history = _get(request, "applicant.residence_history")
    born = _get(request, "applicant.date_of_birth")
    if history is None:
        return None
    adult = add_months(date.fromisoformat(born), 12 * ADULT_AGE) if born else None
    as_of = date.fromisoformat(request["as_of"]) if request.get("as_of") else timezone.localdate()
    countries: list[str] = []
    for stay in history:
        start, end = stay.get("from"), stay.get("to")
        if not start or not stay.get("country"):
            continue
        begin = date.fromisoformat(start)
        finish = date.fromisoformat(end) if end else as_of
        if adult and finish < adult:
            continue
        if adult and begin < adult:
            begin = adult
        if whole_months_between(begin, finish) >= POLICE_STAY_MONTHS and stay["country"] not in countries:
            countries.append(stay["country"])
    return countries


def _public_health(request: dict[str, Any]) -> bool:
    setting = _get(request, "job_offer.public_health_setting")
    if setting is not None:
        return bool(setting)
    noc = _get(request, "job_offer.noc_code")
    return bool(noc and noc in noc_unit_groups() and noc.startswith(PUBLIC_HEALTH_NOC_PREFIXES))


def _citizen_of(request: dict[str, Any], country: str) -> bool:
    return country in (_get(request, "applicant.citizenships") or [])


def _unpaid_religious_or_charitable(request: dict[str, Any]) -> bool:
    """Unpaid work for a religious or charitable organization is exempt from the work permit fee
    (R299(2)), so the employer pays no compliance fee (R303.1(5))."""
    religious_or_charitable = _get(request, "job_offer.work_type") in ("religious", "charitable")
    return religious_or_charitable and _get(request, "job_offer.paid") is False


TESTS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "always": lambda r: True,
    "us_national": lambda r: _citizen_of(r, "US"),
    "biometrics_needed": lambda r: not _citizen_of(r, "US"),
    "resident_abroad_not_citizen": lambda r: bool(_get(r, "applicant.country_of_residence"))
    and _get(r, "applicant.country_of_residence") not in (_get(r, "applicant.citizenships") or []),
    "police_certificates": lambda r: bool(_police_countries(r)),
    "medical_required": _public_health,
    "medical_may_be_required": lambda r: not _public_health(r) and (_get(r, "job_offer.duration_months") or 12) > 6,
    "common_law": lambda r: _get(r, "principal.relationship") == "common_law_partner",
    "accompanying_dependants": lambda r: _get(r, "applicant.accompanying_dependants") is True,
    "inside_canada": lambda r: _get(r, "applicant.location") == "inside_canada",
    "new_office": lambda r: _get(r, "job_offer.intra_company.new_office") is True,
    "not_new_office": lambda r: _get(r, "job_offer.intra_company.new_office") is not True,
    "specialized_knowledge": lambda r: _get(r, "job_offer.intra_company.position_category") == "specialized_knowledge",
    "experience_needed": lambda r: _get(r, "job_offer.cusma_profession") not in (None, "none"),
    "recognized_organization": lambda r: _get(r, "applicant.applying_through_recognized_organization") is True,
    "teer_4_job": lambda r: bool(_get(r, "job_offer.noc_code")) and teer_of(_get(r, "job_offer.noc_code")) == 4,
    "principal_worker": lambda r: _get(r, "principal.status") == "worker",
    "principal_student": lambda r: _get(r, "principal.status") == "student",
    "gts_category_a": lambda r: _get(r, "job_offer.gts.designated_partner_referral") is True,
    "quebec": lambda r: _get(r, "job_offer.province") == "QC",
    "unpaid_religious_or_charitable": lambda r: _unpaid_religious_or_charitable(r),
    "compliance_fee_due": lambda r: not _unpaid_religious_or_charitable(r),
    "religious_work": lambda r: _get(r, "job_offer.work_type") == "religious",
}


def checklist_build(request: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The checklist for a screening: per stream still open, the documents that apply."""
    data = catalogue()
    sources = data["sources"]
    language = checklist_language(request, result)
    open_streams = [s for s in result["streams"] if s["outcome"] != "ineligible"]
    sections = []
    seen_general: set[str] = set()
    for stream in open_streams:
        items = []
        for document in data["documents"]:
            if document["streams"] != "all" and stream["stream"] not in document["streams"]:
                continue
            if not TESTS[document["when"]](request):
                continue
            if document["streams"] == "all":
                if document["id"] in seen_general:
                    continue
                seen_general.add(document["id"])
            cited = [{"title": sources[s]["title"], "url": sources[s]["url"]} for s in document["sources"]]
            title = document["title"][language]
            base = {"id": document["id"], "title": title, "who": document["who"],
                    "proves": document["proves"][language], "criterion": document["criterion"], "sources": cited}
            if document["when"] == "police_certificates":
                colon = " : " if language == "fr" else ": "  # French puts a space before the colon
                for country in _police_countries(request) or []:
                    items.append({**base, "id": f"{document['id']}-{country}", "title": f"{title}{colon}{country}"})
            else:
                items.append(base)
        sections.append({"stream": stream["stream"], "title": stream["title"], "outcome": stream["outcome"],
                         "items": items})
    unknown_residence = _police_countries(request) is None
    return {
        "as_of": result["as_of"],
        "rulebook_version": result["rulebook_version"],
        "sections": sections,
        "notes": [RESIDENCE_UNKNOWN[language]] if unknown_residence else [],
    }
