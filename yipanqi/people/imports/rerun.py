"""A stuck import is run again (issue 18): when the worker that held a job died (killed,
restarted, out of memory), the job stays "checking" or "importing" and its progress stops. After
STUCK_AFTER without progress the people who may import into the community can run it again: a
check starts over from the file; an import is queued again (it writes all rows in one
transaction, so a dead worker left nothing half-written, and `import_commit` runs only while the
job is still "importing")."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.people.choices import ImportStatus
from yipanqi.people.imports.jobs import can_import_into
from yipanqi.people.models import ImportJob

STUCK_AFTER = datetime.timedelta(minutes=15)
CHECKING = (ImportStatus.UPLOADED, ImportStatus.VALIDATING)


def is_stuck(job: ImportJob, now: datetime.datetime | None = None) -> bool:
    """Checking or importing, and no progress saved for STUCK_AFTER."""
    running = job.status in (*CHECKING, ImportStatus.COMMITTING)
    return running and (now or timezone.now()) - job.updated_at >= STUCK_AFTER


@transaction.atomic
def import_rerun(*, job: ImportJob, actor: Any, enqueue: bool = True) -> ImportJob:
    """重新运行: queue a stuck job's work again; 409 `not_stuck` for a job that is moving."""
    job = ImportJob.objects.select_for_update().select_related("community").get(pk=job.pk)
    if not can_import_into(actor, job.community):
        raise Forbidden()
    if not is_stuck(job):
        raise Conflict(_("This import is not stuck; wait for it to finish."), code="not_stuck")
    before = job.status
    if job.status in CHECKING:
        job.status = ImportStatus.UPLOADED  # the check starts over from the stored file
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    audit.record(
        actor=actor,
        action="people.import.rerun",
        target=job,
        changes={"status": [before, job.status]} if before != job.status else {},
        data={"stalled_since": job.updated_at.isoformat()},
    )
    if enqueue:
        transaction.on_commit(lambda: _enqueue(job, actor))
    return job


def _enqueue(job: ImportJob, actor: Any) -> None:
    from yipanqi.people.tasks import commit_import, validate_import

    if job.status == ImportStatus.COMMITTING:
        commit_import.enqueue(job_id=job.pk, actor_id=actor.pk)
    else:
        validate_import.enqueue(job_id=job.pk)
