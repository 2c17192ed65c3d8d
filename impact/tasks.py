"""Celery tasks: thin wrappers that take an id and call a service."""

from celery import shared_task

MAX_RETRIES = 3


# acks_late with reject_on_worker_lost: a chunk whose worker process dies is delivered again; the
# chunk's lock and status make a second delivery harmless.
@shared_task(bind=True, name="impact.chunk_run", max_retries=MAX_RETRIES, acks_late=True, reject_on_worker_lost=True)
def chunk_run(self, chunk_id: int) -> None:  # type: ignore[no-untyped-def]
    from impact.services import impact_chunk_execute, impact_chunk_fail

    try:
        impact_chunk_execute(chunk_id)
    except Exception as exc:
        if self.request.retries >= MAX_RETRIES:
            impact_chunk_fail(chunk_id, str(exc))
            return
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc


@shared_task(bind=True, name="impact.run_notify", max_retries=MAX_RETRIES, acks_late=True)
def run_notify(self, run_id: int) -> int:  # type: ignore[no-untyped-def]
    from impact.services import run_notify as notify

    try:
        return notify(run_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=30 * 2 ** self.request.retries) from exc


@shared_task(name="impact.chunks_requeue_pending")
def chunks_requeue_pending() -> int:
    """The sweep: chunks no worker holds, and emails not sent, queued again."""
    from impact.services import chunks_requeue_pending as requeue
    from impact.services import runs_notify_pending

    return requeue() + runs_notify_pending()


@shared_task(name="impact.run_for_new_rules")
def run_for_new_rules() -> int | None:
    from impact.services import impact_run_for_new_rules

    run = impact_run_for_new_rules()
    return run.pk if run else None
