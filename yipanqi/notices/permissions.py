"""Who may send and manage notices, and answer a receipt.

Administrators send for the areas they administer (a community, a town, the district) and manage
the notices of their subtree; a recipient answers only their own receipt.
"""

from typing import Any

from yipanqi.notices.models import ADMINS, Notice, NoticeRecipient
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants


def sending_areas(user: Any) -> list[Area]:
    """The areas the user may send notices for: those they administer (not grids)."""
    return [g.area for g in active_grants(user) if g.role in ADMINS]


def can_send_for(user: Any, area: Area) -> bool:
    return any(area.path.startswith(a.path) for a in sending_areas(user))


def can_manage(user: Any, notice: Notice) -> bool:
    return Notice.objects.for_user(user, "change").filter(pk=notice.pk).exists()


def is_recipient(user: Any, recipient: NoticeRecipient) -> bool:
    return recipient.user_id is not None and recipient.user_id == getattr(user, "pk", None)
