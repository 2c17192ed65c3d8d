"""Reminders before an eligibility window closes or opens.

Once a day (beat, on the clock) every open client file is screened as of today from its facts, with
the rules in force (the engine's windows: the same dated rules as every screening). A stream still
possible whose last day (``eligible_until``) is within 90, 30 or 7 days, or a stream ruled out that
becomes possible (``eligible_from``) within 30 days, gives one reminder per threshold crossed. The
unique row is what makes each reminder, and its email, happen once; closed files get none.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import AuditEvent, ClientFile, Membership
from reminders.models import ReminderRun, WindowReminder
from streams.engine import Outcome, RequestError, Screening, default_rulebook, to_data
from streams.services import screening_evaluate

log = logging.getLogger(__name__)

Kind = WindowReminder.Kind


@dataclass(frozen=True, slots=True)
class Due:
    """A window day within reach of a threshold, for one stream of one screening."""

    stream: str
    kind: str
    day: date
    threshold_days: int


def threshold_for(days_left: int, thresholds: Iterable[int]) -> int | None:
    """The tightest threshold ``days_left`` is within (90, 30, 7: 25 days left is the 30-day one)."""
    within = [t for t in thresholds if 0 <= days_left <= t]
    return min(within) if within else None


def windows_due(screening: Screening, today: date) -> list[Due]:
    """The reminders a screening made on ``today`` calls for. A window's last day counts while it is
    today or later; a window that opens counts before it opens."""
    due = []
    for stream in screening.streams:
        if stream.plan is None:  # not assessed on this date: no window
            continue
        window = stream.window(screening.book)
        if stream.is_open and window.eligible_until is not None:
            threshold = threshold_for((window.eligible_until - today).days, settings.REMINDER_DAYS_BEFORE_CLOSE)
            if threshold is not None:
                due.append(Due(stream.stream.id, Kind.CLOSES, window.eligible_until, threshold))
        elif stream.outcome is Outcome.INELIGIBLE and window.eligible_from is not None:
            days = (window.eligible_from - today).days
            threshold = threshold_for(days, settings.REMINDER_DAYS_BEFORE_OPEN) if days > 0 else None
            if threshold is not None:
                due.append(Due(stream.stream.id, Kind.OPENS, window.eligible_from, threshold))
    return due


def _screen(facts: dict[str, Any], today: date) -> Screening | None:
    """The file's facts screened as of today; None when they do not make a valid request (a file
    still being filled in, or facts the rules' date checks now refuse)."""
    request = {"schema_version": "1", **facts, "as_of": today.isoformat(), "language": "en"}
    try:
        return screening_evaluate(request)
    except RequestError:
        return None


def _reasons(screening: Screening, streams: set[str]) -> dict[str, dict[str, list[str]]]:
    """Each stream's window reasons in plain words, in English and French."""
    reasons: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for language in ("en", "fr"):
        for row in to_data(screening, language)["streams"]:
            if row["stream"] in streams:
                reasons[row["stream"]][language] = row["window"]["reasons"]
    return reasons


def _recipient(created_by_id: int | None, firm_id: int, members: dict[int, int]) -> int | None:
    """The consultant who opened the file while she is a member of its firm; otherwise nobody in
    particular (the firm's administrators are told)."""
    if created_by_id is not None and members.get(created_by_id) == firm_id:
        return created_by_id
    return None


def _open_files() -> QuerySet[ClientFile]:
    return ClientFile.objects.exclude(status=ClientFile.Status.CLOSED).filter(closed_at__isnull=True)


