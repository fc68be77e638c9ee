"""The hall (议事厅) pages for staff: the list of bodies, one body's board, topic decisions,
convening a meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, run, step
from yipanqi.deliberation import actions, selectors
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.forms import MeetingForm


@login_required
def hall_index(request):
    bodies = list(selectors.body_list(user=request.user))
    if len(bodies) == 1:
        return redirect("deliberation:hall", bodies[0].pk)
    return render(request, "deliberation/body_list.html", {"bodies": bodies})


@login_required
def hall(request, body_id: int):
    body = found(lambda: selectors.body_get(user=request.user, body_id=body_id))
    page = selectors.hall_page(body=body)
    context = {
        "page": page,
        "body": body,
        "can_manage": perms.can_manage(request.user, body),
        "meeting_form": MeetingForm(topics=body.topics.none()),
    }
    return render(request, "deliberation/body_detail.html", context)


@login_required
@require_POST
def topic_accept(request, topic_id: int):
    topic = found(lambda: selectors.topic_get(user=request.user, topic_id=topic_id))
    back = f"/deliberation/bodies/{topic.body_id}/"
    return step(
        request,
        lambda: actions.topic_accept(topic=topic, actor=request.user),
        _("Topic accepted."),
        back,
    )


@login_required
@require_POST
def topic_decline(request, topic_id: int):
    topic = found(lambda: selectors.topic_get(user=request.user, topic_id=topic_id))
    back = f"/deliberation/bodies/{topic.body_id}/"
    reason = request.POST.get("reason", "")
    return step(
        request,
        lambda: actions.topic_decline(topic=topic, reason=reason, actor=request.user),
        _("Topic declined."),
        back,
    )


@login_required
def meeting_new(request, body_id: int):
    body = found(lambda: selectors.body_get(user=request.user, body_id=body_id))
    if not perms.can_manage(request.user, body):
        raise PermissionDenied
    accepted = body.topics.filter(status="accepted").order_by("raised_at")
    form = MeetingForm(request.POST or None, topics=accepted)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        meeting, error = run(
            lambda: actions.meeting_schedule(
                body=body,
                kind=d["kind"],
                title=d["title"],
                starts_at=d["starts_at"],
                place=d["place"],
                topics=list(d["topics"]),
                actor=request.user,
            )
        )
        if meeting is not None:
            messages.success(request, _("The meeting is scheduled and every seat was notified."))
            return redirect(meeting.get_absolute_url())
        form.add_error(None, error)
    return render(request, "deliberation/meeting_form.html", {"body": body, "form": form})
