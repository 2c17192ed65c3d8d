"""Intake (issue 12): an applicant who screened herself sends her answers to a firm through the firm's
intake link, or gives her private link to a consultant who imports it; a new file starts with the
questionnaire's questions. Nothing crosses firms; the applicant is told what is shared."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client

from applications import intake
from applications.models import AuditEvent, ClientFile, Membership
from streams.models import SavedAnswers
from tests.personas import consultant

pytestmark = pytest.mark.django_db

FIRST = ["citizenships", "date_of_birth", "residence"]


def signed_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def start(client: Client, query: str = "") -> str:
    """The questionnaire's first page answered (a French working-holiday age); the private token."""
    response = client.post(f"/apply/{query}", {"question": FIRST, "citizenships__value": "FR",
                                               "date_of_birth__value": "1999-06-15", "residence__value": "FR",
                                               "to": query.removeprefix("?to=")} if query else {
        "question": FIRST, "citizenships__value": "FR", "date_of_birth__value": "1999-06-15",
        "residence__value": "FR"})
    assert response.status_code == 302, response.content.decode()[:800]
    return re.search(r"/apply/([^/]+)/", response["Location"]).group(1)  # type: ignore[union-attr]


def test_the_intake_link_opens_the_questionnaire_and_the_answers_arrive_as_a_screened_file(
        people: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    north, south = people["north"], people["south"]
    token = intake.intake_token(north)
    applicant = Client(HTTP_ACCEPT_LANGUAGE="en")
    landing = applicant.get(f"/to/{token}/").content.decode()
    assert "North Immigration invites you" in landing and "Nothing is sent unless you choose to" in landing
    assert f'href="/apply/?to={quote(token)}"' in landing
    first_page = applicant.get(f"/apply/?to={token}").content.decode()
    assert f'name="to" value="{token}"' in first_page and "You came from North Immigration" in first_page

    answers_token = start(applicant, f"?to={token}")
    results = applicant.get(f"/apply/{answers_token}/results/").content.decode()
    assert "Send your answers to North Immigration" in results
    review = applicant.get(f"/apply/{answers_token}/send/").content.decode()
    assert "What is shared" in review and "does not get your private link" in review

    # Without her consent nothing is sent
    refused = applicant.post(f"/apply/{answers_token}/send/", {"client_name": "Amélie Durand"})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    assert not ClientFile.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = applicant.post(f"/apply/{answers_token}/send/",
                              {"client_name": "Amélie Durand", "email": "amelie@example.org", "consent": "1"})
    assert sent.status_code == 302
    made = ClientFile.objects.get()
    assert (made.firm, made.client_name, made.created_by) == (north, "Amélie Durand", None)
    assert made.request["applicant"]["citizenships"] == ["FR"] and "streams" not in made.request
    assert made.screenings.count() == 1 and made.best_stream  # screened: the desk's list shows it
    assert AuditEvent.objects.get(client_file=made, action="created").details == {"source": "intake_link"}
    assert "amelie@example.org" in made.notes.get().text
    (email,) = mail.outbox
    assert email.to == ["nora@example.org"] and "Amélie Durand" in email.subject
    assert "Sent: North Immigration received your answers" in applicant.get(
        f"/apply/{answers_token}/send/").content.decode()

    # Sending again makes no second file; the other firm sees nothing of it
    applicant.post(f"/apply/{answers_token}/send/", {"client_name": "Amélie Durand", "consent": "1"})
    assert ClientFile.objects.count() == 1
    bob = signed_in(people["bob"])
    assert "Amélie Durand" not in bob.get("/files/").content.decode()
    assert bob.get(f"/files/{made.pk}/").status_code == 404
    assert "Amélie Durand" in signed_in(people["alice"]).get("/files/").content.decode()
    assert SavedAnswers.objects.get().sent_at is not None
    assert south.client_files.count() == 0


def test_a_forged_or_replaced_intake_link_leads_nowhere(people: dict[str, Any]) -> None:
    north = people["north"]
    token = intake.intake_token(north)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert visitor.get(f"/to/{token[:-2]}xx/").status_code == 404
    other_firm = token.replace(f"{north.pk}.", f"{people['south'].pk}.", 1)
    assert visitor.get(f"/to/{other_firm}/").status_code == 404  # the signature covers the firm

    # An answers' page never sends to a firm its link did not name
    answers_token = start(visitor)
    assert visitor.get(f"/apply/{answers_token}/send/").status_code == 404
    assert "Send your answers" not in visitor.get(f"/apply/{answers_token}/results/").content.decode()

    # Only an administrator replaces the link; the old one then stops working
    assert signed_in(people["alice"]).post("/files/intake-link/renew/").status_code == 404
    signed_in(people["nora"]).post("/files/intake-link/renew/")
    north.refresh_from_db()
    assert visitor.get(f"/to/{token}/").status_code == 404
    started_before = start(visitor, f"?to={token}")
    assert visitor.get(f"/apply/{started_before}/send/").status_code == 404
    assert visitor.get(f"/to/{intake.intake_token(north)}/").status_code == 200


def test_the_desk_shows_the_firms_intake_link(people: dict[str, Any]) -> None:
    page = signed_in(people["alice"]).get("/files/").content.decode()
    assert intake.intake_url(people["north"]) in page
    assert "Make a new link" not in page  # a consultant shares it; an administrator replaces it
    assert "Make a new link" in signed_in(people["nora"]).get("/files/").content.decode()


def test_a_consultant_imports_the_answers_of_an_applicants_private_link(people: dict[str, Any]) -> None:
    applicant = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers_token = start(applicant)
    alice = signed_in(people["alice"])
    link = f"https://screener.example/apply/{answers_token}/results/"
    response = alice.post("/files/new/", {"client_name": "Amélie Durand", "private_link": link})
    assert response.status_code == 302
    made = ClientFile.objects.get()
    assert made.firm == people["north"] and made.created_by == people["alice"]
    assert made.request["applicant"]["date_of_birth"] == "1999-06-15"
    assert answers_token not in str(made.request)  # her link is not kept with the file
    assert AuditEvent.objects.get(client_file=made, action="created").details == {"source": "private_link"}
    # A link that leads nowhere is refused, naming the field; nothing is stored
    refused = alice.post("/files/new/", {"client_name": "Someone", "private_link": link.replace(answers_token[:6], "zz")})
    assert refused.status_code == 200 and "private_link" in refused.content.decode()
    assert ClientFile.objects.count() == 1


def test_a_new_file_starts_with_the_questions(people: dict[str, Any]) -> None:
    alice = signed_in(people["alice"])
    form = alice.get("/files/new/").content.decode()
    assert "Client&#x27;s name" in form or "Client's name" in form
    response = alice.post("/files/new/", {"client_name": "Klaus Weber"})
    made = ClientFile.objects.get()
    assert response.url == f"/files/{made.pk}/facts/"
    assert alice.get(response.url).url == f"/files/{made.pk}/facts/person/"
    assert made.request == {}
    # a name is needed
    assert "client_name" in alice.post("/files/new/", {"client_name": " "}).content.decode()
    assert ClientFile.objects.count() == 1


def test_intake_emails_go_to_the_consultants_when_the_firm_has_no_administrator(
        people: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    Membership.objects.filter(user=people["nora"]).delete()
    consultant("carol", people["north"])
    applicant = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers_token = start(applicant, f"?to={intake.intake_token(people['north'])}")
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(f"/apply/{answers_token}/send/", {"client_name": "Amélie Durand", "consent": "1"})
    (email,) = mail.outbox
    assert email.to == ["alice@example.org", "carol@example.org"]
