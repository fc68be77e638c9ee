"""The people registry: households, residents, party members, 双报到 registrations, participation.

ID numbers and phones exist here only as ciphertext + keyed digest + masked text (core.pii); the
plain value is produced only by the audited unmask action.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.context import remembered
from yipanqi.core.models import ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.core.sealed import SealedTextField
from yipanqi.organisations.models import Area, PartyOrganisation, Unit
from yipanqi.people.choices import (
    ACTIVE_REGISTRATION,
    ImportStatus,
    MembershipKind,
    MemberStatus,
    ParticipationKind,
    PoliticalStatus,
    RegistrationKind,
    RegistrationStatus,
    Sex,
)

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
PEOPLE_POLICY = {"view": ADMINS | {"grid_worker"}, "change": ADMINS | {"grid_worker"}}
MEMBER_POLICY = {"view": ADMINS, "change": ADMINS}
REGISTRATION_POLICY = {"view": ADMINS | {"grid_worker"}, "change": ADMINS}
# Field policy (R-AC-4): who may unmask which sensitive field, always with a stated purpose.
UNMASK_POLICY = {
    "id_number": frozenset({"district_admin", "community_admin"}),
    "phone": frozenset({"district_admin", "town_admin", "community_admin", "grid_worker"}),
}
# Exact search by a full ID number or phone confirms a guessed value, so it is a permission of its
# own, never wider than unmasking the same field (a test holds that); anyone else finds nothing.
EXACT_SEARCH_POLICY = {
    "id_number": frozenset({"district_admin", "community_admin"}),
    "phone": frozenset({"district_admin", "town_admin", "community_admin", "grid_worker"}),
}
# An import answers, row by row, which ID numbers are registered already: an exact search by
# another name, so only those who may search by ID number import (docs/decisions/009).
IMPORT_ROLES = ADMINS & EXACT_SEARCH_POLICY["id_number"]
PERSON_POLICY = {
    **PEOPLE_POLICY,
    **{f"search_{field}": roles for field, roles in EXACT_SEARCH_POLICY.items()},
}


class HouseholdTag(models.Model):
    """A flag a grid worker needs on a household (独居老人, 残疾人, 低保户, 租住户 …), per district."""

    district_code = models.CharField(max_length=6, db_index=True)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    scoped = "district configuration: the tag list is the same for every area of a district"

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("household tag")
        verbose_name_plural = _("household tags")
        constraints = [
            models.UniqueConstraint(fields=["district_code", "code"], name="household_tag_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Household(ScopedModel):
    """A household (户) at an address in a grid."""

    grid = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="households", verbose_name=_("grid")
    )
    building = models.CharField(_("building"), max_length=30)
    unit_no = models.CharField(_("staircase unit"), max_length=10, blank=True)
    room = models.CharField(_("room"), max_length=10)
    address = models.CharField(_("address"), max_length=200)
    tags = models.ManyToManyField(
        HouseholdTag, blank=True, related_name="households", verbose_name=_("tags")
    )

    scope_policy = PEOPLE_POLICY
    scope_reach = (
        Reach("own_household", lambda u: _own(u, lambda p: Q(pk=p[1]) if p[1] else None)),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["scope_path", "building", "unit_no", "room"]
        indexes = [
            models.Index(
                fields=["scope_path", "building", "unit_no", "room"], name="household_scope_addr"
            )
        ]

    def __str__(self) -> str:
        return self.address

    def get_absolute_url(self) -> str:
        return reverse("people:household_detail", args=[self.pk])


class Person(ScopedModel):
    """A resident (居民); sensitive fields are sealed (core.pii) and shown masked."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="people", verbose_name=_("grid")
    )
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("household"),
    )
    name = models.CharField(_("name"), max_length=50)
    name_initials = models.CharField(_("pinyin initials"), max_length=64, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    # Sealed at rest (core.sealed, R-PI-5): sensitive, and never searched by.
    ethnicity = SealedTextField(_("ethnicity"), max_length=20, default="汉族")
    political_status = SealedTextField(
        _("political status"),
        max_length=16,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    id_number_cipher = models.BinaryField(editable=False)
    id_number_digest = models.CharField(max_length=64, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    phone_cipher = models.BinaryField(null=True, blank=True, editable=False)
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=11, blank=True, editable=False)
    notes = SealedTextField(_("notes"), max_length=500, blank=True)
    # 迁出日期: set when the person leaves the district; the retention job anonymises the record
    # three years (a district policy) after it (R-PI-8, people.pi).
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    scope_policy = PERSON_POLICY
    scope_reach = (Reach("self", lambda u: _own(u, lambda p: Q(pk=p[0]))),)  # 本人
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["scope_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district_code", "id_number_digest"], name="person_id_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["scope_path", "name"], name="person_scope_name"),
            models.Index(fields=["scope_path", "name_initials"], name="person_scope_initials"),
            # The retention job's range per district; only the few who moved out are indexed.
            models.Index(
                fields=["district_code", "moved_out_on"],
                condition=Q(moved_out_on__isnull=False),
                name="person_moved_out",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.pk])


class PartyMember(ScopedModel):
    """A party member (党员) and the branch holding their membership (组织关系)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="party_member")
    kind = models.CharField(_("membership kind"), max_length=14, choices=MembershipKind.choices)
    joined_on = models.DateField(_("joined on"))
    full_member_on = models.DateField(_("full member since"), null=True, blank=True)
    branch = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("branch"),
    )
    work_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_members",
        verbose_name=_("work unit"),
    )
    work_unit_name = models.CharField(_("work unit name"), max_length=150, blank=True)
    in_service = models.BooleanField(_("in service"), default=False)  # 在职党员
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.NORMAL
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)

    scope_policy = MEMBER_POLICY
    scope_reach = (Reach("self", lambda u: _own(u, lambda p: Q(person_id=p[0]))),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["scope_path", "id"]
        indexes = [models.Index(fields=["scope_path", "status"], name="member_scope_status")]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("people:member_detail", args=[self.pk])


class MembershipTransfer(ScopedModel):
    """A transfer of a member's organisational relationship (组织关系转接) between branches."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="transfers")
    from_branch = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="+")
    to_branch = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField(_("transferred on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    scope_policy = MEMBER_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-transferred_on", "-id"]
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")

    def __str__(self) -> str:
        return f"{self.member} {self.transferred_on}"


class CommunityRegistration(ScopedModel):
    """An in-service member's (or a unit's) registration with a community (在职党员进社区报到, 双报到)."""

    kind = models.CharField(_("kind"), max_length=8, choices=RegistrationKind.choices)
    member = models.ForeignKey(
        PartyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("grid"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    preferences = models.CharField(_("service preferences"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    scope_policy = REGISTRATION_POLICY
    scope_reach = (Reach("own", lambda u: _own(u, lambda p: Q(member__person_id=p[0]))),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("community registration")
        verbose_name_plural = _("community registrations")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "status"], name="registration_scope_status")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=RegistrationKind.MEMBER) & Q(member__isnull=False))
                | (Q(kind=RegistrationKind.UNIT) & Q(unit__isnull=False)),
                name="registration_names_member_or_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.ASSIGNED) | Q(grid__isnull=False),
                name="assigned_registration_has_grid",
            ),
            models.UniqueConstraint(
                fields=["member", "community"],
                condition=Q(status__in=ACTIVE_REGISTRATION),
                name="one_active_registration_per_member_and_community",
            ),
        ]

    def __str__(self) -> str:
        who = self.member if self.member_id else self.unit
        return f"{who} → {self.community}"

    def get_absolute_url(self) -> str:
        return reverse("people:registration_detail", args=[self.pk])


