"""双报到: registrations with a community, their decisions, and the participations credited
to them."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Invalid, save_or_conflict
from yipanqi.core.workflow import Workflow, created, lock, require, require_permission
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Unit
from yipanqi.people import permissions
from yipanqi.people.choices import (
    REGISTRATION_TRANSITION_NOT_ALLOWED,
    REGISTRATION_TRANSITIONS,
    RegistrationKind,
    RegistrationStatus,
)
from yipanqi.people.models import CommunityRegistration, Participation, PartyMember

REGISTRATION_FLOW = Workflow(
    table=REGISTRATION_TRANSITIONS,
    statuses=RegistrationStatus,
    refusal=REGISTRATION_TRANSITION_NOT_ALLOWED,
    audit_prefix="people.registration",
    model=CommunityRegistration,
)

HOURS_STEP = Decimal("0.1")  # Participation.hours has one decimal place
# What the audit of a new participation shows (participations_record_bulk records the same).
PARTICIPATION_CREATED = ("registration", "kind", "occurred_on", "hours", "problem_solved")


@transaction.atomic
def registration_submit(
    *,
    community: Area,
    actor: Any,
    member: PartyMember | None = None,
    unit: Unit | None = None,
    skills: str = "",
    preferences: str = "",
) -> CommunityRegistration:
    """报到: an in-service member registers with the community they live in (or a unit where it sits)."""
    if community.kind != AreaKind.COMMUNITY:
        raise Invalid(_("Registrations are made with a community."), code="not_a_community")
    require_permission(actor, permissions.can_submit_registration, community, member)
    if member is not None and not member.in_service:
        raise Invalid(
            _("Only in-service members register with a community."), code="not_in_service"
        )
    kind = RegistrationKind.MEMBER if member is not None else RegistrationKind.UNIT
    registration = CommunityRegistration(
        kind=kind,
        member=member,
        unit=unit,
        community=community,
        skills=skills,
        preferences=preferences,
        submitted_at=timezone.now(),
    )
    registration.place_in(community)
    save_or_conflict(
        registration, _("Already registered with this community."), code="duplicate_registration"
    )
    audit.record(
        actor=actor,
        action="people.registration.submitted",
        target=registration,
        changes=created(registration, "kind", "member", "unit", "community", "status"),
        data={"community": community.pk},
    )
    return registration


def _locked(registration: CommunityRegistration) -> CommunityRegistration:
    return lock(registration, "community")


@transaction.atomic
def registration_confirm(
    *, registration: CommunityRegistration, actor: Any
) -> CommunityRegistration:
    registration = _locked(registration)
    require(permissions.can_decide_registration(actor, registration))
    step = REGISTRATION_FLOW.begin(registration, actor=actor)
    step.move(RegistrationStatus.CONFIRMED)
    step.set(confirmed_at=timezone.now())
    step.finish("confirmed")
    return registration


@transaction.atomic
def registration_decline(
    *, registration: CommunityRegistration, reason: str, actor: Any
) -> CommunityRegistration:
    registration = _locked(registration)
    require(permissions.can_decide_registration(actor, registration))
    step = REGISTRATION_FLOW.begin(registration, actor=actor)
    step.move(RegistrationStatus.DECLINED)
    step.finish("declined", reason=reason)
    return registration


@transaction.atomic
def registration_assign(
    *, registration: CommunityRegistration, grid: Area, actor: Any
) -> CommunityRegistration:
    """Place a confirmed member in a grid of the community; the row then belongs to that grid."""
    registration = _locked(registration)
    require(permissions.can_decide_registration(actor, registration))
    if grid.kind != AreaKind.GRID or not grid.path.startswith(registration.community.path):
        raise Invalid(_("Choose a grid of this community."), code="grid_outside_community")
    step = REGISTRATION_FLOW.begin(registration, actor=actor)
    step.move(RegistrationStatus.ASSIGNED)
    step.set(grid=grid, assigned_at=timezone.now())
    registration.place_in(grid)
    step.finish("assigned")
    registration.participations.update(scope_path=grid.scope_path)
    return registration


@transaction.atomic
def participation_record(
    *,
    registration: CommunityRegistration,
    kind: str,
    occurred_on: datetime.date,
    actor: Any,
    hours: float = 0,
    problem_solved: bool = False,
    source: str = "",
    note: str = "",
) -> Participation:
    """Credit one participation to a registration (other apps call this; `source` makes it idempotent)."""
    require_permission(actor, permissions.can_change_in, registration.scope_path)
    if source:
        existing = Participation.objects.filter(registration=registration, source=source).first()
        if existing is not None:
            return existing
    participation = Participation(
        registration=registration,
        kind=kind,
        occurred_on=occurred_on,
        hours=Decimal(str(hours)).quantize(HOURS_STEP),  # as stored: the audit shows the same
        problem_solved=problem_solved,
        source=source,
        note=note,
    )
    participation.scope_path = registration.scope_path
    participation.district_code = registration.district_code
    participation.save()
    audit.record(
        actor=actor,
        action="people.participation.recorded",
        target=participation,
        changes=created(participation, *PARTICIPATION_CREATED),
        data={"kind": kind, "hours": str(hours)},
    )
    return participation
