"""Every sample case in ../shared/scenarios/, straight through the engine (no server, no database):
the quick check while rules change. The API and command-line runs are in test_shared_scenarios.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.engine import RequestError, screen_json
from tests.conftest import SHARED

SCENARIO_FILES = sorted((SHARED / "scenarios").glob("*.json"))


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_sample_through_the_engine(path: Path) -> None:
    case = json.loads(path.read_text())
    if "expect_error" in case:
        with pytest.raises(RequestError) as error:
            screen_json(case["request"])
        prefix = case["expect_error"]["loc_prefix"]
        assert any(e["loc"].startswith(prefix) for e in error.value.errors), error.value.errors
        return
    streams = {s["stream"]: s for s in screen_json(case["request"])["streams"]}
    for stream_id, expected in case["expect"].items():
        if stream_id not in streams:
            pytest.fail(f"{stream_id} is not in the result")
        got = {key: streams[stream_id][key] for key in expected}
        assert got == expected, f"{stream_id}: {[(c['id'], c['status']) for c in streams[stream_id]['criteria']]}"
