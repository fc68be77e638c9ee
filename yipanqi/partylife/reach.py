"""The ways a person reaches party-life rows besides an administrator's area grant.

Party membership is sensitive (docs/decisions/006): only the area administrators over a branch,
the branch's own officers (书记, 党费收缴员, appointed here) and the member themself reach its
rows; grid workers, residents and everyone else reach nothing.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q

from yipanqi.organisations.permissions import active_grants

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
PARTY_POLICY = {"view": ADMINS, "change": ADMINS}


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "pk", None))


def officer_of(branch_field: str, duties: tuple[str, ...] = ()) -> Any:
    """Rows of a branch the user is an active officer of (any duty, or one of `duties`)."""

    def condition(user: Any) -> Any:
        from yipanqi.partylife.models import BranchOfficer

        if not _signed_in(user):
            return None
        officers = BranchOfficer.objects.filter(
            user=user, active=True, branch_id=OuterRef(branch_field)
        )
        if duties:
            officers = officers.filter(duty__in=duties)
        return Exists(officers)

    return condition


def member_of_branch(branch_field: str) -> Any:
    """Rows of the branch holding the user's own membership (their branch's meetings)."""

    def condition(user: Any) -> Any:
        from yipanqi.people.models import PartyMember

        if not _signed_in(user):
            return None
        return Exists(
            PartyMember.objects.filter(person__user=user, branch_id=OuterRef(branch_field))
        )

    return condition


def own(member_field: str) -> Any:
    """Rows about the user's own membership (本人)."""

    def condition(user: Any) -> Q | None:
        return Q(**{f"{member_field}__person__user": user}) if _signed_in(user) else None

    return condition


def receiving_admin(user: Any) -> Q | None:
    """Transfers to an organisation under the user's administrator grants (the receiving side)."""
    condition = Q()
    for grant in active_grants(user):
        if grant.role in ADMINS:
            condition |= Q(to_scope_path__startswith=grant.area.path)
    return condition or None
