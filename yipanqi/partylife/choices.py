"""Kinds, states and transition tables of branch organisational life (三会一课, 主题党日), party
dues (党费) and transfers of membership (组织关系转接)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    BRANCH_GENERAL = "branch_general", _("Branch general meeting")  # 支部党员大会
    COMMITTEE = "committee", _("Branch committee meeting")  # 支委会
    GROUP = "group", _("Party group meeting")  # 党小组会
    LECTURE = "lecture", _("Party lecture")  # 党课
    THEMED_DAY = "themed_day", _("Themed party day")  # 主题党日


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")  # 每月
    QUARTERLY = "quarterly", _("Quarterly")  # 每季度


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # 已计划
    RECORDED = "recorded", _("Held, to confirm")  # 已召开待确认
    CONFIRMED = "confirmed", _("Confirmed")  # 已确认 (locked)
    # contexts: the shared catalogue words these differently (已撤销, 待审批)
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")  # 已取消


MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.PLANNED: {MeetingStatus.RECORDED, MeetingStatus.CANCELLED},
    MeetingStatus.RECORDED: {MeetingStatus.CONFIRMED},
    MeetingStatus.CONFIRMED: set(),  # locked: corrections are amendments with a reason
    MeetingStatus.CANCELLED: set(),
}
MEETING_TRANSITION_NOT_ALLOWED = _("A meeting cannot go from “%(old)s” to “%(new)s”.")
# Meetings that count as held for compliance.
HELD = (MeetingStatus.RECORDED, MeetingStatus.CONFIRMED)
# What an amendment may correct on a confirmed record.
AMENDABLE = ("topic", "place", "host", "minutes", "resolutions", "held_on")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")  # 出席
    EXCUSED = "excused", _("Excused")  # 请假
    ABSENT = "absent", _("Absent")  # 缺席


class SignInMethod(models.TextChoices):
    QR = "qr", _("By QR code")  # 扫码签到
    LIST = "list", _("By list")  # 名单签到


class OfficerDuty(models.TextChoices):
    SECRETARY = "secretary", _("Branch secretary")  # 支部书记
    DUES_OFFICER = "dues_officer", _("Dues officer")  # 党费收缴员


class DuesCategory(models.TextChoices):
    INCOME = "income", _("By monthly income")  # 按月工资收入
    RETIREE = "retiree", _("Retiree")  # 离退休
    STUDENT = "student", _("Student")  # 学生
    FARMER = "farmer", _("Farmer")  # 农民
    UNEMPLOYED = "unemployed", _("Unemployed or on basic allowance")  # 下岗失业 / 低保


class PaymentChannel(models.TextChoices):
    WECHAT = "wechat", _("WeChat Pay")  # 微信
    ALIPAY = "alipay", _("Alipay")  # 支付宝
    BANK = "bank", _("Bank transfer")  # 银行
    CASH = "cash", _("Cash")  # 现金


class TransferKind(models.TextChoices):
    WITHIN = "within", _("Within the district")  # 区内转接
    OUTGOING = "outgoing", _("Out of the district (letter)")  # 转出区外 (介绍信)


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("transfer", "Requested")  # 已申请
    APPROVED = "approved", _("Approved, awaiting acceptance")  # 转出审批通过, 待接收
    ACCEPTED = "accepted", _("Completed")  # 已转入 / 已开具介绍信
    REJECTED = "rejected", _("Rejected")  # 已退回
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤回


TRANSFER_TRANSITIONS: dict[str, set[str]] = {
    TransferStatus.REQUESTED: {
        TransferStatus.APPROVED,
        TransferStatus.REJECTED,
        TransferStatus.WITHDRAWN,
    },
    TransferStatus.APPROVED: {
        TransferStatus.ACCEPTED,
        TransferStatus.REJECTED,
        TransferStatus.WITHDRAWN,
    },
    TransferStatus.ACCEPTED: set(),
    TransferStatus.REJECTED: set(),
    TransferStatus.WITHDRAWN: set(),
}
TRANSFER_TRANSITION_NOT_ALLOWED = _("A transfer cannot go from “%(old)s” to “%(new)s”.")
OPEN_TRANSFER = (TransferStatus.REQUESTED, TransferStatus.APPROVED)
