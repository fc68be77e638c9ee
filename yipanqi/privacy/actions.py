"""Writes for personal-information rights (PIPL arts. 44-47): a person asks for a full copy, a
correction or a deletion of their information; the staff over their grid answer it; each step is
audited, and the person is told the answer. And consent (R-PI-6, PIPL arts. 14-15): a person gives
or withdraws their consent to a purpose whose lawful basis is consent; only these actions write
consent records."""

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.accounts.actions import user_deactivate
from yipanqi.core import audit, pii, retention
from yipanqi.core.actions import notification_send
from yipanqi.core.actors import system
from yipanqi.core.errors import Invalid
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import Workflow, created, lock, require_permission, track
from yipanqi.privacy import permissions, policies, selectors
from yipanqi.privacy.choices import (
    REQUEST_TRANSITION_NOT_ALLOWED,
    REQUEST_TRANSITIONS,
    RequestKind,
    RequestStatus,
)
from yipanqi.privacy.consents import notice_or_invalid
from yipanqi.privacy.models import Consent, DataRequest

REQUEST_FLOW = Workflow(
    table=REQUEST_TRANSITIONS,
    statuses=RequestStatus,
    refusal=REQUEST_TRANSITION_NOT_ALLOWED,
    audit_prefix="privacy.request",
    model=DataRequest,
)