class Participation(ScopedModel):
    """One participation of a registered member in community work (参加活动记录), with hours."""

    registration = models.ForeignKey(
        CommunityRegistration, on_delete=models.PROTECT, related_name="participations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ParticipationKind.choices)
    occurred_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    problem_solved = models.BooleanField(_("problem solved"), default=False)
    source = models.CharField(
        _("source"), max_length=64, blank=True
    )  # e.g. "orders.serviceorder:42"
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_policy = REGISTRATION_POLICY
    scope_reach = (
        Reach("own", lambda u: _own(u, lambda p: Q(registration__member__person_id=p[0]))),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["scope_path", "occurred_on"], name="participation_scope_date")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "source"],
                condition=~Q(source=""),
                name="participation_source_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.occurred_on}"


class ImportJob(ScopedModel):
    """An upload of households and residents into one community (批量导入): checked, previewed, committed whole."""

    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200)
    stored_path = models.CharField(
        max_length=300, editable=False
    )  # under MEDIA_ROOT, outside the web root
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True
    )  # [{"row": 12, "field": "id_number", "message": "…"}]
    created_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope_policy = {"view": ADMINS, "change": IMPORT_ROLES}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return self.file_name

    @property
    def progress(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


def own_person(user: Any) -> tuple[int, int | None] | None:
    """(person id, household id) of the resident record linked to this account, or None; read
    once per request (core.context.remembered)."""
    return remembered(
        ("people.own_person", user.pk),
        lambda: Person.objects.filter(user_id=user.pk).values_list("pk", "household_id").first(),
    )


def _own(user: Any, condition: Callable[[tuple[int, int | None]], Q | None]) -> Q | None:
    """A reach through the user's own resident record, with its ids as constants. An account
    without one (most staff) has no such reach, so its lists filter by the area prefix alone: an
    index range that ends where the prefix does. ORed with a subquery, the prefix cannot bound the
    ordered index scan, which then read all 242,543 residents for a grid worker's page (W1)."""
    own = own_person(user)
    return condition(own) if own else None
