"""Criterion templates: a rule written once, with its texts, used by each stream with arguments.

A template is a test and its words. It declares the arguments a stream gives it (``Args``: the
parameters it tests, as ``Param[T]``, and plain choices such as an IEC category), its title and
requirement (placeholders filled from those arguments, so "{months} months" shows the value in force
on the screening date), and the messages of its findings in English and French. A stream file says
which templates it uses, with which arguments, citing which sources, from which date.

Templates hold no state: the rulebook makes one instance of each, and everything a screening needs
comes through the ``Context``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..context import Context
from ..findings import NOT_APPLICABLE, Finding, Kind, Status, met, unknown, unmet
from ..inputs import ScreeningRequest
from ..texts import Text


class Args(BaseModel):
    """A template's arguments, as a stream file gives them (strict: a misspelt one is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoArgs(Args):
    pass


A = TypeVar("A", bound=Args)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Change:
    """The smallest change of one fact that would meet a criterion: the field, and the message of
    the template (``change.<key>``) that says it, with its values."""

    loc: str
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


class Template(Generic[A]):
    """A criterion written once. Subclasses set the class attributes and ``evaluate``."""

    name: ClassVar[str]
    kind: ClassVar[Kind] = Kind.REQUIREMENT
    args_model: ClassVar[type[Args]] = NoArgs
    title: ClassVar[Text]
    requirement: ClassVar[Text]
    messages: ClassVar[Mapping[str, Text]]
    # The request fields the rule reads (dotted paths; lists stepped through), for the rulebook,
    # the questionnaire's "asked because" and the check that they exist in the contract.
    reads: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _args_model_from_generic(cls)

    def reads_for(self, a: A) -> tuple[str, ...]:
        return self.reads

    def evaluate(self, ctx: Context, a: A) -> Finding:
        raise NotImplementedError

    def turning_dates(self, ctx: Context, a: A, finding: Finding) -> Iterable[date]:
        """Days after ``ctx.as_of`` on which this criterion's status may change, the facts staying
        as they are (a birthday, a year of employment completed, a permit running out)."""
        return ()

    def changes(self, ctx: Context, a: A, finding: Finding) -> Iterable[Change]:
        """For an unmet criterion with a threshold or a list: the smallest change that meets it."""
        return ()

    @property
    def rule(self) -> str:
        """The rule in the words of its docstring, for the rulebook."""
        return " ".join((type(self).__doc__ or "").replace("``", "").split())


class StreamRule(Generic[A, R]):
    """A stream-level rule: the exemption code, or the longest permit, given the facts."""

    name: ClassVar[str]
    args_model: ClassVar[type[Args]] = NoArgs
    # The request fields it reads (as for templates): a screening is reused only for the same facts.
    reads: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _args_model_from_generic(cls)

    def compute(self, ctx: Context, a: A, findings: Mapping[str, Finding]) -> R:
        raise NotImplementedError

    @property
    def rule(self) -> str:
        return " ".join((type(self).__doc__ or "").replace("``", "").split())


def _args_model_from_generic(cls: type) -> None:
    """``class X(Template[SomeArgs])`` takes ``SomeArgs`` as its ``args_model``."""
    if "args_model" in cls.__dict__:
        return
    for base in getattr(cls, "__orig_bases__", ()):
        for arg in typing.get_args(base):
            if isinstance(arg, type) and issubclass(arg, Args):
                cls.args_model = arg  # type: ignore[attr-defined]
                return


# --- reading request fields by their dotted paths ----------------------------------------------------


def getter(path: str) -> Callable[[ScreeningRequest], Any]:
    """A function reading the field at ``path`` (None as soon as a step is absent)."""
    parts = tuple(path.split("."))

    def get(request: ScreeningRequest) -> Any:
        node: Any = request
        for part in parts:
            node = getattr(node, part, None)
            if node is None:
                return None
        return node

    return get


# --- declarative templates: a yes/no fact ---------------------------------------------------------


class Guard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str
    equals: Any


class FactSpec(BaseModel):
    """A criterion that one yes/no fact settles, declared in ``data/templates/*.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    shape: Literal["fact"]
    field: str
    wanted: bool = True
    kind: Literal["requirement", "discretionary"] = "requirement"
    # Tested only when these other facts hold; unknown while they are unknown.
    only_if: list[Guard] = Field(default_factory=list)
    title: Text
    requirement: Text
    rule: str
    messages: dict[Literal["met", "unmet", "unknown"], Text]


class FactTemplate(Template[NoArgs]):
    """A criterion settled by one yes/no fact (``field`` must be ``wanted``)."""

    def __init__(self, name: str, spec: FactSpec) -> None:
        self.name = name  # type: ignore[misc]
        self.spec = spec
        self.kind = Kind(spec.kind)  # type: ignore[misc]
        self.title = spec.title  # type: ignore[misc]
        self.requirement = spec.requirement  # type: ignore[misc]
        self.messages = spec.messages  # type: ignore[misc,assignment]
        self.reads = (spec.field, *(g.field for g in spec.only_if))  # type: ignore[misc]
        self._get = getter(spec.field)
        self._guards: Sequence[tuple[str, Callable[[ScreeningRequest], Any], Any]] = [
            (g.field, getter(g.field), g.equals) for g in spec.only_if
        ]

    @property
    def rule(self) -> str:
        return self.spec.rule

    def evaluate(self, ctx: Context, a: NoArgs) -> Finding:
        request = ctx.request
        unsure: list[str] = []
        for field_path, get, wanted in self._guards:
            value = get(request)
            if value is None:
                unsure.append(field_path)
            elif value != wanted:
                return NOT_APPLICABLE
        value = self._get(request)
        if value is None:
            return unknown((*unsure, self.spec.field))
        finding = met() if value is self.spec.wanted else unmet()
        if unsure:  # decided on the fact given, whether it applies still open: say what it shows
            return unknown(unsure, PENDING, pending=finding)
        return finding


def yes_no(value: bool | None, field_path: str, *, wanted: bool = True) -> Finding:
    """A yes/no fact that must have the ``wanted`` answer: unknown (naming the field) until given."""
    if value is None:
        return unknown((field_path,))
    return met() if value is wanted else unmet()


PENDING = "pending"  # a finding's key: decided on the facts given, applying or not still unknown


def guarded(applies: bool | None, missing: Sequence[str], evaluate: Callable[[], Finding]) -> Finding:
    """A criterion that applies only in some cases. While it is not known whether it applies, the
    answer is unknown: guessing either way could flip a later answer. When the facts given already
    decide it, the finding keeps that answer (``pending``), so that the explanation tells what they
    show (a NOC's TEER, a wage against the prevailing wage) rather than that nothing is known."""
    if applies is False:
        return NOT_APPLICABLE
    finding = evaluate()
    if applies is None:
        if finding.status is Status.MET or finding.status is Status.UNMET:
            return unknown(missing, PENDING, pending=finding)
        return unknown((*missing, *finding.missing))
    return finding


def status_of(findings: Iterable[Finding]) -> Status:
    statuses = {f.status for f in findings}
    if Status.UNMET in statuses:
        return Status.UNMET
    if Status.UNKNOWN in statuses:
        return Status.UNKNOWN
    return Status.MET
