"""Notice pages: the notices one's organisation sent (with the live response board), the notice
form, and — for everyone — my notices, one notice to read and answer (phone first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.exports import XLSX_TYPE
from yipanqi.core.pages import found, paginate, query_string, run, submit
from yipanqi.core.params import choice_param
from yipanqi.notices import actions, selectors
from yipanqi.notices import permissions as perms
from yipanqi.notices.choices import NoticeKind, NoticeStatus
from yipanqi.notices.forms import AttachmentForm, NoticeForm, ReasonForm, ReplyForm
from yipanqi.notices.views_drafts import form_context

PAGE_SIZE = 20
LIVE = (NoticeStatus.SENDING, NoticeStatus.SENT)


@login_required
def notice_list(request):
    """已发通知: the notices of the user's scope, newest first."""
    status = choice_param(request.GET, "status", NoticeStatus.values) or ""
    kind = choice_param(request.GET, "kind", NoticeKind.values) or ""
    rows = selectors.notice_list(user=request.user, status=status, kind=kind)
    context = {
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "statuses": NoticeStatus.choices,
        "kinds": NoticeKind.choices,
        "status": status,
        "kind": kind,
        "can_send": bool(perms.sending_areas(request.user)),
        "query": query_string([("status", status), ("kind", kind)]),
    }
    return render(request, "notices/notice_list.html", context)


@login_required
def notice_new(request):
    areas = perms.sending_areas(request.user)
    if not areas:
        raise PermissionDenied
    form = NoticeForm(request.POST if request.method == "POST" else None, areas=areas)

    def create(d):
        return actions.notice_create(
            area=d["area"], title=d["title"], body=d["body"], kind=d["kind"],
            audience=form.audience(), options=form.option_lines(), free_reply=d["free_reply"],
            places=d["places"], deadline=d["deadline"], actor=request.user,
        )  # fmt: skip

    done = submit(request, form, create, lambda n: n.get_absolute_url())
    if done is not None:
        return done
    return render(request, "notices/notice_form.html", form_context(request, form, areas))


def _steps(user, notice) -> set[str]:
    if not perms.can_manage(user, notice):
        return set()
    return {
        NoticeStatus.DRAFT: {"send", "cancel", "edit"},
        NoticeStatus.SENT: {"close", "cancel", "export"},
        NoticeStatus.CLOSED: {"export"},
    }.get(notice.status, set())


def _board_context(request, notice) -> dict:
    """The board and who has not answered yet (the sender's scope): both refresh together."""
    pending = selectors.unanswered(user=request.user, notice=notice)
    return {
        "notice": notice,
        "board": selectors.board(user=request.user, notice=notice),
        "written": selectors.progress(notice=notice) if notice.status == "sending" else None,
        "live": notice.status in LIVE,
        "page_obj": paginate(request, pending, PAGE_SIZE),
    }


@login_required
def notice_detail(request, notice_id: int):
    notice = found(selectors.notice_get, user=request.user, notice_id=notice_id)
    context = _board_context(request, notice)
    context |= {
        "steps": _steps(request.user, notice),
        "events": selectors.notice_events(notice=notice),
        "attachments": selectors.attachments(notice=notice),
        "attach_form": AttachmentForm(),
    }
    return render(request, "notices/notice_detail.html", context)


@login_required
def notice_board(request, notice_id: int):
    """The board and the list of who has not answered, for htmx polling while replies come in
    (reads only; `?page=` keeps the page of the list being looked at)."""
    notice = found(selectors.notice_get, user=request.user, notice_id=notice_id)
    return render(request, "notices/includes/_board.html", _board_context(request, notice))


@login_required
@require_POST
def notice_step(request, notice_id: int, step: str):
    notice = found(selectors.notice_get, user=request.user, notice_id=notice_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    calls = {
        "send": lambda: actions.notice_send(notice=notice, actor=request.user),
        "close": lambda: actions.notice_close(notice=notice, actor=request.user),
        "cancel": lambda: actions.notice_cancel(
            notice=notice, reason=form.cleaned_data.get("reason") or "", actor=request.user
        ),
    }
    if step == "export":
        content, error = run(lambda: actions.notice_export(notice=notice, actor=request.user))
        if content is not None:
            response = HttpResponse(content, content_type=XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="notice-{notice.pk}.xlsx"'
            return response
        messages.error(request, error or "")
        return redirect(notice.get_absolute_url())
    if step not in calls:
        raise Http404
    _result, error = run(calls[step])
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(notice.get_absolute_url())


@login_required
def inbox(request):
    """我的通知: the notices sent to me, newest first, unread marked."""
    rows = selectors.inbox(user=request.user)
    return render(request, "notices/inbox.html", {"page_obj": paginate(request, rows, PAGE_SIZE)})


def _own(request, recipient_id: int):
    return found(selectors.own_receipt, user=request.user, recipient_id=recipient_id)


@login_required
def inbox_detail(request, recipient_id: int):
    """One notice to read and answer; the page marks it read by a POST once it has loaded."""
    recipient = _own(request, recipient_id)
    context = {
        "r": recipient,
        "notice": recipient.notice,
        "attachments": selectors.attachments(notice=recipient.notice),
    }
    return render(request, "notices/inbox_detail.html", context)


@login_required
@require_POST
def inbox_read(request, recipient_id: int):
    recipient = _own(request, recipient_id)
    run(lambda: actions.receipt_open(recipient=recipient, actor=request.user))
    return HttpResponse(status=204)


@login_required
@require_POST
def inbox_reply(request, recipient_id: int):
    recipient = _own(request, recipient_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This is not one of the options."))
        return redirect(recipient.get_absolute_url())
    d = form.cleaned_data
    reply = lambda: actions.reply_submit(  # noqa: E731
        recipient=recipient, option=d["option"], text=d["text"] or "", actor=request.user
    )
    _result, error = run(reply)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your reply is saved."))
    return redirect(recipient.get_absolute_url())
