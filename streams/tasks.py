from celery import shared_task


@shared_task(name="streams.purge_expired_answers")
def purge_expired_answers() -> int:
    """Delete saved answers older than the retention period (scheduled daily by Celery beat)."""
    from streams.web.services import answers_purge_expired

    return answers_purge_expired()
