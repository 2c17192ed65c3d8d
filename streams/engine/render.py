"""A screening as the contract's JSON, in English or French.

Rows reuse the parts of a criterion that are the same for every request (id, title, kind,
requirement, citations: worked out once per period and language by the rulebook); only the status,
the explanation and the missing fields are made per request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import orjson

from .evaluate import Screening, StreamScreening, Window
from .findings import Finding, Kind, Outcome, Status
from .parameters import Param
from .rulebook import Document, NextStep, PlannedCriterion, Rulebook
from .templates.base import PENDING

_STATUS = {Status.MET: "met", Status.UNMET: "unmet", Status.UNKNOWN: "unknown"}
_DOCUMENT_STATUS = {Status.MET: "needed", Status.UNMET: "not_needed", Status.UNKNOWN: "unknown"}
_OPEN = (Outcome.ELIGIBLE, Outcome.NEEDS_INFORMATION)


def to_data(screening: Screening, language: str | None = None) -> dict[str, Any]:
    """The result as the contract's JSON object (dates as ISO strings). Parts of it are shared with
    other results (rows that repeat, a stream's text for the same facts): treat it as read-only."""
    language = language or screening.language
    book = screening.book
    ranks = _question_ranks(screening.streams)
    streams = [_stream(s, book, language, ranks, screening.with_documents) for s in screening.streams]
    general = _general(book, language, tuple(s.stream.id for s in screening.streams))
    return {
        "schema_version": "1",
        "as_of": screening.as_of.isoformat(),
        "rulebook_version": book.version,
        "streams": streams,
        "general_requirements": general,
    }


def _general(book: Rulebook, language: str, wanted: tuple[str, ...]) -> list[dict[str, Any]]:
    """The general requirements of the streams screened (the same for every request asking for the
    same streams: made once per language and set of streams, then shared)."""
    key = ("general", language, wanted)
    made: list[dict[str, Any]] | None = book.shared.get(key)
    if made is None:
        made = []
        for g in book.common.general_requirements:
            applies_to = [sid for sid in g.applies_to if sid in wanted]
            if applies_to:
                made.append({
                    "id": g.id,
                    "title": g.title[language],
                    "explanation": g.explanation[language],
                    "applies_to": applies_to,
                    "citations": book.citations(g.sources, language),
                })
        if len(book.shared) < 256:
            book.shared[key] = made
    return made


def to_json(screening: Screening, language: str | None = None) -> bytes:
    """The result as JSON bytes: the same bytes as ``orjson.dumps(to_data(...))``, made faster. A
    result is about 200 KB, mostly rows, steps and requirements that repeat from one result to the
    next: those are kept encoded (``orjson.Fragment``) beside the objects they encode and copied in,
    so a batch spends its time deciding, not re-encoding the same text (the command line's JSON was
    a fifth of its time)."""
    language = language or screening.language
    book = screening.book
    ranks = _question_ranks(screening.streams)
    streams = [_stream(s, book, language, ranks, screening.with_documents, encoded=True) for s in screening.streams]
    return orjson.dumps({
        "schema_version": "1",
        "as_of": screening.as_of.isoformat(),
        "rulebook_version": book.version,
        "streams": streams,
        "general_requirements": _general_encoded(book, language, tuple(s.stream.id for s in screening.streams)),
    })


def _general_encoded(book: Rulebook, language: str, wanted: tuple[str, ...]) -> orjson.Fragment:
    key = ("general.json", language, wanted)
    made: orjson.Fragment | None = book.shared.get(key)
    if made is None:
        made = orjson.Fragment(orjson.dumps(_general(book, language, wanted)))
        if len(book.shared) < 256:
            book.shared[key] = made
    return made


def explanation(planned: PlannedCriterion, finding: Finding, language: str, book: Rulebook) -> str:
    if finding.key == PENDING:  # what the facts given show, then that whether it applies is still open
        shown = explanation(planned, finding.args["pending"], language, book)
        return f"{shown} {book.message('pending').render({}, language, book.labels)}"
    text = None if finding.args else planned.explanations[language].get(finding.key)
    if text is None:
        message = planned.criterion.messages.get(finding.key)
        if message is None:
            raise KeyError(f"{planned.id}: the template {planned.template.name} has no message {finding.key!r}")
        text = message.render({**planned.values, **finding.args}, language, book.labels)
    if finding.status is Status.MET and planned.kind is Kind.DISCRETIONARY:
        text = f"{text} {book.officer_decides[language]}"
    return text


_KEPT_ROWS = 128  # per criterion and period: the rows that repeat (same finding, same values, same missing facts)


def row_encoded(planned: PlannedCriterion, finding: Finding, language: str, book: Rulebook) -> Any:
    """A criterion's row as ``row`` makes it, encoded once and kept (``to_json``): a Fragment, or the
    row itself when its values cannot key a dictionary."""
    args = finding.args
    key = (language, finding.key, finding.status, finding.missing, tuple(args.items()) if args else None)
    try:
        kept = planned.encoded_rows.get(key)
    except TypeError:  # a list among the values: as a tuple (it reads the same)
        hashable = _hashable_key(finding, language)
        if hashable is None:
            return _row(planned, finding, language, book, None)
        key = hashable
        kept = planned.encoded_rows.get(key)
    if kept is None:
        # The row's object is not kept for this: results sent as JSON need only its encoding.
        made = planned.rows.get(key) or _row(planned, finding, language, book, None)
        kept = orjson.Fragment(orjson.dumps(made))
        if len(planned.encoded_rows) < _KEPT_ROWS:
            planned.encoded_rows[key] = kept
    return kept


def row(planned: PlannedCriterion, finding: Finding, language: str, book: Rulebook) -> dict[str, Any]:
    """A criterion's row of the result. Rows repeat from one request to the next (the same finding
    with the same values: a citizenship, an age, a wage floor): each is made once and shared
    (results are read-only). Values that cannot be hashed make a row of their own."""
    args = finding.args
    key: tuple[Any, ...] | None = (language, finding.key, finding.status, finding.missing,
                                   tuple(args.items()) if args else None)
    try:
        hash(key)
    except TypeError:  # a list among the values: as a tuple (it reads the same)
        key = _hashable_key(finding, language)
    return _row(planned, finding, language, book, key)


def _hashable_args(finding: Finding) -> tuple[Any, ...]:
    """A finding's values with lists as tuples and findings (``pending``) as their own keys."""
    return tuple((name, tuple(value) if type(value) is list
                  else (value.key, value.status, value.missing, _hashable_args(value)) if type(value) is Finding
                  else value) for name, value in finding.args.items())


def _hashable_key(finding: Finding, where: str) -> tuple[Any, ...] | None:
    """A finding as a dictionary key in ``where`` (a language for rows, a stream for documents), the
    lists among its values as tuples; None when another value cannot be hashed (what it gives is
    then made for this result alone)."""
    key = (where, finding.key, finding.status, finding.missing, _hashable_args(finding))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _row(planned: PlannedCriterion, finding: Finding, language: str, book: Rulebook,
         key: tuple[Any, ...] | None) -> dict[str, Any]:
    """``row``, given the row's key (None: not to be kept)."""
    kept = planned.rows.get(key) if key is not None else None
    if kept is not None:
        return kept
    made = dict(planned.statics[language])  # id, title, status, kind, explanation, citations, missing, requirement
    made["status"] = _STATUS[finding.status]  # type: ignore[index]
    made["explanation"] = explanation(planned, finding, language, book)
    made["missing"] = finding.missing
    if key is not None and len(planned.rows) < _KEPT_ROWS:
        planned.rows[key] = made
    return made


def _stream(s: StreamScreening, book: Rulebook, language: str, ranks: dict[str, int],
            documents: bool, *, encoded: bool = False) -> dict[str, Any]:
    """The stream's part of the result. A screening of a stream is shared by the requests with the same
    facts for it (``evaluate``), and so is its text: made once per language, then copied with the
    questions of this request. ``encoded``: its rows and steps as kept JSON (``to_json``)."""
    kept = s.encoded if encoded else s.rendered
    made = kept.get(language)
    if made is None:
        made = kept[language] = _stream_text(s, book, language, documents, encoded=encoded)
    out = dict(made)
    out["questions"] = _questions(s, ranks)
    return out


def _stream_text(s: StreamScreening, book: Rulebook, language: str, documents: bool, *,
                 encoded: bool = False) -> dict[str, Any]:
    spec = s.stream.spec
    criteria: list[Any]
    if s.plan is None:
        criteria = [_not_assessed_row(s, book, language)]
    else:
        make_row = row_encoded if encoded else row
        criteria = [make_row(planned, finding, language, book) for planned, finding in s.findings]
    out: dict[str, Any] = {
        "stream": s.stream.id,
        "title": spec.title[language],
        "program": spec.program,
        "legal_basis": spec.legal_basis_on(s.ctx.as_of),
        "exemption_code": s.code,
        "outcome": s.outcome.value,
        "score": s.score,
        "max_duration_months": s.duration,
        "criteria": criteria,
        "notice": spec.notice[language] if spec.notice else None,
        "next_steps": [(_next_step_encoded if encoded else _next_step)(step, s, book, language)
                       for step in s.next_steps],
        "window": _window(s, book, language),
        "changes": _changes(s, book, language),
        "questions": [],
    }
    if documents:
        out["documents"] = [_document(s, document, finding, book, language) for document, finding in s.documents or ()]
    return out


def _next_step(step: NextStep, s: StreamScreening, book: Rulebook, language: str) -> dict[str, Any]:
    """A step as the result shows it. Its text and sources depend only on the parameters in force,
    which change only at the rulebook's change points: made once per step, language and period,
    then shared (results are read-only)."""
    key = (id(step), language, book.period(s.ctx.as_of))
    made: dict[str, Any] | None = book.step_texts.get(key)
    if made is None:
        made = book.step_texts[key] = {
            "id": step.spec.id, "who": step.spec.who,
            "text": step.text.render({"since": step.spec.since, **_step_values(step.spec.args, s)}, language,
                                     book.labels),
            "citations": book.citations(_step_sources(step.spec.sources, step.spec.args, s, book), language)}
    return made


def _next_step_encoded(step: NextStep, s: StreamScreening, book: Rulebook, language: str) -> orjson.Fragment:
    key = (id(step), language, book.period(s.ctx.as_of))
    made = book.step_json.get(key)
    if made is None:
        made = book.step_json[key] = orjson.Fragment(orjson.dumps(_next_step(step, s, book, language)))
    return made


def _step_sources(sources: list[str], args: dict[str, str], s: StreamScreening, book: Rulebook) -> list[str]:
    """A step's own sources, then those of the parameters its text shows (the fees' provisions)."""
    found = list(sources)
    for name in args.values():
        found += book.parameters[name].sources_on(s.ctx.as_of)
    return found


def _step_values(args: dict[str, str], s: StreamScreening) -> dict[str, Any]:
    return {placeholder: s.ctx.values[name] for placeholder, name in args.items()}


def _not_assessed_row(s: StreamScreening, book: Rulebook, language: str) -> dict[str, Any]:
    spec = s.stream.spec
    values = {"since": spec.encoded_from, "as_of": s.ctx.as_of}
    return {
        "id": f"{s.stream.id}.rules_encoded",
        "title": book.message("not_assessed_title")[language].source,
        "status": "unknown",
        "kind": Kind.REQUIREMENT.value,
        "explanation": book.message("not_assessed").render(values, language, book.labels),
        "citations": book.citations(spec.sources, language),
        "missing": [],
        "requirement": book.message("not_assessed_requirement").render(values, language, book.labels),
    }


def _document(s: StreamScreening, document: Document, finding: Finding, book: Rulebook,
              language: str) -> dict[str, Any]:
    """One item of a stream's documents: needed, not needed or unknown, and why, in words. A condition
    with one item per country (police certificates) gives ``<id>-<country>`` items. The parts that are
    the same for every request in a period (title, what it proves, citations) are made once."""
    spec = document.spec
    key = (book.period(s.ctx.as_of), language)
    static = document.statics.get(key)
    if static is None:
        static = document.statics[key] = _document_static(s, document, book, language)
    # The same finding gives the same item: made once (a copy is returned, so the kept one stays intact).
    items: dict[Any, dict[str, Any]] = static["items"]
    cache_key = _hashable_key(finding, s.stream.id)
    if cache_key is not None:
        kept = items.get(cache_key)
        if kept is not None:
            return dict(kept)
    country = finding.args.get("item")  # one item per country (police certificates)
    title = static["title"]
    if country is not None and document.item_title is not None:
        title = document.item_title.render({"title": title, "country": country}, language, book.labels)
    message = document.messages.get(finding.key)
    if message is None:
        raise KeyError(f"{spec.id}: the condition {document.condition.name} has no message {finding.key!r}")
    explanation = message.render({**static["shown"], **finding.args}, language, book.labels)
    item = {
        "id": f"{spec.id}-{country}" if country is not None else spec.id,
        "document": spec.id,
        "country": str(country) if country is not None else None,
        "title": title,
        "who": spec.who,
        "proves": static["proves"],
        "status": _DOCUMENT_STATUS[finding.status],  # type: ignore[index]
        "explanation": explanation,
        "missing": list(finding.missing),
        "criterion": f"{s.stream.id}.{spec.criterion}" if spec.criterion else None,
        "general": static["general"],
        "citations": static["citations"],
    }
    if cache_key is not None and len(items) < _KEPT_ITEMS:
        items[cache_key] = dict(item)
    return item


_KEPT_ITEMS = 512  # per document, period and language


def _document_static(s: StreamScreening, document: Document, book: Rulebook, language: str) -> dict[str, Any]:
    spec = document.spec
    day = s.ctx.as_of
    values: dict[str, Any] = {"since": spec.since, **_step_values(spec.args, s)}
    # The condition's arguments in force (its messages show them); their parameters' sources are cited.
    shown: dict[str, Any] = {}
    source_ids = list(spec.sources)
    for name in type(document.condition_args).model_fields:
        value = getattr(document.condition_args, name)
        if isinstance(value, Param):
            shown[name] = s.ctx.values[value.name]
            source_ids += book.parameters[value.name].sources_on(day)
        else:
            shown[name] = value
    for name in spec.args.values():
        source_ids += book.parameters[name].sources_on(day)
    return {
        "title": document.title.render(values, language, book.labels),
        "proves": document.proves.render(values, language, book.labels),
        "shown": shown,
        "citations": book.citations(source_ids, language),
        "general": spec.streams == "all" and spec.permits is None,
        "items": {},  # finding -> its item (see _hashable_key)
    }


def _window(s: StreamScreening, book: Rulebook, language: str) -> dict[str, Any]:
    window: Window = s.window(book)
    reasons = []
    for planned, finding, day in window.until_reasons:
        reasons.append(book.message("window_until").render({
            "until": window.eligible_until, "day": day, "title": planned.statics[language]["title"],
            "explanation": explanation(planned, finding, language, book)}, language, book.labels))
    for planned, finding, day in window.from_reasons:
        if finding.status is None:  # the rule no longer applies
            reasons.append(book.message("window_lifted").render({
                "day": day, "title": planned.statics[language]["title"]}, language, book.labels))
            continue
        key = "window_from" if finding.status is Status.MET else "window_open"
        reasons.append(book.message(key).render({
            "day": day, "title": planned.statics[language]["title"],
            "explanation": explanation(planned, finding, language, book)}, language, book.labels))
    return {
        "eligible_from": window.eligible_from.isoformat() if window.eligible_from else None,
        "eligible_until": window.eligible_until.isoformat() if window.eligible_until else None,
        "reasons": reasons,
    }


def _changes(s: StreamScreening, book: Rulebook, language: str) -> list[dict[str, Any]]:
    """The smallest changes that would meet every unmet criterion; none unless each has one."""
    if s.outcome is not Outcome.INELIGIBLE or s.plan is None:
        return []
    out: list[dict[str, Any]] = []
    for planned, finding in s.findings:
        if finding.status is not Status.UNMET:
            continue
        if planned.kind is Kind.DISCRETIONARY:
            return []
        changes = list(planned.template.changes(s.ctx, planned.args, finding))
        if not changes:
            return []
        for change in changes:
            message = planned.criterion.messages.get(f"change.{change.key}")
            if message is None:
                raise KeyError(f"{planned.id}: no message change.{change.key}")
            out.append({
                "loc": change.loc,
                "text": message.render({**planned.values, **change.values}, language, book.labels),
                "criteria": [planned.id],
            })
    return out


def _question_ranks(streams: Iterable[StreamScreening]) -> dict[str, int]:
    """How many open streams each missing fact would help settle, negated (a sort key: the most
    first). Empty when fewer than two streams need facts: each stream's own order then stands."""
    open_streams = [s for s in streams if s.outcome is Outcome.NEEDS_INFORMATION]
    if len(open_streams) < 2:
        return {}
    counts: Counter[str] = Counter()
    for s in open_streams:
        counts.update(s.missing)
    return {fact: -count for fact, count in counts.items()}


def _questions(s: StreamScreening, ranks: dict[str, int]) -> list[str]:
    """The stream's missing facts, those that settle the most open streams first (stable)."""
    if s.outcome is not Outcome.NEEDS_INFORMATION:
        return []
    missing = s.missing
    if len(missing) < 2 or not ranks:
        return list(missing)
    return sorted(missing, key=ranks.__getitem__)  # every fact of an open stream is counted
