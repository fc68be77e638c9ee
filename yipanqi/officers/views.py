"""Officers' pages: an officer's own targets with their plan and this month's visits, one target
with its log and the work log form (phone first), and the leaders' visual board."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from yipanqi.core.pages import found, paginate, submit
from yipanqi.officers import actions, selectors
from yipanqi.officers import permissions as perms
from yipanqi.officers.forms import WorkLogForm
from yipanqi.officers.models import READERS
from yipanqi.organisations.permissions import roles_of


@login_required
def mine(request):
    """我的联系对象: the officer's active targets with their plan."""
    rows = selectors.my_assignments(user=request.user)
    return render(request, "officers/mine.html", {"assignments": rows})


@login_required
def assignment_detail(request, assignment_id: int):
    assignment = found(selectors.assignment_get, user=request.user, assignment_id=assignment_id)
    can_log = perms.can_log(request.user, assignment) and assignment.status == "active"
    form = WorkLogForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_log:
            raise PermissionDenied

        def record(d):
            return actions.worklog_record(assignment=assignment, actor=request.user, **d)

        done = submit(request, form, record, lambda _log: assignment.get_absolute_url())
        if done is not None:
            return done
    logs = paginate(request, selectors.worklog_list(user=request.user, assignment=assignment), 20)
    context = {
        "a": assignment,
        "form": form if can_log else None,
        "page_obj": logs,
        "can_manage": perms.can_manage(request.user, assignment),
    }
    return render(request, "officers/assignment_detail.html", context)


@login_required
def board(request):
    """五大员可视化: coverage and issues by role, layer and town for the reader's area."""
    if not roles_of(request.user) & READERS:
        raise PermissionDenied
    data = selectors.board(user=request.user, today=timezone.localdate())
    chart = [{"name": c.label, "assigned": c.assigned, "visited": c.visited, "overdue": c.overdue}
             for c in data.by_role]  # fmt: skip
    return render(request, "officers/board.html", {"board": data, "chart": chart})
