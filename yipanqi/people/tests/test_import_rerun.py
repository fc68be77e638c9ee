"""A stuck import can be run again (issue 18): a job whose worker died stays "checking" or
"importing" without progress; after 15 minutes the community's importers run it again and it
finishes, writing every row once; a job that is moving, or someone else's, is refused."""

import datetime

import pytest

from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.core.models import AuditEvent
from yipanqi.people import imports
from yipanqi.people.choices import ImportStatus
from yipanqi.people.models import ImportJob, Person
from yipanqi.people.tests.test_imports import (  # noqa: F401  (fixtures)
    checked,
    csv_bytes,
    io_urls,
    media_root,
    resident,
    upload,
)

pytestmark = pytest.mark.django_db


def _stall(job: ImportJob, status: str, minutes: int = 20) -> ImportJob:
    """As a worker killed mid-way leaves it: the status it had, progress long unsaved."""
    since = job.updated_at - datetime.timedelta(minutes=minutes)
    ImportJob.objects.filter(pk=job.pk).update(status=status, updated_at=since, processed_rows=7)
    return ImportJob.objects.get(pk=job.pk)


def _rows(district, n: int = 3) -> list[dict]:
    return [resident(i, district.grids[0]) for i in range(n)]


def test_a_check_that_died_starts_over_and_finishes(district):
    actor = district.personas["community_admin_a1"]
    job = imports.import_upload(community=district.communities[0],
                                file=upload(csv_bytes(_rows(district))), actor=actor,
                                enqueue=False)  # fmt: skip
    job = _stall(job, ImportStatus.VALIDATING)
    assert imports.is_stuck(job)
    job = imports.import_rerun(job=job, actor=actor, enqueue=False)
    assert job.status == ImportStatus.UPLOADED and job.processed_rows == 0
    assert imports.import_validate(job_id=job.pk).status == ImportStatus.VALID
    event = AuditEvent.objects.get(action="people.import.rerun")
    assert event.changes == {"status": [ImportStatus.VALIDATING, ImportStatus.UPLOADED]}


def test_an_import_that_died_is_queued_again_and_writes_each_row_once(district):
    actor = district.personas["community_admin_a1"]
    job = checked(district, _rows(district, 4))
    imports.import_commit_request(job=job, actor=actor, enqueue=False)
    job = _stall(ImportJob.objects.get(pk=job.pk), ImportStatus.COMMITTING)
    imports.import_rerun(job=job, actor=actor, enqueue=False)
    done = imports.import_commit(job_id=job.pk, actor_id=actor.pk)
    assert done.status == ImportStatus.COMMITTED and done.created_count == 4
    assert Person.objects.count() == 4
    again = imports.import_commit(job_id=job.pk, actor_id=actor.pk)  # a late duplicate task
    assert again.status == ImportStatus.COMMITTED and Person.objects.count() == 4


def test_a_moving_job_and_a_stranger_are_refused(district):
    actor = district.personas["community_admin_a1"]
    job = imports.import_upload(community=district.communities[0],
                                file=upload(csv_bytes(_rows(district))), actor=actor,
                                enqueue=False)  # fmt: skip
    with pytest.raises(Conflict) as moving:
        imports.import_rerun(job=job, actor=actor, enqueue=False)
    assert moving.value.code == "not_stuck"
    job = _stall(job, ImportStatus.VALIDATING)
    with pytest.raises(Forbidden):
        imports.import_rerun(job=job, actor=district.personas["community_admin_b1"], enqueue=False)


def test_the_job_page_offers_to_run_a_stuck_job_again(district, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    actor = district.personas["community_admin_a1"]
    job = imports.import_upload(community=district.communities[0],
                                file=upload(csv_bytes(_rows(district))), actor=actor,
                                enqueue=False)  # fmt: skip
    client.force_login(actor)
    assert "重新运行" not in client.get(f"/people/import/{job.pk}/").content.decode()
    _stall(job, ImportStatus.VALIDATING)
    assert "重新运行" in client.get(f"/people/import/{job.pk}/").content.decode()
    assert client.post(f"/people/import/{job.pk}/rerun/").status_code == 302
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.UPLOADED
