"""The three lists and two-way claiming (三张清单 · 双向认领): units publish resources; a unit claims a
community's need, a community claims a unit's resource; the other side accepts (a project starts)
or declines. A single-claim item is claimed once: its row is locked while the claim is checked, and
a unique constraint on live claims holds even if two requests slip past the check."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.cobuilding import permissions as perms
from yipanqi.cobuilding.actions._common import CLAIM_FLOW, period, refuse
from yipanqi.cobuilding.choices import (
    LIVE_CLAIM,
    ClaimSide,
    ClaimStatus,
    ResourceKind,
    ResourceStatus,
)
from yipanqi.cobuilding.models import Claim, Project, Resource
from yipanqi.core import audit
from yipanqi.core.errors import Conflict, save_or_conflict
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, user_of
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Unit
from yipanqi.socialorgs.actions._common import NEED_FLOW
from yipanqi.socialorgs.choices import NeedStatus
from yipanqi.socialorgs.models import Need


def _already() -> Conflict:
    return Conflict(_("Someone has already claimed this."), code="already_claimed")


@transaction.atomic
def resource_publish(
    *,
    unit: Unit,
    title: str,
    kind: str,
    capacity: str,
    area: Area,
    available_from: datetime.date,
    available_to: datetime.date,
    actor: Actor,
    conditions: str = "",
    single_claim: bool = False,
) -> Resource:
    """资源清单: what the unit can offer, where, when, on what conditions."""
    require_permission(actor, perms.can_publish_resource, unit.pk)
    if kind not in ResourceKind.values:
        raise refuse(_("Choose one of the options."), "bad_kind", "kind")
    if area.kind == AreaKind.GRID or area.district_code != unit.district_code:
        raise refuse(_("Choose a community, street or the district."), "bad_area", "area")
    start, end = period(available_from, available_to)
    resource = Resource(
        unit=unit,
        title=text(title, "title", 100),
        kind=kind,
        capacity=text(capacity, "capacity", 100),
        conditions=text(conditions, "conditions", 300, required=False),
        available_from=start,
        available_to=end,
        area=area,
        single_claim=bool(single_claim),
        published_by=user_of(actor),
        published_at=timezone.now(),
    )
    resource.place_in(area)
    resource.save()
    audit.record(
        actor=actor,
        action="cobuilding.resource.published",
        target=resource,
        changes=created(resource, "unit", "title", "kind", "area", "single_claim"),
    )
    return resource


def _record(claim: Claim, actor: Actor) -> Claim:
    save_or_conflict(claim, _already().message, code="already_claimed")
    audit.record(
        actor=actor,
        action="cobuilding.claim.claimed",
        target=claim,
        changes=created(claim, "side", "need", "resource", "unit", "community", "exclusive"),
    )
    return claim


@transaction.atomic
def need_claim(*, need: Need, unit: Unit, actor: Actor, note: str = "") -> Claim:
    """A unit claims a community's need (单位认领需求)."""
    require_permission(actor, perms.can_claim_need, unit.pk)
    need = lock(need)  # claims of one need queue here
    if need.status != NeedStatus.OPEN:
        raise Conflict(_("This need is no longer open."), code="need_not_open")
    live = need.cobuilding_claims.filter(status__in=LIVE_CLAIM)
    if need.single_claim and live.exists():
        raise _already()
    if live.filter(unit=unit).exists():
        raise Conflict(_("Your unit has already claimed this."), code="already_claimed")
    community = Area.objects.get(pk=need.community_id)
    claim = Claim(
        side=ClaimSide.UNIT_CLAIMS_NEED,
        need=need,
        unit=unit,
        community=community,
        exclusive=need.single_claim,
        note=text(note, "note", 500, required=False),
        claimed_by=user_of(actor),
    )
    claim.place_in(community)
    return _record(claim, actor)


