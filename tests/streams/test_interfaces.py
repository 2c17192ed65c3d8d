"""The command line and the REST API speak contract v1 alike."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from streams.engine import ScreeningResult
from tests.conftest import REPO

pytestmark = pytest.mark.django_db

GERMAN_MANAGER = {
    "schema_version": "1",
    "as_of": "2026-11-22",
    "applicant": {
        "citizenships": ["DE"],
        "employment_history": [{
            "employer_name": "Northwind GmbH", "country": "DE", "start_date": "2018-04-01",
            "hours_per_week": 40, "related_to_offer_employer": True, "similar_to_offer": True,
        }],
    },
    "job_offer": {"noc_code": "00012", "intra_company": {
        "relationship": "subsidiary", "foreign_employer_multinational": True,
        "canadian_entity_doing_business": True, "new_office": False, "physical_premises_secured": True,
        "position_category": "senior_manager", "foreign_position_held_open": True,
    }},
}


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "manage.py", "screen", *args], input=stdin,
                          capture_output=True, cwd=REPO, check=False)


@pytest.fixture
def request_file(tmp_path: Path) -> Path:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(GERMAN_MANAGER))
    return path


def test_cli_and_api_return_the_same_json(request_file: Path) -> None:
    from_cli = json.loads(cli(str(request_file)).stdout)
    from_api = APIClient().post("/api/v1/screen", GERMAN_MANAGER, format="json").json()
    assert from_cli == from_api
    ScreeningResult.model_validate(from_api)  # and it is the contract's shape
    ict = from_api["streams"][0]
    assert (ict["stream"], ict["outcome"], ict["exemption_code"]) == ("ict", "eligible", "C62")


def test_cli_jsonl_gives_one_line_per_file_in_order(tmp_path: Path, request_file: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1", "job_offer": {"province": "ZZ"}}))
    run = cli("--jsonl", str(request_file), str(bad), str(request_file))
    lines = run.stdout.decode().splitlines()
    assert run.returncode == 2
    assert len(lines) == 3
    assert "streams" in json.loads(lines[0]) and "streams" in json.loads(lines[2])
    assert json.loads(lines[1]) == {"errors": [{
        "loc": "job_offer.province",
        "message": "'ZZ' is not a Canadian province or territory code; "
                   "use one of AB BC MB NB NL NS NT NU ON PE QC SK YT",
    }]}


def test_cli_batch_on_worker_processes_keeps_the_order_and_the_errors(tmp_path: Path, request_file: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1", "job_offer": {"province": "ZZ"}}))
    french = tmp_path / "french.json"
    french.write_text(json.dumps({**GERMAN_MANAGER, "language": "fr"}))
    batch = [str(p) for p in [request_file, bad, french] * 30]
    one, two = cli("--jsonl", "--jobs", "1", *batch), cli("--jsonl", "--jobs", "2", *batch)
    assert (one.returncode, two.returncode) == (2, 2)
    assert two.stdout == one.stdout and len(two.stdout.splitlines()) == 90
    titles = [json.loads(line)["streams"][0]["title"] if b"streams" in line else "error"
              for line in two.stdout.splitlines()[:3]]
    assert titles == ["Intra-company transferee (R205(a))", "error", "Personne mutée à l'intérieur d'une société (R205a))"]
    assert cli("--jsonl", "--jobs", "0", str(request_file)).returncode != 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_stops_quietly_when_its_reader_goes_away(tmp_path: Path, request_file: Path, jobs: str) -> None:
    """``screen --jsonl ... | head -c 100``: the workers write to a closed pipe; no traceback."""
    batch = [str(request_file)] * 96
    process = subprocess.Popen([sys.executable, "manage.py", "screen", "--jsonl", "--jobs", jobs, *batch], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b'{"schema_version":"1"')
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=120) == 1
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors, errors.decode()[-2000:]


def test_cli_batch_written_to_a_file_by_workers_is_the_single_process_output(tmp_path: Path,
                                                                              request_file: Path) -> None:
    french = tmp_path / "french.json"
    french.write_text(json.dumps({**GERMAN_MANAGER, "language": "fr", "as_of": "2024-10-02"}))
    batch = [str(p) for p in [request_file, french] * 70]  # five runs of 32 files, two workers in turn
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}.jsonl"
        with target.open("wb") as handle:
            run = subprocess.run([sys.executable, "manage.py", "screen", "--jsonl", "--jobs", jobs, *batch], cwd=REPO,
                                 stdout=handle, stderr=subprocess.PIPE, check=False)
        assert run.returncode == 0, run.stderr.decode()[-2000:]
        outputs.append(target.read_bytes())
    assert outputs[1] == outputs[0]
    lines = outputs[1].splitlines()
    assert len(lines) == 140
    assert [json.loads(line)["as_of"] for line in lines[:2]] == ["2026-11-22", "2024-10-02"]


def test_cli_reads_stdin_and_as_of_overrides_the_request() -> None:
    run = cli("-", "--as-of", "2024-10-02", stdin=json.dumps(GERMAN_MANAGER).encode())
    result = json.loads(run.stdout)
    assert run.returncode == 0
    assert result["as_of"] == "2024-10-02"
    ids = [c["id"] for c in result["streams"][0]["criteria"]]
    assert "ict.multinational" not in ids  # the test starts on 2024-10-03


def test_cli_as_of_revalidates_dates() -> None:
    request = {**GERMAN_MANAGER, "applicant": {"date_of_birth": "2025-01-01"}}
    run = cli("-", "--as-of", "2024-12-31", stdin=json.dumps(request).encode())
    assert run.returncode == 2
    assert json.loads(run.stdout)["errors"][0]["loc"] == "applicant.date_of_birth"


def test_cli_errors_for_unreadable_or_invalid_files(tmp_path: Path) -> None:
    not_json = tmp_path / "x.json"
    not_json.write_text("{not json")
    run = cli(str(not_json))
    assert run.returncode == 2
    assert json.loads(run.stdout) == {"errors": [{"loc": "", "message": "the request is not valid JSON"}]}
    missing = cli(str(tmp_path / "absent.json"))
    assert missing.returncode == 2
    assert "cannot read" in json.loads(missing.stdout)["errors"][0]["message"]
    assert cli("--as-of", "2024-13-01", str(not_json)).returncode != 0


def test_api_names_the_field_of_a_bad_request() -> None:
    response = APIClient().post(
        "/api/v1/screen", {"schema_version": "1", "applicant": {"favourite_colour": "blue"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == "applicant.favourite_colour"


def test_api_refuses_malformed_json_and_other_media_types() -> None:
    client = APIClient()
    response = client.post("/api/v1/screen", "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": [{"loc": "", "message": "the request is not valid JSON"}]}
    response = client.post("/api/v1/screen", "schema_version=1",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["errors"][0]["message"]


def test_api_throttles_anonymous_screening(settings) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "screen": "3/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}  # read per request
    try:
        client = APIClient()
        responses = [client.post("/api/v1/screen", {"schema_version": "1"}, format="json")
                     for _ in range(4)]
        other_client = APIClient(REMOTE_ADDR="10.9.8.7").post(
            "/api/v1/screen", {"schema_version": "1"}, format="json")
    finally:
        cache.clear()
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert int(responses[3]["Retry-After"]) > 0
    assert responses[3].json()["errors"][0]["message"].startswith("Request was throttled")
    assert other_client.status_code == 200  # the limit is per client


def test_streams_endpoint_lists_criteria_in_force_with_citations() -> None:
    client = APIClient()
    before = client.get("/api/v1/streams", {"as_of": "2024-10-02", "language": "fr"}).json()
    after = client.get("/api/v1/streams", {"as_of": "2024-10-03"}).json()
    ict_before = next(s for s in before["streams"] if s["id"] == "ict")
    ict_after = next(s for s in after["streams"] if s["id"] == "ict")
    assert "ict.multinational" not in [c["id"] for c in ict_before["criteria"]]
    assert "ict.multinational" in [c["id"] for c in ict_after["criteria"]]
    assert ict_before["title"].startswith("Personne mutée")
    for stream in after["streams"]:
        for criterion in stream["criteria"]:
            assert criterion["citations"] and all(c["url"].startswith("http") for c in criterion["citations"])
    assert client.get("/api/v1/streams", {"as_of": "2024-02-30"}).json() == {
        "errors": [{"loc": "as_of", "message": "must be a date written YYYY-MM-DD"}]
    }


def test_openapi_schema_and_docs_are_served() -> None:
    client = APIClient()
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    body = schema["paths"]["/api/v1/screen"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ScreeningRequest"}
    assert "ScreeningResult" in schema["components"]["schemas"]
    assert client.get("/api/v1/docs/").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok"}


def test_the_memo_of_stream_screenings_is_sized_by_the_engine_memo_limit_setting(settings: Any) -> None:
    from django.apps import apps

    from streams.engine import default_rulebook
    from streams.engine.rulebook import MEMO_LIMIT

    book = default_rulebook()
    assert book.memo_limit == MEMO_LIMIT == settings.ENGINE_MEMO_LIMIT  # the default, untouched
    try:
        settings.ENGINE_MEMO_LIMIT = 100
        apps.get_app_config("streams").ready()
        assert book.memo_limit == 100
        settings.ENGINE_MEMO_LIMIT = -1
        with pytest.raises(ValueError, match="ENGINE_MEMO_LIMIT"):
            apps.get_app_config("streams").ready()
    finally:
        book.memo_limit = MEMO_LIMIT


def test_cli_to_a_text_stream_screens_in_this_process_whatever_the_jobs(tmp_path: Path, request_file: Path) -> None:
    """call_command with a StringIO: no file descriptor for workers to write to, so one process."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("screen", "--jsonl", "--jobs", "2", str(request_file), str(request_file), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0] == lines[1]
    assert json.loads(lines[0])["streams"][0]["stream"] == "ict"


