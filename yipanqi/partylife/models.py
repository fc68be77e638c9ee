"""Branch organisational life (三会一课, 主题党日), party dues (党费) and transfers of membership
(组织关系转接). Every row is scoped to the branch it belongs to (its scope path); members are
people.PartyMember rows, read and changed only through people's selectors and actions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.models import ScopedModel, ScopedQuerySet, StoredPhoto
from yipanqi.core.scope import Reach
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife.choices import (
    OPEN_TRANSFER,
    AttendanceStatus,
    DuesCategory,
    MeetingKind,
    MeetingStatus,
    OfficerDuty,
    PaymentChannel,
    SignInMethod,
    TransferKind,
    TransferStatus,
)
from yipanqi.partylife.reach import (
    PARTY_POLICY,
    member_of_branch,
    officer_of,
    own,
    receiving_admin,
)
from yipanqi.people.models import PartyMember

DUES_DUTIES = (OfficerDuty.DUES_OFFICER, OfficerDuty.SECRETARY)
MANAGE = frozenset({"view", "change"})


class BranchOfficer(ScopedModel):
    """An officer of a branch for party life (支部书记 / 党费收缴员), appointed by its administrators."""

    branch = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    duty = models.CharField(_("duty"), max_length=14, choices=OfficerDuty.choices)
    active = models.BooleanField(pgettext_lazy("officer", "active"), default=True)  # 在任

    scope_policy = PARTY_POLICY
    scope_reach = (Reach("self", lambda u: Q(user=u) if getattr(u, "pk", None) else None),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("branch officer")
        verbose_name_plural = _("branch officers")
        ordering = ["branch_id", "duty", "id"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "user", "duty"], name="officer_once")
        ]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.duty}"


class Meeting(ScopedModel):
    """A meeting of a branch's organisational life (三会一课 / 主题党日): planned → held (recorded)
    → confirmed by the secretary (locked; corrections are amendments with a reason)."""

    branch = models.ForeignKey(
        PartyOrganisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    group = models.ForeignKey(
        PartyOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party group"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    booking = models.ForeignKey(
        "venues.Booking",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("venue booking"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    host = models.CharField(_("host"), max_length=50, blank=True)
    minutes = models.TextField(_("minutes"), max_length=5000, blank=True)
    resolutions = models.TextField(_("resolutions"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    sign_in_code = models.CharField(max_length=8, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = PARTY_POLICY
    scope_reach = (
        Reach("officer", officer_of("branch_id"), MANAGE),
        Reach("branch_member", member_of_branch("branch_id")),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["branch", "kind", "held_on"], name="meeting_branch_kind_day"),
            models.Index(fields=["scope_path", "held_on"], name="meeting_scope_day"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("partylife:meeting_detail", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.status == MeetingStatus.CONFIRMED


class MeetingPhoto(StoredPhoto):
    """A photo of a meeting (会议照片), part of its record; stored outside the web root without its
    metadata (core.uploads), read only through the meeting it shows."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")

    scope_policy = PARTY_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} photo"


class Attendance(ScopedModel):
    """One member's attendance of a meeting (出席 / 请假 with a reason / 缺席)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    method = models.CharField(_("sign-in"), max_length=4, choices=SignInMethod.choices, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)

    scope_policy = PARTY_POLICY
    scope_reach = (
        Reach("officer", officer_of("meeting__branch_id"), MANAGE),
        Reach("own", own("member")),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.EXCUSED) | ~Q(reason=""),
                name="excused_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.member_id} {self.status}"


class Amendment(ScopedModel):
    """A correction of a confirmed meeting record (更正), with its reason and both values."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField(_("field"), max_length=20)
    before = models.TextField(
        _("before"), max_length=5000, blank=True
    )  # the longest amendable field
    after = models.TextField(_("after"), max_length=5000, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = PARTY_POLICY
    scope_reach = (Reach("officer", officer_of("meeting__branch_id")),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.field}"


class DuesBase(ScopedModel):
    """A member's dues base for a year (党费基数): the income sealed (core.pii) and masked; the
    monthly amount computed from the district's rate table."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=12, choices=DuesCategory.choices)
    base_cipher = models.BinaryField(null=True, blank=True, editable=False)
    base_masked = models.CharField(_("monthly base"), max_length=20, blank=True, editable=False)
    monthly_fen = models.PositiveIntegerField(_("monthly dues (fen)"))

    scope_policy = PARTY_POLICY
    scope_reach = (
        Reach("dues_officer", officer_of("branch_id", DUES_DUTIES)),
        Reach("own", own("member")),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        ordering = ["-year", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="dues_base_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}"

    @property
    def monthly_yuan(self) -> str:
        return f"{self.monthly_fen // 100}.{self.monthly_fen % 100:02d}"


class DuesPayment(ScopedModel):
    """One month's dues paid by a member (党费缴纳): amount in fen, date, channel, receipt."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # the first day of the month paid for
    amount_fen = models.PositiveIntegerField(_("amount (fen)"))
    paid_on = models.DateField(_("dues paid on"))
    channel = models.CharField(_("payment channel"), max_length=8, choices=PaymentChannel.choices)
    receipt_no = models.CharField(_("receipt number"), max_length=40)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = PARTY_POLICY
    scope_reach = (
        Reach("dues_officer", officer_of("branch_id", DUES_DUTIES), MANAGE),
        Reach("own", own("member")),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-month", "member_id"]
        indexes = [models.Index(fields=["scope_path", "month"], name="dues_scope_month")]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_paid_once_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m}"

    @property
    def amount_yuan(self) -> str:
        return f"{self.amount_fen // 100}.{self.amount_fen % 100:02d}"


class Transfer(ScopedModel):
    """A transfer of a member's organisational relationship (组织关系转接): requested → approved
    by the sending organisation → accepted by the receiving one (or, out of the district, a
    letter issued); rejected or withdrawn changes nothing. At most one open per member."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices)
    from_org = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from organisation"),
    )
    to_org = models.ForeignKey(
        PartyOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to organisation"),
    )
    to_scope_path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    outside_org = models.CharField(_("receiving organisation"), max_length=150, blank=True)
    letter_no = models.CharField(_("letter number"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("accept by"), null=True, blank=True)
    escalated = models.BooleanField(_("overdue, escalated"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)  # why rejected / withdrawn
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = PARTY_POLICY
    scope_reach = (
        Reach("sending_officer", officer_of("from_org_id", ("secretary",)), MANAGE),
        Reach("receiving_officer", officer_of("to_org_id", ("secretary",)), MANAGE),
        Reach("receiving_admin", receiving_admin, MANAGE),
        Reach("own", own("member")),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=OPEN_TRANSFER),
                name="one_open_transfer_per_member",
            ),
            models.CheckConstraint(
                condition=Q(to_org__isnull=False) | ~Q(outside_org=""),
                name="transfer_names_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.member_id} {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("partylife:transfer_detail", args=[self.pk])

    @property
    def to_name(self) -> str:
        return str(self.to_org) if self.to_org_id else self.outside_org


class TransferEvent(ScopedModel):
    """One step of a transfer's history (转接流转记录)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_policy = PARTY_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer event")
        verbose_name_plural = _("transfer events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.transfer_id} {self.to_status}"

    @property
    def status_label(self) -> str:
        return str(TransferStatus(self.to_status).label)
