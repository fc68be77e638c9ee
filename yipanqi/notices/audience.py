"""Resolving a notice's audience to the people it reaches (受众), bounded by the sending area.

An audience is {"kind": AudienceKind, "ids": [...], "members_only": bool}: area, party
organisation, unit and people audiences name ids; role and tag audiences name codes. People are
the residents of the registry (with their account where they have one); a role audience reaches
the accounts that hold the role (with their resident record where there is one). Resolution is a
constant number of queries whatever the size: the rows come back as values and are de-duplicated
in memory, one entry per person (or per account without a resident record).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid
from yipanqi.notices.choices import AudienceKind
from yipanqi.organisations.choices import Role
from yipanqi.organisations.models import Area, PartyOrganisation, RoleGrant, Unit
from yipanqi.people.models import HouseholdTag, Person

MAX_IDS = 200
PERSON_COLUMNS = (
    "pk", "user_id", "name", "area_id", "scope_path", "district_code", "party_member__branch_id",
)  # fmt: skip
# Roles a notice may address: not the platform's three administrators (三员) or auditors.
ADDRESSABLE_ROLES = (
    Role.TOWN_ADMIN, Role.COMMUNITY_ADMIN, Role.GRID_WORKER, Role.PARTY_MEMBER, Role.RESIDENT,
    Role.UNIT_LIAISON, Role.SOCIAL_ORG_STAFF, Role.FIVE_ROLE_OFFICER,
)  # fmt: skip


@dataclass(frozen=True)
class Target:
    """One recipient to be: a person (with their account, if any) or an account alone."""

    person_id: int | None
    user_id: int | None
    name: str
    area_id: int
    scope_path: str
    district_code: str
    branch_id: int | None


def _refuse(message: str, code: str = "bad_audience") -> Invalid:
    return Invalid(message, code=code, fields={"audience": [message]})


def clean(audience: Any, area: Area) -> dict[str, Any]:
    """The audience in its stored shape, or Invalid naming what is wrong with it."""
    if not isinstance(audience, dict):
        raise _refuse(_("Choose who the notice is for."), "empty_audience")
    kind = audience.get("kind")
    if kind not in AudienceKind.values:
        raise _refuse(_("Choose who the notice is for."), "empty_audience")
    values = audience.get("ids") or []
    if not isinstance(values, list) or not values:
        raise _refuse(_("Choose at least one."), "empty_audience")
    if len(values) > MAX_IDS:
        raise _refuse(_("Choose at most %(n)s.") % {"n": MAX_IDS})
    textual = kind in (AudienceKind.ROLE, AudienceKind.TAG)
    if textual:
        values = sorted({str(v) for v in values})
        allowed = (
            set(ADDRESSABLE_ROLES)
            if kind == AudienceKind.ROLE
            else set(
                HouseholdTag.objects.filter(district_code=area.district_code).values_list(
                    "code", flat=True
                )
            )
        )
        if not set(values) <= allowed:
            raise _refuse(_("Some of the chosen do not exist."))
    else:
        try:
            values = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise _refuse(_("Some of the chosen do not exist.")) from None
        if _known(kind, values, area) != len(values):
            raise _refuse(_("Some of the chosen are not in the sending area."))
    # Named people are exactly those named: "members only" does not thin them out.
    members_only = bool(audience.get("members_only")) and kind != AudienceKind.PEOPLE
    return {"kind": kind, "ids": values, "members_only": members_only}


def _known(kind: str, ids: list[int], area: Area) -> int:
    """How many of the ids exist under the sending area (one query)."""
    under = Q(scope_path__startswith=area.scope_path)
    model: Any = {
        AudienceKind.AREA: Area,
        AudienceKind.PARTY_ORG: PartyOrganisation,
        AudienceKind.UNIT: Unit,
        AudienceKind.PEOPLE: Person,
    }[kind]
    return model.objects.filter(under, pk__in=ids).count()


def _people_condition(kind: str, ids: list[Any]) -> Q:
    if kind == AudienceKind.AREA:
        paths = Area.objects.filter(pk__in=ids).values_list("path", flat=True)
        condition = Q()
        for path in paths:
            condition |= Q(scope_path__startswith=path)
        return condition
    if kind == AudienceKind.PARTY_ORG:
        condition = Q()
        for path in PartyOrganisation.objects.filter(pk__in=ids).values_list("path", flat=True):
            condition |= Q(party_member__branch__path__startswith=path)
        return condition
    if kind == AudienceKind.UNIT:
        return Q(party_member__work_unit_id__in=ids)
    if kind == AudienceKind.TAG:
        return Q(household__tags__code__in=ids)
    return Q(pk__in=ids)


def _person_targets(rows: Any) -> list[Target]:
    return [Target(pk, user, name, area, path, district, branch)
            for pk, user, name, area, path, district, branch in rows]  # fmt: skip


def resolve(audience: dict[str, Any], area: Area) -> list[Target]:
    """The people the audience reaches under `area`, one entry each, in a stable order."""
    kind, ids = audience["kind"], audience["ids"]
    if kind == AudienceKind.ROLE:
        return _role_targets(ids, area)
    people = Person.objects.filter(_people_condition(kind, ids) or Q(pk__in=[]))
    people = people.filter(scope_path__startswith=area.scope_path)
    if audience.get("members_only") or kind in (AudienceKind.PARTY_ORG, AudienceKind.UNIT):
        people = people.filter(party_member__isnull=False)
    seen: dict[int, Target] = {}
    for target in _person_targets(people.order_by("pk").values_list(*PERSON_COLUMNS)):
        seen.setdefault(target.person_id or 0, target)
    return list(seen.values())


def _role_targets(roles: list[str], area: Area) -> list[Target]:
    """Accounts holding a role at or under the area; their resident record where they have one."""
    grants = (
        RoleGrant.objects.active()
        .filter(role__in=roles, area__path__startswith=area.path)
        .order_by("user_id", "area__path")
        .values_list("user_id", "user__display_name", "user__username", "area_id",
                     "area__path", "area__district_code")
    )  # fmt: skip
    by_user: dict[int, tuple] = {}
    for row in grants:
        by_user.setdefault(row[0], row)
    people = Person.objects.filter(user_id__in=list(by_user)).values_list(*PERSON_COLUMNS)
    targets = {t.user_id: t for t in _person_targets(people)}
    for user_id, display, username, area_id, path, district in by_user.values():
        targets.setdefault(
            user_id, Target(None, user_id, display or username, area_id, path, district, None)
        )
    return [targets[u] for u in sorted(targets)]


def describe(audience: dict[str, Any]) -> str:
    """A short description of the audience for the notice's page (names, at most a few)."""
    kind, ids = audience["kind"], audience["ids"]
    if kind == AudienceKind.ROLE:
        names = [str(Role(code).label) for code in ids]
    elif kind == AudienceKind.TAG:
        names = list(HouseholdTag.objects.filter(code__in=ids).values_list("name", flat=True))
    elif kind == AudienceKind.PEOPLE:
        names = [_("%(n)s named people") % {"n": len(ids)}]
    else:
        model: Any = {AudienceKind.AREA: Area, AudienceKind.PARTY_ORG: PartyOrganisation,
                      AudienceKind.UNIT: Unit}[kind]  # fmt: skip
        names = list(model.objects.filter(pk__in=ids).values_list("name", flat=True))
    shown = "、".join(sorted(set(names))[:5]) + ("…" if len(set(names)) > 5 else "")
    label = f"{AudienceKind(kind).label}：{shown}"
    if audience.get("members_only"):
        label += _("（party members only）")
    return label[:300]
