"""Pages of a firm's intake link (public) and of the applicant sending her answers to the firm.
Thin: the work is in ``applications.intake``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import intake
from applications.models import Membership
from streams.engine import RequestError
from streams.models import SavedAnswers
from streams.throttling import throttle_posts
from streams.web.services import answers_get_by_token


@require_GET
def intake_landing(request: HttpRequest, token: str) -> HttpResponse:
    """What the firm's link opens: who will receive the answers, and that nothing goes without her say."""
    firm = intake.firm_for_token(token)
    if firm is None:
        return render(request, "applications/intake_gone.html", status=404)
    start = reverse("screening:applicant-start") + "?" + urlencode({"to": token})
    return render(request, "applications/intake_landing.html", {"firm": firm, "start": start})


@require_http_methods(["GET", "POST"])
@throttle_posts
def intake_send(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant sends her answers (reached by her private link) to the firm she started from."""
    answers = answers_get_by_token(token, kind=SavedAnswers.Kind.APPLICANT)
    firm = intake.firm_for_token(answers.send_to) if answers.send_to else None
    if firm is None:
        raise Http404("These answers were not started from a firm's link, or that link no longer works.")
    errors: dict[str, str] = {}
    name, email = request.POST.get("client_name", "").strip(), request.POST.get("email", "").strip()
    if request.method == "POST" and answers.sent_at is None:
        if not name:
            errors["client_name"] = "name"
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = "email"
        if not request.POST.get("consent"):
            errors["consent"] = "consent"
        if not errors:
            try:
                intake.intake_send(answers=answers, firm=firm, client_name=name, email=email)
            except intake.AlreadySent:
                pass
            except RequestError:
                errors["answers"] = "answers"
            else:
                return redirect("intake-send", token=token)
    answers.refresh_from_db(fields=["sent_at"])
    response = render(request, "applications/intake_send.html", {
        "firm": firm, "answers": answers, "token": token, "errors": errors, "client_name": name, "email": email,
        "results": reverse("screening:applicant-results", args=[token]),
    }, status=400 if errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def intake_link_renew(request: HttpRequest) -> HttpResponse:
    """A firm administrator replaces the firm's intake link (the old one stops working)."""
    membership = getattr(request.user, "membership", None)
    if membership is None or membership.role != Membership.Role.ADMIN:
        raise Http404("Only a firm's administrators renew its intake link.")
    intake.intake_link_renew(firm=membership.firm, actor=request.user)
    return redirect(reverse("applications:file-list") + "#intake-link")
