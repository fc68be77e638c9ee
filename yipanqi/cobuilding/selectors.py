"""Reads of co-building, always from the user's scope (for_user)."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from yipanqi.cobuilding import selectors_refs as refs
from yipanqi.cobuilding.choices import (
    LIVE_CLAIM,
    ClaimSide,
    ClaimStatus,
    CommitmentStatus,
    ProblemStatus,
    ResourceStatus,
)
from yipanqi.cobuilding.models import (
    ADMINS,
    Claim,
    Commitment,
    Evaluation,
    HardProblem,
    Project,
    Resource,
)
from yipanqi.cobuilding.permissions import liaison_unit_ids
from yipanqi.core.scope import prefix_condition
from yipanqi.deliberation.models import Meeting
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Body, BodyMembership
from yipanqi.organisations.permissions import active_grants
from yipanqi.socialorgs.choices import NeedStatus
from yipanqi.socialorgs.models import Need


def _admin_paths(user: Any) -> list[str]:
    return [g.area.path for g in active_grants(user) if g.role in ADMINS]


def needs_open(*, user: Any) -> QuerySet[Need]:
    """The needs list (需求清单) a user may claim from: open needs of their area."""
    rows = Need.objects.for_user(user, "claim").filter(status=NeedStatus.OPEN)
    # A single-claim need with a live claim is taken, though not yet matched: off the board.
    taken = Claim.objects.filter(need=OuterRef("pk"), exclusive=True, status__in=LIVE_CLAIM)
    rows = rows.exclude(Exists(taken))
    return rows.select_related("community").order_by("-created_at", "-id")


def need_get(*, user: Any, need_id: int) -> Need:
    return Need.objects.for_user(user, "claim").select_related("community").get(pk=need_id)


def resources_published(*, user: Any) -> QuerySet[Resource]:
    rows = Resource.objects.for_user(user).filter(status=ResourceStatus.PUBLISHED)
    return rows.select_related("unit", "area").order_by("-published_at", "-id")


def resource_get(*, user: Any, resource_id: int) -> Resource:
    return Resource.objects.for_user(user).select_related("unit", "area").get(pk=resource_id)


def claims(*, user: Any) -> QuerySet[Claim]:
    rows = Claim.objects.for_user(user).select_related("need", "resource", "unit", "community")
    return rows.order_by("-created_at", "-id")


def claim_get(*, user: Any, claim_id: int) -> Claim:
    return claims(user=user).get(pk=claim_id)


def claims_to_decide(*, user: Any) -> QuerySet[Claim]:
    """Claims waiting for the user's side to accept or decline."""
    mine = Q(side=ClaimSide.COMMUNITY_CLAIMS_RESOURCE, unit_id__in=sorted(liaison_unit_ids(user)))
    paths = _admin_paths(user)
    if paths:
        mine |= Q(side=ClaimSide.UNIT_CLAIMS_NEED) & prefix_condition(paths)
    return claims(user=user).filter(mine, status=ClaimStatus.CLAIMED)


def projects(*, user: Any) -> QuerySet[Project]:
    return (
        Project.objects.for_user(user)
        .select_related("unit", "community")
        .order_by("-starts_on", "-id")
    )


def project_get(*, user: Any, project_id: int) -> Project:
    rows = projects(user=user).select_related("claim").prefetch_related("reports")
    return rows.get(pk=project_id)


def problems(*, user: Any) -> QuerySet[HardProblem]:
    rows = HardProblem.objects.for_user(user).select_related("council", "community", "session")
    return rows.annotate(
        open_commitments=Count("commitments", filter=Q(commitments__status=CommitmentStatus.OPEN))
    ).order_by("-raised_at", "-id")


def problem_get(*, user: Any, problem_id: int) -> HardProblem:
    commitments = Commitment.objects.select_related("member").order_by("due_on", "id")
    rows = problems(user=user).prefetch_related(Prefetch("commitments", queryset=commitments))
    return rows.get(pk=problem_id)


def commitments(*, user: Any) -> QuerySet[Commitment]:
    rows = Commitment.objects.for_user(user).select_related("member", "problem")
    return rows.order_by("due_on", "id")


def commitment_get(*, user: Any, commitment_id: int) -> Commitment:
    rows = Commitment.objects.for_user(user).select_related("member", "problem__council")
    return rows.get(pk=commitment_id)


def my_open_commitments(*, user: Any) -> QuerySet[Commitment]:
    return Commitment.objects.for_user(user).filter(member__user=user, status=CommitmentStatus.OPEN)


def evaluations(*, user: Any) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.for_user(user)
        .select_related("unit", "community")
        .order_by("-year", "unit__name")
    )


def evaluation_get(*, user: Any, evaluation_id: int) -> Evaluation:
    return evaluations(user=user).get(pk=evaluation_id)


def towns(*, user: Any) -> QuerySet[Area]:
    return Area.objects.for_user(user).filter(kind=AreaKind.TOWN).order_by("path")


def town_get(*, user: Any, town_id: int) -> Area:
    return towns(user=user).get(pk=town_id)


def council_of(town: Area) -> Body | None:
    return refs.council_of(town)


def council_members(council: Body | None) -> list[BodyMembership]:
    if council is None:
        return []
    rows = BodyMembership.objects.filter(body=council).select_related("source_unit", "user")
    return list(rows.order_by("role", "id"))


def next_session(council: Body | None) -> Meeting | None:
    if council is None:
        return None
    rows = Meeting.objects.filter(body=council, starts_at__gte=timezone.now())
    return rows.order_by("starts_at").first()


def town_counts(*, user: Any, town: Area) -> dict[str, int]:
    under = Q(scope_path__startswith=town.path)
    return {
        "needs": Need.objects.for_user(user, "claim").filter(under, status=NeedStatus.OPEN).count(),
        "resources": resources_published(user=user).filter(under).count(),
        "projects": projects(user=user).filter(under).count(),
    }


def town_open_problems(*, user: Any, town: Area) -> QuerySet[HardProblem]:
    return problem_rows(user, town).exclude(status=ProblemStatus.CLOSED)


def problem_rows(user: Any, town: Area) -> QuerySet[HardProblem]:
    commitments = Commitment.objects.select_related("member").order_by("due_on", "id")
    rows = problems(user=user).filter(scope_path__startswith=town.path)
    return rows.prefetch_related(Prefetch("commitments", queryset=commitments))
