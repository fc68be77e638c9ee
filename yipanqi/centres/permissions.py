"""Who may run the centres' 5A rating, derived from role grants on the area tree.

A centre assesses itself through the administrators of its own area (a community's secretary for
its grassroots centre, the street for its town centre); the street's administrators review the
centres of their town; the district's administrators open rounds, review, publish and decide
appeals.
"""

from typing import Any

from django.db.models import QuerySet

from yipanqi.centres.models import ADMINS, AssessmentRound, CentreAssessment, ServiceCentre
from yipanqi.organisations.choices import Role
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants

DISTRICT = frozenset({Role.DISTRICT_ADMIN})
STREET = frozenset({Role.TOWN_ADMIN})


def _covers(user: Any, roles: frozenset[str], path: str) -> bool:
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def _holds_at(user: Any, roles: frozenset[str], area_id: int) -> bool:
    return any(g.role in roles and g.area_id == area_id for g in active_grants(user))


def centres_visible_to(user: Any) -> QuerySet[ServiceCentre]:
    return ServiceCentre.objects.for_user(user)


def rounds_visible_to(user: Any) -> QuerySet[AssessmentRound]:
    return AssessmentRound.objects.for_user(user)


def assessments_visible_to(user: Any) -> QuerySet[CentreAssessment]:
    return CentreAssessment.objects.for_user(user)


def can_manage_network(user: Any, area: Area) -> bool:
    """Add centres, open rounds, set up the scheme: the district's administrators."""
    return _covers(user, DISTRICT, area.path)


def can_speak_for_centre(user: Any, assessment: CentreAssessment) -> bool:
    """Self-assess, attach evidence, appeal: the administrators of the centre's own area."""
    return _holds_at(user, ADMINS, assessment.centre.area_id)


def can_street_review(user: Any, assessment: CentreAssessment) -> bool:
    return _covers(user, STREET, assessment.scope_path)


def can_district_review(user: Any, assessment: CentreAssessment) -> bool:
    return _covers(user, DISTRICT, assessment.scope_path)


def can_publish(user: Any, round_: AssessmentRound) -> bool:
    return _covers(user, DISTRICT, round_.scope_path)


def can_edit_centre(user: Any, centre: ServiceCentre) -> bool:
    """Hours, staff on duty, services: the administrators of the centre's area or above."""
    return _covers(user, ADMINS, centre.area.path)
