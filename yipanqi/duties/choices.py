"""Levels, statuses and transition tables of responsibility lists and duty access (准入)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Progress(models.TextChoices):
    """How far an organisation has got with one item of its responsibility list."""

    NOT_STARTED = "not_started", _("Not started")  # 未开始
    IN_PROGRESS = "in_progress", pgettext_lazy("duties", "In progress")  # 推进中
    DONE = "done", pgettext_lazy("duties", "Done")  # 已完成


class ListKind(models.TextChoices):
    """The three lists of community work (三项清单, domain-rules §7)."""

    SELF_GOVERNANCE = "self", _("Self-governance matters")  # 自治事项
    PUBLIC_SERVICE = "assist_service", _("Assisting basic public services")  # 协助开展基本公共服务
    GOVERNMENT_WORK = "assist_government", _("Assisting government work by law")  # 依法协助政府工作


class Level(models.TextChoices):
    """Where a duty is pushed down to (下沉层级)."""

    TOWN = "town", pgettext_lazy("duties", "Towns / streets")
    COMMUNITY = "community", pgettext_lazy("duties", "Communities")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("duties", "Submitted")  # 已申请
    APPROVED = "approved", pgettext_lazy("duties", "Admitted")  # 已准入
    REFUSED = "refused", pgettext_lazy("duties", "Refused")  # 不予准入
    WITHDRAWN = "withdrawn", pgettext_lazy("duties", "Withdrawn")  # 已撤回
    RETIRED = "retired", pgettext_lazy("duties", "Retired")  # 已退出


# 申请 → 审批 → 准入 → 撤销 (domain-rules §7, 北京西城 2018).
REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.SUBMITTED: {
        RequestStatus.APPROVED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
    },
    RequestStatus.APPROVED: {RequestStatus.RETIRED},
    RequestStatus.REFUSED: set(),
    RequestStatus.WITHDRAWN: set(),
    RequestStatus.RETIRED: set(),
}
REQUEST_TRANSITION_NOT_ALLOWED = _("An access request cannot go from “%(old)s” to “%(new)s”.")
OPEN = (RequestStatus.SUBMITTED,)


class AdmittedStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("duties", "Carried")  # 承接中
    RETIRED = "retired", pgettext_lazy("duties", "Retired")
