"""Reference lists the request is validated against: countries, provinces, NOC 2021, CUSMA professions.

Loaded once from ``data/reference`` (and pycountry for ISO 3166-1) and checked when loaded, so a
damaged data file stops the program at start-up instead of giving wrong answers later.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).parent / "data"
REFERENCE_DIR = DATA_DIR / "reference"

# Canada Post province and territory codes (contract, "Conventions").
PROVINCES: dict[str, tuple[str, str]] = {
    "AB": ("Alberta", "Alberta"),
    "BC": ("British Columbia", "Colombie-Britannique"),
    "MB": ("Manitoba", "Manitoba"),
    "NB": ("New Brunswick", "Nouveau-Brunswick"),
    "NL": ("Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    "NS": ("Nova Scotia", "Nouvelle-Écosse"),
    "NT": ("Northwest Territories", "Territoires du Nord-Ouest"),
    "NU": ("Nunavut", "Nunavut"),
    "ON": ("Ontario", "Ontario"),
    "PE": ("Prince Edward Island", "Île-du-Prince-Édouard"),
    "QC": ("Quebec", "Québec"),
    "SK": ("Saskatchewan", "Saskatchewan"),
    "YT": ("Yukon", "Yukon"),
}


class ReferenceDataError(ValueError):
    """A reference file is malformed; raised at load time."""


@dataclass(frozen=True, slots=True)
class NocUnitGroup:
    code: str
    title_en: str
    title_fr: str
    teer: int
    broad_category: str
    major_group: str


@dataclass(frozen=True, slots=True)
class CusmaProfession:
    slug: str
    title: str
    credentials_text: str
    notes: str
    # The French name, after the treaty's French version (ACEUM, appendice 2 de l'annexe 16-A) as far
    # as the project could read it; the English name is the treaty's.
    title_fr: str = ""

    def title_in(self, language: str) -> str:
        return self.title_fr if language == "fr" and self.title_fr else self.title


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name."""
    return {c.alpha_2: c.name for c in pycountry.countries}


@cache
def noc_unit_groups() -> dict[str, NocUnitGroup]:
    path = REFERENCE_DIR / "noc_2021.csv"
    groups: dict[str, NocUnitGroup] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code = row["code"].strip()
            if len(code) != 5 or not code.isdigit():
                raise ReferenceDataError(f"{path.name}:{line}: NOC code {code!r} is not 5 digits")
            teer = int(row["teer"])
            if not 0 <= teer <= 5 or str(teer) != code[1]:
                raise ReferenceDataError(f"{path.name}:{line}: TEER {teer} does not match {code}")
            if code in groups:
                raise ReferenceDataError(f"{path.name}:{line}: NOC code {code} repeated")
            groups[code] = NocUnitGroup(
                code=code,
                title_en=row["title_en"].strip(),
                title_fr=row["title_fr"].strip(),
                teer=teer,
                broad_category=row["broad_category"].strip(),
                major_group=row["major_group"].strip(),
            )
    if len(groups) < 500:
        raise ReferenceDataError(f"{path.name}: only {len(groups)} unit groups; expected 516")
    return groups


@cache
def cusma_professions() -> dict[str, CusmaProfession]:
    path = REFERENCE_DIR / "cusma_professions.csv"
    professions: dict[str, CusmaProfession] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            slug = row["slug"].strip()
            if not slug or slug == "none" or slug in professions:
                raise ReferenceDataError(f"{path.name}:{line}: bad or repeated slug {slug!r}")
            professions[slug] = CusmaProfession(
                slug=slug,
                title=row["profession"].strip(),
                title_fr=(row.get("profession_fr") or "").strip(),
                credentials_text=row["minimum_education_or_credentials"].strip(),
                notes=row["notes"].strip(),
            )
    if len(professions) != 63:
        raise ReferenceDataError(f"{path.name}: {len(professions)} professions; CUSMA lists 63")
    return professions


def teer_of(noc_code: str) -> int:
    """TEER of a NOC 2021 unit group: its second digit (NOC 2021 structure)."""
    return int(noc_code[1])
