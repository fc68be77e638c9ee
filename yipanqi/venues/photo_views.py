"""Photos of a venue: added and removed by its owner on the edit page, shown on its page to
everyone who may see the venue. Served like every other upload (R-IO-5): as an attachment (an
<img> still shows it), with `nosniff` and a sandboxing CSP, after re-encoding on upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import uploads
from yipanqi.core.pages import found, run
from yipanqi.venues import actions, selectors
from yipanqi.venues.actions.venues import MAX_PHOTOS, PHOTO_FOLDER


@login_required
@require_POST
@uploads.max_body_size(uploads.body_limit(files=1))
def photo_add(request, venue_id: int):
    venue = found(selectors.venue_get, user=request.user, venue_id=venue_id, action="change")
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo to add."))
        return redirect("venues:venue_edit", venue.pk)
    _photo, error = run(
        lambda: actions.venue_photo_add(venue=venue, upload=upload, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Photo added."))
    return redirect("venues:venue_edit", venue.pk)


@login_required
@require_POST
def photo_remove(request, photo_id: int):
    photo = found(selectors.photo_get, user=request.user, photo_id=photo_id)
    _done, error = run(lambda: actions.venue_photo_remove(photo=photo, actor=request.user))
    if error:
        messages.error(request, error)
    return redirect("venues:venue_edit", photo.venue_id)


@login_required
def photo_show(request, photo_id: int):
    return uploads.served(
        selectors.photo_get, PHOTO_FOLDER, _photo_name, cache="private, max-age=3600",
        user=request.user, photo_id=photo_id,
    )  # fmt: skip


def _photo_name(photo) -> str:
    return f"venue-photo-{photo.pk}.{uploads.extension(photo.content_type)}"


__all__ = ["MAX_PHOTOS", "photo_add", "photo_remove", "photo_show"]
