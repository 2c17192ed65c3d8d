"""Side by side, in one run: this checkout against commit 61340df (the engine before templates).

Prints figures, asserts nothing (targets are printed beside the figures):

1. The contract's command line over a large batch: ``manage.py screen --jsonl FILE...`` on the same
   request files, each checkout in its own process; screenings per second (start-up subtracted: a
   one-file run of each is timed too; medians of 5 runs, the checkouts' runs taken in turn).
   Target: at least 2.5 times 61340df.
2. The in-process engine: full screenings per second (validated request -> the contract's JSON
   object) on the same mix, each checkout in its own process, median of 5 runs. Target: 2 times.
   The mix is screened over and over, so both versions reuse what they keep (61340df its rows, this
   checkout its memo of stream screenings); this checkout also prints decisions only
   (``evaluate()``, text made only when read) and every request new (the memo off), the figure a
   stream of requests never seen before would give. Each checkout runs with the garbage-collector
   settings its own processes start with (``imp_screening/runtime.py`` where it exists).

The old checkout is extracted with ``git archive`` into a temporary folder (it needs the git
history; a shallow clone without 61340df is reported, not faked). Requests are the shared samples
and the scenario files' requests that both versions accept, each also in French and on an earlier
date.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
BASELINE = "61340df"
CLI_TARGET = 2.5
ENGINE_TARGET = 2.0
BATCH = int(os.environ.get("BENCH_BATCH", "3000"))
CLI_RUNS = 5

# Each checkout imports only its own code: the virtual environment's editable install of this
# checkout (setuptools' finder on sys.meta_path) would otherwise lend the old checkout any module it
# lacks (e.g. a template tag library Django finds by name), and the old one would fail to start.
_OWN_CODE_ONLY = (
    "import sys\n"
    "sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in getattr(f, '__module__', '')]\n"
    "sys.path_hooks[:] = [h for h in sys.path_hooks if '__editable__' not in getattr(h, '__module__', '')]\n"
    "sys.path_importer_cache.clear()\n"
    "sys.path.insert(0, '.')\n"
)
# manage.py run under that rule: python -c _MANAGE ARGS...
_MANAGE = _OWN_CODE_ONLY + ("import runpy\nsys.argv = ['manage.py', *sys.argv[1:]]\n"
                            "runpy.run_path('manage.py', run_name='__main__')\n")

_ENGINE_PROBE = _OWN_CODE_ONLY + r"""
import json, statistics, time
try:  # the garbage-collector settings every process of the product starts with (Django's ready())
    from imp_screening.runtime import tune_gc
except ImportError:  # a checkout without them runs with Python's defaults, as its processes did
    tune_gc = None
if tune_gc is not None:
    tune_gc()
from streams.engine import parse_request, screen_data
bodies = json.load(open(sys.argv[1]))
parsed = [parse_request(b) for b in bodies]
for r in parsed:
    screen_data(r)
rates = []
for _ in range(5):
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < 1.0:
        for r in parsed:
            screen_data(r)
        count += len(parsed)
    rates.append(count / (time.perf_counter() - start))
extra = {}
try:
    from streams.engine import evaluate
except ImportError:
    evaluate = None
if callable(evaluate):
    decisions = []
    for _ in range(5):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < 1.0:
            for r in parsed:
                evaluate(r)
            count += len(parsed)
        decisions.append(count / (time.perf_counter() - start))
    extra["decisions"] = statistics.median(decisions)
    # Every request new: the memo of stream screenings kept to one entry, so nothing is reused.
    from streams.engine import default_rulebook
    book = default_rulebook()
    book.memo_limit = 0
    book.memo.clear()
    cold = []
    for _ in range(5):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < 1.0:
            for r in parsed:
                screen_data(r)
            count += len(parsed)
        cold.append(count / (time.perf_counter() - start))
    extra["cold"] = statistics.median(cold)
