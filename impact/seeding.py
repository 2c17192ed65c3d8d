"""Synthetic client files in bulk (``manage.py seed_demo``), with their decisions recorded as of a
chosen day: files as a firm would have them before a rule change, for demonstrations and the
benchmark. Written with bulk inserts, in batches; the screening is spread over the machine's cores."""

from __future__ import annotations

import multiprocessing
import os
import random
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils import timezone

from applications.models import AuditEvent, ClientFile, Firm, Membership
from impact.bulk import copy_insert
from impact.demo import synthetic_files
from impact.models import FileDecision
from impact.services import rulebook_version
from streams.engine import evaluate, parse_request
from streams.engine.decisions import decisions

BATCH = 5000
CONSULTANTS = 3
_STATUSES = [ClientFile.Status.INTAKE, ClientFile.Status.SCREENING, ClientFile.Status.SCREENING,
             ClientFile.Status.DOCUMENTS, ClientFile.Status.SUBMITTED]


@dataclass
class Seeded:
    firm: Firm
    files: int
    consultants: list[str]


def _decide(item: tuple[bytes, str]) -> dict[str, Any]:
    body, day = item
    return decisions(evaluate(parse_request(body, today=date.fromisoformat(day))))["streams"]


@contextmanager
def _screeners(count: int) -> Iterator[Any]:
    """A pool of processes screening batches (forked: they share the loaded rulebook), or this
    process alone for a few files."""
    workers = min(os.cpu_count() or 1, 8)
    if count < 2000 or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield lambda f, items: list(map(f, items))
        return
    rulebook_version()  # load the rules once, before forking
    connections.close_all()  # no database connection crosses the fork
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield lambda f, items: pool.map(f, items, chunksize=250)


def demo_consultants(firm: Firm) -> list[Any]:
    """The firm's consultants with an email address; demo ones are added when it has too few."""
    users = [m.user for m in Membership.objects.filter(firm=firm).exclude(user__email="").select_related("user")]
    model = get_user_model()
    for n in range(len(users) + 1, CONSULTANTS + 1):
        username = f"demo-{firm.pk}-{n}"
        user, created = model.objects.get_or_create(username=username,
                                                    defaults={"email": f"{username}@example.org"})
        if created:
            user.set_unusable_password()  # set one with manage.py changepassword to sign in
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, defaults={"firm": firm})
        users.append(user)
    return users


def demo_files_seed(*, firm_name: str, count: int, as_of: date, seed: int = 13) -> Seeded:
    firm = Firm.objects.filter(name=firm_name).order_by("pk").first() or Firm.objects.create(name=firm_name)
    consultants = demo_consultants(firm)
    version, rng, made = rulebook_version(), random.Random(seed), 0
    files = synthetic_files(count, seed=seed)
    day = as_of.isoformat()

    def batches() -> Iterator[list[tuple[str, str, dict[str, Any]]]]:
        left = count
        while left > 0:
            yield [next(files) for _ in range(min(BATCH, left))]
            left -= BATCH

    with _screeners(count) as screen:
        # The next batch is screened (by the pool) while this one is written.
        ahead: deque[tuple[list[tuple[str, str, dict[str, Any]]], Iterable[dict[str, Any]]]] = deque()
        for batch in batches():
            ahead.append((batch, screen(_decide, [(orjson.dumps({"schema_version": "1", **facts}), day)
                                                  for _, _, facts in batch])))
            if len(ahead) > 1:
                made += _write(firm, consultants, *ahead.popleft(), version=version, as_of=as_of, rng=rng,
                               offset=made)
        while ahead:
            made += _write(firm, consultants, *ahead.popleft(), version=version, as_of=as_of, rng=rng, offset=made)
    return Seeded(firm, made, [u.get_username() for u in consultants])


def _write(firm: Firm, consultants: list[Any], batch: list[tuple[str, str, dict[str, Any]]],
           decided: Iterable[dict[str, Any]], *, version: str, as_of: date, rng: random.Random, offset: int) -> int:
    now = timezone.now()
    with transaction.atomic():
        rows = copy_insert([
            ClientFile(firm=firm, client_name=name, request=facts, status=rng.choice(_STATUSES),
                       created_by=consultants[(offset + i) % len(consultants)])
            for i, (_, name, facts) in enumerate(batch)], with_ids=True)
        copy_insert([AuditEvent(client_file=row, actor=row.created_by, action="created",
                                details={"client_name": row.client_name, "seeded": True}) for row in rows])
        copy_insert([FileDecision(client_file=row, decisions=streams, rulebook_version=version, as_of=as_of,
                                  decided_at=now) for row, streams in zip(rows, decided, strict=True)])
    return len(batch)
