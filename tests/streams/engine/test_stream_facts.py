"""A stream's screening is shared by requests with the same facts for that stream (``evaluate``'s
memo), and a criterion's finding by requests with the same facts for that criterion. That is right
only if the facts declared as read (``Rulebook.stream_facts``: templates' ``reads``, stream rules'
``reads``, conditions'; a criterion's own template's ``reads``) include every field actually read.
These tests trace the fields each stream's screening reads, window and documents included, and each
criterion's rule alone, on every scenario request and on drawn ones, and fail on a field read but not
declared."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import HealthCheck, given, settings

from streams.engine import Rulebook, default_rulebook, evaluate, inputs, parse_request, to_data
from streams.engine.context import Context
from streams.engine.evaluate import screen_stream

from .strategies import SAMPLES, requests

SECTIONS = {inputs.Applicant: "applicant", inputs.JobOffer: "job_offer", inputs.Principal: "principal",
            inputs.Application: "application", inputs.SignificantBenefit: "significant_benefit"}


@contextmanager
def traced(owners: set[int] | None = None) -> Iterator[set[tuple[str, str]]]:
    """Records (section, field) for every field of a request section read while inside (of the
    section objects whose ids are ``owners``, when given: not of a blank section a rule makes)."""
    seen: set[tuple[str, str]] = set()
    originals = {cls: cls.__getattribute__ for cls in SECTIONS}
    try:
        for cls, section in SECTIONS.items():
            fields, original = frozenset(cls.model_fields), originals[cls]

            def read(self: Any, name: str, _original: Any = original, _section: str = section,
                     _fields: frozenset[str] = fields) -> Any:
                if name in _fields and (owners is None or id(self) in owners):
                    seen.add((_section, name))
                return _original(self, name)

            cls.__getattribute__ = read  # type: ignore[method-assign]
        yield seen
    finally:
        for cls, original in originals.items():
            cls.__getattribute__ = original  # type: ignore[method-assign]


def undeclared_reads(data: dict[str, Any]) -> dict[str, set[tuple[str, str]]]:
    book = default_rulebook()
    request = parse_request(data)
    assert request.as_of is not None
    period = book.period(request.as_of)
    problems = {}
    for stream in book.streams.values():
        declared = set(book.stream_facts(stream.id, True))
        with traced() as seen:
            ctx = Context(request, request.as_of, book.values(period) if period >= 0 else {})
            screened = screen_stream(stream, ctx, book, documents=True)
            screened.window(book)
        extra = {pair for pair in seen if pair not in declared and (pair[0], None) not in declared}
        if extra:
            problems[stream.id] = extra
    return problems


def undeclared_criterion_reads(data: dict[str, Any]) -> dict[str, set[tuple[str, str]]]:
    """Each criterion's rule alone, its finding and its turning dates, on a context of its own
    (nothing worked out by another rule)."""
    book = default_rulebook()
    request = parse_request(data)
    assert request.as_of is not None
    values = book.values(book.period(request.as_of)) if book.period(request.as_of) >= 0 else {}
    owners = {id(section) for name in SECTIONS.values() if (section := getattr(request, name)) is not None}
    problems: dict[str, set[tuple[str, str]]] = {}
    for stream in book.streams.values():
        plan = book.plan(stream.id, request.as_of)
        for planned in plan.criteria if plan else ():
            declared = set(_declared(planned.template.reads_for(planned.args)))
            with traced(owners) as seen:
                ctx = Context(request, request.as_of, values)
                finding = planned.template.evaluate(ctx, planned.args)
                list(planned.template.turning_dates(ctx, planned.args, finding))  # kept alike (windows)
            extra = {pair for pair in seen if pair not in declared and (pair[0], None) not in declared}
            if extra:
                problems[planned.id] = extra
    return problems


def _declared(paths: tuple[str, ...]) -> set[tuple[str, str | None]]:
    return {(parts[0], parts[1] if len(parts) > 1 else None) for parts in (p.split(".") for p in paths)}


def test_every_field_a_criterion_reads_on_a_scenario_is_declared_by_its_rule() -> None:
    problems: dict[str, set[tuple[str, str]]] = {}
    for data in SAMPLES:
        for criterion_id, extra in undeclared_criterion_reads(data).items():
            problems.setdefault(criterion_id, set()).update(extra)
    assert not problems, f"fields a criterion reads but its template does not declare: {problems}"


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_every_field_a_criterion_reads_on_a_drawn_request_is_declared_by_its_rule(request: dict[str, Any]) -> None:
    assert not undeclared_criterion_reads(request)


def test_requests_that_differ_in_facts_a_criterion_does_not_read_share_its_finding() -> None:
    # Given two requests whose ICT screenings differ (the job's NOC), with the same German citizenship
    first = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["ict"],
             "applicant": {"citizenships": ["DE"]}, "job_offer": {"noc_code": "00012"}}
    second = {**first, "job_offer": {"noc_code": "21231"}}
    a, b = evaluate(parse_request(first)), evaluate(parse_request(second))
    assert a.streams[0] is not b.streams[0]
    # Then the criterion that reads only the citizenship has one finding for both, and a fresh
    # rulebook reads the same
    found = {planned.local: finding for planned, finding in a.streams[0].findings}
    again = {planned.local: finding for planned, finding in b.streams[0].findings}
    assert found["foreign_national"] is again["foreign_national"]
    assert to_data(evaluate(parse_request(second), Rulebook())) == to_data(b)


def test_every_field_a_scenario_reads_is_declared() -> None:
    problems: dict[str, set[tuple[str, str]]] = {}
    for data in SAMPLES:
        for stream_id, extra in undeclared_reads(data).items():
            problems.setdefault(stream_id, set()).update(extra)
    assert not problems, f"fields read but not declared (add them to the template's or rule's reads): {problems}"


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=requests)
def test_every_field_a_drawn_request_reads_is_declared(request: dict[str, Any]) -> None:
    assert not undeclared_reads(request)


def test_a_shared_screening_answers_as_a_fresh_one() -> None:
    # Given two requests that differ only in facts the ICT stream does not read
    first = {"schema_version": "1", "as_of": "2026-11-22", "streams": ["ict"],
             "applicant": {"citizenships": ["DE"], "funds_cad": 100}}
    second = {**first, "applicant": {"citizenships": ["DE"], "funds_cad": 90_000}}
    book = default_rulebook()
    a, b = evaluate(parse_request(first)), evaluate(parse_request(second))
    # Then the second reuses the first's screening of the stream, and reads the same as a fresh one
    assert a.streams[0] is b.streams[0]
    book.memo.clear()
    assert to_data(evaluate(parse_request(second))) == to_data(b)
    # and a fact the stream reads makes a screening of its own
    third = evaluate(parse_request({**first, "applicant": {"citizenships": ["CA"]}}))
    assert third.streams[0] is not a.streams[0] and third.streams[0].outcome.value == "ineligible"


def test_a_full_memo_keeps_most_screenings_through_a_cycle_larger_than_itself() -> None:
    # Given a memo of 40 stream screenings and 60 requests, each with a screening of its own (the
    # same stream, another birth date), screened in turn twice, as a batch screened again
    book = default_rulebook()
    limit = book.memo_limit
    book.memo.clear()
    book.memo_limit = 40
    try:
        batch = [parse_request({"schema_version": "1", "as_of": "2026-11-22", "streams": ["iec_working_holiday"],
                                "applicant": {"citizenships": ["FR"], "date_of_birth": f"19{40 + n}-01-01"}})
                 for n in range(60)]
        first = [evaluate(r).streams[0] for r in batch]
        assert len(book.memo) <= 40
        again = [evaluate(r).streams[0] for r in batch]
        # Then the memo never outgrows its limit, yet many screenings are found again (dropping the
        # oldest entries first would find none: each would go just before it is asked for)
        assert len(book.memo) <= 40
        found_again = sum(a is b for a, b in zip(first, again, strict=True))
        assert found_again >= 10
        # and a screening found again reads as a fresh one
        book.memo.clear()
        assert [to_data(evaluate(r)) for r in batch[:5]] == [to_data(evaluate(r)) for r in batch[:5]]
    finally:
        book.memo_limit = limit
        book.memo.clear()
