"""The rulebook: sources, dated parameters, templates and streams, checked together and resolved for
a date; and its version, a digest of the engine's own code and data.

Every date on which anything changes (a parameter's value, a criterion's start or end, a stream's
first encoded day, a document's or a step's dates) is a change point. Between two change points the
rules are the same, so the parameters in force and each stream's plan (its criteria, their texts
and citations) are worked out once per period, not per request.
"""

from __future__ import annotations

import hashlib
import random
import typing
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .findings import Finding, Kind
from .inputs import ScreeningRequest
from .loader import (
    CommonSpec,
    CriterionUse,
    Dated,
    DocumentSpec,
    NextStepSpec,
    RuleDataError,
    StreamSpec,
    Use,
    load_yaml,
    parse_list,
    parse_spec,
)
from .parameters import Param, Parameter, ParameterSpec
from .reference import DATA_DIR
from .sources import Register, Source
from .templates import stream_rules, templates
from .templates.base import Args, FactSpec, FactTemplate, StreamRule, Template
from .templates.documents import DocumentCondition
from .texts import BilingualMessage, EnumLabels, Text
from .version import ENGINE_VERSION

ENGINE_DIR = Path(__file__).parent
LANGUAGES = ("en", "fr")
# Screenings of one stream kept for reuse. Sized to hold a working set of ten thousand or so: the
# benchmark's mix of 2,721 requests (every scenario, in both languages and on two dates) needs about
# 10,200; at 8,192 a full memo kept dropping what the next round asked for, and the repeated mix ran
# at 3,300 results a second against 16,200 once it fitted (``benchmarks/versus.py``). About 110 MB when
# full, reached only by that many different sets of facts per stream.
MEMO_LIMIT = 16_384


@dataclass(frozen=True, slots=True)
class Criterion:
    """A template used by a stream: its id, arguments, sources and dates."""

    id: str
    local: str  # the id without the stream: "qualifying_employment"
    template: Template[Any]
    args: Args
    use: CriterionUse
    title: BilingualMessage
    requirement: BilingualMessage
    messages: Mapping[str, BilingualMessage]
    # The days its rule may change: the values of the parameters it reads, its start and end.
    change_points: tuple[date, ...] = ()
    # Whether its template can name days on which its status changes with time (turning_dates).
    timed: bool = False


@dataclass(frozen=True, slots=True)
class PlannedCriterion:
    """A criterion in force in one period, with the values of its arguments then."""

    criterion: Criterion
    id: str
    local: str
    template: Template[Any]
    args: Args
    weight: int
    kind: Kind
    values: Mapping[str, Any]  # argument -> value in force (texts' placeholders)
    source_ids: tuple[str, ...]  # the criterion's own sources, then its parameters'
    statics: Mapping[str, Mapping[str, Any]]  # language -> the row's fixed part
    # language -> finding key -> explanation, for the messages that show only argument values
    # (worked out once per period: most findings carry no values of their own)
    explanations: Mapping[str, Mapping[str, str]]
    # Whole rows of findings without values of their own, by (language, key, status, missing): most
    # rows repeat from one request to the next. Results are read-only, so a row is shared. Bounded.
    rows: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    # The facts the criterion's rule reads (its template's ``reads``), as a key; and the findings for
    # the facts met so far, by (day, facts): requests that share a stream's screening only when every
    # fact of the stream is the same still share most of its criteria. Bounded (``evaluate``).
    fact_key: Callable[[Any], tuple[Any, ...]] = field(default=lambda request: (), repr=False)
    findings: dict[tuple[Any, ...], Finding] = field(default_factory=dict, repr=False)
    turns: dict[tuple[Any, ...], tuple[date, ...]] = field(default_factory=dict, repr=False)  # its turning dates, alike
    encoded_rows: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # the same rows as JSON (Fragments)


