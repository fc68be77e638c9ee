"""Order photos (R-IO-5): the upload checks and storage are shared (core.uploads); files live under
MEDIA_ROOT/orders/<uuid>, served only by a view that checks the order's scope, as an attachment.
A photo is kept by `orders.actions.photo_attach`.
"""

from yipanqi.core import uploads

# Re-exported under their old names: the upload checks now live in core.uploads, shared with grid.
from yipanqi.core.uploads import EXTENSIONS as EXTENSIONS
from yipanqi.core.uploads import MAX_BYTES as MAX_BYTES
from yipanqi.core.uploads import check_upload as check_upload
from yipanqi.core.uploads import sniff as sniff
from yipanqi.orders.models import OrderPhoto

FOLDER = "orders"
MAX_PHOTOS = 3  # per order and stage
STAGES = ("placed", "done")


def storage_root():
    return uploads.storage_root(FOLDER)


def download_name(photo: OrderPhoto) -> str:
    return f"order-{photo.order_id}-photo-{photo.pk}.{uploads.extension(photo.content_type)}"
