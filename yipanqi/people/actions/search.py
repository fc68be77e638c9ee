"""Searches by a full ID number or phone: each one audited, and rationed per user and hour."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import TooManyRequests
from yipanqi.core.models import AuditEvent
from yipanqi.people import permissions
from yipanqi.people import policies as people_policies

EXACT_SEARCH_EVENT = "people.person.searched_exact"


@transaction.atomic
def person_search_exact(*, field: str, masked: str, actor: Any) -> None:
    """Record a search by a full ID number or phone before it runs: every one is an audit event,
    and a user may make only so many an hour (policy), so a guessed number cannot be confirmed
    by trying its few possible values. Whether it finds anyone is up to the user's search role."""
    scope_path, district_code = exact_search_budget_left(actor)
    audit.record(
        actor=actor,
        action=EXACT_SEARCH_EVENT,
        data={
            "field": field,
            "value": masked,
            "permitted": permissions.can_search_exact(actor, field),
        },
        scope_path=scope_path,
        district_code=district_code,
    )


def exact_search_budget_left(actor: Any) -> tuple[str, str]:
    """Refuse when the user's hourly budget of exact searches is spent; else where to file one."""
    scope_path, district_code = permissions.audit_scope(actor)
    limit = people_policies.EXACT_SEARCHES_PER_HOUR.value(district_code)
    since = timezone.now() - datetime.timedelta(hours=1)
    done = AuditEvent.objects.filter(actor=actor, action=EXACT_SEARCH_EVENT, created_at__gte=since)
    if done.count() >= limit:
        raise TooManyRequests(
            _("You have made too many searches by full number this hour; try again later."),
            code="exact_search_rate_limited",
        )
    return scope_path, district_code
