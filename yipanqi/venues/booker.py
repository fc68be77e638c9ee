"""Who a user may book for (预约主体): the units they are liaison of, the community or street
they administer (a grid worker: their community), or themselves as a party member or resident.
Read in two queries whatever the number of grants."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from yipanqi.organisations.models import Area, Unit
from yipanqi.organisations.permissions import active_grants
from yipanqi.venues.choices import BookerKind
from yipanqi.venues.reach import LIAISON_ROLES, SOCIAL

COMMUNITY_DEPTH = 3
PERSON_KINDS = {"party_member": BookerKind.MEMBER, "resident": BookerKind.RESIDENT}


@dataclass(frozen=True)
class BookerChoice:
    """Who a booking is for: an organisation the user acts for, or the user themselves."""

    kind: str
    area: Area
    unit: Unit | None = None
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.unit.pk if self.unit else self.area.pk}"


def _unit_choices(grants: list[Any]) -> list[BookerChoice]:
    condition = Q()
    for grant in grants:
        social = Q(kind=SOCIAL) if LIAISON_ROLES[grant.role] else ~Q(kind=SOCIAL)
        condition |= social & Q(scope_path__startswith=grant.area.path)
    if not condition:
        return []
    units = Unit.objects.filter(condition).select_related("area").order_by("name")
    return [
        BookerChoice(
            BookerKind.SOCIAL_ORG if u.kind == SOCIAL else BookerKind.UNIT, u.area, u, u.name
        )
        for u in units
    ]


def _area_choices(grants: list[Any]) -> list[BookerChoice]:
    step = Area.steplen
    wanted: list[tuple[str, str]] = []  # (kind, area path)
    for grant in grants:
        if grant.role == "town_admin":
            wanted.append((BookerKind.STREET, grant.area.path))
        elif grant.role in ("community_admin", "grid_worker"):
            wanted.append((BookerKind.COMMUNITY, grant.area.path[: COMMUNITY_DEPTH * step]))
    if not wanted:
        return []
    areas = {a.path: a for a in Area.objects.filter(path__in={p for _k, p in wanted})}
    return [BookerChoice(k, areas[p], None, areas[p].name) for k, p in wanted if p in areas]


def booker_options(*, user: Any) -> list[BookerChoice]:
    grants = active_grants(user)
    choices = _unit_choices([g for g in grants if g.role in LIAISON_ROLES])
    choices += _area_choices(grants)
    for grant in grants:
        kind = PERSON_KINDS.get(grant.role)
        if kind is not None:
            label = _("Myself (%(kind)s)") % {"kind": BookerKind(kind).label}
            choices.append(BookerChoice(kind, grant.area, None, label))
    unique: dict[str, BookerChoice] = {}
    for choice in choices:
        unique.setdefault(choice.key, choice)
    return list(unique.values())


def owner_options(*, user: Any) -> list[BookerChoice]:
    """Whose venue the user may open: the streets and communities they administer, the units
    they are liaison of (the same units they book for)."""
    grants = active_grants(user)
    areas = [
        BookerChoice("area", g.area, None, g.area.name)
        for g in grants
        if g.role in ("town_admin", "community_admin")
    ]
    units = _unit_choices([g for g in grants if g.role in LIAISON_ROLES])
    unique: dict[str, BookerChoice] = {}
    for choice in areas + units:
        unique.setdefault(choice.key, choice)
    return list(unique.values())
