"""Celery tasks: thin wrappers that take an id and call a service."""

from math import ceil

from celery import shared_task

MAX_RETRIES = 3


# acks_late + reject_on_worker_lost: the message is acknowledged only once the task has ended, and
# given back to the queue when the pool process running it dies; the job row's lease does the rest.
@shared_task(bind=True, name="applications.job_run", max_retries=MAX_RETRIES, acks_late=True,
             reject_on_worker_lost=True)
def job_run(self, job_id: str) -> None:  # type: ignore[no-untyped-def]
    from applications.services import JobLeased, job_enqueue, job_execute, job_fail

    try:
        job_execute(job_id)
    except JobLeased as busy:
        # Another worker holds the job: look again when its lease ends (the job is done by then, or
        # its worker was lost). Eagerly (tests, no broker) the periodic sweep does it instead.
        if not self.request.is_eager:
            job_enqueue(job_id, countdown=ceil(busy.seconds) + 1)
    except Exception as exc:
        if self.request.retries >= MAX_RETRIES:
            job_fail(job_id, str(exc))
            return
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc


@shared_task(name="applications.jobs_requeue_pending")
def jobs_requeue_pending() -> int:
    """Every minute (beat): jobs whose worker was lost, and jobs requested while the broker was down."""
    from applications.services import jobs_recover
    from applications.services import jobs_requeue_pending as requeue

    return jobs_recover() + requeue()


@shared_task(name="applications.client_files_purge_closed")
def client_files_purge_closed() -> int:
    """Daily (beat, at a set time): erase the files closed longer ago than the retention period."""
    from applications.services import client_files_purge_closed as purge

    return purge()
