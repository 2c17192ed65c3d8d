"""People and files the tests share: a German senior manager's facts, two firms whose consultants
have email addresses (North Immigration has an administrator), and a helper making a screened file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from applications import services
from applications.models import ClientFile, Firm, Membership

GERMAN_MANAGER = {
    "applicant": {
        "citizenships": ["DE"], "date_of_birth": "1982-03-02",
        "residence_history": [{"country": "DE", "from": "2006-01-01"}, {"country": "FR", "from": "2005-01-01", "to": "2005-09-30"},
                              {"country": "IT", "from": "2004-01-01", "to": "2004-03-01"},
                              {"country": "GB", "from": "1995-01-01", "to": "1999-12-31"}],
        "employment_history": [{"employer_name": "Northwind GmbH", "country": "DE", "start_date": "2018-04-01",
                                "hours_per_week": 40, "related_to_offer_employer": True, "similar_to_offer": True}],
    },
    "job_offer": {"province": "ON", "noc_code": "00012", "duration_months": 36, "intra_company": {
        "relationship": "subsidiary", "foreign_employer_multinational": True, "canadian_entity_doing_business": True,
        "new_office": False, "physical_premises_secured": True, "position_category": "senior_manager", "foreign_position_held_open": True}},
}


def consultant(username: str, firm: Firm, *, role: str = Membership.Role.CONSULTANT) -> Any:
    user = get_user_model().objects.create_user(username=username, password="pw-" + username,
                                                email=f"{username}@example.org")
    Membership.objects.create(user=user, firm=firm, role=role)
    return user


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    north, south = Firm.objects.create(name="North Immigration"), Firm.objects.create(name="South Law")
    return {"north": north, "south": south, "alice": consultant("alice", north),
            "nora": consultant("nora", north, role=Membership.Role.ADMIN), "bob": consultant("bob", south),
            "stranger": get_user_model().objects.create_user(username="eve", password="pw-eve")}


def client_file(firm: Firm, actor: Any, name: str, facts: dict[str, Any], *, screened_on: date | None = None,
                applicant: Any = None) -> ClientFile:
    """A client file, screened by its consultant as of ``screened_on`` (its decisions kept)."""
    made = services.client_file_create(firm=firm, actor=actor, client_name=name, request=facts, applicant=applicant)
    if screened_on is not None:
        services.screening_run(client_file=made, actor=actor, as_of=screened_on)
    return made
