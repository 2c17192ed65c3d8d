"""Formulas of the criteria, registered by name; the stream files say which one is in force when.

Each module here covers one family of streams. A formula is registered with ``@formula`` under its
function name (``meets_<stream>_<test>``), and stream-level formulas (exemption code, maximum
duration) with ``@stream_formula``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any, TypeVar

from ..findings import Formula, StreamFormula

FORMULAS: dict[str, Formula] = {}
STREAM_FORMULAS: dict[str, StreamFormula] = {}
# parameter name -> function that checks (and may convert) each dated value when the data loads
PARAMETER_SCHEMAS: dict[str, Callable[[Any], Any]] = {}

F = TypeVar("F", bound=Callable[..., object])


def formula(function: F) -> F:
    if function.__name__ in FORMULAS:
        raise ValueError(f"formula {function.__name__} is defined twice")
    FORMULAS[function.__name__] = function  # type: ignore[assignment]
    return function


def stream_formula(function: F) -> F:
    if function.__name__ in STREAM_FORMULAS:
        raise ValueError(f"stream formula {function.__name__} is defined twice")
    STREAM_FORMULAS[function.__name__] = function
    return function


def parameter_schema(name: str) -> Callable[[F], F]:
    def register(function: F) -> F:
        if name in PARAMETER_SCHEMAS:
            raise ValueError(f"parameter {name} has two schemas")
        PARAMETER_SCHEMAS[name] = function
        return function

    return register


def _import_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_import_all()
