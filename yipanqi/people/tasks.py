"""Background work of the people registry (django-tasks; run `yipanqi db_worker`).

Tasks carry ids only, never personal data, and each calls one function of `people.imports`.
Those functions record their own failures on the job, so a task result never holds a traceback
with file contents in it.
"""

from django_tasks import task

from yipanqi.people import imports


@task()
def validate_import(job_id: int) -> str:
    """Check every row of an uploaded file (校验) and record the report on the job."""
    return imports.import_validate(job_id=job_id).status


@task()
def commit_import(job_id: int, actor_id: int) -> str:
    """Write a checked file into the registry in one transaction (导入)."""
    return imports.import_commit(job_id=job_id, actor_id=actor_id).status
