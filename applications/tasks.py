"""Celery tasks: thin wrappers that take an id and call a service."""

from celery import shared_task

MAX_RETRIES = 3


@shared_task(bind=True, name="applications.job_run", max_retries=MAX_RETRIES, acks_late=True)
def job_run(self, job_id: str) -> None:  # type: ignore[no-untyped-def]
    from applications.services import job_execute, job_fail

    try:
        job_execute(job_id)
    except Exception as exc:
        if self.request.retries >= MAX_RETRIES:
            job_fail(job_id, str(exc))
            return
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc


@shared_task(name="applications.jobs_requeue_pending")
def jobs_requeue_pending() -> int:
    from applications.services import jobs_requeue_pending as requeue

    return requeue()
