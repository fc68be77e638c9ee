"""Open venues shared across units (阵地共享): venues with their opening hours and exceptions,
bookings (one-off or in a weekly series) and the co-building credit their use earns the owner."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import ScopedModel, ScopedQuerySet, StoredPhoto
from yipanqi.core.scope import Reach
from yipanqi.organisations.models import Area, Unit
from yipanqi.venues.choices import (
    BookerKind,
    BookingEventKind,
    BookingStatus,
    VenueKind,
    WhoMayBook,
)
from yipanqi.venues.reach import bookable, keeper_of, owner_liaison, venue_owner_liaison

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
READERS = ADMINS | frozenset({"grid_worker", "auditor"})
VENUE_POLICY = {"view": READERS, "change": ADMINS, "book": ADMINS}
BOOKING_POLICY = {"view": ADMINS | {"auditor"}, "approve": ADMINS, "check_in": ADMINS}


class Venue(ScopedModel):
    """A venue a street, community or resident unit opens to others (开放阵地 / 共享场地).

    Scoped to its owner's area (the unit's area for a unit's venue); `area` is where it stands.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=VenueKind.choices)
    owner_area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner area")
    )
    owner_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venues",
        verbose_name=_("owner unit"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="venues", verbose_name=_("located in")
    )
    address = models.CharField(_("address"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))
    facilities = models.CharField(_("facilities"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # weekday ("0" = Monday … "6") → [["08:30", "17:00"], …]; a missing day is closed
    open_hours = models.JSONField(_("opening hours"), default=dict)
    who_may_book = models.CharField(
        _("who may book"), max_length=8, choices=WhoMayBook.choices, default=WhoMayBook.TOWN
    )
    requires_approval = models.BooleanField(_("owner approves bookings"), default=True)
    # None: the district's policy (venues.policies)
    lead_time_hours = models.PositiveSmallIntegerField(
        _("lead time (hours)"), null=True, blank=True
    )
    max_hours = models.PositiveSmallIntegerField(
        _("longest booking (hours)"), null=True, blank=True
    )
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("keeper"),
    )
    active = models.BooleanField(_("open for booking"), default=True)

    scope_policy = VENUE_POLICY
    scope_reach = (
        Reach("bookable", bookable, frozenset({"view", "book"})),
        Reach("owner_unit", venue_owner_liaison, frozenset({"view", "change", "book"})),
        Reach("keeper", lambda u: Q(keeper=u)),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["scope_path", "kind"], name="venue_scope_kind")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="venue_capacity_positive"),
            models.CheckConstraint(
                condition=Q(max_hours__isnull=True) | Q(max_hours__gte=1),
                name="venue_max_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:venue_detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return str(self.owner_unit or self.owner_area)


class VenuePhoto(StoredPhoto):
    """A photo of a venue (阵地照片), shown on its page; stored outside the web root without its
    metadata (core.uploads), read only through the venue it shows."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos")

    scope_policy = VENUE_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue photo")
        verbose_name_plural = _("venue photos")
        ordering = ["venue_id", "id"]

    def __str__(self) -> str:
        return f"{self.venue_id} photo"


class VenueException(ScopedModel):
    """A day a venue keeps other hours (节假日 / 临时闭馆): closed, or open `hours` only."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    hours = models.JSONField(_("hours"), default=list, blank=True)  # [] = closed all day
    reason = models.CharField(_("reason"), max_length=100)

    scope_policy = VENUE_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["venue_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "date"], name="venue_exception_once")
        ]

    def __str__(self) -> str:
        return f"{self.venue_id} {self.date}"


class Booker(models.Model):
    """Who a booking or series is for: an organisation (unit, community, street) or a person."""

    # who asked (None: a booking recorded for the organisation, e.g. imported from paper)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    booker_kind = models.CharField(_("booked for"), max_length=12, choices=BookerKind.choices)
    booker_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    booker_area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=200)
    headcount = models.PositiveIntegerField(_("expected headcount"))

    class Meta:
        abstract = True

    @property
    def booker_name(self) -> str:
        if self.booker_unit_id:
            return str(self.booker_unit)
        if self.booker_kind in (BookerKind.COMMUNITY, BookerKind.STREET):
            return str(self.booker_area)
        return str(self.get_booker_kind_display())


class BookingSeries(ScopedModel, Booker):
    """A recurring booking (周期预约): the same slot every week for a number of weeks."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="series")
    first_date = models.DateField(_("first date"))
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    scope_policy = BOOKING_POLICY
    scope_reach = (Reach("booker", lambda u: Q(booked_by=u)),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")
        ordering = ["-first_date", "-id"]

    def __str__(self) -> str:
        return f"{self.venue_id} {self.first_date} ×{self.weeks}"


class Booking(ScopedModel, Booker):
    """A booking of a venue (场地预约): requested → approved (or declined) → checked in → used or
    no-show; cancelled with a reason. Approved ones of one venue never overlap."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="bookings")
    series = models.ForeignKey(
        BookingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)  # declined / cancelled
    check_in_code = models.CharField(_("check-in code"), max_length=8, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = BOOKING_POLICY
    scope_reach = (
        Reach("booker", lambda u: Q(booked_by=u)),
        Reach("owner_unit", owner_liaison, frozenset({"view", "approve", "check_in"})),
        Reach("keeper", keeper_of, frozenset({"view", "check_in"})),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["venue", "starts_at"], name="booking_venue_start"),
            models.Index(fields=["scope_path", "status"], name="booking_scope_status"),
            models.Index(fields=["booked_by", "starts_at"], name="booking_booker_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="booking_rating_range",
            ),
        ]
        # No overlap of held bookings: an exclusion constraint on PostgreSQL, added by migration
        # 0002 (SQLite has none; actions check under the venue's lock on both).

    def __str__(self) -> str:
        return f"#{self.pk} {self.venue_id} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("venues:booking_detail", args=[self.pk])

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class BookingEvent(ScopedModel):
    """One step in a booking's history (预约流转记录)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=BookingEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_policy = BOOKING_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")

    def __str__(self) -> str:
        return f"{self.booking_id} {self.kind}"


class CreditEntry(ScopedModel):
    """Co-building credit (共建贡献): hours of an owner's venue used by another organisation, one
    row per used booking, scoped to the owner (the lender)."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="credit")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="+")
    owner_area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    owner_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    borrower_area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    borrower_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    borrower_path = models.CharField(max_length=255, db_index=True)  # for "hours borrowed"
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    used_on = models.DateField(_("used on"), db_index=True)

    scope_policy = {"view": READERS}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-building credit")
        verbose_name_plural = _("co-building credits")
        ordering = ["-used_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="credit_positive")]

    def __str__(self) -> str:
        return f"{self.venue_id} {self.used_on} {self.hours}h"


def owner_key(row: Any) -> tuple[str, int]:
    """The owning organisation of a venue (a unit, else the street or community)."""
    return ("unit", row.owner_unit_id) if row.owner_unit_id else ("area", row.owner_area_id)