@dataclass(frozen=True, slots=True)
class StreamRuleUse:
    rule: StreamRule[Any, Any]
    args: Args


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """A paper that proves a criterion, needed when its condition is met (a ``DocumentCondition``:
    met = needed, unmet = not needed, unknown = unknown). Its texts are compiled once: the title and
    what it proves show the parameters its ``args`` name and ``{since}``; the explanation is the
    condition's message for the finding."""

    spec: DocumentSpec
    condition: DocumentCondition[Any]
    condition_args: Args
    title: BilingualMessage
    proves: BilingualMessage
    item_title: BilingualMessage | None  # "{title}: {country}" for conditions with one item per country
    messages: Mapping[str, BilingualMessage]
    # (period, language) -> the parts of its items that are the same for every request then (filled
    # by render.py on first use, like the plans: per rulebook, never per request)
    statics: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class NextStep:
    spec: NextStepSpec
    condition: Template[Any] | None
    condition_args: Args | None
    text: BilingualMessage


@dataclass(frozen=True, slots=True)
class Plan:
    """One stream's rules in one period."""

    stream: Stream
    criteria: tuple[PlannedCriterion, ...]
    values: Mapping[str, Any]  # every parameter in force
    documents: tuple[Document, ...]
    next_steps: tuple[NextStep, ...]


@dataclass(frozen=True, slots=True)
class Stream:
    id: str
    spec: StreamSpec
    criteria: tuple[Criterion, ...]
    exemption_code: StreamRuleUse
    max_duration: StreamRuleUse
    change_points: tuple[date, ...]  # the days this stream's rules change
    # The same days, each with the criteria whose rule changes then (windows walk these)
    rule_days: tuple[date, ...] = ()
    rule_changes: tuple[frozenset[str], ...] = ()


