"""Social organisations (社会组织), their incubation, services and matching, and 公益创投 venture
rounds: the kinds, the statuses and the transition tables every action checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalForm(models.TextChoices):
    SOCIAL_GROUP = "social_group", _("Social group")  # 社会团体 (USCC 51)
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise", _("Private non-enterprise unit")  # 民非 (52)
    FOUNDATION = "foundation", _("Foundation")  # 基金会 (53)
    COMMUNITY = "community", _("Community social organisation")  # 社区社会组织 (街道备案, no USCC)


# GB 32100 positions 1–2 (登记管理部门 5 民政 + 机构类别) a registered form's credit code carries.
FORM_CODE_PREFIX = {
    LegalForm.SOCIAL_GROUP: "51",
    LegalForm.PRIVATE_NON_ENTERPRISE: "52",
    LegalForm.FOUNDATION: "53",
}

RATINGS = ("1A", "2A", "3A", "4A", "5A")  # 社会组织评估等级


class IncubationStage(models.TextChoices):
    ENTERED = "entered", _("Entered")  # 入驻
    INCUBATING = "incubating", _("Incubating")  # 孵化中
    GRADUATED = "graduated", _("Graduated")  # 出壳
    EXITED = "exited", _("Exited")  # 退出


INCUBATION_TRANSITIONS: dict[str, set[str]] = {
    IncubationStage.ENTERED: {IncubationStage.INCUBATING, IncubationStage.EXITED},
    IncubationStage.INCUBATING: {IncubationStage.GRADUATED, IncubationStage.EXITED},
    IncubationStage.GRADUATED: set(),
    IncubationStage.EXITED: set(),
}
INCUBATION_TRANSITION_NOT_ALLOWED = _("An incubation cannot go from “%(old)s” to “%(new)s”.")


class ServiceKind(models.TextChoices):
    ELDERLY_CARE = "elderly_care", _("Smart elderly care")  # 智慧养老
    COUNSELLING = "counselling", _("Psychological counselling")  # 心理咨询
    SOCIAL_PRACTICE = "social_practice", _("Social practice")  # 社会实践
    HEALTH = "health", _("Health care")  # 卫生医疗
    MEDIATION = "mediation", _("Dispute mediation")  # 纠纷调解
    CHARITY = "charity", _("Charity")  # 公益慈善
    GOVERNANCE = "governance", _("Community governance")  # 社区治理


class PriceClass(models.TextChoices):
    PAID = "paid", pgettext_lazy("price", "Paid")  # 有偿
    LOW_COST = "low_cost", pgettext_lazy("price", "Low-cost")  # 低偿
    FREE = "free", pgettext_lazy("price", "Free")  # 无偿


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("socialorgs", "Open")  # 待对接
    MATCHED = "matched", _("Matched")  # 已对接
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤回


NEED_TRANSITIONS: dict[str, set[str]] = {
    NeedStatus.OPEN: {NeedStatus.MATCHED, NeedStatus.WITHDRAWN},
    NeedStatus.MATCHED: set(),
    NeedStatus.WITHDRAWN: set(),
}
NEED_TRANSITION_NOT_ALLOWED = _("A need cannot go from “%(old)s” to “%(new)s”.")


class EngagementKind(models.TextChoices):
    MATCHED = "matched", _("Matched service")  # 供需对接
    PURCHASED = "purchased", _("Government-purchased service")  # 政府购买服务


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", _("Delivering")  # 服务中
    COMPLETED = "completed", pgettext_lazy("socialorgs", "Completed")  # 已完成
    CANCELLED = "cancelled", pgettext_lazy("socialorgs", "Cancelled")  # 已取消


ENGAGEMENT_TRANSITIONS: dict[str, set[str]] = {
    EngagementStatus.ACTIVE: {EngagementStatus.COMPLETED, EngagementStatus.CANCELLED},
    EngagementStatus.COMPLETED: set(),
    EngagementStatus.CANCELLED: set(),
}
ENGAGEMENT_TRANSITION_NOT_ALLOWED = _("An engagement cannot go from “%(old)s” to “%(new)s”.")


class Theme(models.TextChoices):
    """A venture round's themes (创投主题); "community governance" is the one the seed counts."""

    GOVERNANCE = "governance", _("Community governance")  # 社区治理
    MEDIATION = "mediation", _("Dispute mediation")  # 纠纷调解
    ELDERLY = "elderly", _("Health and elderly care")  # 健康养老
    CHARITY = "charity", _("Charity")  # 公益慈善
    YOUTH = "youth", _("Children and youth")  # 青少年服务
    DISABILITY = "disability", _("Disability support")  # 助残服务


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Call open")  # 项目征集
    REVIEWING = "reviewing", _("Screening and review")  # 初筛评审
    PUBLICITY = "publicity", pgettext_lazy("socialorgs", "Public notice")  # 公示
    APPROVED = "approved", _("Approved by the funder")  # 民政局批复
    CLOSED = "closed", pgettext_lazy("socialorgs", "Closed")  # 已结束


ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.OPEN: {RoundStatus.REVIEWING},
    RoundStatus.REVIEWING: {RoundStatus.PUBLICITY},
    RoundStatus.PUBLICITY: {RoundStatus.APPROVED},
    RoundStatus.APPROVED: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}
