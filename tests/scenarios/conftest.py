"""Collects the per-criterion scenario files (``tests/scenarios/<stream>/<criterion>.yaml``).

Each file is a list of named cases in the style of OpenFisca's YAML tests::

    - name: exactly one year of full-time employment counts
      request: {as_of: 2026-11-22, applicant: {...}, job_offer: {...}}   # schema_version added
      expect:
        criteria: {ict.qualifying_employment: met, ict.multinational: absent}
        streams: {ict: {outcome: eligible, exemption_code: C62, max_duration_months: 36}}
        missing: {ict.qualifying_employment: [applicant.employment_history]}
        explanation_contains: {ict.prevailing_wage: "CAN$36.00"}
        explanation_lacks: {ict.prevailing_wage: "CAN$40.00"}       # the criterion is there, without it
        title_contains: {ict.qualifying_employment: "12 months"}     # requirement_contains too

``absent`` means the criterion is not in the result (not in force on ``as_of``, or not applicable
to the facts). Contract 1.1 and the documents can be checked too::

        window: {iec_working_holiday: {eligible_until: 2027-03-09, eligible_from: null}}
        changes: {global_talent_stream: [job_offer.wage.amount]}      # the fields, in order
        changes_contain: {global_talent_stream: "CAN$38.46"}
        documents: {ict: {DOC-ICT-03: needed, DOC-GEN-08: unknown, DOC-ICT-09: absent}}
        documents_missing: {ict: {DOC-GEN-08: [applicant.citizenships]}}
        documents_contain: {ict: {DOC-GEN-13-DE: "Germany"}}     # in its title, what it proves or why
        next_steps_contain: {cusma_professional: "port of entry"}
        next_steps_lack: {iec_working_holiday: "Employer Portal"}          # in none of its steps
        next_steps: {ict: [NS-EMP-OFFER, NS-EMP-FEE, NS-APPLY-ONLINE]}  # the step ids, in order
        questions: {ict: [applicant.citizenships]}                    # the first ones, in order

A file's criteria are counted by the coverage gate (``test_coverage.py``): every criterion needs a
met, an unmet and an unknown case somewhere, and every day a stream's rules change a case of that
stream dated the day before and one dated the day of. ``expect_error: applicant.date_of_birth`` expects the request to be refused with an
error located at (or under) that field. The engine is called directly: no database is needed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from streams.engine import RequestError, screen_json

_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.parent.parent == Path(__file__).parent:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):  # type: ignore[no-untyped-def]
        cases = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        if not isinstance(cases, list) or not cases:
            raise ValueError(f"{self.path}: a scenario file is a non-empty list of cases")
        names: set[str] = set()
        for case in cases:
            name = case.get("name")
            if not name or name in names:
                raise ValueError(f"{self.path}: every case needs a unique name ({name!r})")
            names.add(name)
            yield ScenarioCase.from_parent(self, name=name, case=case)


def _jsonable(value: Any) -> Any:
    # YAML reads 2026-11-22 as a date; the contract's JSON has strings.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


class ScenarioCase(pytest.Item):
    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        request = {"schema_version": "1", **_jsonable(self.case["request"])}
        expected_error = self.case.get("expect_error")
        try:
            wants_documents = any(key.startswith("documents") for key in (self.case.get("expect") or {}))
            result = screen_json(json.dumps(request), documents=wants_documents)
        except RequestError as exc:
            if expected_error is None:
                raise AssertionError(f"request refused: {exc.errors}") from None
            locs = [e["loc"] for e in exc.errors]
            assert any(loc == expected_error or loc.startswith(expected_error + ".") for loc in locs), (
                f"expected an error at {expected_error}, got {exc.errors}"
            )
            return
        assert expected_error is None, f"expected an error at {expected_error}, got a result"
        expect = self.case.get("expect") or {}
        streams = {s["stream"]: s for s in result["streams"]}
        criteria = {c["id"]: c for s in result["streams"] for c in s["criteria"]}
        problems: list[str] = []
        for criterion_id, status in (expect.get("criteria") or {}).items():
            got = criteria.get(criterion_id)
            got_status = got["status"] if got else "absent"
            if got_status != status:
                detail = f" ({got['explanation']})" if got else ""
                problems.append(f"{criterion_id}: expected {status}, got {got_status}{detail}")
        for criterion_id, fields in (expect.get("missing") or {}).items():
            got = criteria.get(criterion_id)
            if got is None or sorted(got["missing"]) != sorted(fields):
                problems.append(f"{criterion_id}: missing {got and got['missing']} != {fields}")
        for criterion_id, got in criteria.items():  # dates for people are in words ("long"), never ISO
            for part in ("title", "requirement", "explanation"):
                if _ISO_DATE.search(got.get(part) or ""):
                    problems.append(f"{criterion_id}: {part} shows an ISO date: {got[part]}")
        for criterion_id, text in (expect.get("explanation_contains") or {}).items():
            got = criteria.get(criterion_id)
            if got is None or text not in got["explanation"]:
                problems.append(f"{criterion_id}: explanation lacks {text!r}: {got and got['explanation']}")
        for criterion_id, text in (expect.get("title_contains") or {}).items():
            got = criteria.get(criterion_id)
            if got is None or text not in got["title"]:
                problems.append(f"{criterion_id}: title lacks {text!r}: {got and got['title']}")
        for criterion_id, text in (expect.get("requirement_contains") or {}).items():
            got = criteria.get(criterion_id)
            if got is None or text not in got["requirement"]:
                problems.append(f"{criterion_id}: requirement lacks {text!r}: {got and got['requirement']}")
        for criterion_id, text in (expect.get("explanation_lacks") or {}).items():
            got = criteria.get(criterion_id)
            if got is None or text in got["explanation"]:
                problems.append(f"{criterion_id}: explanation should not say {text!r}: {got and got['explanation']}")
        for stream_id, fields in (expect.get("streams") or {}).items():
            got = streams.get(stream_id)
            if got is None:
                problems.append(f"{stream_id}: not in the result")
                continue
            if isinstance(fields, str):
                fields = {"outcome": fields}
            for key, value in fields.items():
                if got.get(key) != value:
                    problems.append(f"{stream_id}.{key}: expected {value!r}, got {got.get(key)!r}")
        problems += _extras(expect, streams)
        if problems:
            raise AssertionError("\n".join(problems))

    def reportinfo(self):  # type: ignore[no-untyped-def]
        return self.path, 0, f"scenario: {self.name}"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, AssertionError):
            return f"{self.path.name} :: {self.name}\n{excinfo.value}"
        return super().repr_failure(excinfo)  # type: ignore[return-value]


def _extras(expect: dict[str, Any], streams: dict[str, dict[str, Any]]) -> list[str]:
    """Checks of contract 1.1's window, changes, questions and next steps, and of the documents."""
    problems: list[str] = []
    for stream_id, fields in (expect.get("window") or {}).items():
        window = streams[stream_id]["window"]
        for key, value in _jsonable(fields).items():
            if window.get(key) != value:
                problems.append(f"{stream_id}.window.{key}: expected {value!r}, got {window.get(key)!r} {window}")
    for stream_id, locs in (expect.get("changes") or {}).items():
        got = [c["loc"] for c in streams[stream_id]["changes"]]
        if got != locs:
            problems.append(f"{stream_id}.changes: expected {locs}, got {got}")
    for stream_id, text in (expect.get("changes_contain") or {}).items():
        texts = " | ".join(c["text"] for c in streams[stream_id]["changes"])
        if text not in texts:
            problems.append(f"{stream_id}.changes lack {text!r}: {texts}")
    for stream_id, text in (expect.get("next_steps_contain") or {}).items():
        texts = " | ".join(s["text"] for s in streams[stream_id]["next_steps"])
        if text not in texts:
            problems.append(f"{stream_id}.next_steps lack {text!r}: {texts}")
    for stream_id, text in (expect.get("next_steps_lack") or {}).items():
        texts = " | ".join(s["text"] for s in streams[stream_id]["next_steps"])
        if text in texts:
            problems.append(f"{stream_id}.next_steps should not say {text!r}: {texts}")
    for stream_id, ids in (expect.get("next_steps") or {}).items():
        got = [s["id"] for s in streams[stream_id]["next_steps"]]
        if got != ids:
            problems.append(f"{stream_id}.next_steps: expected {ids}, got {got}")
    for stream_id, first in (expect.get("questions") or {}).items():
        got = streams[stream_id]["questions"][: len(first)]
        if got != first:
            problems.append(f"{stream_id}.questions: expected to start {first}, got {streams[stream_id]['questions']}")
    for stream_id, documents in (expect.get("documents") or {}).items():
        got = {d["id"]: d["status"] for d in streams[stream_id]["documents"]}
        for document_id, status in documents.items():
            if got.get(document_id, "absent") != status:
                problems.append(f"{stream_id} document {document_id}: expected {status}, got {got.get(document_id, 'absent')}")
    for stream_id, documents in (expect.get("documents_missing") or {}).items():
        by_id = {d["id"]: d for d in streams[stream_id]["documents"]}
        for document_id, fields in documents.items():
            found = by_id.get(document_id)
            if found is None or sorted(found["missing"]) != sorted(fields):
                problems.append(f"{stream_id} document {document_id}: missing {found and found['missing']} != {fields}")
    for stream_id, documents in (expect.get("documents_contain") or {}).items():
        by_id = {d["id"]: d for d in streams[stream_id]["documents"]}
        for document_id, text in documents.items():
            found = by_id.get(document_id)
            words = f"{found['title']} | {found['proves']} | {found['explanation']}" if found else ""
            if text not in words:
                problems.append(f"{stream_id} document {document_id} lacks {text!r}: {words or 'absent'}")
    return problems
