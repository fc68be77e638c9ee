"""Kinds, rules and states of open venues (阵地共享) and their bookings (预约)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VenueKind(models.TextChoices):
    PARTY_BUILDING = "party_building", _("Party-building venue")  # 党建阵地
    EDUCATION = "education", _("Education and training")  # 教育培训
    CULTURE = "culture", _("Culture")  # 文化
    SPORTS = "sports", _("Sports")  # 体育
    MEETING_ROOM = "meeting_room", _("Meeting room")  # 会议室
    OUTDOOR = "outdoor", _("Outdoor space")  # 户外场地
    OTHER = "other", _("Other")  # 其他


class WhoMayBook(models.TextChoices):
    OWN = "own", _("Own members only")  # 仅限本单位
    TOWN = "town", _("Any unit in the town / street")  # 本镇街
    DISTRICT = "district", _("The whole district")  # 全区


class BookerKind(models.TextChoices):
    UNIT = "unit", _("Resident unit")  # 驻区单位
    SOCIAL_ORG = "social_org", _("Social organisation")  # 社会组织
    COMMUNITY = "community", _("Community")  # 社区
    STREET = "street", _("Town / street")  # 镇街
    MEMBER = "member", _("Party member")  # 党员
    RESIDENT = "resident", _("Resident")  # 居民


# Bookers who are organisations: their use of another owner's venue is co-building (共建共享).
ORGANISATION_BOOKERS = (
    BookerKind.UNIT,
    BookerKind.SOCIAL_ORG,
    BookerKind.COMMUNITY,
    BookerKind.STREET,
)


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")  # 待审批
    APPROVED = "approved", _("Approved")  # 已批准
    DECLINED = "declined", _("Declined")  # 未批准
    CANCELLED = "cancelled", _("Cancelled")  # 已取消
    CHECKED_IN = "checked_in", _("Checked in")  # 已签到
    USED = "used", _("Used")  # 已使用
    NO_SHOW = "no_show", _("No-show")  # 爽约


BOOKING_TRANSITIONS: dict[str, set[str]] = {
    BookingStatus.REQUESTED: {
        BookingStatus.APPROVED,
        BookingStatus.DECLINED,
        BookingStatus.CANCELLED,
    },
    BookingStatus.APPROVED: {
        BookingStatus.CHECKED_IN,
        BookingStatus.NO_SHOW,
        BookingStatus.CANCELLED,
    },
    BookingStatus.CHECKED_IN: {BookingStatus.USED},
    BookingStatus.DECLINED: set(),
    BookingStatus.CANCELLED: set(),
    BookingStatus.USED: set(),
    BookingStatus.NO_SHOW: set(),
}
BOOKING_TRANSITION_NOT_ALLOWED = _("A booking cannot go from “%(old)s” to “%(new)s”.")

# Statuses whose time range is taken: no two of one venue overlap (database constraint on
# PostgreSQL, a locked check everywhere). Once approved a booking keeps its slot for the record.
HOLDING = (
    BookingStatus.APPROVED,
    BookingStatus.CHECKED_IN,
    BookingStatus.USED,
    BookingStatus.NO_SHOW,
)
# Still to happen: they count against a slot on the calendar (a request shows as pending).
OPEN = (BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.CHECKED_IN)
# Over: counted for utilisation and the no-show rate.
FINISHED = (BookingStatus.USED, BookingStatus.NO_SHOW)


class BookingEventKind(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    CHECKED_IN = "checked_in", _("Checked in")
    USED = "used", _("Used")
    NO_SHOW = "no_show", _("No-show")
