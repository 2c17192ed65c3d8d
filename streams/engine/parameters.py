"""Dated parameters: one concept per file, one value history per parameter, every value cited.

``data/parameters/<area>/<name>.yaml`` holds the parameter ``<area>.<name>``::

    description: {en: "…", fr: "…"}
    unit: months
    values:
      2022-11-16:
        value: 12
        sources: [ircc_ict_pdi]        # ids of the source register
        note: "how the value was read"
      2025-01-21:
        value: null                    # repealed from this date

A value holds from its date until the next one (as OpenFisca's parameters do). Templates name the
parameters they test in their arguments as ``Param[T]``; the rulebook validates every dated value
against ``T`` when it loads, so a parameter's type is the type its rules read, never ``Any``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from .texts import Text

T = TypeVar("T", covariant=True)


class Param(Generic[T]):
    """In a template's arguments: the name of a dated parameter whose values are ``T``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Param({self.name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Param) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("Param", self.name))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # In the stream files an argument that names a parameter is written as its dotted name.
        return core_schema.no_info_after_validator_function(
            cls, core_schema.str_schema(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
        )


class DatedValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Any
    sources: list[str] = Field(min_length=1)
    note: str | None = None


class ParameterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: Text
    unit: str | None = None
    values: dict[date, DatedValue] = Field(min_length=1)


class Parameter:
    """A loaded parameter: its history, values checked against the type its rules read."""

    __slots__ = ("dates", "name", "spec", "typed_values", "value_type")

    def __init__(self, name: str, spec: ParameterSpec) -> None:
        self.name = name
        self.spec = spec
        self.dates: tuple[date, ...] = tuple(sorted(spec.values))
        self.value_type: Any = None  # set when a template reads it
        self.typed_values: dict[date, Any] = {d: spec.values[d].value for d in self.dates}

    def value_on(self, day: date) -> Any:
        found = None
        for since in self.dates:
            if since > day:
                break
            found = self.typed_values[since]
        return found

    def sources_on(self, day: date) -> list[str]:
        found: list[str] = []
        for since in self.dates:
            if since > day:
                break
            found = self.spec.values[since].sources
        return found

    def in_force_on(self, day: date) -> bool:
        return bool(self.dates) and self.dates[0] <= day and self.value_on(day) is not None