ROUND_TRANSITION_NOT_ALLOWED = _("A venture round cannot go from “%(old)s” to “%(new)s”.")


class AppStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("socialorgs", "Submitted")  # 已申报
    INELIGIBLE = "ineligible", _("Not eligible")  # 初筛未通过
    ELIGIBLE = "eligible", _("In expert review")  # 初筛通过, 专家评审中
    REVIEWED = "reviewed", _("Reviewed")  # 评审完成
    PUBLICISED = "publicised", _("On public notice")  # 公示中
    DECLINED = "declined", _("Not funded")  # 未立项
    APPROVED = "approved", _("Funded, to sign")  # 已立项, 待签约
    SIGNED = "signed", _("Agreement signed")  # 已签约, 执行中
    MIDTERM_PASSED = "midterm_passed", _("Mid-term review passed")  # 中期评估通过
    STOPPED = "stopped", _("Payment stopped")  # 中期未通过, 停止拨付
    COMPLETED = "completed", _("Final review done")  # 结项评估完成
    CLOSED = "closed", pgettext_lazy("socialorgs", "Closed")  # 已结项


APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    AppStatus.SUBMITTED: {AppStatus.ELIGIBLE, AppStatus.INELIGIBLE},
    AppStatus.INELIGIBLE: set(),
    AppStatus.ELIGIBLE: {AppStatus.REVIEWED},
    AppStatus.REVIEWED: {AppStatus.PUBLICISED, AppStatus.DECLINED},
    AppStatus.PUBLICISED: {AppStatus.APPROVED, AppStatus.DECLINED},
    AppStatus.DECLINED: set(),
    AppStatus.APPROVED: {AppStatus.SIGNED},
    AppStatus.SIGNED: {AppStatus.MIDTERM_PASSED, AppStatus.STOPPED},
    AppStatus.MIDTERM_PASSED: {AppStatus.COMPLETED},
    AppStatus.STOPPED: {AppStatus.CLOSED},
    AppStatus.COMPLETED: {AppStatus.CLOSED},
    AppStatus.CLOSED: set(),
}
APPLICATION_TRANSITION_NOT_ALLOWED = _("An application cannot go from “%(old)s” to “%(new)s”.")

# Funded (资助立项): approved by the funder, whatever happened afterwards.
FUNDED = (
    AppStatus.APPROVED,
    AppStatus.SIGNED,
    AppStatus.MIDTERM_PASSED,
    AppStatus.STOPPED,
    AppStatus.COMPLETED,
    AppStatus.CLOSED,
)
PUBLIC = (AppStatus.PUBLICISED, *FUNDED)  # shown on the public 公示 list
FINAL = (AppStatus.INELIGIBLE, AppStatus.DECLINED, AppStatus.CLOSED)


class TrancheGate(models.TextChoices):
    SIGNING = "signing", _("On signing")  # 签约后拨付
    MIDTERM = "midterm", _("After the mid-term review passes")  # 中期评估通过后拨付


class TrancheStatus(models.TextChoices):
    PENDING = "pending", _("Not paid yet")  # 待拨付
    PAID = "paid", _("Paid")  # 已拨付
    STOPPED = "stopped", _("Stopped")  # 停止拨付


TRANCHE_TRANSITIONS: dict[str, set[str]] = {
    TrancheStatus.PENDING: {TrancheStatus.PAID, TrancheStatus.STOPPED},
    TrancheStatus.PAID: set(),
    TrancheStatus.STOPPED: set(),
}
TRANCHE_TRANSITION_NOT_ALLOWED = _("A tranche cannot go from “%(old)s” to “%(new)s”.")


class AppEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Application submitted")
    SCREENED = "screened", _("Screened")
    REVIEWERS = "reviewers", _("Reviewers assigned")
    CONFLICT = "conflict", _("Conflict of interest declared")
    SCORED = "scored", _("Scores submitted")
    REVIEWED = "reviewed", _("Review complete")
    PUBLICISED = "publicised", _("Put on public notice")
    OBJECTION = "objection", _("Objection raised")
    APPROVED = "approved", _("Approved by the funder")
    DECLINED = "declined", _("Not funded")
    SIGNED = "signed", _("Agreement signed")
    PAID = "paid", _("Tranche paid")
    MIDTERM = "midterm", _("Mid-term review")
    FINAL = "final", _("Final review")
    CLOSED = "closed", pgettext_lazy("socialorgs", "Closed")
