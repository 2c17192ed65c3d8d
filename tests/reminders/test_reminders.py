"""Reminders before an eligibility window closes or opens (issue 14): the daily job on a frozen
clock, on PostgreSQL; once per threshold, never twice, nothing for closed files; the file page and
the firm's list in English and French; the task on a real worker over the Redis broker."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client

from applications import services as files
from applications.models import ClientFile, Membership
from reminders.models import ReminderRun, WindowReminder
from reminders.services import reminders_make, reminders_send, threshold_for
from reminders.tasks import reminders_daily
from tests.celery_worker import broker, worker
from tests.personas import GERMAN_MANAGER, client_file

# Issue 14's examples. A French citizen born 1991-03-10: the working holiday until 2027-03-09.
FRENCH_BACKPACKER = {
    "applicant": {"citizenships": ["FR"], "country_of_residence": "FR", "date_of_birth": "1991-03-10",
                  "iec_participations": [], "applying_through_recognized_organization": False,
                  "funds_cad": 4000, "will_hold_health_insurance": True, "accompanying_dependants": False},
}
LAST_DAY = date(2027, 3, 9)
# Every IEC category still open to her (eligible, or needing facts) closes that day: one reminder each.
IEC = {"iec_working_holiday", "iec_young_professionals", "iec_international_coop"}
# A German senior manager employed abroad full time since 2026-03-01: C62 from 2027-03-01.
NEW_TRANSFEREE = {**GERMAN_MANAGER, "applicant": {**GERMAN_MANAGER["applicant"], "employment_history": [
    {"employer_name": "Northwind GmbH", "country": "DE", "start_date": "2026-03-01", "hours_per_week": 40,
     "related_to_offer_employer": True, "similar_to_offer": True}]}}
FIRST_DAY = date(2027, 3, 1)


def on(day: date) -> Any:
    """The clock stopped at 07:00 in the project's time zone on ``day`` (after the 06:00 beat run)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, tzinfo=ZoneInfo(settings.TIME_ZONE)),
                               tick=False)


def run_daily(day: date) -> dict[str, int]:
    """The beat task as beat calls it (no argument: today is the clock's)."""
    with on(day):
        return reminders_daily()


def reminders_of(client: ClientFile) -> list[tuple[str, str, date, int]]:
    return list(WindowReminder.objects.filter(client_file=client).order_by("created_at", "pk")
                .values_list("stream", "kind", "day", "threshold_days"))


def test_the_tightest_threshold_reached_counts() -> None:
    assert threshold_for(91, (90, 30, 7)) is None
    assert threshold_for(90, (90, 30, 7)) == 90
    assert threshold_for(31, (90, 30, 7)) == 90
    assert threshold_for(25, (90, 30, 7)) == 30
    assert threshold_for(0, (90, 30, 7)) == 7
    assert threshold_for(-1, (90, 30, 7)) is None


@pytest.mark.django_db
def test_a_closing_window_is_reminded_at_90_30_and_7_days_once_each(people: dict[str, Any]) -> None:
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    # The day before each threshold nothing new; on the day, one reminder and one email.
    for day_before, threshold in ((LAST_DAY - timedelta(days=91), 90), (LAST_DAY - timedelta(days=31), 30),
                                  (LAST_DAY - timedelta(days=8), 7)):
        mail.outbox.clear()
        count = len(reminders_of(amelie))
        assert run_daily(day_before) == {"made": 0, "emails": 0}
        assert len(reminders_of(amelie)) == count and not mail.outbox
        assert run_daily(day_before + timedelta(days=1)) == {"made": 3, "emails": 1}
        assert set(reminders_of(amelie)[-3:]) == {(stream, "closes", LAST_DAY, threshold) for stream in IEC}
        (email,) = mail.outbox
        assert email.to == ["alice@example.org"]
        assert "Amélie Durand" in email.body and "9 March 2027" in email.body
        assert f"in {(LAST_DAY - day_before).days - 1} days" in email.body
        assert "10 March 2027" in email.body  # the reason: the 36th birthday
        # The same day again (beat restarted, a second worker): nothing new, nothing sent twice.
        assert run_daily(day_before + timedelta(days=1)) == {"made": 0, "emails": 0}
        assert len(mail.outbox) == 1
    assert WindowReminder.objects.filter(client_file=amelie, emailed_at__isnull=True).count() == 0
    # After the last day: the window has closed, nothing more.
    mail.outbox.clear()
    assert run_daily(LAST_DAY + timedelta(days=1)) == {"made": 0, "emails": 0}
    assert not mail.outbox


