"""Who hears about a file whose outcome changed, and the email they get (Django's email backend:
the console in development, SMTP or any backend ``EMAIL_URL`` names in production)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from applications.models import Membership
from impact.models import FileImpact, ImpactRun

EMAIL_LISTS_AT_MOST = 50  # files named in one email; the firm page lists them all


def recipients_for(impacts: Iterable[FileImpact]) -> dict[Any, list[FileImpact]]:
    """The file's consultant: who opened the file, while a member of its firm with an email
    address; otherwise the firm's administrators. Files nobody can be told about are left out."""
    impacts = list(impacts)
    firm_ids = {i.client_file.firm_id for i in impacts}
    members: dict[int, int] = {}  # user id -> firm id
    admins: dict[int, list[int]] = defaultdict(list)
    for user_id, firm_id, role in Membership.objects.filter(firm_id__in=firm_ids, user__is_active=True).exclude(
            user__email="").values_list("user_id", "firm_id", "role"):
        members[user_id] = firm_id
        if role == Membership.Role.ADMIN:
            admins[firm_id].append(user_id)
    by_user: dict[int, list[FileImpact]] = defaultdict(list)
    for impact in impacts:
        owner = impact.client_file.created_by_id
        if owner is not None and members.get(owner) == impact.client_file.firm_id:
            by_user[owner].append(impact)
        else:
            for admin in admins.get(impact.client_file.firm_id, []):
                by_user[admin].append(impact)
    users = get_user_model().objects.in_bulk(list(by_user))
    return {users[user_id]: items for user_id, items in by_user.items() if user_id in users}


def impact_email_send(*, run: ImpactRun, recipient: Any, impacts: list[FileImpact]) -> None:
    firm_id = impacts[0].client_file.firm_id
    base = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "run": run, "recipient": recipient, "count": len(impacts),
            "more": max(0, len(impacts) - EMAIL_LISTS_AT_MOST),
            "impacts": [(impact, base + reverse("impact:file-impact", args=[run.pk, impact.client_file_id]))
                        for impact in impacts[:EMAIL_LISTS_AT_MOST]],
            "firm_url": base + reverse("impact:firm", args=[firm_id]) + f"?run={run.pk}",
        }
        subject = render_to_string("impact/email_subject.txt", context).strip()
        body = render_to_string("impact/email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email], fail_silently=False)