@transaction.atomic
def request_submit(*, kind: str, details: str, actor: Any) -> DataRequest:
    """File a request about one's own information; it is due within the district's days."""
    if kind not in RequestKind.values:
        raise Invalid(_("Choose what you are asking for."), code="bad_kind")
    details = require_visible(details.strip(), field="details")
    if kind != RequestKind.COPY and not details:
        message = _("Say what should be corrected or deleted.")
        raise Invalid(message, code="details_required", fields={"details": [message]})
    area = selectors.home_area(user=actor)
    if area is None:
        raise Invalid(
            _("Your account belongs to no community yet; ask at the service centre."),
            code="no_area",
        )
    days = policies.answer_days(area.district_code)
    request = DataRequest(
        requester=actor,
        kind=kind,
        details=details,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    request.place_in(area)
    request.save()
    audit.record(
        actor=actor,
        action="privacy.request.submitted",
        target=request,
        changes=created(request, "kind", "status", "due_on"),
        data={"details": pii.mask_free_text(details)},
    )
    return request


@transaction.atomic
def request_answer(*, request: DataRequest, done: bool, answer: str, actor: Any) -> DataRequest:
    """Close a request as done or refused, with the answer the person reads (a refusal needs
    its reason)."""
    request = lock(request)
    require_permission(actor, permissions.can_handle_request, request)
    answer = require_visible(answer.strip(), field="answer")
    if not done and not answer:
        message = _("Give the reason for refusing.")
        raise Invalid(message, code="reason_required", fields={"answer": [message]})
    step = REQUEST_FLOW.begin(request, actor=actor)
    step.move(RequestStatus.DONE if done else RequestStatus.REFUSED)
    step.set(answer=answer, handled_by=actor, handled_at=timezone.now())
    step.finish("answered")
    if done and request.kind == RequestKind.DELETE:
        _erase(request.requester, actor=actor)
    notification_send(
        [request.requester],
        title=_("Your personal information request was answered"),
        body=answer or _("It was done."),
        url=reverse("privacy:request_detail", args=[request.pk]),
    )
    return request


def _erase(user: Any, *, actor: Any) -> None:
    """A deletion request done (PIPL art. 47): the person's ended records are anonymised now,
    their consents end and their account is closed (sessions and tokens with it). The registry
    record the district must keep by law stays, as the answer tells them."""
    on_behalf = system("erasure", on_behalf_of=actor)
    erased = retention.erase(user=user, actor=on_behalf)
    for consent in Consent.objects.select_for_update().filter(user=user, withdrawn_at=None):
        _end(consent, actor=on_behalf, reason="erased")
    if user.is_active:
        user_deactivate(user=user, actor=on_behalf)
    audit.record(actor=actor, action="privacy.request.erased", target=user, data=erased)


@transaction.atomic
def my_data_exported(*, sections: int, actor: Any) -> None:
    """A person downloaded their own data (R-PI-7): audited like any export."""
    audit.record(
        actor=actor, action="privacy.my_data.exported", target=actor, data={"sections": sections}
    )


CONSENT_FIELDS = ("user", "purpose", "notice_version", "given_at")


@transaction.atomic
def consent_give(*, purpose: str, notice_version: int, actor: Any) -> Consent:
    """The actor consents to `purpose` after reading its notice's current version (an older
    version is refused: they read words that are no longer the notice). A consent already in
    force to the current version is returned as it is; one to an older version is replaced."""
    notice = notice_or_invalid(purpose)
    if notice_version != notice.version:
        raise Invalid(
            _("The notice has changed; read it again before you agree."), code="notice_outdated"
        )
    current = selectors.consent_in_force(user=actor, purpose=purpose, lock=True)
    if current is not None and current.notice_version == notice.version:
        return current
    if current is not None:
        _end(current, actor=actor, reason="superseded")
    consent = Consent.objects.create(
        user=actor, purpose=purpose, notice_version=notice.version, given_at=timezone.now()
    )
    audit.record(
        actor=actor,
        action="privacy.consent.given",
        target=consent,
        changes=created(consent, *CONSENT_FIELDS),
        **_scope(actor),
    )
    return consent


@transaction.atomic
def consent_withdraw(*, purpose: str, actor: Any) -> Consent:
    """The actor withdraws their consent to `purpose` (PIPL art. 15): from now on nothing is
    collected for it until they agree again; what was processed before stays lawful."""
    notice_or_invalid(purpose)
    current = selectors.consent_in_force(user=actor, purpose=purpose, lock=True)
    if current is None:
        raise Invalid(_("You have not given this consent."), code="not_consented")
    return _end(current, actor=actor, reason="withdrawn")


def _end(consent: Consent, *, actor: Any, reason: str) -> Consent:
    edit = track(consent, actor=actor)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit.record(
        actor=actor,
        action="privacy.consent.withdrawn",
        target=consent,
        changes=edit.changes(),
        data={"reason": reason},
        **_scope(consent.user),
    )
    return consent


def _scope(user: Any) -> dict[str, Any]:
    """Consent events are filed under the person's home grid, where their community's auditors
    read them (the consent row itself belongs to the person, not to a place)."""
    area = selectors.home_area(user=user)
    if area is None:
        return {"scope_path": "", "district_code": ""}
    return {"scope_path": area.path, "district_code": area.district_code}


@transaction.atomic
def consents_give_bulk(*, given: dict[Any, datetime.datetime], purpose: str, actor: Any) -> int:
    """Consents of many people at once (the demo: every resident who placed orders agreed to the
    notice before their first one), each with its own `privacy.consent.given` event, appended
    in one batch (docs/decisions/005). `given`: user → when they agreed. People with a consent
    in force are left as they are."""
    notice = notice_or_invalid(purpose)
    held = set(
        Consent.objects.filter(
            purpose=purpose, withdrawn_at__isnull=True, user__in=list(given)
        ).values_list("user_id", flat=True)
    )
    rows = [
        Consent(user=user, purpose=purpose, notice_version=notice.version, given_at=at)
        for user, at in given.items()
        if user.pk not in held
    ]
    Consent.objects.bulk_create(rows, batch_size=500)
    scopes = selectors.home_scopes(user_ids=[row.user_id for row in rows])
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="privacy.consent.given",
            target=row,
            changes=created(row, *CONSENT_FIELDS),
            scope_path=scopes.get(row.user_id, ("", ""))[0],
            district_code=scopes.get(row.user_id, ("", ""))[1],
        )
        for row in rows
    )
    return len(rows)
