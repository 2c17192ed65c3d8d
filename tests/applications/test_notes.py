"""Notes are rows of their own: two consultants adding notes at the same moment both keep theirs.

The concurrency here is real: each thread has its own PostgreSQL connection (pytest-django's
transactional tests commit, so every connection sees the others' rows)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from applications import permissions, services

pytestmark = pytest.mark.django_db(transaction=True)


def in_threads(*work: Callable[[], Any]) -> list[Any]:
    """Run each callable in its own thread (and database connection); re-raise the first error."""
    results: list[Any] = [None] * len(work)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            results[index] = job()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def page_text(user: Any, file_id: int) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client.get(f"/files/{file_id}/").content.decode()


def test_two_consultants_adding_a_note_at_the_same_moment_both_keep_theirs(firms: dict[str, Any]) -> None:
    from applications.models import Membership

    alice, file_id = firms["alice"], firms["file"].pk
    carol = type(alice).objects.create_user(username="carol", password="pw-carol")
    Membership.objects.create(user=carol, firm=firms["north"])
    both_loaded = threading.Barrier(2, timeout=20)

    def add(user: Any, note: str) -> None:
        # given each consultant has the file open (as the page's view loads it)
        client_file = permissions.client_file_get_for_editor(user, file_id)
        both_loaded.wait()
        # when both add a note at once
        services.client_file_add_note(client_file=client_file, actor=user, note=note)

    in_threads(lambda: add(alice, "Alice called the employer."), lambda: add(carol, "Carol asked for the offer."))
    # then both notes are on the file
    text = page_text(alice, file_id)
    assert "Alice called the employer." in text and "Carol asked for the offer." in text


def test_notes_posted_from_two_browsers_at_once_are_all_kept(firms: dict[str, Any]) -> None:
    from applications.models import Membership

    alice, file_id = firms["alice"], firms["file"].pk
    carol = type(alice).objects.create_user(username="carol", password="pw-carol")
    Membership.objects.create(user=carol, firm=firms["north"])
    rounds = 8
    in_step = threading.Barrier(2, timeout=20)

    def post_notes(user: Any) -> None:
        client = Client()
        client.force_login(user)
        for i in range(rounds):
            in_step.wait()
            response = client.post(f"/files/{file_id}/notes/", {"note": f"{user.username} note {i}"})
            assert response.status_code == 302

    in_threads(lambda: post_notes(alice), lambda: post_notes(carol))
    text = page_text(alice, file_id)
    missing = [f"{who} note {i}" for who in ("alice", "carol") for i in range(rounds) if f"{who} note {i}" not in text]
    assert missing == []


def test_a_note_is_a_row_with_its_author_and_time(firms: dict[str, Any]) -> None:
    from applications.models import Note

    note = services.client_file_add_note(client_file=firms["file"], actor=firms["alice"], note="  Passport expires soon. ")
    assert isinstance(note, Note)
    stored = Note.objects.get()
    assert (stored.client_file, stored.author, stored.text) == (firms["file"], firms["alice"], "Passport expires soon.")
    assert stored.created_at is not None
    text = page_text(firms["alice"], firms["file"].pk)
    assert "Passport expires soon." in text and "alice" in text


def test_an_empty_note_is_refused(firms: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        services.client_file_add_note(client_file=firms["file"], actor=firms["alice"], note="   ")


def api(user: Any) -> Any:
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_notes_have_their_own_api_for_the_firms_consultants(firms: dict[str, Any]) -> None:
    url = f"/api/v1/files/{firms['file'].pk}/notes/"
    alice = api(firms["alice"])
    created = alice.post(url, {"text": "Asked for the employer's letter."}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["text"] == "Asked for the employer's letter." and created.json()["author"] == "alice"
    assert alice.post(url, {"text": "  "}, format="json").status_code == 400
    assert [n["text"] for n in alice.get(url).json()] == ["Asked for the employer's letter."]
    # the file itself no longer carries the notes; the applicant and the employer never reach them
    assert "notes" not in alice.get(f"/api/v1/files/{firms['file'].pk}/").json()
    for who in ("client", "employer", "bob"):
        assert api(firms[who]).get(url).status_code == 404
        assert api(firms[who]).post(url, {"text": "x"}, format="json").status_code == 404
