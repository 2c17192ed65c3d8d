"""What the contract's models say about a request field: its kind, its choices and its bounds.

The questionnaire asks the contract (``streams/engine/inputs.py``) as questions. A question names a
request path; everything the form needs to know about the value at that path is read here from the
pydantic model: a yes/no fact, a date, a number (whole or not, and its believable range), an
enumeration (its members are the choices), a country, a province, a NOC code, a CUSMA profession, a
list of them, an object or a list of objects. Nothing is declared twice.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from types import UnionType
from typing import Any

import annotated_types
from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from streams.engine import inputs
from streams.engine.inputs import ScreeningRequest

YES_NO = "yes_no"
DATE = "date"
NUMBER = "number"
TEXT = "text"
CHOICE = "choice"
MULTI = "multi"  # several members of an enumeration
COUNTRY = "country"
PROVINCE = "province"
NOC = "noc"
CUSMA = "cusma"
GROUP = "group"  # an object: its fields are asked together
ITEMS = "items"  # a list of objects: entries

# The contract's code types, told apart by the validator that checks them.
_CODES = {
    inputs._check_country: COUNTRY,
    inputs._check_province: PROVINCE,
    inputs._check_noc: NOC,
    inputs._check_cusma_slug: CUSMA,
}


@dataclass(frozen=True)
class Shape:
    """What the contract says about the value at a path."""

    kind: str
    many: bool = False  # a list of values (countries), asked as one or more inputs
    enum: type[StrEnum] | None = None
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    model: type[BaseModel] | None = None  # GROUP and ITEMS: the object's model

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(member.value for member in self.enum) if self.enum else ()

    @property
    def required_together(self) -> tuple[str, ...]:
        """An object whose model requires some fields (a wage: its amount and its period) is known
        whole or not at all."""
        if self.model is None:
            return ()
        return tuple(name for name, info in self.model.model_fields.items() if info.is_required())


def _field(model: type[BaseModel], part: str) -> FieldInfo:
    fields = model.model_fields
    if part in fields:
        return fields[part]
    for info in fields.values():
        if info.alias == part:
            return info
    raise KeyError(f"{model.__name__} has no field {part!r}")


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, UnionType):
        kept = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(kept) == 1:
            return kept[0]
    return annotation


def _unpack(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """``Annotated[T, *meta]`` -> T and its metadata (FieldInfo metadata flattened)."""
    annotation = _strip_optional(annotation)
    found = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        for item in extra:
            if isinstance(item, FieldInfo):
                found += item.metadata
                if isinstance(item.json_schema_extra, dict):
                    found.append(item.json_schema_extra)
            else:
                found.append(item)
        annotation = _strip_optional(base)
    return annotation, found


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            low = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Gt):
            low = float(item.gt)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            high = float(item.le)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Lt):
            high = float(item.lt)  # type: ignore[arg-type]
        elif isinstance(item, dict) and "maximum" in item:
            high = float(item["maximum"])
    return low, high


def _scalar(annotation: Any, metadata: list[Any]) -> Shape:
    for item in metadata:
        if isinstance(item, AfterValidator) and item.func in _CODES:
            return Shape(_CODES[item.func])  # type: ignore[index]
    if annotation is bool:
        return Shape(YES_NO)
    if annotation is date:
        return Shape(DATE)
    if annotation in (int, float):
        low, high = _bounds(metadata)
        return Shape(NUMBER, integer=annotation is int, minimum=low, maximum=high)
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return Shape(CHOICE, enum=annotation)
    if annotation is str:
        return Shape(TEXT)
    raise TypeError(f"no question kind for {annotation!r}")


@cache
def shape(path: str) -> Shape:
    """The shape of the value at a dotted request path (``applicant.french_nclc.speaking``)."""
    model: Any = ScreeningRequest
    info: FieldInfo | None = None
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise KeyError(f"{path}: {part!r} is inside a value that has no fields")
        info = _field(model, part)
        annotation, _ = _unpack(info.annotation, [])
        if typing.get_origin(annotation) is list:
            annotation = _unpack(typing.get_args(annotation)[0], [])[0]
        model = annotation
    assert info is not None
    annotation, metadata = _unpack(info.annotation, list(info.metadata))
    if isinstance(info.json_schema_extra, dict):
        metadata.append(info.json_schema_extra)
    if typing.get_origin(annotation) is list:
        element, element_meta = _unpack(typing.get_args(annotation)[0], [])
        if isinstance(element, type) and issubclass(element, BaseModel):
            return Shape(ITEMS, model=element)
        inner = _scalar(element, element_meta)
        if inner.kind == CHOICE:
            return Shape(MULTI, many=True, enum=inner.enum)
        return Shape(inner.kind, many=True, enum=inner.enum)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape(GROUP, model=annotation)
    return _scalar(annotation, metadata)


def leaf_paths(model: type[BaseModel] = ScreeningRequest, prefix: str = "") -> list[str]:
    """Every path of a scalar value (or list of scalars) the contract can hold, list items stepped
    through: what a facts table may have to name."""
    found: list[str] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        path = f"{prefix}.{key}" if prefix else key
        annotation, _ = _unpack(info.annotation, [])
        if typing.get_origin(annotation) is list:
            annotation = _unpack(typing.get_args(annotation)[0], [])[0]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found += leaf_paths(annotation, path)
        else:
            found.append(path)
    return found