@transaction.atomic
def resource_claim(*, resource: Resource, community: Area, actor: Actor, note: str = "") -> Claim:
    """A community claims a unit's resource (社区认领资源)."""
    if community.kind != AreaKind.COMMUNITY:
        raise refuse(_("Choose a community."), "not_a_community", "community")
    require_permission(actor, perms.can_claim_resource, community)
    resource = lock(resource)
    if resource.status != ResourceStatus.PUBLISHED:
        raise Conflict(_("This resource has been withdrawn."), code="resource_withdrawn")
    if not community.path.startswith(resource.scope_path):
        raise refuse(_("The resource does not serve this community."), "area_mismatch")
    live = resource.claims.filter(status__in=LIVE_CLAIM)
    if resource.single_claim and live.exists():
        raise _already()
    if live.filter(community=community).exists():
        raise Conflict(_("Your community has already claimed this."), code="already_claimed")
    claim = Claim(
        side=ClaimSide.COMMUNITY_CLAIMS_RESOURCE,
        resource=resource,
        unit_id=resource.unit_id,
        community=community,
        exclusive=resource.single_claim,
        note=text(note, "note", 500, required=False),
        claimed_by=user_of(actor),
    )
    claim.place_in(community)
    return _record(claim, actor)


DEFAULT_DAYS = 90


def _start_project(
    *,
    claim: Claim,
    actor: Actor,
    goal: str = "",
    unit_inputs: str = "",
    community_inputs: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    milestones: str = "",
) -> Project:
    """The agreement (共建协议) of an accepted claim: parties, goal, each side's inputs, period,
    milestones. Only `claim_accept` calls it, inside its transaction, after its checks (so it is
    no action of its own, and asks nothing)."""
    item: Any = claim.need if claim.need_id else claim.resource  # one of them (a check says so)
    starts_on = starts_on or timezone.localdate()
    start, end = period(starts_on, ends_on or starts_on + datetime.timedelta(days=DEFAULT_DAYS))
    project = Project(
        claim=claim,
        unit_id=claim.unit_id,
        community_id=claim.community_id,
        title=item.title,
        goal=text(goal or item.title, "goal", 500),
        unit_inputs=text(unit_inputs or claim.note or "—", "unit_inputs", 500),
        community_inputs=text(community_inputs or "—", "community_inputs", 500),
        starts_on=start,
        ends_on=end,
        milestones=text(milestones, "milestones", 2000, required=False),
    )
    project.place_in(claim.community)
    project.save()
    audit.record(
        actor=actor,
        action="cobuilding.project.agreed",
        target=project,
        changes=created(project, "claim", "unit", "community", "title", "starts_on", "ends_on"),
    )
    return project


@transaction.atomic
def claim_accept(*, claim: Claim, actor: Actor, **agreement: Any) -> Claim:
    """The other side accepts: the claim becomes a co-building project with its agreement; a
    single-claim need is matched (the social-organisation matching no longer offers it)."""
    claim = lock(claim)
    require_permission(actor, perms.can_decide_claim, claim)
    step = CLAIM_FLOW.begin(claim, actor=actor)
    step.move(ClaimStatus.ACCEPTED)
    step.set(decided_by=user_of(actor), decided_at=timezone.now())
    step.finish("accepted")
    if claim.need is not None and claim.exclusive:
        need = lock(claim.need)
        need_step = NEED_FLOW.begin(need, actor=actor)
        need_step.move(NeedStatus.MATCHED)
        need_step.finish("matched", claim=claim.pk)
    _start_project(claim=claim, actor=actor, **agreement)
    return claim


@transaction.atomic
def claim_decline(*, claim: Claim, reason: str, actor: Actor) -> Claim:
    claim = lock(claim)
    require_permission(actor, perms.can_decide_claim, claim)
    step = CLAIM_FLOW.begin(claim, actor=actor)
    step.move(ClaimStatus.DECLINED)
    reason = text(reason, "reason", 300)
    step.set(decided_by=user_of(actor), decided_at=timezone.now(), decline_reason=reason)
    step.finish("declined")
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, actor: Actor) -> Claim:
    claim = lock(claim)
    require_permission(actor, perms.can_withdraw_claim, claim)
    step = CLAIM_FLOW.begin(claim, actor=actor)
    step.move(ClaimStatus.WITHDRAWN)
    step.finish("withdrawn")
    return claim
