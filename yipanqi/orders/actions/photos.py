"""Order photos (R-IO-5): keeping an uploaded photo of an order (orders.photos has the storage)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit, uploads
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.orders import permissions as perms
from yipanqi.orders.models import OrderPhoto, ServiceOrder
from yipanqi.orders.photos import FOLDER, MAX_PHOTOS, STAGES, check_upload


def _may_attach(actor: Any, order: ServiceOrder, stage: str) -> bool:
    if stage == "done":
        return perms.is_taker(actor, order)
    own = order.placed_by_id == getattr(actor, "pk", None)
    return own or perms.can_manage(actor, order)


@transaction.atomic
def photo_attach(*, order: ServiceOrder, upload: Any, stage: str, actor: Any) -> OrderPhoto:
    """Keep one photo of an order: the placer's (stage "placed") or the taker's ("done")."""
    if stage not in STAGES or not _may_attach(actor, order, stage):
        raise Forbidden()
    if order.photos.filter(stage=stage).count() >= MAX_PHOTOS:
        raise Invalid(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, code="too_many_photos")
    content_type = check_upload(upload)
    relative, path = uploads.write(FOLDER, upload)
    try:
        photo = OrderPhoto(
            order=order,
            stage=stage,
            stored_path=relative,
            content_type=content_type,
            size=path.stat().st_size,
        )
        photo.place_in(order.grid)
        photo.save()
        audit.record(
            actor=actor,
            action="orders.photo.added",
            target=order,
            changes={"photo": [None, photo.pk]},
            data={"stage": stage, "type": content_type, "size": path.stat().st_size},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return photo
