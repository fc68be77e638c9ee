"""Who may see or change people data: the area scope, plus each person's own record (本人)."""

from typing import Any

from django.db.models import Q, QuerySet

from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.organisations.permissions import active_grants
from yipanqi.people.models import (
    ADMINS,
    MEMBER_POLICY,
    PEOPLE_POLICY,
    UNMASK_POLICY,
    CommunityRegistration,
    Household,
    Participation,
    PartyMember,
    Person,
)


def _covers(user: Any, roles: frozenset[str], path: str) -> bool:
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def can_change_in(user: Any, path: str) -> bool:
    return _covers(user, PEOPLE_POLICY["change"], path)


def can_manage_members_in(user: Any, path: str) -> bool:
    return _covers(user, MEMBER_POLICY["change"], path)


def can_unmask(user: Any, person: Person, field: str) -> bool:
    return _covers(user, UNMASK_POLICY.get(field, frozenset()), person.scope_path)


def can_decide_registration(user: Any, registration: CommunityRegistration) -> bool:
    return _covers(user, ADMINS, registration.community.path)


def can_submit_registration(user: Any, community: Area, member: PartyMember | None) -> bool:
    """A member registers themselves; community admins may register on a member's behalf."""
    own = (
        member is not None
        and member.person.user_id is not None
        and member.person.user_id == user.pk
    )
    return own or _covers(user, ADMINS, community.path)


def _self(user: Any) -> Q:
    return Q(user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def people_visible_to(user: Any) -> QuerySet[Person]:
    """Residents in the user's scope, plus the user's own record (a party member sees themselves)."""
    return Person.objects.filter(Q(pk__in=Person.objects.for_user(user).values("pk")) | _self(user))


def households_visible_to(user: Any) -> QuerySet[Household]:
    own = Person.objects.filter(_self(user)).values("household_id")
    return Household.objects.filter(
        Q(pk__in=Household.objects.for_user(user).values("pk")) | Q(pk__in=own)
    )


def members_visible_to(user: Any) -> QuerySet[PartyMember]:
    own = Q(person__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return PartyMember.objects.filter(
        Q(pk__in=PartyMember.objects.for_user(user).values("pk")) | own
    )


def registrations_visible_to(user: Any) -> QuerySet[CommunityRegistration]:
    own = Q(member__person__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    scoped = CommunityRegistration.objects.for_user(user).values("pk")
    return CommunityRegistration.objects.filter(Q(pk__in=scoped) | own)


def participations_visible_to(user: Any) -> QuerySet[Participation]:
    own = (
        Q(registration__member__person__user=user)
        if getattr(user, "is_authenticated", False)
        else Q(pk__in=[])
    )
    scoped = Participation.objects.for_user(user).values("pk")
    return Participation.objects.filter(Q(pk__in=scoped) | own)


def can_view_branch_feedback(user: Any, branch: PartyOrganisation) -> bool:
    """The yearly 双报到 feedback goes to those who manage the members of the branch."""
    return _covers(user, MEMBER_POLICY["view"], branch.scope_path)


def can_link_account(user: Any, person: Person) -> bool:
    return _covers(user, ADMINS, person.scope_path)
