"""Who hears about a file whose outcome changed, and the email they get (Django's email backend:
the console in development, SMTP or any backend ``EMAIL_URL`` names in production)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from applications.models import Membership
from impact.models import FileImpact, ImpactRun

EMAIL_LISTS_AT_MOST = 50  # files named in one email; the firm page lists them all


def recipients_for(impacts: QuerySet[FileImpact]) -> dict[Any, QuerySet[FileImpact]]:
    """Who is told about which of these files: the consultant who opened the file, while a member
    of its firm with an email address; otherwise the firm's administrators. Files nobody can be
    told about are left out. Returns, per user, their files as a query (nothing is loaded yet)."""
    firm_ids = sorted(set(impacts.order_by().values_list("firm_id", flat=True).distinct()))
    members: dict[int, set[int]] = defaultdict(set)  # firm id -> users who can be emailed
    admins: dict[int, set[int]] = defaultdict(set)
    for user_id, firm_id, role in Membership.objects.filter(firm_id__in=firm_ids, user__is_active=True).exclude(
            user__email="").values_list("user_id", "firm_id", "role"):
        members[firm_id].add(user_id)
        if role == Membership.Role.ADMIN:
            admins[firm_id].add(user_id)
    conditions: dict[int, Q] = defaultdict(Q)
    for firm_id in firm_ids:
        for user_id in members[firm_id]:
            conditions[user_id] |= Q(firm_id=firm_id, client_file__created_by_id=user_id)
        orphans = Q(firm_id=firm_id) & ~Q(client_file__created_by_id__in=members[firm_id])
        for user_id in admins[firm_id]:
            conditions[user_id] |= orphans
    users = get_user_model().objects.in_bulk(list(conditions))
    found = {}
    for user_id, condition in conditions.items():
        theirs = impacts.filter(condition)
        if user_id in users and theirs.exists():
            found[users[user_id]] = theirs
    return found


def impact_email_send(*, run: ImpactRun, recipient: Any, impacts: list[FileImpact], count: int) -> None:
    """One email naming up to ``EMAIL_LISTS_AT_MOST`` of the ``count`` files, with a link to all."""
    firm_id = impacts[0].firm_id
    base = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "run": run, "recipient": recipient, "count": count, "more": max(0, count - len(impacts)),
            "impacts": [(impact, base + reverse("impact:file-impact", args=[run.pk, impact.client_file_id]))
                        for impact in impacts],
            "firm_url": base + reverse("impact:firm", args=[firm_id]) + f"?run={run.pk}",
        }
        subject = render_to_string("impact/email_subject.txt", context).strip()
        body = render_to_string("impact/email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email], fail_silently=False)
