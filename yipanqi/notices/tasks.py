"""Background work of notices (django-tasks; run `yipanqi db_worker`): a large notice's
delivery. Tasks carry ids only."""

from django_tasks import task


@task()
def deliver_notice(notice_id: int) -> str:
    """Write the receipt and inbox rows of a notice being sent, in batches (发送进度)."""
    from yipanqi.notices.actions.notices import deliver_by_worker

    return deliver_by_worker(notice_id)
