"""Sign-in: repeated wrong passwords lock the username at that address for a while (consultants'
page and the admin alike), and accounts are created only with passwords Django's validators accept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from applications.models import Membership

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def alice(db: Any) -> Any:
    return get_user_model().objects.create_user(username="alice", password=PASSWORD)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, url: str, username: str, times: int) -> list[int]:
    return [client.post(url, {"username": username, "password": f"wrong-{i}"}).status_code for i in range(times)]


def test_five_wrong_passwords_lock_the_username_at_that_address_even_for_the_right_one(alice: Any) -> None:
    # given five wrong passwords for alice from one address: the fifth locks
    attacker = Client(REMOTE_ADDR="203.0.113.20")
    assert fail(attacker, "/accounts/login/", "alice", 5) == [200, 200, 200, 200, 429]
    # when the right password comes next from that address
    response = attacker.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    # then it is refused with a page that says why and for how long
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page and "15 minutes" in page
    assert not signed_in(attacker)
    # and alice, from her own address, still signs in
    own = Client(REMOTE_ADDR="198.51.100.30")
    assert own.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    assert signed_in(own)


def test_a_locked_username_signs_in_again_after_the_cool_off(alice: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.21")
    fail(client, "/accounts/login/", "alice", 5)
    assert client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
        assert response.status_code == 302 and signed_in(client)


def test_the_admin_sign_in_locks_too(db: Any) -> None:
    get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="")
    client = Client(REMOTE_ADDR="203.0.113.22")
    fail(client, "/admin/login/", "root", 5)
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize(("password", "reason"), [
    ("password123", "too common"),
    ("83920174", "entirely numeric"),
    ("dana-smith", "too similar to the username"),
    ("Tr0ub4", "too short"),
])
def test_create_consultant_refuses_passwords_the_validators_refuse(db: Any, password: str, reason: str) -> None:
    with pytest.raises(CommandError, match=reason):
        call_command("create_consultant", "dana-smith", firm="North Immigration", password=password)
    assert not get_user_model().objects.filter(username="dana-smith").exists()


def test_create_consultant_accepts_a_strong_password(db: Any) -> None:
    call_command("create_consultant", "dana", firm="North Immigration", password=PASSWORD)
    assert Membership.objects.get(user__username="dana").firm.name == "North Immigration"
