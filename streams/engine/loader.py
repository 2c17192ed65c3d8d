"""Strict loading of the rule data: YAML without duplicate keys, checked against pydantic schemas.

The data folder holds:

- ``sources.yaml``: the register of sources (``sources.py``);
- ``parameters/<area>/<name>.yaml``: dated parameters (``parameters.py``);
- ``templates/*.yaml``: declarative templates (a criterion that one yes/no fact settles);
- ``streams/<id>.yaml``: one stream: what it is, from when it is encoded, and the templates it uses
  with their arguments, sources and dates;
- ``documents/*.yaml``: the papers that prove the criteria, each needed under a condition;
- ``next_steps.yaml``: what to do next, per stream and condition;
- ``common.yaml``: stream order, the criteria every stream has, the evaluator's texts, enumeration
  labels and the checks that apply to every permit.

Anything malformed stops the load with the file and the place named.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .texts import Text

__all__ = ["RuleDataError", "Text", "load_yaml", "parse_spec"]


class RuleDataError(ValueError):
    """The rule data is malformed."""


# libyaml's parser where PyYAML was built with it (five times faster to load the rules: a second of
# every process's start-up otherwise); the same safe constructors either way.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """A safe loader that refuses a mapping with the same key twice (YAML would keep the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise RuleDataError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except (yaml.YAMLError, RuleDataError) as exc:
        raise RuleDataError(f"{path.name}: {exc}") from None


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dated(_Spec):
    """In force from ``since`` (inclusive) until ``until`` (exclusive; absent: still in force)."""

    since: date | None = Field(default=None, alias="from")
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Dated:
        if self.since and self.until and self.until <= self.since:
            raise ValueError("'until' must be after 'from'")
        return self

    def in_force(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


class Use(_Spec):
    """A template (or stream rule) used with arguments."""

    use: str
    args: dict[str, Any] = Field(default_factory=dict)


class CriterionUse(Use, Dated):
    id: str
    sources: list[str] = Field(min_length=1)
    weight: int = Field(default=1, ge=1)


class StreamSpec(_Spec):
    id: str
    program: Literal["IMP", "TFWP"]
    # One provision, or the provisions by the date each took effect (IEC: R205(b), then R204(d)).
    legal_basis: str | dict[date, str]
    permit: Literal["employer_specific", "open", "lmia"]
    title: Text
    summary: Text
    notice: Text | None = None
    encoded_from: date
    sources: list[str] = Field(min_length=1)
    exemption_code: Use
    max_duration: Use
    criteria: list[CriterionUse] = Field(min_length=1)

    def legal_basis_on(self, day: date) -> str:
        if isinstance(self.legal_basis, str):
            return self.legal_basis
        found = self.legal_basis[min(self.legal_basis)]
        for since in sorted(self.legal_basis):
            if since <= day:
                found = self.legal_basis[since]
        return found

    @property
    def current_legal_basis(self) -> str:
        return self.legal_basis if isinstance(self.legal_basis, str) else self.legal_basis[max(self.legal_basis)]


class EveryStreamCriterion(Use):
    """A criterion every stream has (its id is ``<stream>.<suffix>``)."""

    suffix: str
    sources: list[str] = Field(min_length=1)


class GeneralRequirementSpec(_Spec):
    id: str
    title: Text
    explanation: Text
    applies_to: list[str] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class CommonSpec(_Spec):
    stream_order: list[str]
    every_stream: list[EveryStreamCriterion] = Field(default_factory=list)
    messages: dict[str, Text] = Field(default_factory=dict)
    labels: dict[str, Text] = Field(default_factory=dict)  # "EnumClass.value" -> label
    general_requirements: list[GeneralRequirementSpec] = Field(default_factory=list)


class DocumentSpec(Dated):
    """A paper that proves a criterion or a general requirement."""

    id: str
    title: Text
    proves: Text
    who: Literal["applicant", "employer", "principal", "foreign_employer", "third_party"]
    # Which streams it serves: every stream, those with a permit of these kinds, or named streams;
    # ``except_streams`` leaves out streams whose own documents replace it.
    streams: Literal["all"] | list[str] = "all"
    permits: list[Literal["employer_specific", "open", "lmia"]] | None = None
    except_streams: list[str] = Field(default_factory=list)
    # Needed when this condition is met (absent: always needed for the streams it serves).
    needed: Use | None = None
    # The criterion it proves, by its local id (``qualifying_employment`` for ``ict.qualifying_employment``).
    criterion: str | None = None
    args: dict[str, str] = Field(default_factory=dict)  # title placeholders -> parameters
    sources: list[str] = Field(min_length=1)


class NextStepSpec(Dated):
    """One step of what to do next, for the streams it names, when its condition holds."""

    id: str
    streams: Literal["all"] | list[str] = "all"
    permits: list[Literal["employer_specific", "open", "lmia"]] | None = None
    # Streams whose own steps replace it (IEC applies through its pools, not the general route).
    except_streams: list[str] = Field(default_factory=list)
    # Who acts: the applicant, or the employer (whose steps an employer's summary shows).
    who: Literal["applicant", "employer"] = "applicant"
    when: Use | None = None
    text: Text
    args: dict[str, str] = Field(default_factory=dict)  # placeholders -> parameters
    sources: list[str] = Field(min_length=1)


def parse_spec(model: type[BaseModel], path: Path, data: Any = None) -> Any:
    data = load_yaml(path) if data is None else data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RuleDataError(f"{path.name}: {details}") from None


def parse_list(model: type[BaseModel], path: Path) -> list[Any]:
    data = load_yaml(path)
    if not isinstance(data, list):
        raise RuleDataError(f"{path.name}: a list of entries is expected")
    out = []
    for index, item in enumerate(data):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            raise RuleDataError(f"{path.name}: entry {index + 1}: {details}") from None
    return out
