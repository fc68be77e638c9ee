"""Deliberation (议事协商): seats of a hall or council, topics, meetings, votes, resolutions,
follow-up tasks and residents' ratings. Bodies and their memberships live in `organisations`."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.models import ScopedModel, ScopedQuerySet, StoredPhoto
from yipanqi.core.scope import Reach
from yipanqi.deliberation.choices import (
    DELIBERATING_KINDS,
    FollowUpStatus,
    MeetingKind,
    MeetingStatus,
    Outcome,
    ResolutionStatus,
    SeatParty,
    TopicSource,
    TopicStatus,
    VoteChoice,
)
from yipanqi.organisations.choices import DELIBERATION_STAFF_ROLES, TOPIC_RAISE_ROLES
from yipanqi.organisations.models import Area, Body, BodyMembership, above_grants

STAFF = DELIBERATION_STAFF_ROLES
ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
POLICY = {"view": STAFF, "change": ADMINS}
RAISERS = TOPIC_RAISE_ROLES
# Who may read public notices: everyone with a place in the area tree except the separated
# security and audit administrators, whose work is not the community's business.
READERS = RAISERS | frozenset({"unit_liaison", "social_org_staff", "five_role_officer", "auditor"})


def seated_on(user, body: str = "body_id") -> Exists:
    """The user holds a seat on the deliberating body `body` names (a grid leader, a residents'
    representative …): they follow its topics and meetings wherever their own grants lie."""
    seats = Seat.objects.filter(
        body=OuterRef(body), body__kind__in=DELIBERATING_KINDS, membership__user=user
    )
    return Exists(seats)


class Seat(ScopedModel):
    """A seat of a deliberating body (议事席位): a body membership bound to the party it speaks for."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="seats", verbose_name=_("body")
    )
    membership = models.OneToOneField(
        BodyMembership, on_delete=models.PROTECT, related_name="seat", verbose_name=_("member")
    )
    party = models.CharField(_("party"), max_length=20, choices=SeatParty.choices)
    votes = models.BooleanField(_("votes"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "position", "id"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return f"{self.get_party_display()} · {self.membership.member_name}"


class Meeting(ScopedModel):
    """A meeting of a body (议事会议 / 恳谈会 / 现场观摩 / 难题会办) with notice, attendance and minutes."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), max_length=10000, blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)

    scope_policy = POLICY
    scope_reach = (Reach("seat", seated_on),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["scope_path", "starts_at"], name="delib_meeting_scope")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:meeting", args=[self.pk])


class Topic(ScopedModel):
    """A topic for deliberation (议题), raised by a member or a resident, accepted or declined."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="topics", verbose_name=_("body")
    )
    grid = models.ForeignKey(  # where the concern is; a follow-up order goes to this grid
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000)
    source = models.CharField(_("raised by"), max_length=10, choices=TopicSource.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TopicStatus.choices, default=TopicStatus.RAISED
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda"
    )
    version = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    scope_policy = POLICY
    scope_reach = (Reach("raiser", lambda u: Q(raised_by=u)), Reach("seat", seated_on))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [models.Index(fields=["scope_path", "status"], name="delib_topic_scope")]
        constraints = [
            models.UniqueConstraint(
                fields=["raised_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="delib_topic_idempotency_once",
            ),
            models.CheckConstraint(
                condition=~Q(status=TopicStatus.DECLINED) | ~Q(decline_reason=""),
                name="delib_declined_topic_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(ScopedModel):
    """Whether a seat was present at a meeting (出席)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(pgettext_lazy("deliberation", "present"), default=True)

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="delib_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.seat_id} {self.present}"


class Resolution(ScopedModel):
    """A resolution on a topic (决议): votes per seat, the outcome under the quorum rule, 公示."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="resolutions")
    topic = models.OneToOneField(Topic, on_delete=models.PROTECT, related_name="resolution")
    text = models.TextField(_("resolution"), max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ResolutionStatus.choices,
        default=ResolutionStatus.VOTING,
    )
    outcome = models.CharField(
        pgettext_lazy("deliberation", "outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    # The count and the rule it was decided under, kept as decided (a later policy change or a
    # seat leaving the body must not rewrite history).
    tally = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    publish_until = models.DateField(_("on public notice until"), null=True, blank=True)
    public_title = models.CharField(max_length=100, blank=True)  # sanitised copies for 公示
    public_text = models.TextField(max_length=4000, blank=True)  # masking keeps lengths
    version = models.PositiveIntegerField(default=0)

    # "read": the published notices (公示) of the areas one lives or works in, above or below them
    scope_policy = {**POLICY, "read": READERS}
    scope_reach = (Reach("above", above_grants(READERS), frozenset({"read"})),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ResolutionStatus.VOTING) | ~Q(outcome=""),
                name="delib_decided_resolution_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.topic_id}"

    def get_absolute_url(self) -> str:
        return reverse("deliberation:notice", args=[self.pk])


class Vote(ScopedModel):
    """One seat's vote on a resolution (表决): for, against or abstain, with any dissent noted."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="votes_cast")
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    note = models.CharField(_("dissent"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resolution", "seat"], name="delib_one_vote_per_seat")
        ]

    def __str__(self) -> str:
        return f"{self.resolution_id}:{self.seat_id} {self.choice}"


class FollowUp(ScopedModel):
    """A follow-up task of a resolution (落实任务) with its owner and due date; may open an order."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="follow_ups")
    title = models.CharField(_("task"), max_length=100)
    owner_seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    owner_name = models.CharField(_("owner"), max_length=50)
    due_on = models.DateField(pgettext_lazy("deliberation", "due"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    order = models.OneToOneField(
        "orders.ServiceOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up",
        verbose_name=_("service order"),
    )
    done_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [models.Index(fields=["scope_path", "status"], name="delib_followup_scope")]

    def __str__(self) -> str:
        return self.title


class Rating(ScopedModel):
    """A resident's satisfaction with a published resolution's outcome (满意度评价), 1–5."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ratings")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "rated_by"], name="delib_one_rating_per_resident"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="delib_rating_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resolution_id} {self.score}"


class MeetingPhoto(StoredPhoto):
    """A photo of a meeting (会议照片), kept by core.uploads outside the web root without its
    metadata; read only through the meeting it shows (deliberation.selectors.meeting_photo_get)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")

    def __str__(self) -> str:
        return f"{self.meeting_id} photo"
