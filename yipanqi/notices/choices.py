"""Kinds, audiences and states of notices (一呼百应) and of each recipient's receipt."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoticeKind(models.TextChoices):
    INFORMATION = "information", _("Information")  # 通知
    VOLUNTEERS = "volunteers", _("Call for volunteers")  # 志愿者招募
    SURVEY = "survey", _("Survey")  # 问卷
    MEETING = "meeting", _("Meeting notice")  # 会议通知


# Kinds whose first reply option means "I will come" (a place when the notice caps them).
ATTENDANCE_KINDS = (NoticeKind.VOLUNTEERS, NoticeKind.MEETING)


class AudienceKind(models.TextChoices):
    AREA = "area", _("Areas or grids")  # 区域 / 网格
    PARTY_ORG = "party_org", _("Party organisations")  # 党组织
    ROLE = "role", _("Roles")  # 角色
    TAG = "tag", _("Household tags")  # 户标签
    UNIT = "unit", _("Work units")  # 单位
    PEOPLE = "people", _("Named people")  # 指定人员


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    SENDING = "sending", _("Sending")  # 发送中
    SENT = "sent", _("Sent")  # 已发送
    CLOSED = "closed", pgettext_lazy("notices", "Closed")  # 已截止
    CANCELLED = "cancelled", _("Withdrawn")  # 已撤回


NOTICE_TRANSITIONS: dict[str, set[str]] = {
    NoticeStatus.DRAFT: {NoticeStatus.SENDING, NoticeStatus.CANCELLED},
    NoticeStatus.SENDING: {NoticeStatus.SENT},
    NoticeStatus.SENT: {NoticeStatus.CLOSED, NoticeStatus.CANCELLED},
    NoticeStatus.CLOSED: set(),
    NoticeStatus.CANCELLED: set(),
}
NOTICE_TRANSITION_NOT_ALLOWED = _("A notice cannot go from “%(old)s” to “%(new)s”.")


class Place(models.TextChoices):
    """A recipient's place when a call caps them (名额)."""

    NONE = "", _("No place asked")
    ACCEPTED = "accepted", pgettext_lazy("notices", "Accepted")  # 已录取
    WAITLISTED = "waitlisted", _("Waitlisted")  # 候补
