"""The rulebook: every stream's criteria and parameters, resolved for a date, and its version digest."""

from __future__ import annotations

import hashlib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from types import UnionType
from typing import Any

from pydantic import BaseModel

from .criteria import FORMULAS, PARAMETER_SCHEMAS, STREAM_FORMULAS
from .findings import Formula, Kind, Params, StreamFormula
from .inputs import ScreeningRequest
from .loader import (
    CommonSpec,
    CriterionSpec,
    GeneralRequirementSpec,
    ParameterSpec,
    RuleDataError,
    SourceSpec,
    StreamSpec,
    Text,
    parse_spec,
)
from .reference import DATA_DIR
from .results import Citation
from .timeline import Timeline
from .version import ENGINE_VERSION


@dataclass(frozen=True, slots=True)
class Criterion:
    """A declared criterion: id, titles, kind, citations, the fields it reads, dated formulas."""

    id: str
    kind: Kind
    title: Text
    requirement: Text
    reads: tuple[str, ...]
    source_ids: tuple[str, ...]
    weight: int
    formulas: Timeline[Formula]
    messages: Mapping[str, Text]

    def formula_on(self, day: date) -> Formula | None:
        return self.formulas.at(day)


@dataclass(frozen=True, slots=True)
class PlannedCriterion:
    """A criterion in force on a date, with its texts already in one language (the evaluator's
    hot loop reads these instead of looking them up for every screening)."""

    criterion: Criterion
    formula: Formula
    id: str
    title: str
    kind: str
    requirement: str
    citations: tuple[dict[str, str], ...]
    messages: Mapping[str, str]
    discretionary: bool
    weight: int


@dataclass(frozen=True, slots=True)
class Stream:
    id: str
    spec: StreamSpec
    criteria: tuple[Criterion, ...]
    exemption_code: StreamFormula
    max_duration: StreamFormula
    parameters: Mapping[str, Timeline[Any]]


