"""Community funding (社区经费保障): the district's yearly rules, allocation runs computed from them
and the people registry's household count, each community's budget lines per fund with expenses
(and their evidence) and own income, and party-building venue construction matched by the district
and the street. Money is integer fen everywhere (no floats)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.funding.choices import (
    Coverage,
    ExpenseStatus,
    Fund,
    IncomeKind,
    ProjectStatus,
    Rounding,
    RunStatus,
)
from yipanqi.organisations.choices import ADMIN_ROLES, Role
from yipanqi.organisations.models import Area, above_grants

ADMINS = ADMIN_ROLES
# Finance (区、街道财政/组织部门): rules, runs, approvals of expenses and projects.
FINANCE = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
DISTRICT = frozenset({Role.DISTRICT_ADMIN})
POLICY = {"view": ADMINS, "change": ADMINS}
FINANCE_POLICY = {"view": ADMINS, "change": FINANCE}
FEN = models.PositiveBigIntegerField


class FundingRule(ScopedModel):
    """A district's funding rule for one year (经费保障标准), versioned: a change is a new version;
    a run keeps the version it was computed with."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    service_fen = FEN(_("serving-the-masses fund per community (fen)"))
    work_fen = FEN(_("work fund per 1,000 households (fen)"))
    rounding = models.CharField(_("household rounding"), max_length=10, choices=Rounding.choices)
    coverage = models.CharField(_("communities covered"), max_length=10, choices=Coverage.choices)
    tilt_percent = models.PositiveSmallIntegerField(_("share tilted to communities (%)"))
    match_district = models.PositiveSmallIntegerField(_("district share (parts)"))
    match_street = models.PositiveSmallIntegerField(_("street share (parts)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = {"view": ADMINS, "change": DISTRICT}
    scope_reach = (Reach("above", above_grants(ADMINS)),)  # towns and communities read it
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("funding rule")
        verbose_name_plural = _("funding rules")
        constraints = [
            models.UniqueConstraint(
                fields=["district_code", "year", "version"], name="funding_rule_version"
            ),
            models.CheckConstraint(
                condition=Q(tilt_percent__lte=100), name="funding_rule_tilt_percent"
            ),
            models.CheckConstraint(
                condition=Q(match_district__gt=0, match_street__gt=0), name="funding_rule_match"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"


class AllocationRun(ScopedModel):
    """A yearly allocation run (年度经费核拨): each community's funds from the year's rule and the
    registry's household count at the cut-off; a draft until a second person approves it, then
    never changed — a correction is a new run with a reason."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    rule = models.ForeignKey(FundingRule, on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(_("households counted at"))
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    communities = models.PositiveIntegerField(_("communities"), default=0)
    households = models.PositiveIntegerField(_("households"), default=0)
    total_fen = FEN(_("total (fen)"), default=0)

    scope_policy = FINANCE_POLICY
    scope_reach = (Reach("above", above_grants(ADMINS)),)  # a community sees the run (its line)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"], condition=Q(status="approved"), name="funding_run_approved"
            ),
            models.UniqueConstraint(
                fields=["area", "year"], condition=Q(status="draft"), name="funding_run_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("funding:run_detail", args=[self.pk])


class AllocationLine(ScopedModel):
    """One community's line of a run, with every number that led to it (how it was reached)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lines")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    households = models.PositiveIntegerField(_("households"))
    thousands = models.DecimalField(_("thousands counted"), max_digits=9, decimal_places=3)
    service_fen = FEN(_("serving-the-masses fund (fen)"))
    work_fen = FEN(_("work fund (fen)"))
    total_fen = FEN(_("total (fen)"))

    scope_policy = FINANCE_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run_id", "scope_path", "id"]
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        constraints = [
            models.UniqueConstraint(fields=["run", "community"], name="funding_line_once"),
            models.CheckConstraint(
                condition=Q(total_fen=models.F("service_fen") + models.F("work_fen")),
                name="funding_line_sums",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.community_id}"


class BudgetLine(ScopedModel):
    """A community's budget line for one fund and year (预算科目): what it received (an approved
    allocation, or its own income) and what it spent; the balance never goes negative without
    an explicit overspend approval."""

    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices)
    amount_fen = FEN(_("received (fen)"), default=0)
    spent_fen = FEN(_("spent (fen)"), default=0)
    overspent_fen = FEN(_("approved overspend (fen)"), default=0)

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "scope_path", "fund"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "fund"], name="funding_budget_line_once"
            ),
            # the balance rule in the database too: spending beyond what came in needs an
            # approved overspend of at least the difference
            models.CheckConstraint(
                condition=Q(spent_fen__lte=models.F("amount_fen") + models.F("overspent_fen")),
                name="funding_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.year} {self.fund}"

    @property
    def balance_fen(self) -> int:
        return self.amount_fen - self.spent_fen


class DutyMoney(ScopedModel):
    """Money that came down with an admitted duty (费随事转): the access request's money per
    receiving community, credited to that community's duty fund for one year — once per duty,
    community and year."""

    request = models.ForeignKey("duties.AccessRequest", on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="duty_money")
    amount_fen = FEN(_("amount (fen)"))
    credited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["scope_path", "id"]
        verbose_name = _("duty money")
        verbose_name_plural = _("duty money")
        constraints = [
            models.UniqueConstraint(fields=["request", "budget"], name="funding_duty_money_once"),
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0), name="funding_duty_money_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.budget_id}"


class Expense(ScopedModel):
    """An expense of a community from one budget line (经费支出): date, payee, purpose, evidence,
    approved by another person (the street's or district's finance for an overspend)."""

    budget = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenses")
    spent_on = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=300)
    amount_fen = FEN(_("amount (fen)"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED
    )
    version = models.PositiveIntegerField(default=0)
    overspend = models.BooleanField(_("overspend requested"), default=False)
    overspend_reason = models.CharField(_("why the overspend"), max_length=300, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="funding_expense_positive")
        ]
        indexes = [models.Index(fields=["scope_path", "status"], name="funding_expense_scope")]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.payee}"

    def get_absolute_url(self) -> str:
        return reverse("funding:expense_detail", args=[self.pk])


class Evidence(BaseModel):
    """An evidence file of an expense (报销凭证: invoice, receipt, photo; JPEG/PNG/WebP/PDF)."""

    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="evidence")
    stored_path = models.CharField(max_length=300, editable=False)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scoped = "part of its expense; read through the expense (for_user)"

    class Meta:
        ordering = ["expense_id", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"{self.expense_id}#{self.pk}"


class Income(ScopedModel):
    """A community's own income (社区自有收入): collective-asset rent, purchased services,
    community-built property — credited to its own-income fund."""

    budget = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="incomes")
    received_on = models.DateField(_("received on"))
    kind = models.CharField(_("kind"), max_length=10, choices=IncomeKind.choices)
    payer = models.CharField(_("paid by"), max_length=100)
    amount_fen = FEN(_("amount (fen)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("own income")
        verbose_name_plural = _("own income")
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="funding_income_positive")
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.payer}"


class Project(ScopedModel):
    """A party-building venue construction project (党建阵地建设项目), matched by the district and
    the street per the year's rule; completed, it opens the venue in the venues app."""

    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    address = models.CharField(_("address"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))
    rule = models.ForeignKey(FundingRule, on_delete=models.PROTECT, related_name="projects")
    budget_fen = FEN(_("budget (fen)"))
    district_fen = FEN(_("district share (fen)"))
    street_fen = FEN(_("street share (fen)"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("progress note"), max_length=300, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    venue = models.ForeignKey(
        "venues.Venue", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "scope_path", "id"]
        verbose_name = _("construction project")
        verbose_name_plural = _("construction projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_fen=models.F("district_fen") + models.F("street_fen")),
                name="funding_project_shares_sum",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="funding_project_progress"),
            models.CheckConstraint(condition=Q(budget_fen__gt=0), name="funding_project_budget"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:project_detail", args=[self.pk])
