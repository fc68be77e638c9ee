"""Figures of co-building for reports and dashboards, computed from records per node and period.

- `units_registered` / `units_evaluated`: units registered with communities under the node, and
  evaluations recorded for years in the period (`units_evaluated` is a report key);
- `needs_published` / `needs_claimed`: needs posted in the period, and claims of needs accepted;
- `resources_published` / `resources_claimed`;
- `cobuilding_projects_in_progress` / `cobuilding_projects_completed` (report key);
- `hard_problems_raised` / `hard_problems_solved` (report key) / `commitments_kept_on_time`.

The service teams' figures (`service_teams`, team services) are the teams' own module's: each
function in EXTRA_FIGURES is called with the same arguments and its keys merged (the team module
registers itself with `add_figures`).
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Count, F, Q

from yipanqi.cobuilding.choices import (
    DONE_PROJECT,
    ClaimSide,
    ClaimStatus,
    CommitmentStatus,
    ProblemStatus,
    ProjectStatus,
)
from yipanqi.cobuilding.models import Claim, Commitment, Evaluation, HardProblem, Project, Resource
from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.models import CommunityRegistration
from yipanqi.socialorgs.models import Need

EXTRA_FIGURES: list[Callable[..., dict[str, Any]]] = []


def add_figures(function: Callable[..., dict[str, Any]]) -> None:
    if function not in EXTRA_FIGURES:
        EXTRA_FIGURES.append(function)


def _in(path: str) -> Q:
    return Q(scope_path__startswith=path)


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    period = (start, end)
    accepted = Claim.objects.filter(
        _in(path), status=ClaimStatus.ACCEPTED, decided_at__date__range=period
    )
    claims = accepted.aggregate(
        needs=Count("pk", filter=Q(side=ClaimSide.UNIT_CLAIMS_NEED)),
        resources=Count("pk", filter=Q(side=ClaimSide.COMMUNITY_CLAIMS_RESOURCE)),
    )
    projects = Project.objects.filter(_in(path)).aggregate(
        going=Count("pk", filter=Q(status=ProjectStatus.IN_PROGRESS, starts_on__lte=end)),
        done=Count("pk", filter=Q(status__in=DONE_PROJECT, completed_at__date__range=period)),
    )
    problems = HardProblem.objects.filter(_in(path)).aggregate(
        raised=Count("pk", filter=Q(raised_at__date__range=period)),
        solved=Count("pk", filter=Q(status=ProblemStatus.CLOSED, closed_at__date__range=period)),
    )
    kept = Commitment.objects.filter(
        _in(path),
        status=CommitmentStatus.DONE,
        done_at__date__range=period,
        done_at__date__lte=F("due_on"),
    ).count()
    registered = CommunityRegistration.objects.filter(
        _in(path),
        kind=RegistrationKind.UNIT,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED),
    ).count()
    result = {
        "units_registered": registered,
        "units_evaluated": Evaluation.objects.filter(
            _in(path), year__range=(start.year, end.year)
        ).count(),
        "needs_published": Need.objects.filter(_in(path), created_at__date__range=period).count(),
        "needs_claimed": claims["needs"],
        "resources_published": Resource.objects.filter(
            _in(path), published_at__date__range=period
        ).count(),
        "resources_claimed": claims["resources"],
        "cobuilding_projects_in_progress": projects["going"],
        "cobuilding_projects_completed": projects["done"],
        "hard_problems_raised": problems["raised"],
        "hard_problems_solved": problems["solved"],
        "commitments_kept_on_time": kept,
    }
    for extra in EXTRA_FIGURES:
        result.update(extra(path=path, start=start, end=end))
    return result


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "units_registered": {
        "zh": "报到共建单位",
        "en": "Units registered",
        "unit": "个",
        "definition": "向社区报到并确认的单位数",
    },
    "units_evaluated": {
        "zh": "共建考评单位",
        "en": "Units evaluated",
        "unit": "个",
        "definition": "期内年份中记录考评的单位数",
    },
    "needs_published": {
        "zh": "发布需求数",
        "en": "Needs published",
        "unit": "个",
        "definition": "期内发布的共建需求数",
    },
    "needs_claimed": {
        "zh": "需求认领数",
        "en": "Needs claimed",
        "unit": "个",
        "definition": "期内单位认领并被接受的需求数",
    },
    "resources_published": {
        "zh": "发布资源数",
        "en": "Resources published",
        "unit": "个",
        "definition": "期内发布的共建资源数",
    },
    "resources_claimed": {
        "zh": "资源认领数",
        "en": "Resources claimed",
        "unit": "个",
        "definition": "期内社区认领并被接受的资源数",
    },
    "cobuilding_projects_in_progress": {
        "zh": "在建共建项目",
        "en": "Projects in progress",
        "unit": "个",
        "definition": "期末进行中的共建项目数",
    },
    "cobuilding_projects_completed": {
        "zh": "完成共建项目",
        "en": "Projects completed",
        "unit": "个",
        "definition": "期内完成的共建项目数",
    },
    "hard_problems_raised": {
        "zh": "提交难题数",
        "en": "Hard problems raised",
        "unit": "件",
        "definition": "期内提交理事会的难题数",
    },
    "hard_problems_solved": {
        "zh": "难题解决数",
        "en": "Hard problems solved",
        "unit": "件",
        "definition": "期内办结的难题数",
    },
    "commitments_kept_on_time": {
        "zh": "按期兑现承诺",
        "en": "Commitments kept on time",
        "unit": "项",
        "definition": "期内按期完成的承诺数",
    },
}
