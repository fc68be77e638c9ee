"""Test data: a small district with two towns, two communities each, two grids each, and personas.

Built through the apps' own actions (the system actor for the bootstrap), like the demo.
"""

import datetime
from dataclasses import dataclass, field

import factory
from django.db import transaction

from yipanqi.accounts.actions import user_create
from yipanqi.accounts.models import AccountKind, User
from yipanqi.core.actors import system
from yipanqi.organisations import actions
from yipanqi.organisations.choices import (
    AreaKind,
    BodyKind,
    MemberRole,
    PartyOrganisationKind,
    Role,
    UnitKind,
)
from yipanqi.organisations.models import Area

PASSWORD = "Test#Passw0rd-2021"
STAFF_ROLES = {
    Role.DISTRICT_ADMIN,
    Role.TOWN_ADMIN,
    Role.COMMUNITY_ADMIN,
    Role.GRID_WORKER,
    Role.AUDITOR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
    Role.FIVE_ROLE_OFFICER,
    Role.UNIT_LIAISON,
    Role.SOCIAL_ORG_STAFF,
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


@dataclass
class District:
    district: Area
    towns: list[Area] = field(default_factory=list)
    communities: list[Area] = field(default_factory=list)  # [A1, A2, B1, B2]
    grids: list[Area] = field(default_factory=list)  # two per community, in community order
    personas: dict[str, User] = field(default_factory=dict)
    party: dict[str, object] = field(default_factory=dict)
    units: list[object] = field(default_factory=list)
    bodies: list[object] = field(default_factory=list)


def _area(parent, name, code, kind):
    return actions.area_create(parent=parent, name=name, code=code, kind=kind, actor=system("test"))


def _persona(d: District, name: str, role: str, area: Area) -> User:
    kind = AccountKind.STAFF if role in STAFF_ROLES else AccountKind.PUBLIC
    user = user_create(username=name, password=PASSWORD, actor=None, kind=kind, validate=False)
    actions.role_grant_create(user=user, role=role, area=area, actor=system("test"))
    d.personas[name] = user
    return user


@transaction.atomic
def build_district(code: str = "330213") -> District:
    d = District(district=_area(None, "奉化区", code, AreaKind.DISTRICT))
    for t, town_name in enumerate(["锦屏街道", "岳林街道"], start=1):
        town = _area(d.district, town_name, f"{code}00{t}000", AreaKind.TOWN)
        d.towns.append(town)
        for c, community_name in enumerate(
            ["奉中社区", "锦山社区"] if t == 1 else ["民主社区", "新民社区"], start=1
        ):
            community = _area(town, community_name, f"{code}00{t}00{c}", AreaKind.COMMUNITY)
            d.communities.append(community)
            for g in (1, 2):
                d.grids.append(
                    _area(
                        community,
                        f"{community_name}第{g}网格",
                        f"{community.code}00{g}",
                        AreaKind.GRID,
                    )
                )
    _build_party(d)
    _build_units_and_bodies(d)
    _build_personas(d)
    return d


def _build_party(d: District) -> None:
    root = actions.party_organisation_create(
        parent=None,
        name="中共奉化区委",
        kind=PartyOrganisationKind.DISTRICT_COMMITTEE,
        area=d.district,
        actor=system("test"),
    )
    d.party["district"] = root
    for i, town in enumerate(d.towns):
        town_org = actions.party_organisation_create(
            parent=root,
            name=f"{town.name}党工委",
            kind=PartyOrganisationKind.TOWN_COMMITTEE,
            area=town,
            actor=system("test"),
        )
        d.party[f"town{i}"] = town_org
        for community in d.communities[i * 2 : (i + 1) * 2]:
            org = actions.party_organisation_create(
                parent=town_org,
                name=f"{community.name}党委",
                kind=PartyOrganisationKind.COMMUNITY_COMMITTEE,
                area=community,
                actor=system("test"),
            )
            d.party[community.name] = org


def _build_units_and_bodies(d: District) -> None:
    for community in d.communities:
        unit = actions.unit_create(
            area=community,
            name=f"{community.name}驻区单位",
            kind=UnitKind.PUBLIC_INSTITUTION,
            actor=system("test"),
        )
        d.units.append(unit)
        body = actions.body_create(
            area=community,
            name=f"{community.name}大党委",
            kind=BodyKind.BIG_COMMITTEE,
            party_organisation=d.party[community.name],
            actor=system("test"),
        )
        d.bodies.append(body)
        actions.membership_add(
            body=body,
            member_name="王*",
            role=MemberRole.PART_TIME_MEMBER,
            source_unit=unit,
            term_start=datetime.date(2021, 1, 1),
            actor=system("test"),
        )


def _build_personas(d: District) -> None:
    a1, a2, b1, _b2 = d.communities
    _persona(d, "district_admin", Role.DISTRICT_ADMIN, d.district)
    _persona(d, "town_admin_a", Role.TOWN_ADMIN, d.towns[0])
    _persona(d, "community_admin_a1", Role.COMMUNITY_ADMIN, a1)
    _persona(d, "community_admin_a2", Role.COMMUNITY_ADMIN, a2)
    _persona(d, "community_admin_b1", Role.COMMUNITY_ADMIN, b1)
    _persona(d, "grid_worker_a1", Role.GRID_WORKER, d.grids[0])
    _persona(d, "party_member_a1", Role.PARTY_MEMBER, d.grids[0])
    _persona(d, "resident_a1", Role.RESIDENT, d.grids[1])
    _persona(d, "auditor_a", Role.AUDITOR, d.towns[0])
    _persona(d, "system_admin", Role.SYSTEM_ADMIN, d.district)
    _persona(d, "security_admin", Role.SECURITY_ADMIN, d.district)
    _persona(d, "audit_admin", Role.AUDIT_ADMIN, d.district)
    no_role = user_create(username="no_role", password=PASSWORD, actor=None, validate=False)
    d.personas["no_role"] = no_role
