"""The criterion templates and stream rules, one module per family of streams.

Every concrete ``Template`` or ``StreamRule`` subclass defined in a module of this package (one
whose ``name`` is set) is available to the stream files under that name.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from .base import StreamRule, Template


def _modules() -> list[Any]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)
            if m.name != "base"]


def _concrete(base: type) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in _modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, base) or "name" not in cls.__dict__:
                continue
            name: str = cls.__dict__["name"]
            if name in found:
                raise ValueError(f"{name} is defined twice ({found[name]!r}, {cls!r})")
            found[name] = cls()
    return found


def templates() -> dict[str, Template[Any]]:
    """One instance of every template, by name."""
    return _concrete(Template)


def stream_rules() -> dict[str, StreamRule[Any, Any]]:
    """One instance of every stream rule (exemption code, longest permit), by name."""
    return _concrete(StreamRule)
