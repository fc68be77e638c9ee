"""Who may do what in co-building.

A community's side is its administrators (and those above it); a unit's side is its liaison, the
account on the unit's seat of a co-building council (cobuilding.reach). A town's administrators run
its council: they put hard problems to sessions and record commitments.
"""

from typing import Any

from yipanqi.cobuilding.choices import ClaimSide
from yipanqi.cobuilding.models import ADMINS, Claim, Commitment, HardProblem, Project
from yipanqi.cobuilding.reach import council_seats
from yipanqi.organisations.choices import Role
from yipanqi.organisations.models import Area, Body
from yipanqi.organisations.permissions import active_grants


def administers(user: Any, area: Area) -> bool:
    return any(g.role in ADMINS and area.path.startswith(g.area.path) for g in active_grants(user))


def liaison_unit_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        council_seats(user).exclude(source_unit=None).values_list("source_unit_id", flat=True)
    )


def is_liaison(user: Any, unit_id: int) -> bool:
    return unit_id in liaison_unit_ids(user)


def can_claim_need(user: Any, unit_id: int) -> bool:
    return is_liaison(user, unit_id)


def can_publish_resource(user: Any, unit_id: int) -> bool:
    return is_liaison(user, unit_id)


def can_claim_resource(user: Any, community: Area) -> bool:
    return administers(user, community)


def _claimant_side(user: Any, claim: Claim) -> bool:
    if claim.side == ClaimSide.UNIT_CLAIMS_NEED:
        return is_liaison(user, claim.unit_id)
    return administers(user, claim.community)


def can_decide_claim(user: Any, claim: Claim) -> bool:
    """The other side decides: the community a need belongs to, the unit a resource belongs to."""
    if claim.side == ClaimSide.UNIT_CLAIMS_NEED:
        return administers(user, claim.community)
    return is_liaison(user, claim.unit_id)


def can_withdraw_claim(user: Any, claim: Claim) -> bool:
    return _claimant_side(user, claim)


def is_party(user: Any, project: Project) -> bool:
    return administers(user, project.community) or is_liaison(user, project.unit_id)


def can_rate(user: Any, project: Project) -> bool:
    return administers(user, project.community)


def can_raise_problem(user: Any, community: Area) -> bool:
    return administers(user, community)


def runs_council(user: Any, council: Body) -> bool:
    return administers(user, council.area)


def can_confirm(user: Any, problem: HardProblem) -> bool:
    """The raising community itself confirms the result, not the town that ran the session."""
    return any(
        g.role == Role.COMMUNITY_ADMIN and g.area.path == problem.community.path
        for g in active_grants(user)
    )


def can_fulfil(user: Any, commitment: Commitment) -> bool:
    own = commitment.member.user_id is not None and commitment.member.user_id == getattr(
        user, "pk", None
    )
    return own or runs_council(user, commitment.problem.council)


def can_evaluate(user: Any, community: Area) -> bool:
    return administers(user, community)
