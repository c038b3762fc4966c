from celery import shared_task

from . import conf, services


@shared_task
def retention_run(after_pk: int = 0) -> int:
    """Daily (beat): anonymise the cases past the retention period. A run that has more to do
    than fits in its time queues itself to go on after the last case it reached."""
    run = services.retention_run(after_pk=after_pk, seconds=conf.run_seconds())
    if not run.finished:
        retention_run.delay(after_pk=run.last_pk)
    return run.anonymised
