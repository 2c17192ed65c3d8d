"""Every sample case in ../shared/scenarios/, through the command line and through the API.

The folder is read when the tests are collected, so a new sample is a new test with no code change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.conftest import REPO, SHARED

pytestmark = pytest.mark.django_db

SCENARIO_FILES = sorted((SHARED / "scenarios").glob("*.json"))


def test_the_shared_scenarios_folder_is_there() -> None:
    # Without it the parametrized tests below would silently be zero tests.
    assert SCENARIO_FILES, f"no scenario files in {SHARED / 'scenarios'}"


def _check(case: dict[str, Any], status: int, body: dict[str, Any]) -> None:
    if "expect_error" in case:
        prefix = case["expect_error"]["loc_prefix"]
        assert status == 400, body
        locs = [e["loc"] for e in body["errors"]]
        assert any(loc.startswith(prefix) for loc in locs), locs
        assert all(e["message"] for e in body["errors"])
        return
    assert status == 200, body
    streams = {s["stream"]: s for s in body["streams"]}
    for stream_id, expected in case["expect"].items():
        assert stream_id in streams, f"{stream_id} is not in the result"
        got = {key: streams[stream_id][key] for key in expected}
        assert got == expected, f"{stream_id}: {streams[stream_id]['criteria']}"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_through_the_api(path: Path) -> None:
    case = json.loads(path.read_text())
    response = APIClient().post("/api/v1/screen", case["request"], format="json")
    _check(case, response.status_code, response.json())


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_through_the_command_line(path: Path) -> None:
    case = json.loads(path.read_text())
    run = subprocess.run(
        [sys.executable, "manage.py", "screen", "-"],
        input=json.dumps(case["request"]).encode(),
        capture_output=True,
        cwd=REPO,
        check=False,
    )
    status = {0: 200, 2: 400}.get(run.returncode, run.returncode)
    assert run.returncode in (0, 2), run.stderr.decode()
    _check(case, status, json.loads(run.stdout))
