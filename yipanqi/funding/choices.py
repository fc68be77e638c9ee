"""Funding (社区经费): the funds, the work-fund rounding rules, and the states of allocation runs,
expenses and construction projects with their transition tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Fund(models.TextChoices):
    SERVICE = "service", _("Serving-the-masses fund")  # 服务群众专项经费
    WORK = "work", _("Community work fund")  # 社区工作经费
    OWN = "own", _("Own income")  # 社区自有收入 (集体资产租金、政府购买服务)
    DUTY = "duty", _("Money with admitted duties")  # 费随事转: 准入事项随事下拨的经费


ALLOCATED_FUNDS = (Fund.SERVICE, Fund.WORK)


class Rounding(models.TextChoices):
    """How the work fund per 1,000 households meets a count that is not a whole thousand."""

    PRO_RATA = "pro_rata", _("Pro rata (to the fen)")  # 按户数比例
    STARTED_THOUSAND = "started", _("Per started thousand")  # 不足千户按千户计


class Coverage(models.TextChoices):
    """Which communities an allocation run funds."""

    RESIDENTS = "residents", _("Residents' committees (社区)")  # 居委会: division codes 001–199
    ALL = "all", _("Every community and village")


class IncomeKind(models.TextChoices):
    RENT = "rent", _("Collective-asset rent")  # 盘活闲置资产
    PURCHASED = "purchased", _("Government-purchased services")  # 政府购买
    SELF_BUILT = "self_built", _("Community-built property")  # 社区自建


class RunStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("funding", "Draft")  # 草稿 (待审核)
    APPROVED = "approved", pgettext_lazy("funding", "Approved")  # 已审定
    SUPERSEDED = "superseded", pgettext_lazy("funding", "Superseded by a correction")


RUN_TRANSITIONS: dict[str, set[str]] = {
    RunStatus.DRAFT: {RunStatus.APPROVED},
    RunStatus.APPROVED: {RunStatus.SUPERSEDED},
    RunStatus.SUPERSEDED: set(),
}
RUN_TRANSITION_NOT_ALLOWED = _("An allocation run cannot go from “%(old)s” to “%(new)s”.")


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("funding", "Waiting for approval")  # 待审批
    APPROVED = "approved", pgettext_lazy("funding expense", "Approved")  # 已审批
    REJECTED = "rejected", pgettext_lazy("funding", "Rejected")  # 不予报销


EXPENSE_TRANSITIONS: dict[str, set[str]] = {
    ExpenseStatus.SUBMITTED: {ExpenseStatus.APPROVED, ExpenseStatus.REJECTED},
    ExpenseStatus.APPROVED: set(),
    ExpenseStatus.REJECTED: set(),
}
EXPENSE_TRANSITION_NOT_ALLOWED = _("An expense cannot go from “%(old)s” to “%(new)s”.")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("funding", "Planned")  # 立项
    BUILDING = "building", _("Under construction")  # 在建
    COMPLETED = "completed", pgettext_lazy("funding", "Completed")  # 竣工


PROJECT_TRANSITIONS: dict[str, set[str]] = {
    ProjectStatus.PLANNED: {ProjectStatus.BUILDING, ProjectStatus.COMPLETED},
    ProjectStatus.BUILDING: {ProjectStatus.COMPLETED},
    ProjectStatus.COMPLETED: set(),
}
PROJECT_TRANSITION_NOT_ALLOWED = _("A construction project cannot go from “%(old)s” to “%(new)s”.")
