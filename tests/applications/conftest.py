from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from applications import services
from applications.models import Firm, Membership

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


def consultant(username: str, firm: Firm) -> Any:
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    Membership.objects.create(user=user, firm=firm)
    return user


@pytest.fixture
def firms(db: Any) -> dict[str, Any]:
    north, south = Firm.objects.create(name="North Immigration"), Firm.objects.create(name="South Law")
    alice, bob = consultant("alice", north), consultant("bob", south)
    client_user = get_user_model().objects.create_user(username="klaus", password="pw-klaus")
    stranger = get_user_model().objects.create_user(username="eve", password="pw-eve")
    employer = get_user_model().objects.create_user(username="northwind", password="pw-northwind")
    other_employer = get_user_model().objects.create_user(username="contoso", password="pw-contoso")
    client_file = services.client_file_create(firm=north, actor=alice, client_name="Klaus Weber",
                                              request=GERMAN_MANAGER, applicant=client_user, employer=employer)
    screening = services.screening_run(client_file=client_file, actor=alice)
    job = services.job_request(screening=screening, actor=alice, kind="report")
    return {"north": north, "south": south, "alice": alice, "bob": bob, "client": client_user,
            "stranger": stranger, "employer": employer, "other_employer": other_employer, "file": client_file, "screening": screening, "job": job}


# Two firms with consultants who have email addresses and an administrator (the impact tests'
# personas), for the intake tests; imported last: those personas read GERMAN_MANAGER from here.
from tests.impact.conftest import people  # noqa: E402, F401
