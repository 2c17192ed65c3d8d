"""Strict loading of the rule data: YAML with no duplicate keys, checked against pydantic schemas.

A stream file declares the stream, its sources, its dated parameters and its criteria (titles,
messages, the fields they read, the formula in force from each date). Anything malformed (an
unknown source, a field the contract lacks, a formula that does not exist, a message without its
French) stops the load with the file and the place named.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class RuleDataError(ValueError):
    """The rule data is malformed."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice (YAML would keep the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise RuleDataError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except (yaml.YAMLError, RuleDataError) as exc:
        raise RuleDataError(f"{path.name}: {exc}") from None


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Spec):
    """A text in both languages of the product."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def __getitem__(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


class SourceSpec(_Spec):
    title: Text
    url: str
    page_date: str | None = None  # the date the page shows, or "no date visible"
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _https(cls, url: str) -> str:
        if not url.startswith(("https://", "http://")):
            raise ValueError("a source url must start with https:// or http://")
        return url


class DatedValue(_Spec):
    value: Any
    sources: list[str] = Field(min_length=1)
    note: str | None = None


class ParameterSpec(_Spec):
    description: str
    unit: str | None = None
    values: dict[date, DatedValue] = Field(min_length=1)


class CriterionSpec(_Spec):
    id: str
    kind: Literal["requirement", "discretionary"]
    title: Text
    requirement: Text
    reads: list[str] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    weight: int = Field(default=1, ge=1)
    # date -> formula name in force from that date; null repeals the criterion from that date
    versions: dict[date, str | None] = Field(min_length=1)
    messages: dict[str, Text] = Field(min_length=1)


class StreamSpec(_Spec):
    id: str
    program: Literal["IMP", "TFWP"]
    legal_basis: str
    title: Text
    summary: Text
    notice: Text | None = None
    in_force_from: date
    exemption_code_formula: str
    max_duration_formula: str
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)
    criteria: list[CriterionSpec] = Field(min_length=1)


class GeneralRequirementSpec(_Spec):
    id: str
    title: Text
    explanation: Text
    applies_to: list[str] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class CommonSpec(_Spec):
    stream_order: list[str]
    sources: dict[str, SourceSpec]
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)
    messages: dict[str, Text] = Field(default_factory=dict)
    general_requirements: list[GeneralRequirementSpec] = Field(default_factory=list)


def parse_spec(model: type[_Spec], path: Path) -> Any:
    data = load_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise RuleDataError(f"{path.name}: {details}") from None