def test_cli_workers_write_every_byte_in_order_when_the_system_writes_a_part(monkeypatch: Any) -> None:
    """A worker writes its run's lines with writev, which may write less than it was given (a pipe,
    a signal): what is left, from the middle of a line on, goes out next, in order."""
    import os

    from streams.management.commands import screen

    read_end, write_end = os.pipe()
    real_writev = os.writev
    calls = []

    def stingy_writev(fd: int, buffers: list[Any]) -> int:  # writes the first 5 bytes of what it is given
        calls.append(len(buffers))
        return real_writev(fd, [b"".join(bytes(b) for b in buffers)[:5]])

    monkeypatch.setattr(screen.os, "writev", stingy_writev)
    monkeypatch.setattr(screen, "_IOV_MAX", 3)
    parts = [b'{"a":1}', b"\n", b"", b'{"bb":22}', b"\n", b"x" * 12, b"\n"]
    try:
        screen._write_all(write_end, parts)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            assert reader.read() == b"".join(parts)
    finally:
        monkeypatch.undo()
    assert max(calls) <= 3 and len(calls) > 4


def test_cli_runs_are_long_enough_for_the_memo_and_many_enough_to_share_the_end() -> None:
    from streams.management.commands.screen import _run_length

    assert _run_length(140, 2, documents=False) == 32  # the shortest: five runs here
    assert _run_length(1000, 2, documents=False) == 125  # four runs a worker
    assert _run_length(3000, 2, documents=False) == 256  # the longest a worker holds in memory
    assert _run_length(3000, 2, documents=True) == 128  # results with documents are twice the size
    assert _run_length(100_000, 16, documents=False) == 256
