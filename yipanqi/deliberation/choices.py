"""States of deliberation (议事协商) and their transition tables.

议题 raised → accepted (or declined with a reason) → scheduled on a meeting → resolved;
会议 scheduled → in progress → closed (or cancelled before it starts);
决议 voting → decided (passed or not) → published (公示);
跟进任务 open → in progress → done (or cancelled).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.organisations.choices import BodyKind

# The bodies that deliberate here: the community hall and the councils of units.
DELIBERATING_KINDS = (
    BodyKind.DELIBERATION_HALL,  # 四方议事厅
    BodyKind.CO_BUILDING_COUNCIL,  # 区域共建理事会
    BodyKind.JOINT_MEETING,  # 联席会议
)


class SeatParty(models.TextChoices):
    """Which party a seat speaks for (席位所属方)."""

    PARTY_ORG = (
        "party_org",
        pgettext_lazy("deliberation", "Community party organisation"),
    )  # 社区党组织
    GRID_LEADER = "grid_leader", pgettext_lazy("deliberation", "Grid leader")  # 网格长
    PROPERTY_COMPANY = (
        "property_company",
        pgettext_lazy("deliberation", "Property company"),
    )  # 物业公司
    RESIDENTS = "residents", pgettext_lazy("deliberation", "Residents' representatives")  # 居民代表
    UNIT = "unit", pgettext_lazy("deliberation", "Resident unit")  # 驻区单位
    COMMUNITY = "community", pgettext_lazy("deliberation", "Community")  # 社区
    TWO_NEW = "two_new", pgettext_lazy("deliberation", "Two-new organisation")  # 两新组织


FOUR_PARTIES = (
    SeatParty.PARTY_ORG,
    SeatParty.GRID_LEADER,
    SeatParty.PROPERTY_COMPANY,
    SeatParty.RESIDENTS,
)  # 四方


class TopicSource(models.TextChoices):
    RESIDENT = "resident", pgettext_lazy("deliberation", "A resident")  # 居民提出
    MEMBER = "member", pgettext_lazy("deliberation", "A member of the body")  # 议事成员提出
    STAFF = "staff", pgettext_lazy("deliberation", "Community staff")  # 社区 / 网格提出


class TopicStatus(models.TextChoices):
    RAISED = "raised", pgettext_lazy("deliberation", "Raised")  # 已提出
    ACCEPTED = "accepted", pgettext_lazy("deliberation", "Accepted")  # 已列入议程
    DECLINED = "declined", pgettext_lazy("deliberation", "Declined")  # 不予采纳
    SCHEDULED = "scheduled", pgettext_lazy("deliberation", "On a meeting's agenda")  # 已排会
    RESOLVED = "resolved", pgettext_lazy("deliberation", "Resolved")  # 已形成决议


TOPIC_TRANSITIONS: dict[str, set[str]] = {
    TopicStatus.RAISED: {TopicStatus.ACCEPTED, TopicStatus.DECLINED},
    TopicStatus.ACCEPTED: {TopicStatus.SCHEDULED},
    # A cancelled meeting, or one closed without a resolution, puts its topics back on the list.
    TopicStatus.SCHEDULED: {TopicStatus.RESOLVED, TopicStatus.ACCEPTED},
    TopicStatus.DECLINED: set(),
    TopicStatus.RESOLVED: set(),
}


class MeetingKind(models.TextChoices):
    DELIBERATION = "deliberation", pgettext_lazy("deliberation", "Deliberation meeting")  # 议事会
    FORUM = "forum", pgettext_lazy("deliberation", "Forum")  # 恳谈会 / 论坛
    SITE_VISIT = "site_visit", pgettext_lazy("deliberation", "Site visit")  # 现场观摩
    PROBLEM_SOLVING = (
        "problem_solving",
        pgettext_lazy("deliberation", "Problem-solving session"),
    )  # 难题会办


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("deliberation", "Scheduled")  # 已通知
    IN_PROGRESS = "in_progress", pgettext_lazy("deliberation", "In progress")  # 进行中
    CLOSED = "closed", pgettext_lazy("deliberation", "Closed")  # 已结束
    CANCELLED = "cancelled", pgettext_lazy("deliberation", "Cancelled")  # 已取消


MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.SCHEDULED: {MeetingStatus.IN_PROGRESS, MeetingStatus.CANCELLED},
    MeetingStatus.IN_PROGRESS: {MeetingStatus.CLOSED},
    MeetingStatus.CLOSED: set(),
    MeetingStatus.CANCELLED: set(),
}


class ResolutionStatus(models.TextChoices):
    VOTING = "voting", pgettext_lazy("deliberation", "Voting")  # 表决中
    DECIDED = "decided", pgettext_lazy("deliberation", "Decided")  # 已表决
    PUBLISHED = "published", pgettext_lazy("deliberation", "Published")  # 已公示


RESOLUTION_TRANSITIONS: dict[str, set[str]] = {
    ResolutionStatus.VOTING: {ResolutionStatus.DECIDED},
    ResolutionStatus.DECIDED: {ResolutionStatus.PUBLISHED},
    ResolutionStatus.PUBLISHED: set(),
}


class Outcome(models.TextChoices):
    PASSED = "passed", pgettext_lazy("deliberation", "Passed")  # 通过
    REJECTED = "rejected", pgettext_lazy("deliberation", "Not passed")  # 未通过


class VoteChoice(models.TextChoices):
    FOR = "for", pgettext_lazy("deliberation", "For")  # 同意
    AGAINST = "against", pgettext_lazy("deliberation", "Against")  # 反对
    ABSTAIN = "abstain", pgettext_lazy("deliberation", "Abstain")  # 弃权


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("deliberation", "Open")  # 待落实
    IN_PROGRESS = "in_progress", pgettext_lazy("deliberation", "In progress")  # 落实中
    DONE = "done", pgettext_lazy("deliberation", "Done")  # 已完成
    CANCELLED = "cancelled", pgettext_lazy("deliberation", "Cancelled")  # 已取消


FOLLOW_UP_TRANSITIONS: dict[str, set[str]] = {
    FollowUpStatus.OPEN: {
        FollowUpStatus.IN_PROGRESS,
        FollowUpStatus.DONE,
        FollowUpStatus.CANCELLED,
    },
    FollowUpStatus.IN_PROGRESS: {FollowUpStatus.DONE, FollowUpStatus.CANCELLED},
    FollowUpStatus.DONE: set(),
    FollowUpStatus.CANCELLED: set(),
}
OPEN_FOLLOW_UP_STATES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)

TRANSITION_NOT_ALLOWED = _("This cannot go from “%(old)s” to “%(new)s”.")
