"""The two organisation trees, units, bodies with their members, and role grants."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from yipanqi.core.models import ScopedModel, ScopedQuerySet, ScopedQuerySetMixin
from yipanqi.core.scope import Reach
from yipanqi.organisations.choices import (
    DELIBERATION_STAFF_ROLES,
    GRANT_CHANGE_ROLES,
    GRANT_VIEW_ROLES,
    ORDER_PLACE_ROLES,
    STRUCTURE_CHANGE_ROLES,
    STRUCTURE_VIEW_ROLES,
    TOPIC_RAISE_ROLES,
    AreaKind,
    BodyKind,
    GrantStatus,
    MemberRole,
    PartyOrganisationKind,
    Role,
    UnitKind,
)

STRUCTURE_POLICY = {
    "view": STRUCTURE_VIEW_ROLES,
    "change": STRUCTURE_CHANGE_ROLES,
    "grant": frozenset({Role.SYSTEM_ADMIN}),
}


def above_grants(roles: frozenset[str]) -> Callable[[Any], Q | None]:
    """A reach: rows at the area of one of the user's grants with `roles`, or at an area above it
    (the community and town of a resident's grid); the prefix filter gives those below."""

    def condition(user: Any) -> Q | None:
        from yipanqi.organisations.permissions import active_grants  # it imports this module

        step = Area.steplen
        paths = {
            g.area.path[:end]
            for g in active_grants(user)
            if g.role in roles
            for end in range(step, len(g.area.path) + 1, step)
        }
        return Q(scope_path__in=sorted(paths)) if paths else None

    return condition


class TreeQuerySet(ScopedQuerySetMixin, MP_NodeQuerySet):
    pass


class TreeManager(MP_NodeManager):
    def get_queryset(self):
        return TreeQuerySet(self.model).order_by("path")

    def for_user(self, user, action: str = "view"):
        return self.get_queryset().for_user(user, action)


class Area(MP_Node, ScopedModel):
    """An administrative area (区 / 镇街 / 社区村 / 网格) with its official division code."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("division code"), max_length=15, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=AreaKind.choices)
    name_initials = models.CharField(_("pinyin initials"), max_length=64, blank=True, db_index=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    # "place": grids where one may place a service order (orders.selectors.grids_for_placing)
    scope_policy = {**STRUCTURE_POLICY, "place": ORDER_PLACE_ROLES}
    objects = TreeManager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:area_detail", args=[self.pk])


class PartyOrganisation(MP_Node, ScopedModel):
    """A party organisation (党组织): leads an area, or belongs to a unit."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=24, choices=PartyOrganisationKind.choices)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organisations",
        verbose_name=_("area led"),
    )
    unit = models.ForeignKey(
        "Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organisations",
        verbose_name=_("unit"),
    )
    name_initials = models.CharField(_("pinyin initials"), max_length=64, blank=True, db_index=True)

    scope_policy = STRUCTURE_POLICY
    objects = TreeManager()

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | Q(unit__isnull=False),
                name="party_org_leads_area_or_belongs_to_unit",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:party_detail", args=[self.pk])


class Unit(ScopedModel):
    """A resident unit or 两新 organisation (驻区单位 / 两新组织) located in an area."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="units", verbose_name=_("area")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=64, blank=True, db_index=True)

    scope_policy = STRUCTURE_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        indexes = [models.Index(fields=["scope_path", "kind"], name="unit_scope_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:unit_detail", args=[self.pk])


class Body(ScopedModel):
    """A collective body (大党委, 一委三会, 领导小组, 联席会议, 共建理事会) of an area."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=24, choices=BodyKind.choices)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("area")
    )
    party_organisation = models.ForeignKey(
        PartyOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        verbose_name=_("party organisation"),
    )

    # Deliberation's reads of bodies: its staff run those of their subtree ("deliberate"); a
    # resident raises topics with the bodies of their own area and the areas above it ("raise").
    scope_policy = {
        **STRUCTURE_POLICY,
        "deliberate": DELIBERATION_STAFF_ROLES,
        "raise": TOPIC_RAISE_ROLES,
    }
    scope_reach = (Reach("above", above_grants(TOPIC_RAISE_ROLES), frozenset({"raise"})),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["area_id", "kind"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:body_detail", args=[self.pk])


class BodyMembership(ScopedModel):
    """A seat on a body for a term (任期); part-time members (兼职委员) name their source unit."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("body")
    )
    member_name = models.CharField(_("member"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    title = models.CharField(_("position held"), max_length=100, blank=True)
    source_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_memberships",
        verbose_name=_("source unit"),
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    scope_policy = STRUCTURE_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        ordering = ["body_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=MemberRole.PART_TIME_MEMBER) | Q(source_unit__isnull=False),
                name="part_time_member_has_source_unit",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="membership_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_name} ({self.get_role_display()})"


class RoleGrantQuerySet(ScopedQuerySet):
    def active(self) -> "RoleGrantQuerySet":
        return self.filter(status=GrantStatus.ACTIVE)

    def pending(self) -> "RoleGrantQuerySet":
        return self.filter(status=GrantStatus.PENDING)


class RoleGrant(ScopedModel):
    """A user's role at an area (角色授权); it covers the area's whole subtree.

    A grant of a role that reaches personal data starts pending and counts only once a second
    person (a security admin) has approved it; until then no permission check sees it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="role_grants", verbose_name=_("area")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    scope_policy = {"view": GRANT_VIEW_ROLES, "change": GRANT_CHANGE_ROLES}
    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "area"], name="role_grant_unique"),
            # Two people: whoever approves neither asked for the grant nor receives it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | (~Q(approved_by=F("requested_by")) & ~Q(approved_by=F("user"))),
                name="role_grant_approved_by_another",
            ),
            models.CheckConstraint(
                condition=Q(status=GrantStatus.ACTIVE)
                | Q(approved_by__isnull=True, approved_at__isnull=True),
                name="role_grant_pending_is_unapproved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.area}"

    @property
    def is_pending(self) -> bool:
        return self.status == GrantStatus.PENDING
