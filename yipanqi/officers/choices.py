"""Layers, targets and work of the five-role officers (五大员)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Layer(models.TextChoices):
    """The four-layer structure the organisation department leads (四层架构)."""

    DISTRICT = "district", _("District committee")  # 区委
    ORGANS = "organs", _("District organs' party committees")  # 区直机关党委(党组)
    TOWN = "town", _("Town / street committees")  # 镇(街)党(工)委
    GRASSROOTS = "grassroots", _("Grassroots cadres")  # 基层干部


class TargetKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise or unit")  # 企业 / 单位
    COMMUNITY = "community", _("Village or community")  # 村社
    PROJECT = "project", pgettext_lazy("officers", "Project")  # 项目
    STREET = "street", _("Street segment")  # 街巷
    TOWN = "town", _("Town / street")  # 镇街


# The five roles by default (domain-rules §9: titles from the seed; duties entered by the
# district): code → (name, layer, target kind, duties).
DEFAULT_ROLES = (
    ("enterprise", "驻企专员", Layer.ORGANS, TargetKind.ENTERPRISE, "政策宣传、全程代办、项目跟进、监管保护"),
    ("community", "村社指导", Layer.TOWN, TargetKind.COMMUNITY, "指导村社党建、协调解决群众诉求"),
    ("project", "项目经理", Layer.DISTRICT, TargetKind.PROJECT, "重点项目跟进、协调推进"),
    ("street", "街巷跑长", Layer.GRASSROOTS, TargetKind.STREET, "街巷巡查、发现上报问题"),
    ("helper", "镇街帮办", Layer.TOWN, TargetKind.TOWN, "为群众和企业代办事项"),
)  # fmt: skip


class LogKind(models.TextChoices):
    VISIT = "visit", _("Visit")  # 走访
    SERVICE = "service", _("Service")  # 服务
    ON_BEHALF = "on_behalf", _("Matter handled on someone's behalf")  # 帮办


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("officers", "Active")
    ENDED = "ended", _("Ended")


ASSIGNMENT_TRANSITIONS: dict[str, set[str]] = {
    AssignmentStatus.ACTIVE: {AssignmentStatus.ENDED},
    AssignmentStatus.ENDED: set(),
}
ASSIGNMENT_TRANSITION_NOT_ALLOWED = _("An assignment cannot go from “%(old)s” to “%(new)s”.")