class Rulebook:
    """Every encoded stream, in the contract's order, with the sources they cite."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = data_dir
        self.common: CommonSpec = parse_spec(CommonSpec, data_dir / "common.yaml")
        self.sources: dict[str, SourceSpec] = dict(self.common.sources)
        specs = []
        for path in sorted((data_dir / "streams").glob("*.yaml")):
            spec = parse_spec(StreamSpec, path)
            if path.stem != spec.id:
                raise RuleDataError(f"{path.name}: declares id {spec.id!r}; the file name must match")
            specs.append(spec)
        # Sources form one register: any file may cite a source another file defines.
        for spec in specs:
            for source_id, source in spec.sources.items():
                if source_id in self.sources:
                    raise RuleDataError(f"{spec.id}.yaml: source {source_id} is defined twice")
                self.sources[source_id] = source
        common_parameters = _timelines(self.common.parameters, self.sources, "common.yaml")
        streams = [self._build_stream(spec, common_parameters) for spec in specs]
        order = {stream_id: i for i, stream_id in enumerate(self.common.stream_order)}
        streams.sort(key=lambda s: (order.get(s.id, len(order)), s.id))
        self.streams: dict[str, Stream] = {s.id: s for s in streams}
        self.general_requirements: tuple[GeneralRequirementSpec, ...] = tuple(
            self.common.general_requirements
        )
        for requirement in self.general_requirements:
            self._check_sources(requirement.sources, f"general requirement {requirement.id}")
        self.version = f"{ENGINE_VERSION}+{_digest(data_dir)}"
        # Result rows of argument-less findings, by (criterion, language, status, key, missing).
        self.rows_cache: dict[tuple[Any, ...], dict[str, Any]] = {}

    # -- building -----------------------------------------------------------------------------

    def _build_stream(
        self, spec: StreamSpec, common_parameters: Mapping[str, Timeline[Any]]
    ) -> Stream:
        where = f"{spec.id}.yaml"
        own = _timelines(spec.parameters, self.sources, where)
        clash = set(own) & set(common_parameters)
        if clash:
            raise RuleDataError(f"{where}: parameters {sorted(clash)} are also in common.yaml")
        criteria = []
        seen: set[str] = set()
        for c in spec.criteria:
            if not c.id.startswith(f"{spec.id}.") or c.id in seen:
                raise RuleDataError(f"{where}: criterion id {c.id!r} repeated or not under {spec.id}")
            seen.add(c.id)
            criteria.append(self._build_criterion(c, where))
        return Stream(
            id=spec.id,
            spec=spec,
            criteria=tuple(criteria),
            exemption_code=_stream_formula(spec.exemption_code_formula, where),
            max_duration=_stream_formula(spec.max_duration_formula, where),
            parameters={**common_parameters, **own},
        )

    def _build_criterion(self, c: CriterionSpec, where: str) -> Criterion:
        self._check_sources(c.sources, f"{where}: {c.id}")
        for path in c.reads:
            if not request_field_exists(path):
                raise RuleDataError(f"{where}: {c.id} reads {path!r}, which the contract lacks")
        formulas: dict[date, Formula | None] = {}
        for since, name in c.versions.items():
            if name is not None and name not in FORMULAS:
                raise RuleDataError(f"{where}: {c.id} names formula {name!r}, which is not defined")
            formulas[since] = FORMULAS[name] if name else None
        return Criterion(
            id=c.id,
            kind=Kind(c.kind),
            title=c.title,
            requirement=c.requirement,
            reads=tuple(c.reads),
            source_ids=tuple(c.sources),
            weight=c.weight,
            formulas=Timeline(formulas),
            messages=c.messages,
        )

    def _check_sources(self, source_ids: typing.Iterable[str], where: str) -> None:
        for source_id in source_ids:
            if source_id not in self.sources:
                raise RuleDataError(f"{where} cites unknown source {source_id!r}")

    # -- use ------------------------------------------------------------------------------------

    @lru_cache(maxsize=4096)  # noqa: B019 - one rulebook lives for the process
    def params(self, stream_id: str, as_of: date) -> Params:
        stream = self.streams[stream_id]
        return Params({name: line.at(as_of) for name, line in stream.parameters.items()})

    @lru_cache(maxsize=1024)  # noqa: B019
    def citations(self, source_ids: tuple[str, ...], language: str) -> tuple[Citation, ...]:
        return tuple(
            Citation.model_construct(title=self.sources[s].title[language], url=self.sources[s].url)
            for s in source_ids
        )

    def citations_json(self, source_ids: tuple[str, ...], language: str) -> list[dict[str, str]]:
        """Citations as the contract's JSON; a fresh list of shared, never-mutated dicts."""
        return list(self._citation_dicts(source_ids, language))

    @lru_cache(maxsize=1024)  # noqa: B019
    def _citation_dicts(self, source_ids: tuple[str, ...], language: str) -> tuple[dict[str, str], ...]:
        return tuple(
            {"title": self.sources[s].title[language], "url": self.sources[s].url}
            for s in source_ids
        )

    @lru_cache(maxsize=4096)  # noqa: B019
    def plan(self, stream_id: str, as_of: date, language: str) -> tuple[PlannedCriterion, ...]:
        """The criteria in force on ``as_of``, in order, ready to evaluate in ``language``."""
        planned = []
        for c in self.streams[stream_id].criteria:
            formula = c.formula_on(as_of)
            if formula is None:
                continue
            planned.append(PlannedCriterion(
                criterion=c,
                formula=formula,
                id=c.id,
                title=c.title[language],
                kind=c.kind.value,
                requirement=c.requirement[language],
                citations=self._citation_dicts(c.source_ids, language),
                messages={key: text[language] for key, text in c.messages.items()},
                discretionary=c.kind is Kind.DISCRETIONARY,
                weight=c.weight,
            ))
        return tuple(planned)

    def message(self, key: str, language: str) -> str:
        return self.common.messages[key][language]


def _timelines(
    parameters: Mapping[str, ParameterSpec], sources: Mapping[str, SourceSpec], where: str
) -> dict[str, Timeline[Any]]:
    lines = {}
    for name, parameter in parameters.items():
        for since, dated in parameter.values.items():
            for source_id in dated.sources:
                if source_id not in sources:
                    raise RuleDataError(f"{where}: parameter {name} ({since}) cites {source_id!r}")
        check = PARAMETER_SCHEMAS.get(name)
        values = {}
        for since, dated in parameter.values.items():
            value = dated.value
            if check is not None and value is not None:
                try:
                    value = check(value)
                except ValueError as exc:  # pydantic's ValidationError is a ValueError
                    detail = "\n".join(str(exc).splitlines()[:12])
                    raise RuleDataError(f"{where}: parameter {name} ({since}): {detail}") from None
            values[since] = value
        lines[name] = Timeline(values)
    return lines


def _stream_formula(name: str, where: str) -> StreamFormula:
    if name not in STREAM_FORMULAS:
        raise RuleDataError(f"{where}: stream formula {name!r} is not defined")
    return STREAM_FORMULAS[name]


def _digest(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def request_field_exists(path: str) -> bool:
    """Whether a dotted path names a field of the request (list items are stepped through)."""
    model: Any = ScreeningRequest
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return False
        fields = model.model_fields
        name = part if part in fields else next(
            (n for n, f in fields.items() if f.alias == part), None
        )
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
    return Rulebook()
