"""Documents are rules too: dated, cited, three-valued items tied to the criteria they prove.

The loader refuses a malformed document (in a copy of the data); the conditions never guess from a
missing fact; the Employer Portal items follow the kind of permit; police certificates give one
item per country.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from streams.engine import Rulebook, default_rulebook, evaluate, parse_request, to_data
from streams.engine.context import Context
from streams.engine.findings import Status
from streams.engine.loader import RuleDataError
from streams.engine.reference import DATA_DIR
from streams.engine.templates.documents import PoliceArgs, PoliceCertificates

GERMAN_MANAGER: dict[str, Any] = {
    "schema_version": "1",
    "as_of": "2026-11-22",
    "applicant": {
        "citizenships": ["DE"], "date_of_birth": "1982-03-02", "location": "outside_canada",
        "accompanying_dependants": False,
        "residence_history": [{"country": "DE", "from": "2006-01-01"},
                              {"country": "FR", "from": "2005-01-01", "to": "2005-09-30"}],
        "employment_history": [{"employer_name": "Northwind GmbH", "country": "DE", "start_date": "2018-04-01",
                                "hours_per_week": 40, "related_to_offer_employer": True, "similar_to_offer": True}],
    },
    "job_offer": {"province": "ON", "noc_code": "00012", "duration_months": 36, "public_health_setting": False,
                  "intra_company": {"relationship": "subsidiary", "foreign_employer_multinational": True,
                                    "canadian_entity_doing_business": True, "new_office": False,
                                    "physical_premises_secured": True, "position_category": "senior_manager",
                                    "foreign_position_held_open": True}},
}


def documents(request: dict[str, Any], book: Rulebook | None = None, language: str = "en") -> dict[str, Any]:
    """Stream id -> {document id -> item} for the open streams."""
    result = to_data(evaluate(parse_request(request), book, documents=True), language)
    return {s["stream"]: {d["id"]: d for d in s["documents"]} for s in result["streams"]}


# --- loading -----------------------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copied = tmp_path / "data"
    shutil.copytree(DATA_DIR, copied)
    return copied


def change_documents(data: Path, name: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
    path = data / "documents" / name
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(entries)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def refused(data: Path) -> str:
    with pytest.raises(RuleDataError) as error:
        Rulebook(data)
    return str(error.value)


def entry(entries: list[dict[str, Any]], document_id: str) -> dict[str, Any]:
    return next(e for e in entries if e["id"] == document_id)


def test_the_shipped_documents_load_dated_and_cited() -> None:
    book = default_rulebook()
    assert len({d.spec.id for d in book.documents}) >= 25
    for document in book.documents:
        assert document.spec.since is not None and document.spec.since >= date(2022, 11, 16)
        assert book.register.any_official(document.spec.sources), document.spec.id


def test_a_document_citing_only_a_secondary_source_is_refused(data: Path) -> None:
    change_documents(data, "general.yaml", lambda e: entry(e, "DOC-GEN-13").update(sources=["police_certificates_news"]))
    message = refused(data)
    assert "general.yaml: DOC-GEN-13" in message and "no official source" in message


def test_a_document_citing_an_unknown_source_is_refused(data: Path) -> None:
    change_documents(data, "general.yaml", lambda e: entry(e, "DOC-GEN-02").update(sources=["nowhere"]))
    assert "DOC-GEN-02 cites unknown source 'nowhere'" in refused(data)


def test_a_document_without_its_date_is_refused(data: Path) -> None:
    change_documents(data, "general.yaml", lambda e: entry(e, "DOC-GEN-02").pop("from"))
    assert "DOC-GEN-02: a document needs its 'from' date" in refused(data)


def test_a_document_proving_a_criterion_a_stream_lacks_is_refused(data: Path) -> None:
    # DOC-ICT-07 proves the multinational test, which CUSMA transfers do not have.
    change_documents(data, "ict.yaml", lambda e: entry(e, "DOC-ICT-07").update(streams=["ict", "cusma_ict"]))
    assert "DOC-ICT-07: proves 'multinational', which stream cusma_ict does not have" in refused(data)


def test_a_document_proving_a_criterion_out_of_force_is_refused(data: Path) -> None:
    change_documents(data, "ict.yaml", lambda e: entry(e, "DOC-ICT-07").update({"from": date(2022, 11, 16),
                                                                                "until": date(2024, 10, 3)}))
    assert "proves ict.multinational, which is not in force on the document's dates" in refused(data)


def test_a_document_for_a_stream_not_loaded_is_refused(data: Path) -> None:
    change_documents(data, "cusma.yaml", lambda e: entry(e, "DOC-ICT-16").update(streams=["no_such_stream"]))
    assert "unknown streams ['no_such_stream']" in refused(data)


def test_the_same_document_twice_for_a_stream_on_the_same_day_is_refused(data: Path) -> None:
    def twice(entries: list[dict[str, Any]]) -> None:
        entries.append(copy.deepcopy(entry(entries, "DOC-GEN-02")))

    change_documents(data, "general.yaml", twice)
    assert "DOC-GEN-02: defined twice for the same stream on the same days" in refused(data)


def test_a_document_title_with_an_unknown_placeholder_is_refused(data: Path) -> None:
    change_documents(data, "general.yaml", lambda e: entry(e, "DOC-GEN-09")["title"].update(
        en="Work permit fee ({amount:money0})", fr="Frais ({amount:money0})"))
    assert "placeholders ['amount'] are neither arguments nor parameters" in refused(data)


def test_a_condition_that_is_not_a_document_condition_is_refused(data: Path) -> None:
    change_documents(data, "general.yaml", lambda e: entry(e, "DOC-GEN-02").update(
        needed={"use": "ict.position_held_open"}))
    assert "ict.position_held_open is not a document condition" in refused(data)


# --- kinds of permit ------------------------------------------------------------------------------------


SPOUSE = {"schema_version": "1", "as_of": "2026-11-22",
          "applicant": {"citizenships": ["DE"], "date_of_birth": "1990-01-01", "permanent_residences": [],
                        "residence_history": [{"country": "DE", "from": "2008-01-01"}]},
          "principal": {"relationship": "spouse", "status": "worker", "authorization": "employer_specific_permit",
                        "authorization_valid_until": "2029-01-01", "noc_code": "21231", "resides_in_canada": True},
          "job_offer": {"noc_code": "00012"}}


def test_open_permits_never_list_the_employer_portal() -> None:
    found = documents({**GERMAN_MANAGER, "principal": SPOUSE["principal"]})
    open_permit, employer_specific = found["spousal_open_work_permit"], found["ict"]
    for document_id in ("DOC-EMP-02", "DOC-EMP-03", "DOC-EMP-09", "DOC-GEN-22"):
        assert document_id not in open_permit
        assert employer_specific[document_id]["status"] == "needed"
    assert open_permit["DOC-GEN-10"]["status"] == "needed" and "DOC-GEN-10" not in employer_specific
    assert "CAN$100" in open_permit["DOC-GEN-10"]["title"]
    # the transfer's own documents serve only the streams they name
    assert "DOC-ICT-04" not in open_permit and employer_specific["DOC-ICT-04"]["status"] == "needed"


def test_lmia_permits_show_ability_to_do_the_job_but_no_employer_portal() -> None:
    role = {**GERMAN_MANAGER, "job_offer": {"noc_code": "21231", "province": "ON", "wage": {"amount": 60, "per": "hour"},
                                            "hours_per_week": 40, "prevailing_wage_hourly": 50,
                                            "gts": {"designated_partner_referral": False}}}
    lmia = documents(role)["global_talent_stream"]
    assert lmia["DOC-GEN-22"]["status"] == "needed" and "DOC-EMP-02" not in lmia


def test_iec_streams_have_their_own_police_certificates() -> None:
    youth = {"schema_version": "1", "as_of": "2026-11-22",
             "applicant": {"citizenships": ["FR"], "date_of_birth": "1998-05-20",
                           "residence_history": [{"country": "FR", "from": "2016-01-01", "to": "2025-01-01"},
                                                 {"country": "DE", "from": "2025-01-02"}]}}
    found = documents(youth)
    assert not any(d.startswith("DOC-GEN-13") for d in found["iec_working_holiday"])
    assert found["iec_working_holiday"]["DOC-IEC-06-DE"]["status"] == "needed"


# --- the result's items -------------------------------------------------------------------------------------


def test_items_say_why_and_cite_official_sources_first() -> None:
    item = documents(GERMAN_MANAGER)["ict"]["DOC-GEN-08"]
    assert item["document"] == "DOC-GEN-08" and item["country"] is None and item["general"] is True
    assert item["status"] == "needed" and item["missing"] == [] and item["criterion"] is None
    assert item["explanation"].startswith("Needed: you are 44")
    assert all(c["official"] for c in item["citations"])
    offer = documents(GERMAN_MANAGER)["ict"]["DOC-EMP-02"]
    assert offer["general"] is False  # a permit kind's document: one per stream
    assert [c["official"] for c in offer["citations"]] == sorted((c["official"] for c in offer["citations"]),
                                                                  reverse=True)
    payroll = documents(GERMAN_MANAGER)["ict"]["DOC-ICT-04"]
    assert payroll["criterion"] == "ict.qualifying_employment" and payroll["general"] is False


def test_police_certificates_give_one_item_per_country_in_the_reader_language() -> None:
    french = documents({**GERMAN_MANAGER, "language": "fr"}, language="fr")["ict"]
    item = french["DOC-GEN-13-FR"]
    assert (item["document"], item["country"], item["title"]) == ("DOC-GEN-13", "FR", "Certificat de police : France")
    assert french["DOC-GEN-13-DE"]["title"] == "Certificat de police : Allemagne"
    assert "bureau des visas" in item["explanation"]


def test_the_iec_rule_asks_for_the_certificates_upfront() -> None:
    template = PoliceCertificates()
    request = parse_request(GERMAN_MANAGER)
    values = {"documents.police_certificate_stay_months": 6, "documents.police_certificate_from_age": 18}
    ctx = Context(request, date(2026, 11, 22), values)
    args = PoliceArgs.model_validate({"months": "documents.police_certificate_stay_months",
                                      "from_age": "documents.police_certificate_from_age", "upfront": True})
    finding = template.evaluate(ctx, args)
    assert finding.status is Status.MET
    items = template.each(finding)
    assert [(f.args["item"], f.status) for f in items] == [("DE", Status.MET), ("FR", Status.MET)]
    # without the date of birth a long stay may or may not be as an adult
    applicant = {k: v for k, v in GERMAN_MANAGER["applicant"].items() if k != "date_of_birth"}
    ctx = Context(parse_request({**GERMAN_MANAGER, "applicant": applicant}), date(2026, 11, 22), values)
    items = template.each(template.evaluate(ctx, args))
    assert {f.status for f in items} == {Status.UNKNOWN}
    assert all(f.missing == ("applicant.date_of_birth",) for f in items)


# --- never guessed from a missing fact ------------------------------------------------------------------------


def leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in leaves(value, (*path, key))]
    return [path]


def without(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    copied = copy.deepcopy(data)
    node = copied
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return copied


@pytest.mark.parametrize("path", [p for p in leaves(GERMAN_MANAGER) if p[0] in ("applicant", "job_offer")],
                         ids=lambda p: ".".join(map(str, p)))
def test_removing_a_fact_only_turns_a_document_unknown(path: tuple[Any, ...]) -> None:
    before = documents(GERMAN_MANAGER)
    after = documents(without(GERMAN_MANAGER, path))
    for stream_id, items in before.items():
        for document_id, item in items.items():
            later = after.get(stream_id, {}).get(document_id)
            if later is not None and later["status"] != item["status"]:
                assert later["status"] == "unknown", (stream_id, document_id, item["status"], later["status"])


def test_a_document_without_french_is_refused(data: Path) -> None:
    change_documents(data, "general.yaml", lambda e: entry(e, "DOC-EMP-09")["title"].pop("fr"))
    message = refused(data)
    assert message.startswith("general.yaml: entry") and "title.fr: Field required" in message
