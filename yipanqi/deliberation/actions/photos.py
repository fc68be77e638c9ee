"""会议照片: photos of a meeting, added and removed by whoever keeps its attendance and minutes.
The checks, metadata stripping and storage are core.uploads' (shared with orders, partylife …)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import uploads
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import user_of
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.actions._common import locked, record, require
from yipanqi.deliberation.choices import MeetingStatus
from yipanqi.deliberation.models import Meeting, MeetingPhoto

PHOTO_FOLDER = "deliberation"
MAX_PHOTOS = 9
# Photos are kept like the minutes: once the meeting is open, and after it closed.
PHOTO_STATES = (MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED)


def _may_keep(meeting: Meeting, actor: Any) -> None:
    require(perms.can_manage(actor, meeting.body))
    if meeting.status not in PHOTO_STATES:
        raise Conflict(_("Photos are kept once the meeting is open."), code="meeting_not_open")


@transaction.atomic
def meeting_photo_add(*, meeting: Meeting, upload: Any, actor: Any) -> MeetingPhoto:
    """One photo of the meeting (at most nine); anything but a JPEG, PNG or WebP image is refused
    before a byte is stored."""
    meeting = locked(Meeting, meeting.pk, "body")
    _may_keep(meeting, actor)
    if meeting.photos.count() >= MAX_PHOTOS:
        raise Invalid(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, code="too_many_photos")
    content_type = uploads.check_upload(upload)
    relative, path = uploads.write(PHOTO_FOLDER, upload)  # refuses a file that only looks right
    try:
        photo = MeetingPhoto(
            meeting=meeting,
            stored_path=relative,
            content_type=content_type,
            size=path.stat().st_size,
            uploaded_by=user_of(actor),
        )
        photo.place_in(meeting)
        photo.save()
        # A related row, not a field of the meeting: recorded on it as "photo": [None, id].
        record(meeting, actor, "meeting.photo_added", changes={"photo": [None, photo.pk]},
               type=content_type, size=photo.size)  # fmt: skip
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return photo


@transaction.atomic
def meeting_photo_remove(*, photo: MeetingPhoto, actor: Any) -> None:
    meeting = locked(Meeting, photo.meeting_id, "body")
    _may_keep(meeting, actor)
    path = uploads.stored_file(PHOTO_FOLDER, photo.stored_path)
    changes = {"photo": [photo.pk, None]}
    photo.delete()
    record(meeting, actor, "meeting.photo_removed", changes=changes)
    # The file goes only once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
