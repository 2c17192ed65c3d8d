from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from applications import services
from applications.models import Firm, Membership
from tests.personas import GERMAN_MANAGER, people  # noqa: F401 (re-exported for the tests here)


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

