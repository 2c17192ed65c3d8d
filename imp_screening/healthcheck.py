"""Container health check (Dockerfile HEALTHCHECK, compose): GET /healthz on the local gunicorn.

Exits 0 when it answers 200, 1 otherwise. The request is sent as the TLS-terminating proxy would
send it: to the first of DJANGO_ALLOWED_HOSTS, with X-Forwarded-Proto: https, or production's HTTPS
redirect would answer 301 and a host not allowed 400. Imports nothing from Django: it runs every
30 seconds. PORT: gunicorn's port (8000, the image's).
"""

from __future__ import annotations

import http.client
import os
import sys


def _host() -> str:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0].lstrip(".") if hosts else "localhost"  # ".example.org" allows example.org
    return "localhost" if host == "*" else host


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={"Host": _host(), "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"unhealthy: /healthz answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
