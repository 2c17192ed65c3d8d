"""The questionnaire is the contract asked as questions: kinds, choices and bounds come from the models,
and the order from the engine's ``questions`` (most decisive first)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from intake import contract
from intake.contract import leaf_paths, shape
from intake.facts import fact_lines, label_of
from intake.forms import EARLIEST_DATE, QuestionsForm, apply_answers, django_fields, form_name
from intake.questions import (
    ANY,
    BY_ID,
    CHOICE_LABELS,
    FACT_LABELS,
    NONE,
    QUESTIONS,
    UNKNOWN,
    next_questions,
    question_for,
    questions_left,
)
from streams.engine import inputs, screen_json

AS_OF = "2026-12-01"


def screened(**facts: object) -> dict[str, object]:
    return screen_json({"schema_version": "1", "as_of": AS_OF, **facts})


# --- one place: the contract's models -----------------------------------------------------------

def test_kinds_choices_and_bounds_come_from_the_contract() -> None:
    assert shape("applicant.date_of_birth").kind == contract.DATE
    speaking = shape("applicant.french_nclc.speaking")
    assert (speaking.kind, speaking.integer, speaking.minimum, speaking.maximum) == (contract.NUMBER, True, 0, 12)
    funds = shape("applicant.funds_cad")
    assert funds.maximum == inputs.MAX_FUNDS_CAD and not funds.integer
    assert shape("job_offer.duration_months").maximum == inputs.MAX_JOB_MONTHS
    assert shape("job_offer.work_type").choices == tuple(m.value for m in inputs.WorkType)
    assert shape("applicant.citizenships").kind == contract.COUNTRY and shape("applicant.citizenships").many
    assert shape("job_offer.wage").required_together == ("amount", "per")
    assert shape("applicant.education").kind == contract.ITEMS
    assert shape("significant_benefit.indicators").kind == contract.MULTI


def test_every_question_reads_a_field_the_contract_has() -> None:
    for question in QUESTIONS:
        assert shape(question.path) is not None
        for field in question.fields:
            if field.name != ANY:
                assert shape(question.field_path(field)) is field.shape, (question.id, field.name)


def test_every_choice_offered_has_a_label() -> None:
    for question in QUESTIONS:
        for field in question.fields:
            if field.shape.enum is not None:
                labels = CHOICE_LABELS[field.shape.enum]
                assert set(labels) == set(field.shape.choices), (question.id, field.name)


def test_every_fact_of_the_contract_has_a_name_in_a_facts_table() -> None:
    named = set(FACT_LABELS) | {q.field_path(f) for q in QUESTIONS for f in q.fields if f.name != ANY}
    unnamed = [p for p in leaf_paths() if p not in named and p not in ("schema_version", "as_of", "streams", "language")]
    assert unnamed == []


def test_the_form_fields_follow_the_shapes_not_the_question_ids() -> None:
    fields = django_fields(BY_ID["french"])
    speaking = fields["french__speaking"]
    assert (speaking.min_value, speaking.max_value) == (0, 12)
    duration = django_fields(BY_ID["duration"])["duration__value"]
    assert duration.max_value == inputs.MAX_JOB_MONTHS


# --- forms that follow the answers ----------------------------------------------------------------

@pytest.mark.django_db
def test_no_radio_starts_on_i_dont_know() -> None:
    form = QuestionsForm([BY_ID["insurance"], BY_ID["location"]], {})
    html = str(form["insurance__value"]) + str(form["location__value"])
    assert "checked" not in html
    assert f'value="{UNKNOWN}"' in html  # offered, never preselected


def test_i_dont_know_stores_nothing() -> None:
    form = QuestionsForm([BY_ID["insurance"]], {}, {"question": ["insurance"], "insurance__value": UNKNOWN})
    assert form.is_valid()
    assert form.updated_request({}) == {}


def test_none_is_a_choice_where_a_list_can_be_empty() -> None:
    form = QuestionsForm([BY_ID["permanent_residences"], BY_ID["indicators"], BY_ID["iec_history"]], {},
                         {"permanent_residences__value": NONE, "indicators__value": [NONE], "iec_history__any": "no"})
    assert form.is_valid(), form.errors
    updated = form.updated_request({})
    assert updated["applicant"]["permanent_residences"] == []
    assert updated["applicant"]["iec_participations"] == []
    assert updated["significant_benefit"]["indicators"] == []
    again = QuestionsForm([BY_ID["permanent_residences"], BY_ID["iec_history"]], updated)
    assert again.initial["permanent_residences__value"] == NONE and again.initial["iec_history__any"] == "no"


def test_a_no_wins_over_the_follow_ups_typed_before_it() -> None:
    # Without JavaScript the follow-ups show; "No" to the question they follow leaves nothing to say.
    posted = {"iec_history__any": "no", "iec_history__country": "FR", "iec_history__category": "working_holiday",
              "enrolment__enrolled": "no", "enrolment__country": "FR", "enrolment__internship_required": "yes"}
    form = QuestionsForm([BY_ID["iec_history"], BY_ID["enrolment"]], {}, posted)
    assert form.is_valid(), form.errors
    updated = form.updated_request({})
    assert updated["applicant"]["iec_participations"] == []
    assert updated["applicant"]["post_secondary_enrolment"] == {"enrolled": False}


def test_follow_ups_carry_what_shows_them() -> None:
    form = QuestionsForm([BY_ID["enrolment"], BY_ID["application_kind"]], {})
    fields = {f.name: f for _, bound, _ in form.groups() for f in bound}
    assert (fields["enrolment__country"].when, fields["enrolment__country"].when_value) == ("enrolment__enrolled", "yes")
    assert fields["application_kind__initial_application_date"].when_value == "extension"
    assert fields["enrolment__enrolled"].when == ""


def test_a_wage_is_given_whole_or_not_at_all() -> None:
    form = QuestionsForm([BY_ID["wage"]], {}, {"wage__amount": "100000"})
    assert not form.is_valid()
    assert "Give both the amount" in str(form.errors)
    whole = QuestionsForm([BY_ID["wage"]], {}, {"wage__amount": "100000", "wage__per": "year"})
    assert whole.is_valid() and whole.updated_request({}) == {"job_offer": {"wage": {"amount": 100000.0, "per": "year"}}}


def test_birth_dates_before_1900_are_refused() -> None:
    form = QuestionsForm([BY_ID["date_of_birth"]], {}, {"date_of_birth__value": "1899-12-31"})
    assert not form.is_valid()
    assert form.errors["date_of_birth__value"]
    ok = QuestionsForm([BY_ID["date_of_birth"]], {}, {"date_of_birth__value": EARLIEST_DATE.isoformat()})
    assert ok.is_valid()


def test_engine_errors_are_said_in_the_pages_language() -> None:
    from streams.engine import RequestError

    with translation.override("fr"):
        form = QuestionsForm([BY_ID["date_of_birth"]], {}, {"date_of_birth__value": "2030-01-01"})
        assert form.is_valid()
        form.add_engine_errors(RequestError([{"loc": "applicant.date_of_birth",
                                               "message": "the date of birth 2030-01-01 is after as_of 2026-12-01"}]))
        assert form.errors["date_of_birth__value"] == ["La date de naissance ne peut pas être postérieure à aujourd’hui."]


def test_apply_answers_keeps_facts_the_question_does_not_ask() -> None:
    stored = {"applicant": {"employment_history": [{"employer_name": "A", "noc_code": "00012"}]}}
    question = BY_ID["employment"]
    updated = apply_answers(question, {form_name(question, question.fields[1]): "B"}, stored)
    assert updated["applicant"]["employment_history"] == [{"employer_name": "B", "noc_code": "00012"}]


# --- the deciding questions first -----------------------------------------------------------------------

def _order(result: dict[str, object]) -> list[str]:
    return [need.question.id for need in next_questions(result, asked=["citizenships", "date_of_birth", "residence"],
                                                         limit=100)]


def test_a_us_analyst_is_asked_about_cusma_before_her_french() -> None:
    result = screened(streams=["cusma_professional", "francophone_mobility", "significant_benefit",
                               "global_talent_stream", "religious_charitable_work", "iec_young_professionals"],
                      applicant={"citizenships": ["US"], "date_of_birth": "1988-02-01", "country_of_residence": "US"},
                      job_offer={"province": "ON", "noc_code": "21211"})
    order = _order(result)
    assert order.index("cusma_profession") < order.index("french")
    assert order[0] == "signed"  # the fact most open streams wait for


def test_a_working_holiday_applicant_is_asked_for_a_job_offer_before_its_code() -> None:
    result = screened(streams=["iec_working_holiday", "iec_young_professionals", "iec_international_coop"],
                      applicant={"citizenships": ["FR"], "date_of_birth": "1999-06-15", "country_of_residence": "FR"})
    order = _order(result)
    assert order.index("signed") < order.index("noc")


def test_questions_follow_the_engines_missing_facts_and_count_what_is_left() -> None:
    result = screened(streams=["iec_working_holiday"],
                      applicant={"citizenships": ["FR"], "date_of_birth": "1999-06-15", "country_of_residence": "FR"})
    missing = result["streams"][0]["questions"]  # type: ignore[index]
    expected = list(dict.fromkeys(q.id for q in map(question_for, missing) if q is not None))
    assert _order(result) == expected
    assert questions_left(result, asked=[]) == len(expected)


def test_a_stream_ruled_out_stops_its_questions() -> None:
    result = screened(streams=["iec_working_holiday"], applicant={"citizenships": ["JP"], "date_of_birth": "1980-01-10"})
    assert next_questions(result, asked=[]) == []


# --- facts in words ---------------------------------------------------------------------------

def test_facts_are_named_and_told_in_french() -> None:
    request = {"applicant": {"citizenships": ["US"], "date_of_birth": "1988-02-01",
                             "education": [{"level": "bachelor", "completed": True}]},
               "job_offer": {"province": "QC", "cusma_profession": "computer_systems_analyst", "work_type": "other",
                             "wage": {"amount": 95000.0, "per": "year"}}}
    with translation.override("fr"):
        lines = dict(fact_lines(request))
    assert lines["Date de naissance"] == "1 février 1988".replace("1 février", "1er février")
    assert lines["Pays de citoyenneté"] == "États-Unis"
    assert lines["Vos études 1 · Niveau"] == "Baccalauréat"
    assert lines["Province ou territoire"] == "Québec"
    assert lines["Le salaire · Par"] == "année"
    with translation.override("fr"):
        assert lines[label_of("job_offer.cusma_profession")] == "Analyste de systèmes informatiques"
    assert "95\u202f000,00 $ CA" in lines.values()
    assert all("applicant." not in name and "job_offer." not in name for name in lines)


def test_a_birth_year_is_checked_against_1900_not_later() -> None:
    assert EARLIEST_DATE == date(1900, 1, 1)
