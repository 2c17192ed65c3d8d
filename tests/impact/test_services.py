"""Rule-change impact, in-process (no broker: chunks run as they are queued): dated rule changes
flip exactly the files they affect, with the reasons before and after; runs are idempotent;
previews keep today's decisions; the consultant is emailed once."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from applications.models import AuditEvent, ClientFile, Screening
from impact import services
from impact.models import FileDecision, FileImpact, ImpactChunk, ImpactNotification, ImpactRun
from streams.engine import evaluate, parse_request
from streams.engine.decisions import decisions, decisions_of_result
from tests.impact.conftest import (
    FRENCH_SPEAKING_COOK,
    ICT_MANAGER,
    OWNER_OF_HALF,
    OWNER_SILENT_ON_FUNDS,
    OWNER_WITH_FUNDS,
    SPOUSE_OF_COOK,
    SPOUSE_OF_ENGINEER_LEAVING_SOON,
    SPOUSE_OF_ENGINEER_STAYING,
    SPOUSE_OF_ONE_YEAR_MASTERS_STUDENT,
    SPOUSE_OF_RETAIL_SUPERVISOR,
    SPOUSE_OF_UNDERGRADUATE,
    client_file,
)

pytestmark = pytest.mark.django_db(transaction=True)

DAY_BEFORE_C11, C11_CHANGE = date(2025, 5, 26), date(2025, 5, 27)


def run(firm: Any, day: date, **options: Any) -> ImpactRun:
    started = services.impact_run_start(firm=firm, as_of=day, **options)
    started.refresh_from_db()
    assert started.status == ImpactRun.Status.DONE, started.error
    return started


def impacts(ran: ImpactRun) -> dict[str, FileImpact]:
    return {i.client_file.client_name: i for i in FileImpact.objects.filter(run=ran).select_related("client_file")}


def test_a_consultants_screening_keeps_its_decisions_in_compact_form(people: dict[str, Any]) -> None:
    made = client_file(people["north"], people["alice"], "Klaus Weber", ICT_MANAGER, screened_on=date(2026, 11, 20))
    kept = FileDecision.objects.get(client_file=made)
    screening = made.screenings.get()
    expected = decisions(evaluate(parse_request({"schema_version": "1", **ICT_MANAGER}, today=date(2026, 11, 20))))
    assert kept.decisions == expected["streams"]  # read back from the stored result, the same as the engine's
    assert (kept.screening, kept.as_of, kept.rulebook_version) == (screening, date(2026, 11, 20),
                                                                   screening.rulebook_version)
    assert len(json.dumps(kept.decisions)) < len(json.dumps(screening.result)) / 10


def test_the_c11_change_flips_the_owners_it_affects_and_no_one_else(people: dict[str, Any]) -> None:
    # Given files screened by their consultant the day before business owners' rules changed
    north, alice = people["north"], people["alice"]
    for name, facts in [("Half Owner", OWNER_OF_HALF), ("Silent Owner", OWNER_SILENT_ON_FUNDS),
                        ("Funded Owner", OWNER_WITH_FUNDS), ("Klaus Weber", ICT_MANAGER),
                        ("Awa Diop", FRENCH_SPEAKING_COOK)]:
        client_file(north, alice, name, facts, screened_on=DAY_BEFORE_C11)

    # When they are re-screened as of that day, nothing changes
    same_day = run(north, DAY_BEFORE_C11)
    assert (same_day.files, same_day.screened, same_day.changed, same_day.by_stream) == (5, 5, 0, {})

    # When they are re-screened as of the day of the change
    changed = run(north, C11_CHANGE)

    # Then the two owners whose outcome moves flip, the funded owner's new criteria are noted, and
    # no other file changes
    assert (changed.screened, changed.changed, changed.flipped, changed.by_stream) == (5, 3, 2, {"business_owners": 2})
    found = impacts(changed)
    assert set(found) == {"Half Owner", "Silent Owner", "Funded Owner"}
    half = found["Half Owner"]
    assert half.rank == FileImpact.Rank.NEWLY_INELIGIBLE
    assert [(s["stream"], s["before"], s["after"]) for s in half.streams] == [("business_owners", "eligible", "ineligible")]
    control = next(c for c in half.criteria if c["id"] == "business_owners.control")
    assert (control["before"], control["after"]) == ("met", "unmet")
    assert "at least the 50% required" in control["explanation_before"]  # from the consultant's screening
    assert "less than the 51% required" in control["explanation_after"]
    assert half.before_source == "screening" and half.before_as_of == DAY_BEFORE_C11
    assert found["Silent Owner"].rank == FileImpact.Rank.OUTCOME_CHANGED
    assert found["Silent Owner"].streams[0]["after"] == "needs_information"
    funded = found["Funded Owner"]
    assert funded.rank == FileImpact.Rank.CRITERIA_CHANGED and funded.streams == []
    assert {c["id"]: (c["before"], c["after"]) for c in funded.criteria}["business_owners.funds"] == ("absent", "met")

    # and each changed file has an audit row; no full screening is stored until someone opens it
    for impact in found.values():
        assert impact.after_screening is None
        assert impact.before_screening.as_of == DAY_BEFORE_C11
        event = AuditEvent.objects.get(client_file=impact.client_file, action="rescreened")
        assert event.actor is None and event.details["run"] == changed.pk
    assert not AuditEvent.objects.filter(action="rescreened", client_file__client_name="Klaus Weber").exists()
    kept = FileDecision.objects.get(client_file=half.client_file)
    assert (kept.as_of, kept.run, kept.screening) == (C11_CHANGE, changed, None)
    assert kept.decisions["business_owners"]["outcome"] == "ineligible"
    # the desk's list follows: the half owner's best fit is no longer the business owners' stream,
    # and the list still links to the latest stored screening
    listed = ClientFile.objects.get(pk=half.client_file_id)
    assert (listed.latest_screening_id, listed.best_stream == "business_owners") == (half.before_screening_id, False)

    # Opened, the impact makes its full screening once: as of the run's day, in the reader's language
    opened = services.impact_screening(impact=half, actor=alice, language="fr")
    assert (opened.as_of, opened.created_by, opened.result["as_of"]) == (C11_CHANGE, alice, "2025-05-27")
    assert opened.request["language"] == "fr"
    assert decisions_of_result(opened.result)["streams"] == kept.decisions
    again_opened = services.impact_screening(impact=FileImpact.objects.get(pk=half.pk), actor=alice, language="en")
    assert again_opened.pk == opened.pk == FileImpact.objects.get(pk=half.pk).after_screening_id
    assert FileDecision.objects.get(client_file=half.client_file).screening_id is None  # the run's record stands
    unchanged = FileDecision.objects.get(client_file__client_name="Klaus Weber")
    assert (unchanged.as_of, unchanged.run) == (C11_CHANGE, changed)

    # And re-screening again as of the same day finds nothing new
    again = run(north, C11_CHANGE)
    assert (again.changed, FileImpact.objects.filter(run=again).count()) == (0, 0)


def test_the_francophone_expansion_is_good_news_and_comes_first(people: dict[str, Any]) -> None:
    north, alice = people["north"], people["alice"]
    cook = client_file(north, alice, "Awa Diop", FRENCH_SPEAKING_COOK, screened_on=date(2023, 6, 14))
    client_file(north, alice, "Aaron Half", OWNER_OF_HALF, screened_on=date(2023, 6, 14))
    ran = run(north, date(2023, 6, 15))
    assert ran.by_stream == {"francophone_mobility": 1}
    impact = FileImpact.objects.get(run=ran)
    assert impact.client_file == cook and impact.rank == FileImpact.Rank.NEWLY_ELIGIBLE
    occupation = next(c for c in impact.criteria if c["id"] == "francophone_mobility.occupation")
    assert (occupation["before"], occupation["after"]) == ("unmet", "met")


def test_the_spousal_change_of_2025_01_21_flips_the_affected_spouses_and_no_one_else(people: dict[str, Any]) -> None:
    """Runs once the spousal stream is in the engine (being ported in parallel)."""
    north, alice = people["north"], people["alice"]
    affected = {"Retail Supervisor's Spouse": SPOUSE_OF_RETAIL_SUPERVISOR, "Cook's Spouse": SPOUSE_OF_COOK,
                "Leaving Engineer's Spouse": SPOUSE_OF_ENGINEER_LEAVING_SOON,
                "Masters Student's Spouse": SPOUSE_OF_ONE_YEAR_MASTERS_STUDENT}
    others = {"Staying Engineer's Spouse": SPOUSE_OF_ENGINEER_STAYING, "Undergraduate's Spouse": SPOUSE_OF_UNDERGRADUATE,
              "Klaus Weber": ICT_MANAGER, "Half Owner": OWNER_OF_HALF, "Awa Diop": FRENCH_SPEAKING_COOK}
    for name, facts in {**affected, **others}.items():
        client_file(north, alice, name, facts, screened_on=date(2025, 1, 20))

    assert run(north, date(2025, 1, 20)).changed == 0
    ran = run(north, date(2025, 1, 22))

    found = impacts(ran)
    assert set(found) == set(affected)
    assert ran.by_stream == {"spousal_open_work_permit": len(affected)}
    for impact in found.values():
        assert [(s["stream"], s["after"]) for s in impact.streams] == [("spousal_open_work_permit", "ineligible")]
        assert impact.rank == FileImpact.Rank.NEWLY_INELIGIBLE
        assert any(c["explanation_before"] and c["explanation_after"] for c in impact.criteria)


def test_a_preview_reports_without_replacing_todays_decisions(people: dict[str, Any]) -> None:
    north, alice = people["north"], people["alice"]
    half = client_file(north, alice, "Half Owner", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)
    before = FileDecision.objects.get(client_file=half)
    ran = run(north, date(2099, 1, 1))
    assert ran.preview and ran.flipped == 1
    assert FileDecision.objects.get(client_file=half).decided_at == before.decided_at
    assert ClientFile.objects.get(pk=half.pk).best_stream == "business_owners"  # the list keeps today's answer
    impact = FileImpact.objects.get(run=ran)
    assert services.impact_screening(impact=impact, actor=alice, language="en").as_of == date(2099, 1, 1)
    assert ClientFile.objects.get(pk=half.pk).best_stream == "business_owners"  # opening it changes no answer
    assert mail.outbox == []  # a preview is shown on the firm page, not emailed


def test_a_chunk_delivered_again_writes_nothing_twice(people: dict[str, Any]) -> None:
    north, alice = people["north"], people["alice"]
    for n in range(3):
        client_file(north, alice, f"Half Owner {n}", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)
    ran = run(north, C11_CHANGE, chunk_size=2)
    assert ran.chunks_total == 2
    for chunk in ImpactChunk.objects.filter(run=ran):
        ImpactChunk.objects.filter(pk=chunk.pk).update(enqueued_at=chunk.enqueued_at)
        services.impact_chunk_execute(chunk.pk)  # a second delivery
    ran.refresh_from_db()
    assert (ran.chunks_done, ran.screened, ran.changed) == (2, 3, 3)
    assert FileImpact.objects.filter(run=ran).count() == 3
    assert Screening.objects.filter(created_by__isnull=True).count() == 0  # full screenings wait to be opened
    assert FileDecision.objects.filter(run=ran).count() == 3
    assert AuditEvent.objects.filter(action="rescreened").count() == 3


def test_each_consultant_is_emailed_once_about_their_own_files(people: dict[str, Any]) -> None:
    north, south = people["north"], people["south"]
    client_file(north, people["alice"], "Half Owner", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)
    client_file(north, people["alice"], "Funded Owner", OWNER_WITH_FUNDS, screened_on=DAY_BEFORE_C11)
    client_file(south, people["bob"], "Silent Owner", OWNER_SILENT_ON_FUNDS, screened_on=DAY_BEFORE_C11)
    client_file(north, None, "Orphan Owner", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)  # nobody's: the admin's
    ran = run(None, C11_CHANGE)  # every firm

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"alice@example.org", "bob@example.org", "nora@example.org"}
    assert "Orphan Owner" in by_recipient["nora@example.org"].body
    assert "Orphan Owner" not in by_recipient["alice@example.org"].body
    assert "Half Owner" in by_recipient["alice@example.org"].body
    assert "Funded Owner" not in by_recipient["alice@example.org"].body  # no outcome changed for her
    assert "Silent Owner" in by_recipient["bob@example.org"].body and "Half" not in by_recipient["bob@example.org"].body
    assert "/impact/runs/" in by_recipient["bob@example.org"].body

    assert services.run_notify(ran.pk) == 0  # a second delivery of the task sends nothing
    assert len(mail.outbox) == 3 and ImpactNotification.objects.filter(run=ran).count() == 3
    assert AuditEvent.objects.filter(action="impact_emailed").count() == 3


def test_a_new_rulebook_starts_one_run_over_every_firm(people: dict[str, Any]) -> None:
    made = client_file(people["north"], people["alice"], "Klaus Weber", ICT_MANAGER, screened_on=date(2026, 11, 20))
    assert services.impact_run_for_new_rules() is None  # the decisions kept follow today's rules
    FileDecision.objects.filter(client_file=made).update(rulebook_version="0.9.0+older")
    started = services.impact_run_for_new_rules()
    assert started is not None and started.firm is None and started.trigger == ImpactRun.Trigger.NEW_RULES
    started.refresh_from_db()
    assert started.previous_rulebook_versions == ["0.9.0+older"]
    assert services.impact_run_for_new_rules() is None  # once per rulebook


def test_files_never_kept_use_their_latest_screening_or_start_their_decisions(people: dict[str, Any]) -> None:
    north, alice = people["north"], people["alice"]
    screened = client_file(north, alice, "Half Owner", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)
    FileDecision.objects.filter(client_file=screened).delete()  # screened before the impact app existed
    fresh = client_file(north, alice, "New File", OWNER_OF_HALF)  # never screened
    ran = run(north, C11_CHANGE)
    assert ran.changed == 1 and FileImpact.objects.get(run=ran).client_file == screened
    assert FileDecision.objects.get(client_file=fresh).run == ran


def test_facts_that_cannot_be_screened_on_the_day_are_counted_not_fatal(people: dict[str, Any]) -> None:
    client_file(people["north"], people["alice"], "Young", {"applicant": {"date_of_birth": "2024-01-01"}})
    ran = run(people["north"], date(2023, 1, 1))
    assert (ran.files, ran.screened, ran.errors, ran.status) == (1, 0, 1, ImpactRun.Status.DONE)


def test_the_command_line(people: dict[str, Any]) -> None:
    out = StringIO()
    call_command("seed_demo", files=300, firm="Demo Firm", json=True, stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1]) == {"files": 300}
    assert FileDecision.objects.filter(as_of=date(2025, 1, 20)).count() == 300

    out = StringIO()
    call_command("rescreen", firm="Demo Firm", as_of=date(2025, 1, 20), json=True, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures == {"files": 300, "screened": 300, "changed": 0, "seconds": figures["seconds"], "by_stream": {}}

    out = StringIO()
    call_command("rescreen", all=True, as_of=C11_CHANGE, json=True, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["files"] == 300 and figures["changed"] > 0 and figures["by_stream"]["business_owners"] > 0
    moved = Counter(s["stream"] for impact in FileImpact.objects.all() for s in impact.streams)
    assert figures["by_stream"] == dict(moved)


def test_emails_not_queued_when_a_run_finished_are_sent_by_the_sweep(people: dict[str, Any],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    client_file(people["north"], people["alice"], "Half Owner", OWNER_OF_HALF, screened_on=DAY_BEFORE_C11)
    monkeypatch.setattr(services, "run_notify_enqueue", lambda run_id: None)  # the broker was down
    ran = run(people["north"], C11_CHANGE)
    monkeypatch.undo()
    assert mail.outbox == []
    assert services.runs_notify_pending(older_than_seconds=0) == 1
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert services.runs_notify_pending(older_than_seconds=0) == 0  # everyone told: nothing to queue
    assert FileImpact.objects.get(run=ran).notified_at is not None
