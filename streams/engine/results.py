"""The screening result of contract v1 (with the 1.1 additions), as typed models: the OpenAPI schema
of the API and what ``screen()`` returns. The engine builds plain JSON data (``render.py``); these
models validate it."""

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
    # Contract 1.1: an official government or treaty text (canada.ca, Justice Laws, CUSMA, ESDC, StatCan).
    official: bool


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


class NextStep(_Out):
    # Added (optional): the step's id in next_steps.yaml, and who acts (the applicant or the employer).
    id: str | None = None
    who: Literal["applicant", "employer"] | None = None
    text: str
    citations: list[Citation]


class Window(_Out):
    eligible_from: date | None = None
    eligible_until: date | None = None
    reasons: list[str] = Field(default_factory=list)


class Change(_Out):
    loc: str
    text: str
    criteria: list[str]


class DocumentItem(_Out):
    """Added to the contract (optional): a paper that proves a criterion, for a stream still open."""

    id: str
    document: str  # the document's id (items per country share it)
    country: str | None = None
    title: str
    who: str
    proves: str
    status: Literal["needed", "not_needed", "unknown"]
    explanation: str
    missing: list[str]
    criterion: str | None
    general: bool
    citations: list[Citation]


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
    # Contract 1.1.
    next_steps: list[NextStep] = Field(default_factory=list)
    window: Window = Field(default_factory=Window)
    changes: list[Change] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    # Added (optional): the documents of a stream still open.
    documents: list[DocumentItem] | None = None


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