@pytest.mark.django_db
def test_days_the_job_did_not_run_are_not_made_up_twice(people: dict[str, Any]) -> None:
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    # First run 20 days before the last day: the 30-day reminder only, not the 90-day one as well.
    assert run_daily(LAST_DAY - timedelta(days=20)) == {"made": 3, "emails": 1}
    assert set(reminders_of(amelie)) == {(stream, "closes", LAST_DAY, 30) for stream in IEC}


@pytest.mark.django_db
def test_an_opening_window_is_reminded_30_days_before(people: dict[str, Any]) -> None:
    klaus = client_file(people["north"], people["alice"], "Klaus Weber", NEW_TRANSFEREE)
    assert run_daily(FIRST_DAY - timedelta(days=31))["made"] == 0
    mail.outbox.clear()
    assert run_daily(FIRST_DAY - timedelta(days=30)) == {"made": 1, "emails": 1}
    assert reminders_of(klaus) == [("ict", "opens", FIRST_DAY, 30)]
    assert "could become possible from 1 March 2027 (in 30 days)" in mail.outbox[0].body
    assert "1 March 2027" in WindowReminder.objects.get(client_file=klaus).reasons["en"][0]
    assert "1 mars 2027" in WindowReminder.objects.get(client_file=klaus).reasons["fr"][0].replace("1er", "1")
    # Once it has opened there is nothing to remind.
    assert run_daily(FIRST_DAY)["made"] == 0