print(json.dumps({"full": statistics.median(rates), **extra}))
"""


def candidate_requests() -> list[dict[str, Any]]:
    import yaml

    found: list[dict[str, Any]] = []
    for path in sorted((SHARED / "scenarios").glob("*.json")):
        case = json.loads(path.read_text())
        if "expect_error" not in case:
            found.append(case["request"])
    for path in sorted((REPO / "tests" / "scenarios").glob("*/*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if "expect_error" not in case:
                found.append({"schema_version": "1", **_plain(case["request"])})
    mix = []
    for request in found:
        mix += [request, {**request, "language": "fr"}, {**request, "as_of": "2024-10-02"}]
    return mix


def _plain(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def accepted_by(checkout: Path, bodies: list[str]) -> list[bool]:
    script = (
        _OWN_CODE_ONLY + "import json\nfrom streams.engine import parse_request, RequestError\n"
        "out = []\nfor b in json.load(open(sys.argv[1])):\n"
        "    try:\n        parse_request(b); out.append(True)\n    except RequestError:\n        out.append(False)\n"
        "print(json.dumps(out))\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(bodies, handle)
    run = subprocess.run([sys.executable, "-c", script, handle.name], cwd=checkout, capture_output=True,
                         text=True, check=True)
    return json.loads(run.stdout)


def extract_baseline(into: Path) -> Path | None:
    target = into / "baseline"
    target.mkdir()
    archive = subprocess.run(["git", "archive", BASELINE], cwd=REPO, capture_output=True, check=False)
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def cli_rates(checkouts: list[Path], files: list[Path]) -> list[tuple[float, float]]:
    """Each checkout's screenings per second over ``files`` and its start-up (a one-file run), runs
    taken in turn (one of each checkout, then again), so that a machine slowing down or speeding up
    during the measurement weighs on every checkout alike."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.local"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)

    def run(checkout: Path, paths: list[Path]) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _MANAGE, "screen", "--jsonl", *map(str, paths)], cwd=checkout, env=env,
                       stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start

    # Medians of 5: a batch's screening is about a second, so the noise of a start-up (a few tenths
    # on a shared machine) would swing the figure by a third with fewer runs.
    startups: list[list[float]] = [[] for _ in checkouts]
    totals: list[list[float]] = [[] for _ in checkouts]
    for _ in range(CLI_RUNS):
        for index, checkout in enumerate(checkouts):
            startups[index].append(run(checkout, files[:1]))
            totals[index].append(run(checkout, files))
    rates = []
    for startup_runs, total_runs in zip(startups, totals, strict=True):
        startup, total = statistics.median(startup_runs), statistics.median(total_runs)
        rates.append(((len(files) - 1) / max(total - startup, 1e-9), startup))
    return rates


def engine_rates(checkout: Path, bodies: list[str]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(bodies, handle)
    run = subprocess.run([sys.executable, "-c", _ENGINE_PROBE, handle.name], cwd=checkout, capture_output=True,
                         text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"the engine probe failed in {checkout}:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = extract_baseline(folder)
        if baseline is None:
            print(f"Versus {BASELINE}: not run, the commit is not in this clone's history (fetch it to compare).")
            return
        bodies = [json.dumps(r) for r in candidate_requests()]
        both = [b for b, old, new in zip(bodies, accepted_by(baseline, bodies), accepted_by(REPO, bodies), strict=True)
                if old and new]
        files = []
        for index in range(BATCH):
            path = folder / "requests" / f"{index:05d}.json"
            path.parent.mkdir(exist_ok=True)
            path.write_text(both[index % len(both)])
            files.append(path)
        old_engine, new_engine = engine_rates(baseline, both), engine_rates(REPO, both)
        (old_cli, old_start), (new_cli, new_start) = cli_rates([baseline, REPO], files)
    print(f"This checkout against {BASELINE}, same machine, same {len(both)} requests "
          f"(samples and scenario requests both versions accept):")
    print("  In-process engine, full screenings/s (validated request -> result JSON object), median of 5:")
    print(f"    {BASELINE}: {old_engine['full']:8.0f}   this checkout: {new_engine['full']:8.0f}   "
          f"ratio {new_engine['full'] / old_engine['full']:.2f}  target >= {ENGINE_TARGET}")
    if "decisions" in new_engine:
        print("    this checkout, decisions only (evaluate(), text made when read): "
              f"{new_engine['decisions']:8.0f}/s   "
              f"ratio {new_engine['decisions'] / old_engine['full']:.2f}")
    if "cold" in new_engine:
        print("    this checkout, every request new (its memo of stream screenings off): "
              f"{new_engine['cold']:8.0f}/s   ratio {new_engine['cold'] / old_engine['full']:.2f}")
    print(f"  Command line, manage.py screen --jsonl over {BATCH} files (start-up subtracted), median of {CLI_RUNS}:")
    print(f"    {BASELINE}: {old_cli:8.0f}/s (start-up {old_start:.2f} s)   this checkout: {new_cli:8.0f}/s "
          f"(start-up {new_start:.2f} s)   ratio {new_cli / old_cli:.2f}  target >= {CLI_TARGET}")


if __name__ == "__main__":
    main()
