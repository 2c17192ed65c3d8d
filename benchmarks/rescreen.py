"""Benchmark: bulk re-screening of stored client files (prints figures, asserts nothing).

For each size (100,000 files by default): a fresh PostgreSQL database, ``seed_demo`` (decisions
recorded as of 2025-01-20), then ``rescreen --all`` as of today on a Celery worker with two
processes on the Redis broker. Printed beside each other:

- the re-screen's files per second, from the run's own start and finish times;
- the bare engine's screenings per second on the same files in the same run (facts JSON ->
  validated request -> decisions, no text, no database), one process and two processes;
- the peak resident memory of the worker's processes (``VmHWM``), to compare between sizes;
- the CPU time the worker's processes spent per file beside the engine's per screening (less
  sensitive than rates to other work on the machine).

Targets (issue 13): 100,000 files in at most 120 s, and at least a third of the engine's rate
with the same two processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_screening REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python benchmarks/rescreen.py [--files 20000,100000] [--as-of 2026-12-01]

The database used is DATABASE_URL's name with ``_bench_rescreen`` added: it is dropped and made
again. The Redis database of REDIS_URL is emptied.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SECONDS_TARGET = 120.0
RATIO_TARGET = 1 / 3
ENGINE_SAMPLE = 4000


def bench_database_url(url: str) -> str:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server")
    return urlunparse(parsed._replace(path=parsed.path.rstrip("/") + "_bench_rescreen"))


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def _screen_all(bodies: list[bytes]) -> int:
    from datetime import date

    from streams.engine import evaluate, parse_request
    from streams.engine.decisions import decisions

    today = date.fromisoformat(os.environ["BENCH_AS_OF"])
    for body in bodies:
        decisions(evaluate(parse_request(body, today=today)))
    return len(bodies)


def engine_rates(env: dict[str, str], as_of: str) -> tuple[float, float, float]:
    """Screenings per second of the bare engine on a sample of the stored files: one process,
    then two processes at once; and CPU milliseconds per screening."""
    import orjson
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as connection:
        rows = connection.execute("SELECT request::text FROM applications_clientfile ORDER BY id LIMIT %s",
                                  [ENGINE_SAMPLE]).fetchall()
    bodies = [orjson.dumps({"schema_version": "1", **orjson.loads(text)}) for (text,) in rows]
    os.environ["BENCH_AS_OF"] = as_of
    _screen_all(bodies[:200])  # load the rulebook and warm its caches
    start, cpu = time.perf_counter(), time.process_time()
    _screen_all(bodies)
    one = len(bodies) / (time.perf_counter() - start)
    cpu_ms = (time.process_time() - cpu) * 1000 / len(bodies)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_screen_all, [bodies[:100], bodies[:100]])  # warm both
        start = time.perf_counter()
        count = sum(pool.map(_screen_all, [bodies, bodies]))
        two = count / (time.perf_counter() - start)
    return one, two, cpu_ms


def family(pid: int) -> list[int]:
    try:
        return [pid] + [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return [pid]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            continue
    return total


def peak_memory_kb(pid: int) -> dict[int, int]:
    """VmHWM of a process and its children (the pool's processes)."""
    found = {}
    for p in family(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    found[p] = int(line.split()[1])
        except OSError:
            continue
    return found


def one_size(files: int, as_of: str, base_env: dict[str, str]) -> dict[str, float]:
    import redis

    env = {**base_env}
    recreate_database(env["DATABASE_URL"])
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    manage(env, "migrate", "--noinput", "-v", "0")
    start = time.perf_counter()
    manage(env, "seed_demo", "--files", str(files), "--json")
    seed_seconds = time.perf_counter() - start
    one, two_before, cpu_ms = engine_rates(env, as_of)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "imp_screening", "worker", "--concurrency=2", "--pool=prefork",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)  # the worker connects
        pool = [p for p in family(worker.pid) if p != worker.pid]
        cpu_before = cpu_seconds(pool)
        start = time.perf_counter()
        out = manage(env, "rescreen", "--all", "--as-of", as_of, "--json")
        wall = time.perf_counter() - start
        figures = json.loads(out.strip().splitlines()[-1])
        worker_cpu_ms = (cpu_seconds(pool) - cpu_before) * 1000 / figures["files"]
        memory = peak_memory_kb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    _, two_after, _ = engine_rates(env, as_of)
    two = (two_before + two_after) / 2
    # The engine's own share of the run: decisions for every file (a changed file adds only the text
    # of its changed criteria; its full result is made when the impact is opened).
    engine_seconds = figures["files"] / two
    rate = figures["files"] / figures["seconds"]
    children = [kb for pid, kb in memory.items() if pid != worker.pid]
    print(f"\n{files:,} files (seeded in {seed_seconds:.0f} s), re-screened as of {as_of}:")
    print(f"  run: {figures['seconds']:.1f} s (command {wall:.1f} s), {figures['screened']:,} screened, "
          f"{figures['changed']:,} changed, by stream {figures['by_stream']}")
    print(f"  re-screen, 2 worker processes:   {rate:8.0f} files/s    target: {files:,} in <= {SECONDS_TARGET:.0f} s "
          f"({'met' if figures['seconds'] <= SECONDS_TARGET else 'NOT met'})")
    print(f"  bare engine, 1 process:           {one:8.0f} screenings/s")
    print(f"  bare engine, 2 processes:         {two:8.0f} screenings/s   (before {two_before:.0f}, after "
          f"{two_after:.0f})   re-screen/engine = {rate / two:.2f} "
          f"(target >= {RATIO_TARGET:.2f}: {'met' if rate / two >= RATIO_TARGET else 'NOT met'})")
    print(f"  engine work in this run (decisions for every file): {engine_seconds:.1f} s on 2 processes, "
          f"{engine_seconds / figures['seconds']:.0%} of the run's {figures['seconds']:.1f} s")
    print(f"  CPU per file: worker processes {worker_cpu_ms:.2f} ms (the database's own work not counted), "
          f"bare engine {cpu_ms:.2f} ms; load average now {os.getloadavg()[0]:.2f}")
    print(f"  worker peak memory (VmHWM): pool processes {', '.join(f'{kb / 1024:.0f} MB' for kb in children)}; "
          f"main {memory.get(worker.pid, 0) / 1024:.0f} MB")
    return {"files": files, "seconds": figures["seconds"], "rate": rate, "engine_two": two,
            "peak_mb": max(children or [0]) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", default="100000", help="comma-separated sizes (e.g. 20000,100000)")
    parser.add_argument("--as-of", default=None, help="re-screen as of this day (default today)")
    args = parser.parse_args()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    as_of = args.as_of or datetime.now(ZoneInfo("America/Toronto")).date().isoformat()  # the project's TIME_ZONE
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit("set DATABASE_URL (a PostgreSQL server) and REDIS_URL")
    env = {**os.environ, "DATABASE_URL": bench_database_url(os.environ["DATABASE_URL"]),
           "DJANGO_SETTINGS_MODULE": "imp_screening.settings.local", "DJANGO_DEBUG": "false",
           "DJANGO_LOG_LEVEL": "WARNING", "EMAIL_URL": "dummymail://", "PYTHONPATH": str(REPO)}
    load = os.getloadavg()
    print(f"Bulk re-screening benchmark, {os.cpu_count()} cores, load average before {load[0]:.2f}")
    results = [one_size(int(n), as_of, env) for n in args.files.split(",")]
    if len(results) > 1:
        print("\nMemory against size: " + ", ".join(f"{r['files']:,} files -> {r['peak_mb']:.0f} MB" for r in results))


if __name__ == "__main__":
    main()