@pytest.mark.django_db
def test_closed_files_get_no_reminders_and_closing_one_withdraws_its_own(people: dict[str, Any]) -> None:
    closed = client_file(people["north"], people["alice"], "Closed Already", FRENCH_BACKPACKER)
    files.client_file_set_status(client_file=closed, actor=people["alice"], status=ClientFile.Status.CLOSED)
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    run_daily(LAST_DAY - timedelta(days=60))
    assert reminders_of(closed) == [] and len(reminders_of(amelie)) == 3

    amelie.refresh_from_db()
    files.client_file_set_status(client_file=amelie, actor=people["alice"], status=ClientFile.Status.CLOSED)
    mail.outbox.clear()
    assert run_daily(LAST_DAY - timedelta(days=7)) == {"made": 0, "emails": 0}
    assert not mail.outbox
    assert not WindowReminder.objects.filter(client_file=amelie, withdrawn_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_reminder_the_facts_no_longer_bear_out_is_withdrawn_before_it_is_sent(people: dict[str, Any],
                                                                                 monkeypatch: Any) -> None:
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    with on(LAST_DAY - timedelta(days=60)):
        assert reminders_make() == 3  # made, not yet emailed
        # The consultant corrects the date of birth: ten years younger, no window closes soon.
        facts = {**FRENCH_BACKPACKER, "applicant": {**FRENCH_BACKPACKER["applicant"], "date_of_birth": "2001-03-10"}}
        files.client_file_update_request(client_file=amelie, actor=people["alice"], request=facts,
                                         version=amelie.version)
        assert reminders_make() == 0
        assert reminders_send() == 0
    assert not mail.outbox
    assert not WindowReminder.objects.filter(client_file=amelie, withdrawn_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_file_whose_consultant_left_is_reminded_to_the_firm_administrators(people: dict[str, Any]) -> None:
    client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    Membership.objects.filter(user=people["alice"]).delete()
    run_daily(LAST_DAY - timedelta(days=60))
    (email,) = mail.outbox
    assert email.to == ["nora@example.org"]


@pytest.mark.django_db
def test_an_email_that_fails_is_sent_by_the_next_run(people: dict[str, Any], monkeypatch: Any) -> None:
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("reminders.services.send_mail", refuse)
    with on(LAST_DAY - timedelta(days=60)):
        reminders_make()
        with pytest.raises(ConnectionRefusedError):
            reminders_send()
    assert not WindowReminder.objects.filter(client_file=amelie, emailed_at__isnull=False).exists()
    monkeypatch.undo()
    assert run_daily(LAST_DAY - timedelta(days=59)) == {"made": 0, "emails": 1}
    assert len(mail.outbox) == 1


def page(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_file_page_and_the_firms_list_say_when_in_english_and_french(people: dict[str, Any]) -> None:
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    klaus = client_file(people["north"], people["alice"], "Klaus Weber", NEW_TRANSFEREE)
    client_file(people["south"], people["bob"], "Someone Else", FRENCH_BACKPACKER)
    today = date(2027, 2, 1)
    run_daily(today)
    alice = Client()
    with on(today):
        alice.force_login(people["alice"])
        english = page(alice, f"/files/{amelie.pk}/", "en")
        assert "Eligibility windows" in english
        assert "the last day it stays possible is 9 March 2027 (in 36 days)" in english
        french = page(alice, f"/files/{amelie.pk}/", "fr")
        assert "le dernier jour où c’est possible est le 9 mars 2027 (dans 36 jours)" in french
        desk = page(alice, "/files/reminders/", "en")
        assert "Amélie Durand" in desk and "Klaus Weber" in desk and "Someone Else" not in desk
        assert "it could become possible from 1 March 2027 (in 28 days)" in desk
        desk_fr = page(alice, "/files/reminders/", "fr")
        assert "pourrait devenir possible à partir du 1er mars 2027 (dans 28 jours)" in desk_fr
        assert page(alice, f"/files/{klaus.pk}/", "en").count("could become possible") == 1
        # the file's applicant does not see the consultant's reminders; the list is for consultants
        applicant = people["stranger"]
        amelie.applicant = applicant
        amelie.save(update_fields=["applicant"])
        visitor = Client()
        visitor.force_login(applicant)
        assert "Eligibility windows" not in page(visitor, f"/files/{amelie.pk}/", "en")
        assert visitor.get("/files/reminders/").status_code == 404


def test_beat_runs_the_daily_check_on_the_clock() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["window-reminders"]
    assert entry["task"] == "reminders.daily"
    assert entry["schedule"].hour == {settings.REMINDER_HOUR}
    assert entry["schedule"].minute == {settings.REMINDER_MINUTE}


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_on_a_real_worker_over_redis(people: dict[str, Any], redis_url: str, tmp_path: Path) -> None:
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    emails = tmp_path / "emails"
    day = (LAST_DAY - timedelta(days=30)).isoformat()
    with broker(redis_url), worker(redis_url, email_dir=str(emails)):
        reminders_daily.delay(day)
        reminders_daily.delay(day)  # the same day again: a restarted beat, a redelivered message
        deadline = time.monotonic() + 120
        while ReminderRun.objects.filter(finished_at__isnull=False).count() < 2 and time.monotonic() < deadline:
            time.sleep(0.25)
    first, second = ReminderRun.objects.order_by("started_at", "pk")
    assert (first.made, first.emails, second.made, second.emails) == (3, 1, 0, 0)
    sent = "".join(path.read_text() for path in emails.iterdir())
    assert sent.count("To: alice@example.org") == 1 and "Amélie Durand" in sent
    assert set(WindowReminder.objects.filter(client_file=amelie).values_list("threshold_days", flat=True)) == {30}


@pytest.mark.django_db
def test_the_consultants_screening_page_says_when_in_english_and_french(people: dict[str, Any]) -> None:
    amelie = client_file(people["north"], people["alice"], "Amélie Durand", FRENCH_BACKPACKER)
    klaus = client_file(people["north"], people["alice"], "Klaus Weber", NEW_TRANSFEREE)
    alice = Client()
    with on(date(2026, 12, 1)):
        alice.force_login(people["alice"])
        for made, english, french in (
                (amelie, "Open on these facts until 9 March 2027.", "Possible selon ces faits jusqu’au 9 mars 2027."),
                (klaus, "Could open on 1 March 2027 on these facts.",
                 "Pourrait devenir possible le 1er mars 2027 selon ces faits.")):
            screening = files.screening_run(client_file=made, actor=people["alice"])
            url = f"/files/{made.pk}/screenings/{screening.pk}/"
            assert english in page(alice, url, "en")
            assert french in page(alice, url, "fr").replace("\u00a0", " ")