def _batches(query: QuerySet[ClientFile], size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The files in primary-key order, ``size`` at a time (memory flat in the number of files)."""
    last = 0
    while True:
        batch = list(query.filter(pk__gt=last).order_by("pk")
                     .values_list("pk", "request", "created_by_id", "firm_id")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def reminders_make(today: date | None = None, *, batch_size: int = 500) -> int:
    """Make today's reminders for every open file; returns how many are new. Reminders no longer
    borne out (the facts or the rules changed, the file was closed) are withdrawn: they leave the
    lists, and are not emailed if they were not yet."""
    today = today or timezone.localdate()
    members = dict(Membership.objects.values_list("user_id", "firm_id"))
    made = 0
    for batch in _batches(_open_files(), batch_size):
        file_ids = [row[0] for row in batch]
        existing: dict[int, set[tuple[str, str, date, int]]] = defaultdict(set)
        for file_id, stream, kind, day, threshold in WindowReminder.objects.filter(
                client_file_id__in=file_ids).values_list("client_file_id", "stream", "kind", "day", "threshold_days"):
            existing[file_id].add((stream, kind, day, threshold))
        new: list[WindowReminder] = []
        current: dict[int, set[tuple[str, str, date]]] = {}
        for file_id, facts, created_by_id, firm_id in batch:
            screening = _screen(facts or {}, today)
            if screening is None:
                continue
            due = windows_due(screening, today)
            current[file_id] = {(d.stream, d.kind, d.day) for d in due}
            fresh = [d for d in due if (d.stream, d.kind, d.day, d.threshold_days) not in existing[file_id]]
            if not fresh:
                continue
            reasons = _reasons(screening, {d.stream for d in fresh})
            recipient = _recipient(created_by_id, firm_id, members)
            new.extend(WindowReminder(client_file_id=file_id, stream=d.stream, kind=d.kind, day=d.day,
                                      threshold_days=d.threshold_days, reasons=reasons[d.stream],
                                      rulebook_version=screening.book.version, recipient_id=recipient)
                       for d in fresh)
        with transaction.atomic():
            # A concurrent run may have made the same rows: the unique constraint keeps one.
            WindowReminder.objects.bulk_create(new, ignore_conflicts=True)
            _withdraw(current, today)
        made += len(new)
    # Files closed since: their reminders leave the lists.
    WindowReminder.objects.filter(withdrawn_at__isnull=True, day__gte=today).filter(
        Q(client_file__status=ClientFile.Status.CLOSED) | Q(client_file__closed_at__isnull=False),
    ).update(withdrawn_at=timezone.now())
    return made


def _withdraw(current: dict[int, set[tuple[str, str, date]]], today: date) -> None:
    """Withdraw the upcoming reminders of these files that today's screening no longer bears out."""
    if not current:
        return
    stale = []
    for pk, file_id, stream, kind, day in WindowReminder.objects.filter(
            client_file_id__in=list(current), withdrawn_at__isnull=True, day__gte=today).values_list(
            "pk", "client_file_id", "stream", "kind", "day"):
        if (stream, kind, day) not in current[file_id]:
            stale.append(pk)
    if stale:
        WindowReminder.objects.filter(pk__in=stale).update(withdrawn_at=timezone.now())


def reminders_upcoming(files: QuerySet[ClientFile], today: date | None = None) -> QuerySet[WindowReminder]:
    """The reminders still standing for these files, soonest first: the window's day not past, not
    withdrawn, and of each window only its tightest threshold reached so far."""
    today = today or timezone.localdate()
    standing = WindowReminder.objects.filter(withdrawn_at__isnull=True, day__gte=today)
    tighter = standing.filter(client_file=OuterRef("client_file"), stream=OuterRef("stream"), kind=OuterRef("kind"),
                              day=OuterRef("day"), threshold_days__lt=OuterRef("threshold_days"))
    return (standing.filter(client_file__in=files).exclude(Exists(tighter))
            .select_related("client_file").order_by("day", "client_file__client_name", "stream"))


def stream_title(stream_id: str, language: str) -> str:
    """The stream's name in ``language`` (its id for a stream the rules no longer have)."""
    stream = default_rulebook().streams.get(stream_id)
    return stream.spec.title[language] if stream is not None else stream_id


def reminders_send(today: date | None = None) -> int:
    """Email the reminders not yet emailed: one email per consultant listing her files' reminders
    (reminders of files whose consultant has left go to the firm's administrators together). The
    rows are locked while their email goes, and marked in the same transaction: a second run at the
    same time skips them, and an email that fails leaves them for the next run. Returns emails sent."""
    today = today or timezone.localdate()
    pending = reminders_upcoming(ClientFile.objects.all(), today).filter(emailed_at__isnull=True)
    groups: set[tuple[int | None, int]] = set(
        pending.order_by().values_list("recipient_id", "client_file__firm_id").distinct())
    users = {user.pk: user for user in get_user_model().objects.filter(
        pk__in=[user_id for user_id, _ in groups if user_id is not None], is_active=True).exclude(email="")}
    sent = 0
    for user_id, firm_id in sorted(groups, key=lambda g: (g[1], g[0] or 0)):
        if user_id is not None:
            to = [users[user_id].email] if user_id in users else []
        else:
            to = list(Membership.objects.filter(firm_id=firm_id, role=Membership.Role.ADMIN, user__is_active=True)
                      .exclude(user__email="").order_by("user__email").values_list("user__email", flat=True))
        if not to:
            log.warning("window reminders of firm %s have nobody to email (recipient %s)", firm_id, user_id)
            continue
        with transaction.atomic():
            rows = list(pending.filter(recipient_id=user_id, client_file__firm_id=firm_id)
                        .select_for_update(skip_locked=True, of=("self",)))
            if not rows:
                continue
            reminder_email_send(to=to, reminders=rows)
            # This window's wider thresholds not emailed yet (the mail was down) go with it.
            windows = Q()
            for row in rows:
                windows |= Q(client_file_id=row.client_file_id, stream=row.stream, kind=row.kind, day=row.day)
            WindowReminder.objects.filter(windows, emailed_at__isnull=True).update(emailed_at=timezone.now())
            for row in rows:
                AuditEvent.objects.create(client_file_id=row.client_file_id, actor=None, action="reminder_emailed",
                                          details={"reminder": row.pk, "stream": row.stream, "kind": row.kind,
                                                   "threshold_days": row.threshold_days})
        sent += 1
    return sent


def reminder_email_send(*, to: list[str], reminders: list[WindowReminder]) -> None:
    base = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        language = translation.get_language() or "en"
        language = language[:2] if language[:2] in ("en", "fr") else "en"
        items = [{"reminder": r, "stream_title": stream_title(r.stream, language),
                  "days_left": (r.day - timezone.localdate()).days,
                  "reasons": r.reasons.get(language, []),
                  "url": base + reverse("applications:file-detail", args=[r.client_file_id])}
                 for r in reminders]
        context = {"items": items, "count": len(items), "desk_url": base + reverse("reminders:list")}
        subject = render_to_string("reminders/email_subject.txt", context).strip()
        body = render_to_string("reminders/email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def reminders_daily(today: date | None = None) -> ReminderRun:
    """The daily check: today's reminders made, then emailed; the run recorded."""
    today = today or timezone.localdate()
    run = ReminderRun.objects.create(day=today)
    run.made = reminders_make(today)
    run.emails = reminders_send(today)
    run.finished_at = timezone.now()
    run.save(update_fields=["made", "emails", "finished_at"])
    return run
