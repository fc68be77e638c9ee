"""Officers' pages: an officer's own targets with their plan and this month's visits, one target
with its log and the work log form (phone first), and the leaders' visual board."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from yipanqi.core import uploads
from yipanqi.core.pages import found, paginate, submit
from yipanqi.officers import actions, selectors
from yipanqi.officers import permissions as perms
from yipanqi.officers.forms import WorkLogForm
from yipanqi.officers.models import READERS
from yipanqi.organisations.permissions import roles_of


@login_required
def mine(request):
    """我的联系对象: the officer's active targets with their plan."""
    rows = selectors.my_assignments(user=request.user, today=timezone.localdate())
    return render(request, "officers/mine.html", {"assignments": rows})


@login_required
@uploads.max_body_size(uploads.body_limit(files=actions.MAX_PHOTOS))
def assignment_detail(request, assignment_id: int):
    assignment = found(selectors.assignment_get, user=request.user, assignment_id=assignment_id)
    can_log = perms.can_log(request.user, assignment) and assignment.status == "active"
    posted = request.method == "POST"
    form = WorkLogForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST":
        if not can_log:
            raise PermissionDenied

        def record(d):
            return actions.worklog_record(assignment=assignment, actor=request.user, **d)

        # back to the page, scrolled to the log (on a phone the form fills the screen)
        done = submit(request, form, record, lambda _log: assignment.get_absolute_url() + "#logs")
        if done is not None:
            return done
    logs = paginate(request, selectors.worklog_rows(user=request.user, assignment=assignment), 20)
    context = {
        "a": assignment,
        "form": form if can_log else None,
        "page_obj": logs,
        "can_manage": perms.can_manage(request.user, assignment),
    }
    return render(request, "officers/assignment_detail.html", context)


@login_required
def photo_show(request, photo_id: int):
    """A visit photo, only through a work log the user reaches (missing and out of scope answer
    the same 404), always as an attachment; re-encoded on upload (core.uploads)."""
    return uploads.served(
        selectors.photo_get, actions.PHOTO_FOLDER, _photo_name, user=request.user, photo_id=photo_id
    )


def _photo_name(photo) -> str:
    return f"worklog-{photo.log_id}-photo-{photo.pk}.{uploads.extension(photo.content_type)}"


@login_required
def board(request):
    """五大员可视化: coverage and issues by role, layer and town for the reader's area."""
    if not roles_of(request.user) & READERS:
        raise PermissionDenied
    data = selectors.board(user=request.user, today=timezone.localdate())
    charts = {"role": _chart(data.by_role), "layer": _chart(data.by_layer)}
    return render(request, "officers/board.html", {"board": data, "charts": charts})


def _chart(rows) -> list[dict]:
    return [{"name": c.label, "assigned": c.assigned, "visited": c.visited, "overdue": c.overdue,
             "issues": c.issues, "solved": c.solved} for c in rows]  # fmt: skip
