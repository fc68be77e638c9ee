"""Order photos (R-IO-5): an allow-list of image types recognised by their first bytes, a size cap,
files stored under MEDIA_ROOT/orders/<uuid> (outside the web root, no user-chosen name or
extension), served only by a view that checks the order's scope, as an attachment.
"""

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.orders import permissions as perms
from yipanqi.orders.models import OrderPhoto, ServiceOrder

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 3  # per order and stage
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
STAGES = ("placed", "done")


def sniff(head: bytes) -> str | None:
    """The image type the bytes really are (never the client's claim), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(upload: Any) -> str:
    """The sniffed content type of an acceptable upload; otherwise Invalid."""
    if upload.size > MAX_BYTES:
        raise Invalid(_("A photo may be at most 5 MB."), code="photo_too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise Invalid(_("Only JPEG, PNG or WebP photos are accepted."), code="photo_type")
    return content_type


def storage_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "orders"


def stored_file(photo: OrderPhoto) -> Path:
    """The file behind a photo row; refuses any path that would leave the storage root."""
    root = storage_root().resolve()
    path = (Path(settings.MEDIA_ROOT) / photo.stored_path).resolve()
    if root not in path.parents:
        raise FileNotFoundError(photo.stored_path)
    return path


def _may_attach(actor: Any, order: ServiceOrder, stage: str) -> bool:
    if stage == "done":
        return perms.is_taker(actor, order)
    own = order.placed_by_id == getattr(actor, "pk", None)
    return own or perms.can_manage(actor, order)


def _write(upload: Any) -> tuple[str, Path]:
    root = storage_root()
    root.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    path = root / name
    with path.open("xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return f"orders/{name}", path


@transaction.atomic
def photo_attach(*, order: ServiceOrder, upload: Any, stage: str, actor: Any) -> OrderPhoto:
    """Keep one photo of an order: the placer's (stage "placed") or the taker's ("done")."""
    if stage not in STAGES or not _may_attach(actor, order, stage):
        raise Forbidden()
    if order.photos.filter(stage=stage).count() >= MAX_PHOTOS:
        raise Invalid(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, code="too_many_photos")
    content_type = check_upload(upload)
    relative, path = _write(upload)
    try:
        photo = OrderPhoto(
            order=order,
            stage=stage,
            stored_path=relative,
            content_type=content_type,
            size=upload.size,
        )
        photo.place_in(order.grid)
        photo.save()
        audit.record(
            actor=actor,
            action="orders.photo.added",
            target=order,
            data={"stage": stage, "type": content_type, "size": upload.size},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return photo


def download_name(photo: OrderPhoto) -> str:
    return f"order-{photo.order_id}-photo-{photo.pk}.{EXTENSIONS.get(photo.content_type, 'bin')}"
