"""The coverage gate: every criterion of every stream has a met, an unmet and an unknown scenario,
and every dated change of a stream's rules has a scenario the day before and one the day of.

The scenarios are the rules' own tests (``tests/scenarios/<stream>/<criterion>.yaml``). A criterion
that no scenario shows met, unmet and unknown is a rule nobody has checked against a case, and a rule
change no scenario straddles is a change nobody has checked happens on its day; either way the suite
fails, naming what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from streams.engine import default_rulebook

SCENARIOS = Path(__file__).parent


def statuses_in_scenarios() -> dict[str, set[str]]:
    """Criterion id -> the statuses scenarios expect of it ("absent" aside)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for path in SCENARIOS.glob("*/*.yaml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for criterion_id, status in ((case.get("expect") or {}).get("criteria") or {}).items():
                if status != "absent":
                    seen[criterion_id].add(status)
    return seen


def test_every_criterion_has_a_met_an_unmet_and_an_unknown_scenario() -> None:
    seen = statuses_in_scenarios()
    gaps = []
    for stream in default_rulebook().streams.values():
        for criterion in stream.criteria:
            lacking = {"met", "unmet", "unknown"} - seen.get(criterion.id, set())
            if lacking:
                gaps.append(f"{criterion.id}: no {', no '.join(sorted(lacking))} scenario")
    assert not gaps, "criteria without a scenario of each status:\n" + "\n".join(gaps)


def test_scenarios_name_only_real_criteria() -> None:
    known = {c.id for s in default_rulebook().streams.values() for c in s.criteria}
    known |= {f"{s}.rules_encoded" for s in default_rulebook().streams}
    unknown = sorted(set(statuses_in_scenarios()) - known)
    assert not unknown, f"scenarios expect criteria the rulebook does not have: {unknown}"


def _streams_screened(directory: str, request: dict[str, Any], stream_ids: list[str]) -> list[str]:
    """The streams a case screens, of those it speaks for: its own directory's stream (every stream
    for ``every_stream/``), less those its request's ``streams`` leaves out."""
    own = stream_ids if directory == "every_stream" else [directory]
    wanted = request.get("streams")
    return own if wanted is None else [s for s in own if s in wanted]


def days_in_scenarios() -> dict[str, set[date]]:
    """Stream id -> the screening dates (``as_of``) of the cases that screen it. A case refused
    (``expect_error``) screens nothing."""
    stream_ids = list(default_rulebook().streams)
    days: dict[str, set[date]] = defaultdict(set)
    for path in SCENARIOS.glob("*/*.yaml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            request = case.get("request") or {}
            as_of = request.get("as_of")
            if as_of is None or case.get("expect_error") is not None:
                continue
            day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
            for stream_id in _streams_screened(path.parent.name, request, stream_ids):
                days[stream_id].add(day)
    return days


def test_every_rule_change_has_a_scenario_the_day_before_and_the_day_of() -> None:
    """For each stream and each day its rules change (its first encoded day included: the day
    before, it is not assessed), a scenario of the stream dated the day before and one dated the
    day of, to show what changed."""
    seen = days_in_scenarios()
    gaps = []
    for stream in default_rulebook().streams.values():
        days = seen.get(stream.id, set())
        for day, changed in zip(stream.rule_days, stream.rule_changes, strict=True):
            missing = [d.isoformat() for d in (day - timedelta(days=1), day) if d not in days]
            if missing:
                criteria = ", ".join(sorted(c.removeprefix(f"{stream.id}.") for c in changed))
                gaps.append(f"{stream.id} {day}: no scenario dated {' or '.join(missing)} ({criteria})")
    assert not gaps, "rule changes without a scenario the day before and the day of:\n" + "\n".join(gaps)


def test_a_case_counts_for_the_streams_it_screens() -> None:
    ids = ["ict", "cusma_ict", "iec_working_holiday"]
    assert _streams_screened("every_stream", {}, ids) == ids
    assert _streams_screened("every_stream", {"streams": ["cusma_ict"]}, ids) == ["cusma_ict"]
    assert _streams_screened("ict", {"streams": ["ict", "cusma_ict"]}, ids) == ["ict"]
    assert _streams_screened("ict", {"streams": ["cusma_ict"]}, ids) == []

