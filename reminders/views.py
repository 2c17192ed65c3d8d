"""The firm's desk of window reminders (consultants only). Thin: the query is in services."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from applications.models import ClientFile
from reminders.services import reminders_upcoming


@login_required
@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    membership = getattr(request.user, "membership", None)
    if membership is None:
        raise Http404("No reminders here.")
    files = ClientFile.objects.filter(firm_id=membership.firm_id)
    return render(request, "reminders/list.html", {
        "reminders": reminders_upcoming(files),
        "close_days": ", ".join(map(str, settings.REMINDER_DAYS_BEFORE_CLOSE)),
        "open_days": ", ".join(map(str, settings.REMINDER_DAYS_BEFORE_OPEN)),
    })
