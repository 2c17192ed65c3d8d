"""Data migrations keep what was there: old notes become rows, and the audit log keeps no note text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_NOTES = [("applications", "0002_client_file_employer")]


def migrate(targets: list[tuple[str, str]] | None = None) -> Any:
    """Migrate to ``targets`` (default: every app's latest, the apps that depend on applications and
    were unapplied with it included); the models as they were there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_old_notes_become_rows_and_the_audit_log_keeps_only_their_ids() -> None:
    old = migrate(BEFORE_NOTES)
    try:
        user = old.get_model("auth", "User").objects.create(username="alice")
        firm = old.get_model("applications", "Firm").objects.create(name="North Immigration")
        AuditEvent = old.get_model("applications", "AuditEvent")
        client_file = old.get_model("applications", "ClientFile").objects.create(
            firm=firm, client_name="Klaus Weber",
            # "Called the employer" was lost from the text by a concurrent save; the audit log kept it.
            notes="[2026-11-20 09:15] Passport expires in March.\nAsk for the renewal.\n[2026-11-21 14:02] Typed by an admin.",
        )
        for text in ("Passport expires in March.\nAsk for the renewal.", "Called the employer."):
            AuditEvent.objects.create(client_file=client_file, actor=user, action="note_added", details={"note": text})
    finally:
        new = migrate()

    Note = new.get_model("applications", "Note")
    notes = {n.text: n for n in Note.objects.filter(client_file_id=client_file.pk)}
    assert set(notes) == {"Passport expires in March.\nAsk for the renewal.", "Called the employer.", "Typed by an admin."}
    assert notes["Called the employer."].author_id == user.pk
    assert notes["Typed by an admin."].author_id is None
    assert notes["Typed by an admin."].created_at.isoformat().startswith("2026-11-21")
    events = new.get_model("applications", "AuditEvent").objects.filter(action="note_added")
    assert events.count() == 2
    for event in events:
        assert "Passport" not in json.dumps(event.details) and "employer" not in json.dumps(event.details)
        assert set(event.details) == {"note"} and isinstance(event.details["note"], int)


def test_files_screened_before_the_desk_get_their_best_fit_at_a_glance() -> None:
    from streams.engine import screen_json
    from tests.applications.conftest import GERMAN_MANAGER

    old = migrate([("applications", "0006_personal_data")])
    try:
        firm = old.get_model("applications", "Firm").objects.create(name="North Immigration")
        ClientFile = old.get_model("applications", "ClientFile")
        Screening = old.get_model("applications", "Screening")
        request = {"schema_version": "1", "as_of": "2026-11-30", "language": "en", **GERMAN_MANAGER}
        klaus = ClientFile.objects.create(firm=firm, client_name="Klaus Weber", request=GERMAN_MANAGER, version=3)
        for day, facts in (("2026-11-01", {"applicant": {"citizenships": ["DE"]}}), ("2026-11-30", GERMAN_MANAGER)):
            asked = {"schema_version": "1", "as_of": day, "language": "en", **facts}
            Screening.objects.create(client_file=klaus, request=asked, result=screen_json(asked), as_of=day,
                                     rulebook_version="v", input_digest=day)
        ana = ClientFile.objects.create(firm=firm, client_name="Ana", request={"applicant": {"citizenships": ["BR"]}})
        Screening.objects.create(client_file=ana, request=request, result=screen_json(request), as_of="2026-11-30",
                                 rulebook_version="v", input_digest="a")
        never = ClientFile.objects.create(firm=firm, client_name="Li", request={})
    finally:
        new = migrate()

    files = new.get_model("applications", "ClientFile").objects
    klaus = files.get(pk=klaus.pk)
    assert (klaus.best_stream, klaus.best_outcome, klaus.best_code) == ("ict", "eligible", "C62")
    assert klaus.screened_version == 3 and klaus.latest_screening.as_of.isoformat() == "2026-11-30"
    assert klaus.latest_screening.decisions["streams"]["ict"]["outcome"] == "eligible"
    assert files.get(pk=ana.pk).screened_version == 0  # screened other facts than the file's: out of date
    assert files.get(pk=never.pk).screened_at is None and files.get(pk=never.pk).best_outcome == ""
