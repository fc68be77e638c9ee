from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    COPY = "copy", _("A full copy")  # 复制（含完整证件号码等）
    CORRECT = "correct", _("Correct my information")  # 更正
    DELETE = "delete", _("Delete my information")  # 删除
    OTHER = "other", _("Something else")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.OPEN: {RequestStatus.DONE, RequestStatus.REFUSED},
    RequestStatus.DONE: set(),
    RequestStatus.REFUSED: set(),
}
REQUEST_TRANSITION_NOT_ALLOWED = _("A request cannot go from %(old)s to %(new)s.")
