"""States and kinds of grid work: 清楼 sweeps (campaigns, visits) and incident reports (事件上报)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.organisations.choices import EscalationLevel  # shared with service orders

__all__ = ["EscalationLevel"]  # re-exported: grid code names it here


class CampaignStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("grid", "In progress")  # 进行中
    CLOSED = "closed", _("Finished")  # 已结束


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")  # 是否
    CHOICE = "choice", _("Choice")  # 单选
    NUMBER = "number", _("Number")  # 数字
    TEXT = "text", _("Text")  # 文字


class Outcome(models.TextChoices):
    VISITED = "visited", _("Visited")  # 已走访
    NOBODY_HOME = "nobody_home", _("Nobody home")  # 无人在家
    REFUSED = "refused", _("Refused")  # 拒绝配合
    FOLLOW_UP = "follow_up", _("Needs follow-up")  # 需跟进


# A household counts as screened (筛查) once someone talked to it: see docs/decisions/007.
SCREENED = (Outcome.VISITED, Outcome.FOLLOW_UP)
# Outcomes that end a household's part in the sweep; "nobody home" is tried again next round.
FINAL = (Outcome.VISITED, Outcome.REFUSED, Outcome.FOLLOW_UP)


class FollowUpKind(models.TextChoices):
    ORDER = "order", _("A service order")  # 服务工单
    INCIDENT = "incident", _("An incident report")  # 事件上报


class IncidentCategory(models.TextChoices):
    ENVIRONMENT = "environment", _("Environment and sanitation")  # 环境卫生
    SAFETY = "safety", _("Safety hazard")  # 安全隐患
    FACILITIES = "facilities", _("Public facilities")  # 公共设施
    DISPUTE = "dispute", _("Dispute")  # 矛盾纠纷
    EPIDEMIC = "epidemic", _("Epidemic control")  # 疫情防控
    OTHER = "other", _("Other")  # 其他


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")  # 上报 (waiting to be accepted at its level)
    ACCEPTED = "accepted", _("Accepted")  # 受理
    HANDLED = "handled", _("Handled")  # 办结 (waiting for the grid to close it)
    CLOSED = "closed", _("Closed")  # 关闭


INCIDENT_TRANSITIONS: dict[str, set[str]] = {
    IncidentStatus.REPORTED: {IncidentStatus.ACCEPTED, IncidentStatus.REPORTED},
    IncidentStatus.ACCEPTED: {IncidentStatus.HANDLED, IncidentStatus.REPORTED},
    IncidentStatus.HANDLED: {IncidentStatus.CLOSED, IncidentStatus.ACCEPTED},
    IncidentStatus.CLOSED: set(),
}
# Someone above the grid owes the next step, with a due time from policy (grid.policies).
WAITING_STATES = (IncidentStatus.REPORTED, IncidentStatus.ACCEPTED)
INCIDENT_TRANSITION_NOT_ALLOWED = _("An incident cannot go from “%(old)s” to “%(new)s”.")


class IncidentEventKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACCEPTED = "accepted", _("Accepted")
    HANDLED = "handled", _("Handled")
    ESCALATED = "escalated", _("Escalated")  # by hand (上报上级) or when overdue
    OVERDUE = "overdue", _("Overdue")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
