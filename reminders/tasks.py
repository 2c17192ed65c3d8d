"""Celery task: thin; beat runs it daily on the clock."""

from __future__ import annotations

from datetime import date

from celery import shared_task


@shared_task(name="reminders.daily")
def reminders_daily(today: str | None = None) -> dict[str, int]:
    """Make today's window reminders and email those not yet sent. ``today`` (ISO date) stands in
    for the clock (tests, or a run caught up by hand)."""
    from reminders.services import reminders_daily as daily

    run = daily(date.fromisoformat(today) if today else None)
    return {"made": run.made, "emails": run.emails}
