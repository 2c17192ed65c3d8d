"""The rulebook as data: every stream's criteria with their texts, parameters, dates and citations.

One JSON document answers "what rules does this screener apply on a date, and where do they come
from?": for each stream, each criterion (in force on the date or not, with its dates), its rule in
plain words, its title and requirement as shown on that date, the parameters it tests with the value
in force and their whole dated history, and its sources. The API (`GET /api/v1/rulebook`), the
command line (`manage.py rulebook export`) and the public rules pages all read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel

from .loader import Dated
from .parameters import Param
from .rulebook import Criterion, Rulebook, Stream, StreamRuleUse
from .templates.base import Args
from .texts import LANGUAGES


def rulebook_export(book: Rulebook, as_of: date) -> dict[str, Any]:
    streams = [_stream(book, stream, as_of) for stream in book.streams.values()]
    cited = sorted({sid for stream in streams for sid in _source_ids(stream)})
    return {
        "rulebook_version": book.version,
        "as_of": as_of.isoformat(),
        "streams": streams,
        "sources": {sid: _source(book, sid) for sid in cited},
    }


def _stream(book: Rulebook, stream: Stream, as_of: date) -> dict[str, Any]:
    spec = stream.spec
    plan = book.plan(stream.id, as_of)
    planned = {p.id: p for p in plan.criteria} if plan else {}
    return {
        "id": stream.id,
        "title": _text(spec.title),
        "summary": _text(spec.summary),
        "notice": _text(spec.notice) if spec.notice else None,
        "program": spec.program,
        "legal_basis": spec.legal_basis_on(as_of),
        "legal_basis_history": ({"2022-11-16": spec.legal_basis} if isinstance(spec.legal_basis, str)
                                else {d.isoformat(): v for d, v in sorted(spec.legal_basis.items())}),
        "permit": spec.permit,
        "encoded_from": spec.encoded_from.isoformat(),
        "assessed_on_as_of": plan is not None,
        "change_points": [d.isoformat() for d in stream.change_points],
        "sources": list(spec.sources),
        "criteria": [_criterion(book, c, as_of, planned.get(c.id)) for c in stream.criteria],
        "exemption_code": _stream_rule(book, stream.exemption_code, as_of),
        "max_duration": _stream_rule(book, stream.max_duration, as_of),
        "documents": [_dated_item(book, d.spec, as_of, title=d.spec.title, extra={"who": d.spec.who,
                      "proves": _text(d.spec.proves), "criterion": d.spec.criterion,
                      "condition": d.condition.name if d.condition else None})
                      for d in (plan.documents if plan else ())],
        "next_steps": [_dated_item(book, s.spec, as_of, title=s.spec.text, extra={
                       "condition": s.condition.name if s.condition else None})
                       for s in (plan.next_steps if plan else ())],
    }


def _criterion(book: Rulebook, criterion: Criterion, as_of: date, planned: Any) -> dict[str, Any]:
    template = criterion.template
    use = criterion.use
    values = dict(planned.values) if planned else {"since": use.since}
    if planned is None:
        for name in type(criterion.args).model_fields:
            value = getattr(criterion.args, name)
            values[name] = book.values(book.period(as_of)).get(value.name) if isinstance(value, Param) else value
    return {
        "id": criterion.id,
        "template": template.name,
        "kind": template.kind.value,
        "in_force": {"from": _iso(use.since), "until": _iso(use.until)},
        "in_force_on_as_of": planned is not None,
        "weight": use.weight,
        "rule": template.rule,
        "title": _rendered(book, criterion.title, values),
        "requirement": _rendered(book, criterion.requirement, values),
        "reads": list(template.reads_for(criterion.args)),
        "sources": list(planned.source_ids if planned else use.sources),
        "arguments": _arguments(book, criterion.args, as_of),
    }


def _stream_rule(book: Rulebook, use: StreamRuleUse, as_of: date) -> dict[str, Any]:
    return {"rule": use.rule.name, "text": use.rule.rule, "arguments": _arguments(book, use.args, as_of)}


def _arguments(book: Rulebook, args: Args, as_of: date) -> list[dict[str, Any]]:
    out = []
    for name in type(args).model_fields:
        value = getattr(args, name)
        if isinstance(value, Param):
            parameter = book.parameters[value.name]
            out.append({
                "argument": name,
                "parameter": value.name,
                "description": _text(parameter.spec.description),
                "unit": parameter.spec.unit,
                "value": _jsonable(_raw_on(parameter, as_of)),
                "history": [
                    {"from": since.isoformat(), "value": _jsonable(parameter.spec.values[since].value),
                     "sources": list(parameter.spec.values[since].sources), "note": parameter.spec.values[since].note}
                    for since in parameter.dates
                ],
            })
        else:
            out.append({"argument": name, "value": _jsonable(value)})
    return out


def _raw_on(parameter: Any, day: date) -> Any:
    """The value in force as written in its file (a typed value may read 30.0 for 30)."""
    found = None
    for since in parameter.dates:
        if since > day:
            break
        found = parameter.spec.values[since].value
    return found


def _dated_item(book: Rulebook, spec: Dated, as_of: date, *, title: Any, extra: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": getattr(spec, "id", None),
        "text": _text(title),
        "in_force": {"from": _iso(spec.since), "until": _iso(spec.until)},
        "sources": list(getattr(spec, "sources", [])),
        **extra,
    }


def _source(book: Rulebook, source_id: str) -> dict[str, Any]:
    source = book.register[source_id]
    return {
        # as results cite it: in French, a page known only at its English address says so
        "title": {language: book.register.title(source_id, language) for language in LANGUAGES},
        "url": {"en": source.url.en, "fr": source.url.fr},
        "official": source.official,
        "page_date": source.page_date,
    }


def _source_ids(stream: Mapping[str, Any]) -> Iterable[str]:
    yield from stream["sources"]
    arguments = [a for c in stream["criteria"] for a in c["arguments"]]
    arguments += stream["exemption_code"]["arguments"] + stream["max_duration"]["arguments"]
    for criterion in stream["criteria"]:
        yield from criterion["sources"]
    for argument in arguments:
        for dated in argument.get("history", ()):
            yield from dated["sources"]
    for item in (*stream["documents"], *stream["next_steps"]):
        yield from item["sources"]


def _text(text: Any) -> dict[str, str]:
    return {language: text[language] for language in LANGUAGES}


def _rendered(book: Rulebook, message: Any, values: Mapping[str, Any]) -> dict[str, str]:
    try:
        return {language: message.render(values, language, book.labels) for language in LANGUAGES}
    except (KeyError, TypeError, AttributeError):
        # A criterion not in force on the date may name parameters that have no value then.
        return {language: message[language].source for language in LANGUAGES}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value
