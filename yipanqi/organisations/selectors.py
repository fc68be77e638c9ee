"""Reads of the organisation registry; every one starts from the user's scope."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from yipanqi.core.scope import collapse, grant_for
from yipanqi.organisations import permissions
from yipanqi.organisations.choices import PARTY_CHILD_KINDS, AreaKind, Role
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    RoleGrant,
    Unit,
)


def area_roots(*, user: Any) -> QuerySet[Area]:
    """The top of the user's visible subtrees (the areas of their grants, nested ones dropped)."""
    prefixes = collapse(grant_for(user, "view", Area).prefixes)
    return Area.objects.for_user(user).filter(path__in=prefixes).order_by("path")


def area_get(*, user: Any, area_id: int, kind: str = "") -> Area:
    """One area in the user's scope (of `kind`, if given); anything else raises DoesNotExist."""
    areas = Area.objects.for_user(user)
    return (areas.filter(kind=kind) if kind else areas).get(pk=area_id)


def area_list(
    *,
    user: Any,
    kinds: Iterable[str] = (),
    parent: Area | None = None,
    under: Area | None = None,
) -> QuerySet[Area]:
    """Areas in scope by path: of `kinds`, the children of `parent`, anywhere below `under`."""
    areas = Area.objects.for_user(user)
    if kinds:
        areas = areas.filter(kind__in=list(kinds))
    if parent is not None:
        areas = areas.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if under is not None:
        areas = areas.filter(path__startswith=under.path)
    return areas.order_by("path")


def area_find(*, user: Any, area_id: int | None) -> Area | None:
    """An area picked by id in a request, if the user sees it (None: missing or out of scope)."""
    if not area_id:
        return None
    return Area.objects.for_user(user).filter(pk=area_id).first()


def area_children(*, area: Area, user: Any) -> QuerySet[Area]:
    return (
        Area.objects.for_user(user)
        .filter(path__startswith=area.path, depth=area.depth + 1)
        .order_by("code")
    )


def area_parent_ids(*, user: Any, areas: Iterable[Area]) -> dict[str, int]:
    """Parent path → id for the given areas, one query; parents outside the scope are left out."""
    paths = {a.path[: -Area.steplen] for a in areas if a.depth > 1}
    if not paths:
        return {}
    return dict(Area.objects.for_user(user).filter(path__in=paths).values_list("path", "id"))


def area_ancestors(*, area: Area, user: Any) -> list[Area]:
    """Breadcrumbs: only ancestors inside the user's scope."""
    paths = [area.path[: i * Area.steplen] for i in range(1, area.depth)]
    return list(Area.objects.for_user(user).filter(path__in=paths).order_by("depth"))


def area_search(*, user: Any, q: str, limit: int = 50) -> QuerySet[Area]:
    """By name, by code prefix, or by pinyin initials (奉中 → fz)."""
    q = q.strip()
    condition = (
        Q(name__icontains=q) | Q(code__startswith=q) | Q(name_initials__startswith=q.lower())
    )
    return Area.objects.for_user(user).filter(condition).order_by("depth", "code")[:limit]


def party_roots(*, user: Any) -> QuerySet[PartyOrganisation]:
    """The highest visible organisations: those whose parent the user cannot see."""
    visible = PartyOrganisation.objects.for_user(user)
    paths = set(visible.values_list("path", flat=True))
    step = PartyOrganisation.steplen
    roots = [p for p in paths if p[:-step] not in paths]
    return visible.filter(path__in=roots).select_related("unit", "area").order_by("path")


def party_children(*, organisation: PartyOrganisation, user: Any) -> QuerySet[PartyOrganisation]:
    return (
        PartyOrganisation.objects.for_user(user)
        .filter(path__startswith=organisation.path, depth=organisation.depth + 1)
        .select_related("unit", "area")
        .order_by("path")
    )


def party_search(*, user: Any, q: str, limit: int = 50) -> QuerySet[PartyOrganisation]:
    q = q.strip()
    condition = Q(name__icontains=q) | Q(name_initials__startswith=q.lower())
    return (
        PartyOrganisation.objects.for_user(user).filter(condition).order_by("depth", "path")[:limit]
    )


def party_organisation_get(*, user: Any, organisation_id: int) -> PartyOrganisation:
    return (
        PartyOrganisation.objects.for_user(user)
        .select_related("area", "unit")
        .get(pk=organisation_id)
    )


def party_organisation_list(
    *,
    user: Any,
    kind: str = "",
    parent: PartyOrganisation | None = None,
    area: Area | None = None,
    unit: Unit | None = None,
) -> QuerySet[PartyOrganisation]:
    """Organisations in scope by path: of `kind`, the children of `parent`, leading `area`, or
    belonging to `unit`."""
    orgs = PartyOrganisation.objects.for_user(user)
    if kind:
        orgs = orgs.filter(kind=kind)
    if parent is not None:
        orgs = orgs.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if area is not None:
        orgs = orgs.filter(area=area)
    if unit is not None:
        orgs = orgs.filter(unit=unit)
    return orgs.order_by("path")


def party_organisation_move_targets(
    *, user: Any, organisation: PartyOrganisation
) -> QuerySet[PartyOrganisation]:
    """Where the user may move `organisation`: organisations they change that may hold its kind,
    other than its present parent and its own subtree."""
    kinds = [k for k, kids in PARTY_CHILD_KINDS.items() if organisation.kind in kids]
    return (
        PartyOrganisation.objects.for_user(user, "change")
        .filter(kind__in=kinds)
        .exclude(path=organisation.path[: -organisation.steplen])
        .exclude(path__startswith=organisation.path)
    )


