"""The screening result of contract v1. Built by the evaluator, dumped with ``model_dump(mode="json")``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .findings import Kind, Outcome, Status


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Citation(_Out):
    title: str
    url: str


class CriterionResult(_Out):
    id: str
    title: str
    status: Status
    kind: Kind
    explanation: str
    citations: list[Citation]
    missing: list[str]
    # Added to the contract (optional): what would have to be true for the criterion to be met.
    requirement: str | None = None


class StreamResult(_Out):
    stream: str
    title: str
    program: Literal["IMP", "TFWP"]
    legal_basis: str
    exemption_code: str | None
    outcome: Outcome
    score: int = Field(ge=0, le=100)
    max_duration_months: int | None
    criteria: list[CriterionResult]
    # Added to the contract (optional): a plain notice about the stream, e.g. that the Global
    # Talent Stream is an LMIA-based TFWP stream, not the International Mobility Program.
    notice: str | None = None


class GeneralRequirement(_Out):
    id: str
    title: str
    explanation: str
    applies_to: list[str]
    citations: list[Citation]


class ScreeningResult(_Out):
    schema_version: Literal["1"] = "1"
    as_of: date
    rulebook_version: str
    streams: list[StreamResult]
    general_requirements: list[GeneralRequirement] = Field(default_factory=list)
