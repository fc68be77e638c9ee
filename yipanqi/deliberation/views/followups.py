"""The follow-up list (落实情况): tasks of passed resolutions, their owners, due dates, orders."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, step
from yipanqi.deliberation import actions, selectors
from yipanqi.deliberation.choices import FollowUpStatus

PAGE_SIZE = 30
FILTERS = ("open", FollowUpStatus.DONE, FollowUpStatus.CANCELLED)


@login_required
def follow_up_list(request):
    status = request.GET.get("status", "open")
    status = status if status in FILTERS else ""
    rows = selectors.follow_up_list(user=request.user, status=status or None)
    page = paginate(request, rows, PAGE_SIZE)
    context = {
        "page_obj": page,
        "status": status,
        "filters": [
            ("open", pgettext("deliberation", "Open")),
            ("done", _("Done")),
            ("cancelled", _("Cancelled")),
            ("", _("All")),
        ],
        "today": timezone.localdate(),
        "query": f"status={status}",
    }
    return render(request, "deliberation/followup_list.html", context)


def _follow_up(request, follow_up_id: int):
    return found(lambda: selectors.follow_up_get(user=request.user, follow_up_id=follow_up_id))


@login_required
@require_POST
def follow_up_order(request, follow_up_id: int):
    task = _follow_up(request, follow_up_id)
    return step(
        request,
        lambda: actions.followup_open_order(follow_up=task, actor=request.user),
        _("A service order was opened for this task."),
        "/deliberation/followups/",
    )


@login_required
@require_POST
def follow_up_done(request, follow_up_id: int):
    task = _follow_up(request, follow_up_id)
    note = request.POST.get("note", "")
    return step(
        request,
        lambda: actions.followup_complete(follow_up=task, note=note, actor=request.user),
        _("Task done."),
        "/deliberation/followups/",
    )
