"""Co-building projects (共建项目): started from an accepted claim with the agreement, progress
reports, completion and the community's rating."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.cobuilding import permissions as perms
from yipanqi.cobuilding.actions._common import PROJECT_FLOW, refuse
from yipanqi.cobuilding.choices import ProjectStatus
from yipanqi.cobuilding.models import ProgressReport, Project
from yipanqi.core import audit
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, user_of


@transaction.atomic
def project_begin(*, project: Project, actor: Actor) -> Project:
    project = lock(project)
    require_permission(actor, perms.is_party, project)
    step = PROJECT_FLOW.begin(project, actor=actor)
    step.move(ProjectStatus.IN_PROGRESS)
    step.finish("begun")
    return project


@transaction.atomic
def project_report(
    *, project: Project, note: str, actor: Actor, on: datetime.date | None = None
) -> ProgressReport:
    project = lock(project)
    require_permission(actor, perms.is_party, project)
    if project.status != ProjectStatus.IN_PROGRESS:
        raise refuse(_("Progress is reported while a project is in progress."), "not_in_progress")
    report = ProgressReport.objects.create(
        project=project,
        reported_on=on or timezone.localdate(),
        note=text(note, "note", 500),
        reported_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action="cobuilding.project.reported",
        target=project,
        changes=created(report, "reported_on", "note"),
    )
    return report


@transaction.atomic
def project_complete(*, project: Project, actor: Actor) -> Project:
    project = lock(project)
    require_permission(actor, perms.is_party, project)
    step = PROJECT_FLOW.begin(project, actor=actor)
    step.move(ProjectStatus.COMPLETED)
    step.set(completed_at=timezone.now())
    step.finish("completed")
    return project


@transaction.atomic
def project_rate(*, project: Project, rating: int, comment: str, actor: Actor) -> Project:
    """The community rates a completed project (社区评价), 1 to 5."""
    project = lock(project)
    require_permission(actor, perms.can_rate, project)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise refuse(_("Give a rating from 1 to 5."), "bad_rating", "rating")
    step = PROJECT_FLOW.begin(project, actor=actor)
    step.move(ProjectStatus.RATED)
    step.set(
        rating=rating,
        rating_comment=text(comment, "comment", 500, required=False),
        rated_by=user_of(actor),
    )
    step.finish("rated")
    return project


@transaction.atomic
def project_cancel(*, project: Project, actor: Actor) -> Project:
    project = lock(project)
    require_permission(actor, perms.is_party, project)
    step = PROJECT_FLOW.begin(project, actor=actor)
    step.move(ProjectStatus.CANCELLED)
    step.finish("cancelled")
    return project