def unit_list(
    *, user: Any, q: str = "", kind: str = "", area_id: int | None = None
) -> QuerySet[Unit]:
    units = Unit.objects.for_user(user).select_related("area")
    if q:
        units = units.filter(Q(name__icontains=q) | Q(name_initials__startswith=q.lower()))
    if kind:
        units = units.filter(kind=kind)
    if area_id:
        area = Area.objects.for_user(user).filter(pk=area_id).first()
        units = units.filter(scope_path__startswith=area.path) if area else units.none()
    return units.order_by("name", "id")


def unit_get(*, user: Any, unit_id: int) -> Unit:
    return Unit.objects.for_user(user).select_related("area").get(pk=unit_id)


def body_list(*, user: Any, area: Area | None = None, kind: str = "") -> QuerySet[Body]:
    bodies = Body.objects.for_user(user).select_related("area", "party_organisation")
    if area is not None:
        bodies = bodies.filter(area=area)
    if kind:
        bodies = bodies.filter(kind=kind)
    return bodies.annotate(member_count=Count("memberships")).order_by("area__code", "kind")


def body_get(*, user: Any, body_id: int) -> Body:
    return Body.objects.for_user(user).select_related("area", "party_organisation").get(pk=body_id)


def body_list_for_organisation(*, user: Any, organisation: PartyOrganisation) -> QuerySet[Body]:
    return (
        Body.objects.for_user(user).filter(party_organisation=organisation).select_related("area")
    )


def membership_list(
    *,
    user: Any,
    body: Body | None = None,
    source_unit: Unit | None = None,
    current_only: bool = False,
) -> QuerySet[BodyMembership]:
    memberships = BodyMembership.objects.for_user(user).select_related("body", "source_unit")
    if body is not None:
        memberships = memberships.filter(body=body)
    if source_unit is not None:
        memberships = memberships.filter(source_unit=source_unit)
    if current_only:
        memberships = memberships.filter(term_end__isnull=True)
    return memberships.order_by("body_id", "role", "id")


def membership_get(*, user: Any, membership_id: int) -> BodyMembership:
    return BodyMembership.objects.for_user(user).get(pk=membership_id)


def grant_list(
    *, user: Any, role: str = "", username: str = "", status: str = ""
) -> QuerySet[RoleGrant]:
    grants = RoleGrant.objects.for_user(user).select_related("user", "area")
    if role:
        grants = grants.filter(role=role)
    if username:
        grants = grants.filter(user__username__icontains=username)
    if status:
        grants = grants.filter(status=status)
    return grants.order_by("area__path", "role", "user__username")


def grant_pending_list(*, user: Any) -> QuerySet[RoleGrant]:
    """Grants awaiting a second person's approval, in the user's scope, oldest request first."""
    return (
        RoleGrant.objects.for_user(user)
        .pending()
        .select_related("user", "area", "requested_by")
        .order_by("created_at", "id")
    )


def grants_held(*, user: Any, holders: Iterable[Any]) -> dict[int, list[RoleGrant]]:
    """What each account already holds (active grants in the user's scope), one query for all."""
    ids = {getattr(h, "pk", h) for h in holders}
    held: dict[int, list[RoleGrant]] = {pk: [] for pk in ids}
    if not ids:
        return held
    grants = (
        RoleGrant.objects.for_user(user)
        .active()
        .filter(user_id__in=ids)
        .select_related("area")
        .order_by("area__path", "role")
    )
    for grant in grants:
        held[grant.user_id].append(grant)
    return held


def grid_contacts(*, user: Any) -> list[dict[str, Any]]:
    """找网格员: for each grid the user lives in (their resident grants), the grid workers whose
    grant covers it (on the grid or its community), or, where none does, the grid workers of the
    same community (`nearby`). Starts from the user's own grants, not from the grants list
    (residents may not read role grants), and gives out only names and grids, in one query."""
    homes = [g.area for g in permissions.active_grants(user) if g.role == Role.RESIDENT]
    if not homes:
        return []
    step = Area.steplen
    covering = {h.path[:end] for h in homes for end in range(step, len(h.path) + 1, step)}
    nearby = Q()
    for home in homes:
        nearby |= Q(area__path__startswith=_neighbourhood(home))
    workers = list(
        RoleGrant.objects.active()
        .filter(Q(area__path__in=covering) | nearby, role=Role.GRID_WORKER, user__is_active=True)
        .select_related("user", "area")
        .order_by("area__path", "user__display_name", "user_id")
    )
    return [_grid_contact(home, workers) for home in homes]


def _neighbourhood(home: Area) -> str:
    """Where to look when no grid worker covers `home`: a grid's community, else the area."""
    return home.path[: -Area.steplen] if home.kind == AreaKind.GRID else home.path


def _grid_contact(home: Area, workers: list[RoleGrant]) -> dict[str, Any]:
    own = [w for w in workers if home.path.startswith(w.area.path)]
    chosen = own or [w for w in workers if w.area.path.startswith(_neighbourhood(home))]
    return {
        "grid": home,
        "nearby": not own,
        "workers": [
            {"name": w.user.display_name or w.get_role_display(), "area": w.area.name}
            for w in chosen
        ],
    }