class Rulebook:
    """Every encoded stream, in the contract's order, with what they cite."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = data_dir
        self.common: CommonSpec = parse_spec(CommonSpec, data_dir / "common.yaml")
        self.labels: EnumLabels = dict(self.common.labels)
        self.register = Register(_load_sources(data_dir / "sources"))
        self.parameters = _load_parameters(data_dir / "parameters", self.register)
        self.templates: dict[str, Template[Any]] = dict(templates())
        for name, template in _load_fact_templates(data_dir / "templates").items():
            if name in self.templates:
                raise RuleDataError(f"templates: {name} is defined twice")
            self.templates[name] = template
        self.stream_rules = stream_rules()
        self._types: dict[str, Any] = {}

        specs = []
        for path in sorted((data_dir / "streams").glob("*.yaml")):
            spec = parse_spec(StreamSpec, path)
            if path.stem != spec.id:
                raise RuleDataError(f"{path.name}: declares id {spec.id!r}; the file name must match")
            specs.append(spec)
        order = {stream_id: i for i, stream_id in enumerate(self.common.stream_order)}
        specs.sort(key=lambda s: (order.get(s.id, len(order)), s.id))
        self.streams: dict[str, Stream] = {spec.id: self._build_stream(spec) for spec in specs}

        self.documents = self._build_documents(data_dir / "documents")
        self.next_steps = self._build_next_steps(data_dir / "next_steps.yaml")
        for requirement in self.common.general_requirements:
            self._check_sources(requirement.sources, f"common.yaml: general requirement {requirement.id}")
            unknown_streams = set(requirement.applies_to) - set(self.streams)
            if unknown_streams:
                raise RuleDataError(f"common.yaml: {requirement.id} names unknown streams {sorted(unknown_streams)}")
        self._type_parameters()

        self.change_points = self._change_points()
        self._values: dict[int, dict[str, Any]] = {}
        self._plans: dict[tuple[str, int], Plan | None] = {}
        # Screenings of one stream, by the facts the stream reads (see ``stream_facts``): requests that
        # share those facts share the answer. Bounded: when full, a sixteenth of it, drawn at random,
        # goes (``memo_trim``). An entry with its text in both languages takes about 7 KB: 110 MB at
        # most by default (``MEMO_LIMIT``).
        self.memo: dict[Any, Any] = {}
        self.memo_limit = MEMO_LIMIT
        # Draws the entries a full memo lets go. Seeded: a run is repeatable (results never depend on
        # what the memo holds, only its speed does).
        self._evict = random.Random(205)
        # Parts of results that are the same for every request (general requirements per language and
        # set of streams): made once, shared, read-only.
        self.shared: dict[Any, Any] = {}
        # A next step's text and citations per (step, language, period): as many as the rules have.
        self.step_texts: dict[tuple[int, str, int], dict[str, Any]] = {}
        self.step_json: dict[tuple[int, str, int], Any] = {}  # the same, as JSON (orjson Fragments)
        self._period_memos: dict[int, dict[Any, Any]] = {}  # Context.per_period
        # A key function per set of facts criteria read (PlannedCriterion.fact_key)
        self._criterion_keys: dict[tuple[tuple[str, str | None], ...], Callable[[Any], tuple[Any, ...]]] = {}
        self._facts = {(stream_id, documents): self._stream_facts(stream_id, documents)
                       for stream_id in self.streams for documents in (False, True)}
        self._fact_keys = {key: _fact_key(pairs) for key, pairs in self._facts.items()}
        try:
            self._messages = {
                key: BilingualMessage(text, where=f"common.yaml: messages.{key}")
                for key, text in self.common.messages.items()
            }
        except ValueError as exc:
            raise RuleDataError(str(exc)) from None
        self.officer_decides = {language: self._messages["officer_decides"][language].source for language in LANGUAGES}
        self.version = f"{ENGINE_VERSION}+{digest(ENGINE_DIR, data_dir)}"

    # -- building -----------------------------------------------------------------------------

    def _build_stream(self, spec: StreamSpec) -> Stream:
        where = f"{spec.id}.yaml"
        self._check_sources(spec.sources, where)
        if not self.register.any_official(spec.sources):
            raise RuleDataError(f"{where}: the stream cites no official source")
        uses: list[CriterionUse] = [
            CriterionUse(id=f"{spec.id}.{every.suffix}", use=every.use, args=every.args, sources=every.sources)
            for every in self.common.every_stream
        ]
        uses += spec.criteria
        criteria = []
        seen: set[str] = set()
        for use in uses:
            if not use.id.startswith(f"{spec.id}.") or use.id in seen:
                raise RuleDataError(f"{where}: criterion id {use.id!r} repeated or not under {spec.id}")
            seen.add(use.id)
            criteria.append(self._build_criterion(use, f"{where}: {use.id}"))
        exemption_code = self._stream_rule(spec.exemption_code, f"{where}: exemption_code")
        max_duration = self._stream_rule(spec.max_duration, f"{where}: max_duration")
        days = {spec.encoded_from}
        if isinstance(spec.legal_basis, dict):
            days.update(spec.legal_basis)
        for criterion in criteria:
            days.update(d for d in (criterion.use.since, criterion.use.until) if d is not None)
        for args in (*(c.args for c in criteria), exemption_code.args, max_duration.args):
            for name in type(args).model_fields:
                value = getattr(args, name)
                if isinstance(value, Param):
                    days.update(self.parameters[value.name].dates)
        by_day: dict[date, set[str]] = {}
        for criterion in criteria:
            for day in criterion.change_points:
                by_day.setdefault(day, set()).add(criterion.id)
        return Stream(
            id=spec.id,
            spec=spec,
            criteria=tuple(criteria),
            exemption_code=exemption_code,
            max_duration=max_duration,
            change_points=tuple(sorted(days)),
            rule_days=tuple(sorted(by_day)),
            rule_changes=tuple(frozenset(by_day[day]) for day in sorted(by_day)),
        )

    def _build_criterion(self, use: CriterionUse, where: str) -> Criterion:
        template = self.templates.get(use.use)
        if template is None:
            raise RuleDataError(f"{where} uses template {use.use!r}, which is not defined")
        args = self._args(template.args_model, use.args, where)
        self._check_sources(use.sources, where)
        for path in template.reads_for(args):
            if not request_field_exists(path):
                raise RuleDataError(f"{where} reads {path!r}, which the contract lacks")
        names = set(type(args).model_fields) | {"since"}

        def allowed(name: str) -> bool:
            return name in names

        try:
            title = BilingualMessage(template.title, where=f"{where} title", allowed=allowed)
            requirement = BilingualMessage(template.requirement, where=f"{where} requirement", allowed=allowed)
            messages = {key: BilingualMessage(text, where=f"{where} message {key}")
                        for key, text in template.messages.items()}
        except ValueError as exc:
            raise RuleDataError(str(exc)) from None
        days = {d for d in (use.since, use.until) if d is not None}
        for name in type(args).model_fields:
            value = getattr(args, name)
            if isinstance(value, Param):
                days.update(self.parameters[value.name].dates)
        return Criterion(
            id=use.id,
            local=use.id.split(".", 1)[1],
            template=template,
            args=args,
            use=use,
            title=title,
            requirement=requirement,
            messages=messages,
            change_points=tuple(sorted(days)),
            timed=type(template).turning_dates is not Template.turning_dates,
        )

    def _stream_rule(self, use: Use, where: str) -> StreamRuleUse:
        rule = self.stream_rules.get(use.use)
        if rule is None:
            raise RuleDataError(f"{where} uses rule {use.use!r}, which is not defined")
        return StreamRuleUse(rule=rule, args=self._args(rule.args_model, use.args, where))

    def _condition(self, use: Use | None, where: str) -> tuple[Template[Any] | None, Args | None]:
        if use is None:
            return None, None
        template = self.templates.get(use.use)
        if template is None:
            raise RuleDataError(f"{where} uses template {use.use!r}, which is not defined")
        return template, self._args(template.args_model, use.args, where)

    def _args(self, model: type[Args], given: Mapping[str, Any], where: str) -> Args:
        try:
            args = model.model_validate(dict(given))
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            raise RuleDataError(f"{where}: arguments: {details}") from None
        for name, info in model.model_fields.items():
            wanted = _param_type(info.annotation)
            if wanted is None:
                continue
            ref = getattr(args, name)
            if ref is None:
                continue
            if ref.name not in self.parameters:
                raise RuleDataError(f"{where}: argument {name} names parameter {ref.name!r}, which is not defined")
            known = self._types.setdefault(ref.name, wanted)
            if known != wanted:
                raise RuleDataError(f"{where}: parameter {ref.name} is read as {wanted} here and as {known} elsewhere")
        return args

    def _type_parameters(self) -> None:
        """Check every dated value against the type its rules read (and keep the typed value)."""
        for name, parameter in self.parameters.items():
            wanted = self._types.get(name)
            if wanted is None:
                continue
            adapter: TypeAdapter[Any] = TypeAdapter(wanted)
            parameter.value_type = wanted
            for since in parameter.dates:
                raw = parameter.spec.values[since].value
                if raw is None:
                    continue
                try:
                    parameter.typed_values[since] = adapter.validate_python(raw)
                except ValidationError as exc:
                    detail = "\n".join(str(exc).splitlines()[:12])
                    raise RuleDataError(f"parameter {name} ({since}): {detail}") from None

    def _build_documents(self, folder: Path) -> tuple[Document, ...]:
        documents = []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            for spec in parse_list(DocumentSpec, path):
                documents.append(self._build_document(spec, f"{path.name}: {spec.id}"))
        _check_document_ids(documents)
        return tuple(documents)

    def _build_document(self, spec: DocumentSpec, where: str) -> Document:
        if spec.since is None:
            raise RuleDataError(f"{where}: a document needs its 'from' date")
        self._check_streams(spec.streams, where)
        unknown_except = sorted(set(spec.except_streams) - set(self.common.stream_order) - set(self.streams))
        if unknown_except:
            raise RuleDataError(f"{where}: except_streams names unknown streams {unknown_except}")
        self._check_sources(spec.sources, where)
        if not self.register.any_official(spec.sources):
            raise RuleDataError(f"{where}: the document cites no official source (a secondary source may only stand "
                                "beside an official one)")
        self._check_text_args(spec.args, where)
        template, args = self._condition(spec.needed or Use(use="documents.always"), where)
        if not isinstance(template, DocumentCondition) or args is None:
            raise RuleDataError(f"{where}: {spec.needed.use if spec.needed else '?'} is not a document condition")
        for field_path in template.reads_for(args):
            if not request_field_exists(field_path):
                raise RuleDataError(f"{where}: its condition reads {field_path!r}, which the contract lacks")
        self._check_document_criterion(spec, where)
        names = set(spec.args) | {"since"}
        try:
            title = BilingualMessage(spec.title, where=f"{where} title", allowed=lambda name: name in names)
            proves = BilingualMessage(spec.proves, where=f"{where} proves", allowed=lambda name: name in names)
            item_title_text: Text | None = getattr(template, "item_title", None)
            item_title = (BilingualMessage(item_title_text, where=f"{where} item title")
                          if item_title_text is not None else None)
            messages = {key: BilingualMessage(text, where=f"{where} message {key}")
                        for key, text in template.messages.items()}
        except ValueError as exc:
            raise RuleDataError(str(exc)) from None
        return Document(spec=spec, condition=template, condition_args=args, title=title, proves=proves,
                        item_title=item_title, messages=messages)

    def _check_document_criterion(self, spec: DocumentSpec, where: str) -> None:
        """The criterion a document proves is one of every stream it serves, on its dates."""
        if spec.criterion is None:
            return
        for stream in self.streams.values():
            if not _serves(spec, stream):
                continue
            uses = [c.use for c in stream.criteria if c.local == spec.criterion]
            if not uses:
                raise RuleDataError(f"{where}: proves {spec.criterion!r}, which stream {stream.id} does not have")
            if not any(_overlap(spec, use) for use in uses):
                raise RuleDataError(f"{where}: proves {stream.id}.{spec.criterion}, which is not in force on the "
                                    "document's dates")

    def _build_next_steps(self, path: Path) -> tuple[NextStep, ...]:
        if not path.exists():
            return ()
        steps = []
        for spec in parse_list(NextStepSpec, path):
            where = f"{path.name}: {spec.id}"
            self._check_streams(spec.streams, where)
            self._check_streams(spec.except_streams, where)
            self._check_sources(spec.sources, where)
            if not self.register.any_official(spec.sources):
                raise RuleDataError(f"{where}: a next step cites no official source")
            self._check_text_args(spec.args, where)
            condition, args = self._condition(spec.when, where)
            placeholders = {*spec.args, "since"}
            try:
                text = BilingualMessage(spec.text, where=where, allowed=placeholders.__contains__)
            except ValueError as exc:
                raise RuleDataError(str(exc)) from None
            steps.append(NextStep(spec=spec, condition=condition, condition_args=args, text=text))
        return tuple(steps)

    def _check_streams(self, streams: object, where: str) -> None:
        if isinstance(streams, list):
            unknown_streams = sorted(set(streams) - set(self.streams))
            if unknown_streams:
                raise RuleDataError(f"{where}: unknown streams {unknown_streams}")

    def _check_text_args(self, args: Mapping[str, str], where: str) -> None:
        for placeholder, name in args.items():
            if name not in self.parameters:
                raise RuleDataError(f"{where}: {placeholder} names parameter {name!r}, which is not defined")

    def _check_sources(self, source_ids: Iterable[str], where: str) -> None:
        for source_id in source_ids:
            if source_id not in self.register:
                raise RuleDataError(f"{where} cites unknown source {source_id!r}")

    def _change_points(self) -> tuple[date, ...]:
        days: set[date] = set()
        for parameter in self.parameters.values():
            days.update(parameter.dates)
        for stream in self.streams.values():
            days.update(stream.change_points)
            for criterion in stream.criteria:
                days.update(d for d in (criterion.use.since, criterion.use.until) if d is not None)
        for item in (*(d.spec for d in self.documents), *(s.spec for s in self.next_steps)):
            days.update(d for d in (item.since, item.until) if d is not None)
        return tuple(sorted(days))

    # -- use ------------------------------------------------------------------------------------

    def period(self, day: date) -> int:
        """The index of the period ``day`` falls in (-1: before every change point)."""
        return bisect_right(self.change_points, day) - 1

    def values(self, period: int) -> dict[str, Any]:
        """Every parameter's value in force in ``period`` (None where not in force)."""
        found = self._values.get(period)
        if found is None:
            day = self.change_points[period] if period >= 0 else date.min
            found = {name: p.value_on(day) for name, p in self.parameters.items()}
            self._values[period] = found
        return found

    def period_memo(self, period: int) -> dict[Any, Any]:
        """The memo shared by the contexts of ``period`` (``Context.per_period``)."""
        found = self._period_memos.get(period)
        if found is None:
            found = self._period_memos[period] = {}
        return found

    def plan(self, stream_id: str, day: date) -> Plan | None:
        """The stream's rules on ``day``; None before its first encoded day (not assessed)."""
        period = self.period(day)
        key = (stream_id, period)
        if key in self._plans:
            return self._plans[key]
        stream = self.streams[stream_id]
        plan: Plan | None = None
        if period >= 0 and self.change_points[period] >= stream.spec.encoded_from:
            plan = self._make_plan(stream, self.change_points[period], period)
        self._plans[key] = plan
        return plan

    def _make_plan(self, stream: Stream, day: date, period: int) -> Plan:
        values = self.values(period)
        planned = []
        for criterion in stream.criteria:
            if not criterion.use.in_force(day):
                continue
            argument_values: dict[str, Any] = {"since": criterion.use.since}
            parameter_sources: list[str] = []
            for name in type(criterion.args).model_fields:
                value = getattr(criterion.args, name)
                if isinstance(value, Param):
                    argument_values[name] = values[value.name]
                    parameter_sources += self.parameters[value.name].sources_on(day)
                else:
                    argument_values[name] = value
            source_ids = tuple(dict.fromkeys((*criterion.use.sources, *parameter_sources)))
            statics = {
                language: {  # in the contract's order; status, explanation and missing are per request
                    "id": criterion.id,
                    "title": criterion.title.render(argument_values, language, self.labels),
                    "status": None,
                    "kind": criterion.template.kind.value,
                    "explanation": None,
                    "citations": self.register.citations(source_ids, language),
                    "missing": (),
                    "requirement": criterion.requirement.render(argument_values, language, self.labels),
                }
                for language in LANGUAGES
            }
            explanations = {
                language: {
                    key: message.render(argument_values, language, self.labels)
                    for key, message in criterion.messages.items()
                    if message.fields <= argument_values.keys()
                }
                for language in LANGUAGES
            }
            planned.append(PlannedCriterion(
                criterion=criterion,
                id=criterion.id,
                local=criterion.local,
                template=criterion.template,
                args=criterion.args,
                weight=criterion.use.weight,
                kind=criterion.template.kind,
                values=argument_values,
                source_ids=source_ids,
                statics=statics,
                explanations=explanations,
                fact_key=self._compiled_fact_key(_pairs(criterion.template.reads_for(criterion.args))),
            ))
        return Plan(
            stream=stream,
            criteria=tuple(planned),
            values=values,
            documents=tuple(d for d in self.documents if _serves(d.spec, stream) and d.spec.in_force(day)),
            next_steps=tuple(s for s in self.next_steps if _serves(s.spec, stream) and s.spec.in_force(day)),
        )

    def _stream_facts(self, stream_id: str, documents: bool) -> tuple[tuple[str, str | None], ...]:
        """The request fields a stream's screening reads, as (section, field) pairs (deeper paths are
        read through their field): its criteria, its code and length rules, the conditions of its next
        steps and, with documents, of its documents. A test traces every field actually read."""
        stream = self.streams[stream_id]
        paths: set[str] = set()
        for criterion in stream.criteria:
            paths.update(criterion.template.reads_for(criterion.args))
        for use in (stream.exemption_code, stream.max_duration):
            paths.update(use.rule.reads)
        conditions = [s.condition for s in self.next_steps if _serves(s.spec, stream) and s.condition]
        if documents:
            conditions += [d.condition for d in self.documents if _serves(d.spec, stream) and d.condition]
        for condition in conditions:
            paths.update(condition.reads)
        return _pairs(paths)

    def _compiled_fact_key(self, pairs: tuple[tuple[str, str | None], ...]) -> Callable[[Any], tuple[Any, ...]]:
        """One compiled key function per set of facts (criteria that read the same facts share it)."""
        found = self._criterion_keys.get(pairs)
        if found is None:
            found = self._criterion_keys[pairs] = _fact_key(pairs)
        return found

    def memo_trim(self) -> None:
        """Let a sixteenth of a full memo go, drawn at random. Dropping the oldest entries (first in,
        first out, or least recently used) keeps nothing when the same requests come round in a
        cycle larger than the memo (a batch screened again, a bulk re-screening, a benchmark's mix):
        each entry goes just before it would be asked for again. Drawn at random, most of the memo
        stays through such a cycle (84% of the screenings found again in the benchmark's mix, against
        70% when the older half went), and recent facts still come in as old ones go."""
        memo = self.memo
        keys = list(memo)
        for key in self._evict.sample(keys, min(len(keys), max(1, len(keys) // 16))):
            del memo[key]

    def stream_facts(self, stream_id: str, documents: bool) -> tuple[tuple[str, str | None], ...]:
        return self._facts[(stream_id, documents)]

    def fact_key(self, stream_id: str, documents: bool) -> Callable[[Any], tuple[Any, ...]]:
        """A function of a request giving the values of ``stream_facts`` (lists as tuples): the key
        under which the stream's screening is kept."""
        return self._fact_keys[(stream_id, documents)]

    def message(self, key: str) -> BilingualMessage:
        return self._messages[key]

    def citations(self, source_ids: Sequence[str], language: str) -> list[dict[str, object]]:
        return list(self.register.citations(source_ids, language))

    def check(self) -> None:
        """Checks that need a plan: every criterion in force cites an official source."""
        for stream in self.streams.values():
            for index in range(len(self.change_points)):
                plan = self.plan(stream.id, self.change_points[index])
                for planned in plan.criteria if plan else ():
                    if not self.register.any_official(planned.source_ids):
                        raise RuleDataError(f"{planned.id} cites no official source on {self.change_points[index]}")


def _pairs(paths: Iterable[str]) -> tuple[tuple[str, str | None], ...]:
    """Request paths as sorted (section, field) pairs (deeper paths are read through their field)."""
    pairs = {(parts[0], parts[1] if len(parts) > 1 else None) for parts in (p.split(".") for p in paths)}
    return tuple(sorted(pairs, key=lambda pair: (pair[0], pair[1] or "")))


def _serves(spec: DocumentSpec | NextStepSpec, stream: Stream) -> bool:
    if spec.permits is not None and stream.spec.permit not in spec.permits:
        return False
    if stream.id in spec.except_streams:
        return False
    return spec.streams == "all" or stream.id in spec.streams


def _overlap(a: Dated, b: Dated) -> bool:
    """Whether two dated items are both in force on some day."""
    return (a.since or date.min) < (b.until or date.max) and (b.since or date.min) < (a.until or date.max)


def _may_serve_the_same_stream(a: DocumentSpec, b: DocumentSpec) -> bool:
    if a.permits is not None and b.permits is not None and not set(a.permits) & set(b.permits):
        return False
    if a.streams == "all" and b.streams == "all":
        return True
    if a.streams == "all":
        return bool(set(b.streams) - set(a.except_streams))
    if b.streams == "all":
        return bool(set(a.streams) - set(b.except_streams))
    return bool(set(a.streams) & set(b.streams))


def _check_document_ids(documents: Sequence[Document]) -> None:
    """A document id may be given several times (dated versions, or versions for different streams),
    never twice for the same stream on the same day."""
    by_id: dict[str, list[DocumentSpec]] = {}
    for document in documents:
        by_id.setdefault(document.spec.id, []).append(document.spec)
    for document_id, specs in by_id.items():
        for index, first in enumerate(specs):
            for second in specs[index + 1:]:
                if _overlap(first, second) and _may_serve_the_same_stream(first, second):
                    raise RuleDataError(f"{document_id}: defined twice for the same stream on the same days")


def _param_type(annotation: Any) -> Any:
    """``T`` of an argument annotated ``Param[T]`` (or ``Param[T] | None``); None otherwise."""
    origin = typing.get_origin(annotation)
    if origin is Param:
        return typing.get_args(annotation)[0]
    if origin in (typing.Union, UnionType):
        for arg in typing.get_args(annotation):
            found = _param_type(arg)
            if found is not None:
                return found
    return None


def _load_sources(folder: Path) -> dict[str, Source]:
    """The register, from every file of ``sources/`` (one per family of streams); ids are unique."""
    sources: dict[str, Source] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise RuleDataError(f"{path.name}: a mapping of sources is expected")
        for source_id, entry in data.items():
            if source_id in sources:
                raise RuleDataError(f"{path.name}: source {source_id} is defined twice")
            try:
                sources[source_id] = Source.model_validate(entry)
            except ValidationError as exc:
                details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
                raise RuleDataError(f"{path.name}: {source_id}: {details}") from None
    return sources


def _load_parameters(folder: Path, register: Register) -> dict[str, Parameter]:
    parameters = {}
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder).with_suffix("")
        name = ".".join(relative.parts)
        spec: ParameterSpec = parse_spec(ParameterSpec, path)
        for since, dated in spec.values.items():
            for source_id in dated.sources:
                if source_id not in register:
                    raise RuleDataError(f"{path.name}: parameter {name} ({since}) cites unknown source {source_id!r}")
        parameters[name] = Parameter(name, spec)
    return parameters


def _load_fact_templates(folder: Path) -> dict[str, Template[Any]]:
    found: dict[str, Template[Any]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise RuleDataError(f"{path.name}: a mapping of templates is expected")
        for name, entry in data.items():
            spec: FactSpec = parse_spec(FactSpec, path, entry)
            if name in found:
                raise RuleDataError(f"{path.name}: template {name} is defined twice")
            found[name] = FactTemplate(name, spec)
    return found


def digest(engine_dir: Path, data_dir: Path) -> str:
    """A digest of the engine's source files and of its data: any change of either changes it."""
    sha = hashlib.sha256()
    code = sorted(p for p in engine_dir.rglob("*.py") if "__pycache__" not in p.parts)
    data = sorted(p for p in data_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for base, paths in ((engine_dir, code), (data_dir, data)):
        for path in paths:
            sha.update(path.relative_to(base).as_posix().encode())
            sha.update(b"\0")
            sha.update(path.read_bytes())
            sha.update(b"\0")
    return sha.hexdigest()[:16]


def request_field_exists(path: str) -> bool:
    """Whether a dotted path names a field of the request (list items are stepped through)."""
    model: Any = ScreeningRequest
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return False
        fields = model.model_fields
        name = part if part in fields else next((n for n, f in fields.items() if f.alias == part), None)
        if name is None:
            return False
        model = _model_in(fields[name].annotation)
    return True


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``X | None`` or ``list[X] | None``, else the annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, UnionType, list):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
    return annotation


@cache
def default_rulebook() -> Rulebook:
    book = Rulebook()
    book.check()
    return book


__all__ = ["Criterion", "Plan", "PlannedCriterion", "Rulebook", "Stream", "Text", "default_rulebook"]


def _fact_key(pairs: Sequence[tuple[str, str | None]]) -> Callable[[Any], tuple[Any, ...]]:
    """``stream_facts`` read from a request by one compiled function: the key is made for every stream
    of every screening, and a loop over the pairs cost more than the screening it saved."""
    sections = sorted({section for section, _ in pairs})
    lines = [f"    {section} = request.{section}" for section in sections]
    parts = []
    for section, field_name in pairs:
        if field_name is None:
            parts.append(section)
        else:
            # a list is made a tuple (hashable); a section left out reads as None
            if not field_name.isidentifier():
                raise RuleDataError(f"fact key: {field_name!r} is not a field name")
            parts.append(f"(None if {section} is None else (tuple(_v) if type(_v := {section}.{field_name}) is list "
                         "else _v))")
    source = "def key(request):\n" + "\n".join(lines) + f"\n    return ({', '.join(parts)}{',' if parts else ''})\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, "<stream facts key>", "exec"), namespace)  # noqa: S102 - made from field names above
    return namespace["key"]  # type: ignore[no-any-return]
