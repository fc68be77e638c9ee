"""Photos of a meeting (会议照片): added and removed on the meeting page by whoever keeps its
minutes; served, like orders' photos, only through a meeting the user reaches (missing and out of
scope answer the same 404) and always as an attachment. The files were re-encoded on upload
(core.uploads), so an <img> on the page shows them; `nosniff` keeps a browser from guessing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import uploads
from yipanqi.core.pages import found, step
from yipanqi.deliberation import actions, selectors
from yipanqi.deliberation.actions.photos import PHOTO_FOLDER
from yipanqi.deliberation.models import MeetingPhoto


def download_name(photo: MeetingPhoto) -> str:
    return f"meeting-{photo.meeting_id}-photo-{photo.pk}.{uploads.extension(photo.content_type)}"


@login_required
@require_POST
@uploads.max_body_size(uploads.body_limit(files=1))
def photo_add(request, meeting_id: int):
    meeting = found(selectors.meeting_get, user=request.user, meeting_id=meeting_id)
    back = meeting.get_absolute_url() + "#photos"
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo to add."))
        return redirect(back)
    return step(
        request,
        lambda: actions.meeting_photo_add(meeting=meeting, upload=upload, actor=request.user),
        _("Photo added."),
        back,
    )


@login_required
@require_POST
def photo_remove(request, photo_id: int):
    photo = found(selectors.meeting_photo_get, user=request.user, photo_id=photo_id)
    return step(
        request,
        lambda: actions.meeting_photo_remove(photo=photo, actor=request.user),
        _("Photo removed."),
        photo.meeting.get_absolute_url() + "#photos",
    )


@login_required
def photo_show(request, photo_id: int):
    return uploads.served(
        selectors.meeting_photo_get, PHOTO_FOLDER, download_name, user=request.user,
        photo_id=photo_id,
    )  # fmt: skip
