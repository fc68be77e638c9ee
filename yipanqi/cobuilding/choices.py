"""Co-building (区域化党建共建): the three lists and two-way claiming, co-building projects, hard
problems (难题会办) with their commitments, and the yearly evaluation of registered units — their
kinds, statuses and the transition tables every action checks.

认领 claimed → accepted (a project starts) | declined | withdrawn;
项目 agreed → in progress → completed → rated (or cancelled before completion);
难题 raised → on a session's agenda → commitments made → closed (every commitment done and the
raising community confirms);
承诺 open → done (with evidence).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.deliberation.choices import MeetingKind


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("Venue")  # 场地
    VOLUNTEERS = "volunteers", _("Skilled volunteers")  # 志愿者
    PROFESSIONAL = "professional", _("Professional service")  # 专业服务
    MONEY = "money", _("Funds")  # 资金
    MATERIALS = "materials", _("Materials")  # 物资


class ResourceStatus(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("cobuilding", "Published")  # 已发布
    WITHDRAWN = "withdrawn", pgettext_lazy("cobuilding", "Withdrawn")  # 已撤回


class ClaimSide(models.TextChoices):
    UNIT_CLAIMS_NEED = "need", _("A unit claims a need")  # 单位认领需求
    COMMUNITY_CLAIMS_RESOURCE = "resource", _("A community claims a resource")  # 社区认领资源


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", pgettext_lazy("cobuilding", "Claimed")  # 已认领
    ACCEPTED = "accepted", pgettext_lazy("cobuilding", "Accepted")  # 已确认
    DECLINED = "declined", pgettext_lazy("cobuilding", "Declined")  # 已婉拒
    WITHDRAWN = "withdrawn", pgettext_lazy("cobuilding", "Withdrawn")  # 已撤回


CLAIM_TRANSITIONS: dict[str, set[str]] = {
    ClaimStatus.CLAIMED: {ClaimStatus.ACCEPTED, ClaimStatus.DECLINED, ClaimStatus.WITHDRAWN},
    ClaimStatus.ACCEPTED: set(),
    ClaimStatus.DECLINED: set(),
    ClaimStatus.WITHDRAWN: set(),
}
CLAIM_TRANSITION_NOT_ALLOWED = _("A claim cannot go from “%(old)s” to “%(new)s”.")
LIVE_CLAIM = (ClaimStatus.CLAIMED, ClaimStatus.ACCEPTED)  # a single-claim item is taken


class ProjectStatus(models.TextChoices):
    AGREED = "agreed", pgettext_lazy("cobuilding", "Agreed")  # 已签约
    IN_PROGRESS = "in_progress", pgettext_lazy("cobuilding", "In progress")  # 实施中
    COMPLETED = "completed", pgettext_lazy("cobuilding", "Completed")  # 已完成
    RATED = "rated", pgettext_lazy("cobuilding", "Rated")  # 已评价
    CANCELLED = "cancelled", pgettext_lazy("cobuilding", "Cancelled")  # 已终止


PROJECT_TRANSITIONS: dict[str, set[str]] = {
    ProjectStatus.AGREED: {ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED},
    ProjectStatus.IN_PROGRESS: {ProjectStatus.COMPLETED, ProjectStatus.CANCELLED},
    ProjectStatus.COMPLETED: {ProjectStatus.RATED},
    ProjectStatus.RATED: set(),
    ProjectStatus.CANCELLED: set(),
}
PROJECT_TRANSITION_NOT_ALLOWED = _("A project cannot go from “%(old)s” to “%(new)s”.")
DONE_PROJECT = (ProjectStatus.COMPLETED, ProjectStatus.RATED)


class ProblemStatus(models.TextChoices):
    RAISED = "raised", pgettext_lazy("cobuilding", "Raised")  # 已提出
    ON_AGENDA = "on_agenda", pgettext_lazy("cobuilding", "On a session's agenda")  # 已上会
    COMMITTED = "committed", pgettext_lazy("cobuilding", "Commitments made")  # 已认领承诺
    CLOSED = "closed", pgettext_lazy("cobuilding", "Solved")  # 已办结


class ProblemSource(models.TextChoices):
    """Where an escalated problem came from (一事一议 that a community could not settle alone)."""

    ORDER = "order", pgettext_lazy("cobuilding", "Service order")  # 服务订单
    INCIDENT = "incident", pgettext_lazy("cobuilding", "Grid incident")  # 网格事件
    TOPIC = "topic", pgettext_lazy("cobuilding", "Deliberation topic")  # 议事议题


PROBLEM_TRANSITIONS: dict[str, set[str]] = {
    ProblemStatus.RAISED: {ProblemStatus.ON_AGENDA},
    ProblemStatus.ON_AGENDA: {ProblemStatus.COMMITTED},
    ProblemStatus.COMMITTED: {ProblemStatus.CLOSED},
    ProblemStatus.CLOSED: set(),
}
PROBLEM_TRANSITION_NOT_ALLOWED = _("A hard problem cannot go from “%(old)s” to “%(new)s”.")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("cobuilding", "Open")  # 落实中
    DONE = "done", pgettext_lazy("cobuilding", "Done")  # 已兑现


COMMITMENT_TRANSITIONS: dict[str, set[str]] = {
    CommitmentStatus.OPEN: {CommitmentStatus.DONE},
    CommitmentStatus.DONE: set(),
}
COMMITMENT_TRANSITION_NOT_ALLOWED = _("A commitment cannot go from “%(old)s” to “%(new)s”.")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")  # 优秀
    GOOD = "good", _("Good")  # 良好
    FAIR = "fair", _("Fair")  # 一般
    POOR = "poor", _("Poor")  # 较差


# The council's session kinds are deliberation's meeting kinds (the same meeting machinery);
# a plenary (全体会议) is deliberation's ordinary meeting of the whole council.
SESSION_KINDS = (
    (MeetingKind.FORUM, _("Forum")),  # 专题论坛
    (MeetingKind.SITE_VISIT, _("Site visit")),  # 现场观摩
    (MeetingKind.PROBLEM_SOLVING, _("Problem-solving session")),  # 难题会办
    (MeetingKind.DELIBERATION, _("Plenary")),  # 全体会议
)
