"""Draft pages of notices: editing a draft (改稿), its attachments (附件: added and taken off
while it is a draft, downloaded by those who read the notice in scope and by its recipients
through their own receipt), and the named-people search of the notice form (masked names)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import uploads
from yipanqi.core.pages import found, run, submit
from yipanqi.notices import actions, selectors
from yipanqi.notices import attachment_files as files
from yipanqi.notices import permissions as perms
from yipanqi.notices.choices import NoticeStatus
from yipanqi.notices.forms import AttachmentForm, NoticeForm, initial_of


def form_context(request, form: NoticeForm, areas: list, **extra: Any) -> dict[str, Any]:
    """What the notice form page draws: the form and the named people already ticked (masked)."""
    picked = selectors.people_named(user=request.user, areas=areas, ids=form.people_ids())
    return {"form": form, "picked": picked, **extra}


def _draft(request, notice_id: int):
    notice = found(selectors.notice_get, user=request.user, notice_id=notice_id)
    if not perms.can_manage(request.user, notice):
        raise PermissionDenied
    return notice


@login_required
def notice_edit(request, notice_id: int):
    """改稿: a draft's fields, shown as entered; a sent notice cannot be edited."""
    notice = _draft(request, notice_id)
    if notice.status != NoticeStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed; this notice has been sent."))
        return redirect(notice.get_absolute_url())
    areas = [notice.area]
    data = request.POST if request.method == "POST" else None
    form = NoticeForm(data, areas=areas, fixed_area=True, initial=initial_of(notice))

    def update(d):
        return actions.notice_update(
            notice=notice, title=d["title"], body=d["body"], kind=d["kind"],
            audience=form.audience(), options=form.option_lines(), free_reply=d["free_reply"],
            places=d["places"], deadline=d["deadline"], actor=request.user,
        )  # fmt: skip

    done = submit(request, form, update, lambda n: n.get_absolute_url())
    if done is not None:
        return done
    context = form_context(request, form, areas, notice=notice)
    return render(request, "notices/notice_form.html", context)


@uploads.max_body_size(uploads.body_limit(1, files.MAX_BYTES))
@login_required
@require_POST
def attachment_upload(request, notice_id: int):
    notice = _draft(request, notice_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(notice.get_absolute_url())
    upload = form.cleaned_data["file"]
    _row, error = run(
        lambda: actions.attachment_add(notice=notice, upload=upload, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The file is attached."))
    return redirect(notice.get_absolute_url())


@login_required
@require_POST
def attachment_remove(request, notice_id: int, attachment_id: int):
    attachment = found(
        selectors.attachment_get, user=request.user, notice_id=notice_id,
        attachment_id=attachment_id,
    )  # fmt: skip
    _notice, error = run(
        lambda: actions.attachment_remove(attachment=attachment, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The file is taken off."))
    return redirect(attachment.notice.get_absolute_url())


def serve(attachment) -> FileResponse:
    """The file, always as a download, never cached by a shared cache."""
    return uploads.served(lambda: attachment, files.FOLDER, _attachment_name)


def _attachment_name(attachment) -> str:
    extension = files.extension(attachment.content_type)
    return f"notice-{attachment.notice_id}-{attachment.pk}.{extension}"


@login_required
def notice_file(request, notice_id: int, attachment_id: int):
    """A notice's file for those who read the notice in their scope."""
    return serve(found(selectors.attachment_get, user=request.user, notice_id=notice_id,
                       attachment_id=attachment_id))  # fmt: skip


@login_required
def receipt_file(request, recipient_id: int, attachment_id: int):
    """A notice's file for its recipient, through their own receipt."""
    return serve(found(selectors.receipt_attachment_get, user=request.user,
                       recipient_id=recipient_id, attachment_id=attachment_id))  # fmt: skip


@login_required
def people_pick(request):
    """The named-people search of the notice form (htmx fragment): masked names, at most 20."""
    areas = perms.sending_areas(request.user)
    if not areas:
        raise PermissionDenied
    q = request.GET.get("q", "")[:50]
    rows = selectors.people_pick(user=request.user, areas=areas, q=q)
    return render(request, "notices/includes/_people_results.html", {"rows": rows, "q": q})
