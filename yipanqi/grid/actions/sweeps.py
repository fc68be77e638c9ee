"""清楼 sweeps: create a campaign with its checklist and target households, split the households
among the people of each grid, move to the next round, close."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import created, require, require_permission, track, user_of
from yipanqi.grid import permissions as perms
from yipanqi.grid.choices import CampaignStatus, QuestionKind
from yipanqi.grid.households import address_order, assignment_pools, split_evenly
from yipanqi.grid.models import Campaign, Question, Target
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.models import Household, HouseholdTag

BATCH = 2000
MAX_QUESTIONS = 20
MAX_ROUNDS = 10


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str
    choices: tuple[str, ...] = field(default_factory=tuple)
    required: bool = False


def _check_period(starts_on: datetime.date, ends_on: datetime.date, rounds: int) -> None:
    if ends_on < starts_on:
        raise Invalid(_("The campaign must end after it starts."), code="bad_period")
    if not 1 <= rounds <= MAX_ROUNDS:
        raise Invalid(
            _("A campaign has from 1 to %(n)d rounds.") % {"n": MAX_ROUNDS}, code="bad_rounds"
        )


def _check_questions(questions: Sequence[QuestionSpec]) -> None:
    if len(questions) > MAX_QUESTIONS:
        raise Invalid(_("At most %(n)d questions.") % {"n": MAX_QUESTIONS}, code="too_many")
    for q in questions:
        if not q.text.strip() or q.kind not in QuestionKind.values:
            raise Invalid(_("Each question needs a text and a kind."), code="bad_question")
        if q.kind == QuestionKind.CHOICE and len([c for c in q.choices if c.strip()]) < 2:
            raise Invalid(_("A choice question needs at least two choices."), code="bad_choices")


def _check_areas(area: Area, targets: Sequence[Area]) -> None:
    if area.kind == AreaKind.GRID:
        raise Invalid(_("A sweep is run by a community, street or the district."), code="bad_area")
    if any(not t.path.startswith(area.path) for t in targets):
        raise Invalid(_("Target areas must lie inside the area running the sweep."), code="outside")


def target_households(areas: Iterable[Area], tags: Iterable[HouseholdTag]) -> Any:
    """Households under any of the areas (and, if tags are given, carrying one of them)."""
    condition = Q()
    for area in areas:
        condition |= Q(scope_path__startswith=area.path)
    households = Household.objects.filter(condition) if condition else Household.objects.none()
    tag_ids = [t.pk for t in tags]
    if tag_ids:
        tagged = Household.objects.filter(tags__in=tag_ids).values("pk")
        households = households.filter(pk__in=tagged)
    return households


@transaction.atomic
def campaign_create(
    *,
    area: Area,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    actor: Any,
    purpose: str = "",
    target_areas: Sequence[Area] = (),
    tags: Sequence[HouseholdTag] = (),
    rounds: int = 1,
    questions: Sequence[QuestionSpec] = (),
) -> Campaign:
    """Open a sweep over the households of `target_areas` (default: the whole area), each
    assigned automatically to a worker or volunteer of its grid."""
    require_permission(actor, perms.can_create_campaign, area)
    if not title.strip():
        raise Invalid(_("Give the campaign a title."), code="title_required")
    areas = list(target_areas) or [area]
    _check_period(starts_on, ends_on, rounds)
    _check_questions(questions)
    _check_areas(area, areas)
    campaign = Campaign(
        area=area,
        title=title.strip()[:100],
        purpose=purpose.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        rounds=rounds,
        created_by=user_of(actor),
    )
    campaign.place_in(area)
    campaign.save()
    campaign.target_areas.set(areas)
    campaign.tags.set(tags)
    _add_questions(campaign, questions)
    count = _add_targets(campaign, target_households(areas, tags))
    audit.record(
        actor=actor,
        action="grid.campaign.created",
        target=campaign,
        changes=created(campaign, "area", "title", "starts_on", "ends_on", "rounds", "status"),
        data={"targets": count, "areas": [a.code for a in areas], "rounds": rounds},
    )
    return campaign


def _add_questions(campaign: Campaign, questions: Sequence[QuestionSpec]) -> None:
    rows = [
        Question(
            campaign=campaign,
            position=i,
            text=q.text.strip()[:100],
            kind=q.kind,
            choices=[c.strip() for c in q.choices if c.strip()],
            required=q.required,
            scope_path=campaign.scope_path,
            district_code=campaign.district_code,
        )
        for i, q in enumerate(questions)
    ]
    Question.objects.bulk_create(rows)


TARGET_COLUMNS = (
    "created_at", "updated_at", "scope_path", "district_code", "campaign_id", "household_id",
    "grid_id", "assignee_id", "outcome", "last_round",
)  # fmt: skip


def _add_targets(campaign: Campaign, households: Any) -> int:
    """One target row per household, in walking order, split per grid among its people."""
    columns = ("pk", "grid_id", "scope_path", "district_code")
    rows = list(households.order_by("grid_id", *address_order()).values_list(*columns))
    by_grid: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_grid[row[1]].append(row)
    pools = assignment_pools(list(by_grid))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = [
        (now, now, path, district, campaign.pk, pk, grid_id, assignee, "", 0)
        for grid_id, grid_rows in by_grid.items()
        for (pk, _grid, path, district), assignee in zip(
            grid_rows, split_evenly(len(grid_rows), pools.get(grid_id, [])), strict=True
        )
    ]
    _insert_targets(values)
    return len(values)


def _insert_targets(values: list[tuple]) -> None:
    """One prepared INSERT for all rows: a district-wide sweep targets tens of thousands of
    households, and building a model instance per row (bulk_create) costs seconds per 10,000."""
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # nosec B608
        qn(Target._meta.db_table),
        ", ".join(qn(c) for c in TARGET_COLUMNS),
        ", ".join(["%s"] * len(TARGET_COLUMNS)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


@transaction.atomic
def target_assign(*, targets: Sequence[Target], assignee: Any, actor: Any) -> int:
    """Adjust the split: give these households to someone from the pool of their grid."""
    ids = [t.pk for t in targets]
    locked = list(
        Target.objects.select_for_update(of=("self",)).select_related("campaign").filter(pk__in=ids)
    )
    for target in locked:
        require(perms.can_assign(actor, target))
    allowed = assignment_pools(sorted({t.grid_id for t in locked}))
    for target in locked:
        if assignee is not None and assignee.pk not in allowed.get(target.grid_id, []):
            raise Invalid(
                _("Choose a worker or volunteer of the household's grid."), code="not_in_grid"
            )
    changed = [t for t in locked if t.assignee_id != getattr(assignee, "pk", None)]
    Target.objects.filter(pk__in=[t.pk for t in changed]).update(
        assignee=assignee, updated_at=timezone.now()
    )
    for target in changed:
        audit.record(
            actor=actor,
            action="grid.target.assigned",
            target=target,
            changes={"assignee": [target.assignee_id, getattr(assignee, "pk", None)]},
        )
    return len(changed)


def _locked(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",)).select_related("area").get(pk=campaign.pk)
    )


@transaction.atomic
def campaign_next_round(*, campaign: Campaign, actor: Any) -> Campaign:
    """Start the next round: households nobody was home at are visited again."""
    campaign = _locked(campaign)
    require(perms.can_manage_campaign(actor, campaign))
    if campaign.status != CampaignStatus.OPEN or campaign.current_round >= campaign.rounds:
        raise Conflict(_("There is no further round."), code="no_next_round")
    edit = track(campaign, actor=actor)
    edit.set(current_round=campaign.current_round + 1)
    edit.finish("grid.campaign.round_started")
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: Any) -> Campaign:
    campaign = _locked(campaign)
    require(perms.can_manage_campaign(actor, campaign))
    if campaign.status == CampaignStatus.CLOSED:
        raise Conflict(_("The campaign is already closed."), code="already_closed")
    edit = track(campaign, actor=actor)
    edit.set(status=CampaignStatus.CLOSED)
    edit.finish("grid.campaign.closed")
    return campaign


@transaction.atomic
def campaigns_close_ended(
    *, actor: Any, today: datetime.date | None = None, batch: int = 200
) -> int:
    """到期结束: open sweeps whose last day has passed are closed by the system (the periodic job),
    so that nobody is sent to visit for a sweep that is over. Works in batches: returns how many
    it closed, 0 when none is left."""
    require(is_system(actor))
    today = today or timezone.localdate()
    ended = (
        Campaign.objects.select_for_update(of=("self",))
        .filter(status=CampaignStatus.OPEN, ends_on__lt=today)
        .order_by("pk")[:batch]
    )
    campaigns = list(ended)
    for campaign in campaigns:
        edit = track(campaign, actor=actor)
        edit.set(status=CampaignStatus.CLOSED)
        edit.finish("grid.campaign.ended", ends_on=campaign.ends_on)
    return len(campaigns)
