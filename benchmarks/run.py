"""Benchmark: prints figures, asserts nothing (targets are printed beside the figures).

1. Engine throughput in-process, one core: full screenings per second over a mix of requests
   (the shared samples plus variations, every stream), with and without request parsing.
2. API latency: median and 99th percentile of ``POST /api/v1/screen`` beside ``GET /healthz`` on
   the same server (gunicorn, one sync worker, loopback only), and their ratio.

Run with ``make bench``.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
sys.path.insert(0, str(REPO))

ENGINE_TARGET = 5000  # full screenings per second per core
LATENCY_TARGET = 1.5  # screen p50 / healthz p50


def requests_mix() -> list[str]:
    """Shared sample requests, each also with French and an earlier as_of: every stream, varied facts."""
    mix = []
    for path in sorted((SHARED / "scenarios").glob("*.json")):
        case = json.loads(path.read_text())
        if "expect_error" in case:
            continue
        request = case["request"]
        mix.append(request)
        mix.append({**request, "language": "fr"})
        mix.append({**request, "as_of": "2024-10-02"})
    return [json.dumps(r) for r in mix]


def engine_throughput(bodies: list[str], seconds: float = 1.0, runs: int = 5) -> tuple[float, float, int]:
    """Median over ``runs`` timed runs (this machine is a shared VM: single runs are noisy)."""
    from streams.engine import parse_request, screen_data

    parsed = [parse_request(b) for b in bodies]
    for request in parsed:  # warm the per-date plans and parameter caches
        screen_data(request)
    streams = {s["stream"] for s in screen_data(parsed[0])["streams"]}

    def rate(work: Any) -> float:
        rates = []
        for _ in range(runs):
            count, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                for item in work[0]:
                    work[1](item)
                count += len(work[0])
            rates.append(count / (time.perf_counter() - start))
        return statistics.median(rates)

    without_parse = rate((parsed, screen_data))
    with_parse = rate((bodies, lambda body: screen_data(parse_request(body))))
    return without_parse, with_parse, len(streams)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latency(port: int, method: str, path: str, bodies: list[str] | None, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times = []
    headers = {"Content-Type": "application/json"}
    for i in range(count):
        body = bodies[i % len(bodies)] if bodies else None
        start = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - start)
        if response.status != 200:
            raise SystemExit(f"{method} {path} answered {response.status}")
    connection.close()
    return times


def api_latency(bodies: list[str], count: int = 2000) -> dict[str, float]:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "imp_screening.settings.local",
           "API_SCREEN_THROTTLE": "100000000/min", "API_ANON_THROTTLE": "100000000/min",
           "DJANGO_DEBUG": "false", "DJANGO_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "imp_screening.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--keep-alive", "30", "--log-level", "warning",
         "--env", "DJANGO_SETTINGS_MODULE=imp_screening.settings.local"],
        cwd=REPO, env=env,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                latency(port, "GET", "/healthz", None, 1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        latency(port, "POST", "/api/v1/screen", bodies, 200)  # warm-up
        trivial = latency(port, "GET", "/healthz", None, count)
        screen = latency(port, "POST", "/api/v1/screen", bodies, count)
    finally:
        server.terminate()
        server.wait(timeout=10)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {
        "healthz_p50": statistics.median(trivial) * 1000, "healthz_p99": pct(trivial, 0.99),
        "screen_p50": statistics.median(screen) * 1000, "screen_p99": pct(screen, 0.99),
    }


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imp_screening.settings.local")
    django.setup()
    bodies = requests_mix()
    without_parse, with_parse, streams = engine_throughput(bodies)
    print(f"Engine, one core, {len(bodies)} requests in the mix, {streams} streams each (median of 5 runs):")
    print(f"  screenings/s (validated request -> result JSON): {without_parse:8.0f}  target >= {ENGINE_TARGET}")
    print(f"  screenings/s (JSON text -> result JSON):         {with_parse:8.0f}")
    figures = api_latency(bodies)
    ratio = figures["screen_p50"] / figures["healthz_p50"]
    print("API on gunicorn (1 sync worker, loopback, keep-alive), 2000 requests each:")
    print(f"  GET  /healthz        p50 {figures['healthz_p50']:6.2f} ms   p99 {figures['healthz_p99']:6.2f} ms")
    print(f"  POST /api/v1/screen  p50 {figures['screen_p50']:6.2f} ms   p99 {figures['screen_p99']:6.2f} ms")
    print(f"  ratio p50 screen/healthz: {ratio:.2f}  target <= {LATENCY_TARGET}")
    print(f"  ratio p99 screen/healthz: {figures['screen_p99'] / figures['healthz_p99']:.2f}")


if __name__ == "__main__":
    main()
