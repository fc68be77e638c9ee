"""Who may see or change people data: the area scope, plus each person's own record (本人)."""

import os
from typing import Any

from django.db.models import QuerySet

from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.organisations.permissions import active_grants
from yipanqi.people.models import (
    ADMINS,
    EXACT_SEARCH_POLICY,
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


def can_search_exact(user: Any, field: str) -> bool:
    """Whether the user may look people up by a full ID number / phone anywhere at all."""
    roles = EXACT_SEARCH_POLICY.get(field, frozenset())
    return any(g.role in roles for g in active_grants(user))


def people_found_exactly_by(user: Any, field: str) -> QuerySet[Person]:
    """The people a full-number search may find: only where the user holds a search role."""
    return Person.objects.for_user(user, f"search_{field}")


def _is_self(user: Any, person: Person) -> bool:
    return person.user_id is not None and person.user_id == getattr(user, "pk", None)


def can_see_birth_date(user: Any, person: Person) -> bool:
    """The full birth date is digits 7–14 of the ID number: beside the masked number it would
    rebuild it, so only the person and those who may unmask the ID number see it."""
    return _is_self(user, person) or can_unmask(user, person, "id_number")


def can_see_political_profile(user: Any, person: Person) -> bool:
    """Political status (it says who is a party member) and ethnicity are sensitive: the person
    and the administrators of the party-member policy in scope see them; grid workers and other
    readers of the register do not (decision 006)."""
    return _is_self(user, person) or _covers(user, MEMBER_POLICY["view"], person.scope_path)


def can_read_notes_in_clear(user: Any, person: Person) -> bool:
    """Numbers typed into free text are masked for anyone who could not unmask them."""
    return _is_self(user, person) or (
        can_unmask(user, person, "id_number") and can_unmask(user, person, "phone")
    )


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


# The area scope plus each model's declared reach (its `scope_reach`: 本人, own household, own
# registrations), in one filter.


def people_visible_to(user: Any) -> QuerySet[Person]:
    """Residents in the user's scope, plus the user's own record (a party member sees themselves)."""
    return Person.objects.for_user(user)


def households_visible_to(user: Any) -> QuerySet[Household]:
    return Household.objects.for_user(user)


def members_visible_to(user: Any) -> QuerySet[PartyMember]:
    return PartyMember.objects.for_user(user)


def registrations_visible_to(user: Any) -> QuerySet[CommunityRegistration]:
    return CommunityRegistration.objects.for_user(user)


def participations_visible_to(user: Any) -> QuerySet[Participation]:
    return Participation.objects.for_user(user)


def can_view_branch_feedback(user: Any, branch: PartyOrganisation) -> bool:
    """The yearly 双报到 feedback goes to those who manage the members of the branch."""
    return _covers(user, MEMBER_POLICY["view"], branch.scope_path)


def can_link_account(user: Any, person: Person) -> bool:
    return _covers(user, ADMINS, person.scope_path)


def audit_scope(user: Any) -> tuple[str, str]:
    """Where an event without one target (an export, a search) is filed: the narrowest area
    covering every people grant of the user, so auditors above it see it."""
    areas = [g.area for g in active_grants(user) if g.role in PEOPLE_POLICY["view"]]
    if not areas:
        return "", ""
    common = os.path.commonprefix([a.path for a in areas])
    return common[: len(common) // Area.steplen * Area.steplen], areas[0].district_code
