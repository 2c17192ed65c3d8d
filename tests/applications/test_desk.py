"""The consultant's desk: each file's best-fitting stream, outcome, missing facts and last screening at a
glance, kept when a screening is made; the list filtered by status and outcome in a constant number of
queries; the consultant's licence on her profile."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from applications import services
from applications.models import ClientFile, Firm, Membership
from applications.profiles import RCIC_NUMBER_ERROR, licence_line, signatory_of
from tests.applications.conftest import GERMAN_MANAGER, consultant

pytestmark = pytest.mark.django_db

BRAZILIAN = {"applicant": {"citizenships": ["BR"]}}


@pytest.fixture
def desk(firms: dict[str, Any]) -> dict[str, Any]:
    """The firm's files: Klaus (screened, could be eligible), Ana (screened, needs information) and
    Li (never screened)."""
    north, alice = firms["north"], firms["alice"]
    ana = services.client_file_create(firm=north, actor=alice, client_name="Ana Souza", request=BRAZILIAN)
    services.screening_run(client_file=ana, actor=alice)
    li = services.client_file_create(firm=north, actor=alice, client_name="Li Wei", request={})
    return {**firms, "ana": ana, "li": li}


def page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_screening_keeps_the_best_fit_on_the_file(desk: dict[str, Any]) -> None:
    klaus = ClientFile.objects.get(pk=desk["file"].pk)
    assert (klaus.best_stream, klaus.best_outcome, klaus.best_code, klaus.best_months) == ("ict", "eligible", "C62", 36)
    assert klaus.missing_facts == [] and klaus.latest_screening_id == desk["screening"].pk
    assert klaus.screened_version == klaus.version and not klaus.changed_since_screening
    ana = ClientFile.objects.get(pk=desk["ana"].pk)
    assert ana.best_outcome == "needs_information" and ana.missing_facts
    assert desk["screening"].decisions["streams"]["ict"]["outcome"] == "eligible"  # compact, on the screening


def test_the_list_shows_each_files_best_fit_and_what_is_missing(desk: dict[str, Any]) -> None:
    html = page(desk["alice"], "/files/")
    assert "Intra-company transferee (R205(a)) (C62)" in html and "Could be eligible" in html
    assert "More information needed" in html and "Not screened yet" in html
    ana = ClientFile.objects.get(pk=desk["ana"].pk)
    with translation.override("en"):
        from applications.fact_labels import fact_labels

        first = fact_labels(ana.missing_facts)[0]
    assert first in html and "." not in first  # a question, never a field path
    assert "applicant." not in html and "job_offer." not in html


def test_the_list_is_filtered_by_status_and_outcome(desk: dict[str, Any]) -> None:
    alice = desk["alice"]
    eligible = page(alice, "/files/?outcome=eligible")
    assert "Klaus Weber" in eligible and "Ana Souza" not in eligible and "Li Wei" not in eligible
    needs = page(alice, "/files/?outcome=needs_information")
    assert "Ana Souza" in needs and "Klaus Weber" not in needs
    never = page(alice, "/files/?outcome=none")
    assert "Li Wei" in never and "Ana Souza" not in never
    intake = page(alice, "/files/?status=intake")
    assert "Li Wei" in intake and "Klaus Weber" not in intake  # screening moved Klaus out of intake
    nothing = page(alice, "/files/?status=closed&outcome=eligible")
    assert "No file matches these filters." in nothing
    assert "Klaus Weber" in page(alice, "/files/?outcome=bogus&status=bogus")  # unknown filters: all files


def test_the_list_reads_a_constant_number_of_queries_and_no_result(desk: dict[str, Any]) -> None:
    client = Client()
    client.force_login(desk["alice"])

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/files/").status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    before = queries()
    for number in range(8):
        extra = services.client_file_create(firm=desk["north"], actor=desk["alice"], client_name=f"Client {number}",
                                            request=BRAZILIAN)
        services.screening_run(client_file=extra, actor=desk["alice"])
    after = queries()
    assert len(after) == len(before)  # no query per file
    listed = [sql for sql in after if "applications_clientfile" in sql and "LIMIT" in sql]
    assert listed and all('"request"' not in sql and "screening" not in sql.split("FROM")[0] for sql in listed)


def test_a_change_of_facts_shows_the_screening_is_out_of_date(desk: dict[str, Any]) -> None:
    klaus = desk["file"]
    services.client_file_update(client_file=klaus, actor=desk["alice"], version=None,
                                request={**GERMAN_MANAGER, "job_offer": {**GERMAN_MANAGER["job_offer"], "province": "BC"}})
    assert ClientFile.objects.get(pk=klaus.pk).changed_since_screening
    assert "facts changed since" in page(desk["alice"], "/files/?outcome=eligible")
    assert "the facts changed since: screen again" in page(desk["alice"], f"/files/{klaus.pk}/")
    services.screening_run(client_file=ClientFile.objects.get(pk=klaus.pk), actor=desk["alice"])
    assert not ClientFile.objects.get(pk=klaus.pk).changed_since_screening


def test_the_file_page_shows_the_glance_and_the_facts_in_words(desk: dict[str, Any]) -> None:
    html = page(desk["alice"], f"/files/{desk['file'].pk}/")
    assert "At a glance" in html and "Intra-company transferee" in html and "up to 36 months" in html
    assert "Date of birth" in html and "2 March 1982" in html and "Subsidiary" in html
    french = Client()
    french.force_login(desk["alice"])
    french.cookies["django_language"] = "fr"
    html = french.get(f"/files/{desk['file'].pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "En bref" in html and "Date de naissance" in html and "2 mars 1982" in html


def test_the_employer_sees_the_best_fit_but_not_what_the_applicant_is_missing(desk: dict[str, Any]) -> None:
    html = page(desk["employer"], f"/files/{desk['file'].pk}/")
    assert "At a glance" in html and "Could be eligible" in html and "Still missing" not in html
    assert "Still missing" not in page(desk["employer"], "/files/")
    assert "Ana Souza" not in page(desk["employer"], "/files/")


def test_the_screening_page_offers_the_streams_that_may_fit(desk: dict[str, Any]) -> None:
    html = page(desk["alice"], f"/files/{desk['file'].pk}/screenings/{desk['screening'].pk}/")
    assert 'name="streams" value="ict" checked' in html
    assert 'name="streams" value="francophone_mobility">' in html
    assert 'value="cusma_ict"' not in html  # ruled out: not offered


# --- the consultant's profile ----------------------------------------------------------------------

def test_a_licence_number_is_checked_and_printed(db: Any) -> None:
    firm = Firm.objects.create(name="North Immigration")
    alice = consultant("alice", firm)
    membership = alice.membership
    membership.licence, membership.licence_number = "rcic", " r712345 "
    membership.full_clean()
    assert membership.licence_number == "R712345"
    membership.licence_number = "712345"
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert str(RCIC_NUMBER_ERROR) in str(refused.value)
    membership.licence, membership.licence_number = "", "12345"
    with pytest.raises(ValidationError):
        membership.full_clean()
    with translation.override("en"):
        assert licence_line("lawyer", "12345P", "Law Society of Ontario") == (
            "Lawyer, member of the Law Society of Ontario, no. 12345P")
    with translation.override("fr"):
        assert licence_line("rcic", "R712345", "") == (
            "Consultant réglementé en immigration canadienne (CRIC), permis du CCIC R712345")
        assert licence_line("rcic", "", "") == ""


def test_the_profile_is_edited_in_the_admin(db: Any) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-123")
    alice = consultant("alice", Firm.objects.create(name="North Immigration"))
    client = Client()
    client.force_login(root)
    url = f"/admin/applications/membership/{alice.membership.pk}/change/"
    form = client.get(url).content.decode()
    assert 'name="licence_number"' in form and 'name="regulator"' in form
    response = client.post(url, {"user": alice.pk, "firm": alice.membership.firm_id, "role": "consultant",
                                 "licence": "rcic", "licence_number": "R712345", "regulator": ""})
    assert response.status_code == 302
    signatory = signatory_of(get_user_model().objects.get(pk=alice.pk))
    assert signatory is not None and "R712345" in signatory.licence
    assert Membership.objects.get(user=alice).licence_number == "R712345"
