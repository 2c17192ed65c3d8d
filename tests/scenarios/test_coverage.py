"""The coverage gate: every criterion of every stream has a met, an unmet and an unknown scenario.

The scenarios are the rules' own tests (``tests/scenarios/<stream>/<criterion>.yaml``). A criterion
that no scenario shows met, unmet and unknown is a rule nobody has checked against a case, so the
suite fails, naming what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

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
