"""Writes for personal-information rights (PIPL arts. 44-47): a person asks for a full copy, a
correction or a deletion of their information; the staff over their grid answer it; each step is
audited, and the person is told the answer."""

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, pii
from yipanqi.core.actions import notification_send
from yipanqi.core.errors import Invalid
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import Workflow, created, lock, require_permission
from yipanqi.privacy import permissions, policies, selectors
from yipanqi.privacy.choices import (
    REQUEST_TRANSITION_NOT_ALLOWED,
    REQUEST_TRANSITIONS,
    RequestKind,
    RequestStatus,
)
from yipanqi.privacy.models import DataRequest

REQUEST_FLOW = Workflow(
    table=REQUEST_TRANSITIONS,
    statuses=RequestStatus,
    refusal=REQUEST_TRANSITION_NOT_ALLOWED,
    audit_prefix="privacy.request",
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
    notification_send(
        [request.requester],
        title=_("Your personal information request was answered"),
        body=answer or _("It was done."),
        url=reverse("privacy:request_detail", args=[request.pk]),
    )
    return request


@transaction.atomic
def my_data_exported(*, sections: int, actor: Any) -> None:
    """A person downloaded their own data (R-PI-7): audited like any export."""
    audit.record(
        actor=actor, action="privacy.my_data.exported", target=actor, data={"sections": sections}
    )
