"""Background work of reports (django-tasks; run `yipanqi db_worker`). Tasks carry ids only."""

from django_tasks import task


@task()
def build_report(report_id: int) -> str:
    """Compute a report's figures and write its file, saving progress as it goes (生成进度)."""
    from yipanqi.reports.actions import report_build

    return report_build(report_id=report_id).status
