"""States of a service order (三单制: 群众点单 → 党组织下单 → 党员接单 → 群众评价) and their transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yipanqi.organisations.choices import EscalationLevel  # shared with incident reports

__all__ = ["EscalationLevel"]  # re-exported: orders code names it here


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")  # 群众点单
    ACCEPTED = "accepted", _("Accepted")  # 社区党组织已受理
    DECLINED = "declined", _("Declined")  # 不予受理
    DISPATCHED = "dispatched", _("Dispatched")  # 党组织下单
    TAKEN = "taken", _("Taken")  # 党员接单
    DONE = "done", _("Done")  # 已办结
    RATED = "rated", _("Rated")  # 群众评价
    CLOSED = "closed", _("Closed")  # 已关闭
    CANCELLED = "cancelled", _("Cancelled")  # 已撤销


ORDER_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PLACED: {OrderStatus.ACCEPTED, OrderStatus.DECLINED, OrderStatus.CANCELLED},
    OrderStatus.ACCEPTED: {OrderStatus.DISPATCHED, OrderStatus.CANCELLED},
    OrderStatus.DISPATCHED: {OrderStatus.TAKEN, OrderStatus.DISPATCHED, OrderStatus.CANCELLED},
    OrderStatus.TAKEN: {OrderStatus.DONE, OrderStatus.DISPATCHED, OrderStatus.CANCELLED},
    OrderStatus.DONE: {OrderStatus.RATED},
    OrderStatus.RATED: {OrderStatus.CLOSED, OrderStatus.ACCEPTED},  # a poor rating reopens
    OrderStatus.DECLINED: set(),
    OrderStatus.CLOSED: set(),
    OrderStatus.CANCELLED: set(),
}
# States in which someone owes the next step, each with a due time from policy (orders.policies).
WAITING_STATES = (
    OrderStatus.PLACED,
    OrderStatus.ACCEPTED,
    OrderStatus.DISPATCHED,
    OrderStatus.TAKEN,
    OrderStatus.DONE,
)
OPEN_STATES = WAITING_STATES
ORDER_TRANSITION_NOT_ALLOWED = _("An order cannot go from “%(old)s” to “%(new)s”.")


class DispatchKind(models.TextChoices):
    MEMBERS = "members", _("To named party members")  # 派给党员
    UNIT = "unit", _("To a unit")  # 派给驻区单位
    SOCIAL_ORG = "social_org", _("To a social organisation")  # 派给社会组织
    OPEN = "open", _("Open for claiming")  # 开放抢单
    TEAM = "team", _("To a service team")  # 派给组团式服务团队


class Channel(models.TextChoices):
    RESIDENT = "resident", _("Placed by the resident")  # 居民自助
    ASSISTED = "assisted", _("Placed by a grid worker for the resident")  # 网格员代办


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")  # 一般
    URGENT = "urgent", _("Urgent")  # 紧急


class EventKind(models.TextChoices):
    PLACED = "placed", _("Placed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DISPATCHED = "dispatched", _("Dispatched")
    TAKEN = "taken", _("Taken")
    TAKE_UNDONE = "take_undone", _("Taking undone")  # 撤销接单, within seconds of taking
    COMPLETED = "completed", _("Completed")
    RATED = "rated", _("Rated")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    REASSIGNED = "reassigned", _("Reassigned")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED = "escalated", _("Escalated")


class LedgerKind(models.TextChoices):
    HOURS = "hours", _("Service hours")  # 服务时长
    POINTS = "points", _("Points")  # 积分


DEFAULT_CATEGORIES = (
    ("elderly_care", "助老服务"),
    ("repairs", "维修维护"),
    ("environment", "环境整治"),
    ("epidemic", "疫情防控"),
    ("waste_sorting", "垃圾分类"),
    ("dispute", "矛盾调解"),
    ("wish", "微心愿"),
    ("other", "其他"),
)
