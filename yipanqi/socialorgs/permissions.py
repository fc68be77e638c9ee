"""Who may do what with social organisations, derived from role grants and staff links.

Registering and filing organisations, incubation records and government purchases: the
administrators covering the organisation's area (a street files its community organisations).
An organisation's own staff publish its offers, log deliveries and apply to venture rounds.
A community's administrators post its needs and accept a matched offer. The funder — the
district's administrators — runs the venture rounds: screening, reviewers, notice, approval,
agreements, tranches and the mid-term and final reviews. A reviewer scores only the
applications assigned to them.
"""

from typing import Any

from yipanqi.organisations.choices import Role
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants
from yipanqi.socialorgs.models import (
    ADMINS,
    Application,
    Engagement,
    Need,
    OrgStaff,
    ReviewAssignment,
    SocialOrganisation,
    VentureRound,
)

DISTRICT = frozenset({Role.DISTRICT_ADMIN})
PURCHASERS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})  # 政府购买服务: street or district
STAFF = Role.SOCIAL_ORG_STAFF
# Menu entries (core.registry.NavItem roles).
REGISTRY_ROLES = ADMINS | frozenset({Role.AUDITOR, STAFF})
BOARD_ROLES = ADMINS | frozenset({STAFF})
ROUND_ROLES = ADMINS | frozenset({Role.AUDITOR, STAFF})
REVIEWER_ROLES = ADMINS | frozenset({Role.FIVE_ROLE_OFFICER})  # the demo's expert panel
FUNDER_ROLES = DISTRICT | frozenset({Role.AUDITOR})


def covers(user: Any, roles: frozenset[str], path: str) -> bool:
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def is_staff_of(user: Any, organisation: SocialOrganisation) -> bool:
    if not getattr(user, "pk", None):
        return False
    return OrgStaff.objects.filter(organisation=organisation, user=user).exists()


def can_register(user: Any, area: Area) -> bool:
    """Register or file an organisation in an area, record its incubation: its administrators."""
    return covers(user, ADMINS, area.path)


def can_manage_org(user: Any, organisation: SocialOrganisation) -> bool:
    return covers(user, ADMINS, organisation.scope_path)


def can_act_for(user: Any, organisation: SocialOrganisation) -> bool:
    """Publish offers, apply, log deliveries: the organisation's staff (or its administrators)."""
    return is_staff_of(user, organisation) or can_manage_org(user, organisation)


def can_post_need(user: Any, community: Area) -> bool:
    return covers(user, ADMINS, community.path)


def can_decide_need(user: Any, need: Need) -> bool:
    return covers(user, ADMINS, need.scope_path)


def can_purchase(user: Any, community: Area) -> bool:
    """Government purchase of a service for a community: the street's or district's admins."""
    return covers(user, PURCHASERS, community.path)


def can_log(user: Any, engagement: Engagement) -> bool:
    return is_staff_of(user, engagement.organisation) or covers(user, ADMINS, engagement.scope_path)


def can_fund(user: Any, round_: VentureRound) -> bool:
    """Run a round (the funder, 区民政局): the district's administrators."""
    return covers(user, DISTRICT, round_.scope_path)


def can_apply(user: Any, organisation: SocialOrganisation) -> bool:
    return is_staff_of(user, organisation)


def can_run_application(user: Any, application: Application) -> bool:
    return can_fund(user, application.round)


def can_score(user: Any, review: ReviewAssignment) -> bool:
    return bool(getattr(user, "pk", None)) and review.reviewer_id == user.pk


def can_object(user: Any, application: Application) -> bool:
    """Anyone who reads the round's public notice may raise an objection to a listed project."""
    return VentureRound.objects.for_user(user).filter(pk=application.round_id).exists()
