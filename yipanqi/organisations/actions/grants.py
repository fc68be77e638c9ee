"""Role grants at an area: requested, approved by a second person, rejected or revoked."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Forbidden, Invalid, save_or_conflict
from yipanqi.core.workflow import Actor, require, track
from yipanqi.organisations import permissions
from yipanqi.organisations.actions._common import fresh
from yipanqi.organisations.choices import (
    PERSONAL_DATA_ROLES,
    ROLE_AREA_KINDS,
    SEPARATED_ADMIN_ROLES,
    GrantStatus,
)
from yipanqi.organisations.models import Area, RoleGrant


def _check_separation(user: Any, role: str) -> None:
    if role not in SEPARATED_ADMIN_ROLES:
        return
    held = set(
        RoleGrant.objects.filter(user=user, role__in=SEPARATED_ADMIN_ROLES).values_list(
            "role", flat=True
        )
    )
    if held - {role}:
        raise Conflict(
            _("System, security and audit administration must be held by different people."),
            code="separated_roles",
        )


@transaction.atomic
def role_grant_create(*, user: Any, role: str, area: Area, actor: Actor) -> RoleGrant:
    """Grant a role at an area (covers its subtree); the three admin roles stay with different people.

    A role that reaches personal data (PERSONAL_DATA_ROLES) is only requested here: the grant stays
    pending, and counts for nothing, until a security admin approves it (`role_grant_approve`).
    Bootstrap grants (the system actor: the demo, fixtures, commands) are made by the system
    itself and take effect at once, recorded as approved by the system.
    """
    from yipanqi.accounts.models import User

    User.objects.select_for_update().get(pk=user.pk)  # serialise grants to one user
    bootstrap = is_system(actor)
    require(bootstrap or permissions.can_grant_role(actor, area) and actor.pk != user.pk)
    if area.kind not in ROLE_AREA_KINDS.get(role, set()):
        raise Invalid(_("This role cannot be granted at this level."), code="bad_role_level")
    _check_separation(user, role)
    grant = RoleGrant(
        user=user,
        role=role,
        area=area,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if bootstrap:
        grant.status, grant.approved_at = GrantStatus.ACTIVE, timezone.now()
    elif role in PERSONAL_DATA_ROLES:
        grant.status = GrantStatus.PENDING
    else:
        grant.status = GrantStatus.ACTIVE
    grant.place_in(area)
    save_or_conflict(grant, _("The user already holds this role here."), code="duplicate_grant")
    permissions.forget_grants(user)
    audit.record(
        actor=actor,
        action="organisations.role_grant.created",
        target=grant,
        changes={"user": [None, user.pk], "role": [None, role], "area": [None, area.pk]},
        data={"status": grant.status, **({"approved_by": "system"} if bootstrap else {})},
    )
    return grant


def _pending_grant(grant: RoleGrant, actor: Any) -> RoleGrant:
    """The grant, locked; only a pending one is decided, and only by a second person."""
    grant = fresh(RoleGrant, grant.pk)
    require(permissions.approves_grants_at(actor, grant.scope_path))
    if not grant.is_pending:
        raise Conflict(_("This grant is not awaiting approval."), code="grant_not_pending")
    if not permissions.can_decide_grant(actor, grant):
        raise Forbidden(
            _("A grant must be approved by someone other than who asked for it or receives it."),
            code="second_person_required",
        )
    return grant


@transaction.atomic
def role_grant_approve(*, grant: RoleGrant, actor: Any) -> RoleGrant:
    """The second person's approval (a security admin covering the area): the grant takes effect."""
    grant = _pending_grant(grant, actor)
    edit = track(grant, actor=actor)
    edit.set(status=GrantStatus.ACTIVE, approved_by=actor, approved_at=timezone.now())
    edit.finish(
        "organisations.role_grant.approved",
        user=grant.user_id,
        role=grant.role,
        area=grant.area_id,
        requested_by=grant.requested_by_id,
    )
    permissions.forget_grants(grant.user)
    return grant


@transaction.atomic
def role_grant_reject(*, grant: RoleGrant, actor: Any) -> None:
    """Refuse a pending grant: it is removed, and the refusal is audited."""
    grant = _pending_grant(grant, actor)
    audit.record(
        actor=actor,
        action="organisations.role_grant.rejected",
        target=grant,
        changes={
            "user": [grant.user_id, None],
            "role": [grant.role, None],
            "area": [grant.area_id, None],
        },
        data={"requested_by": grant.requested_by_id},
    )
    grant.delete()


@transaction.atomic
def role_grant_revoke(*, grant: RoleGrant, actor: Any) -> None:
    """Take a role away, or withdraw a grant still awaiting approval."""
    grant = fresh(RoleGrant, grant.pk)
    require(permissions.can_grant_role(actor, grant.area) and actor.pk != grant.user_id)
    audit.record(
        actor=actor,
        action="organisations.role_grant.revoked",
        target=grant,
        changes={
            "user": [grant.user_id, None],
            "role": [grant.role, None],
            "area": [grant.area_id, None],
        },
        data={"status": grant.status},
    )
    grant.delete()
    permissions.forget_grants(grant.user)
