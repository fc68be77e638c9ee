"""core's own writes: district policy overrides and inbox notifications.

`core.policy` keeps the declarations and reads, `core.notify` the outside channels; the rows they
stand for are written here, like every other app's (HOUSE_STYLE 4.3).
"""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from yipanqi.core import audit, notify, policy
from yipanqi.core.errors import Invalid
from yipanqi.core.models import Notification, PolicySetting
from yipanqi.core.permissions import can_set_policy
from yipanqi.core.workflow import require_permission


@transaction.atomic
def policy_set(
    *, key: str, district_code: str, value: Any, actor: Any, scope_path: str = ""
) -> None:
    """Override one policy for a district: a user must be one of the policy's setters over
    `scope_path` (the district's area path) or a platform role among them; internal callers pass a
    system actor. A value outside the policy's bounds is refused (`bad_policy_value`)."""
    declared = policy.get(key)  # KeyError for a policy nobody declared
    if getattr(actor, "pk", None) is not None:
        require_permission(actor, can_set_policy, declared, scope_path)
    problem = declared.check(value) if declared.check else None
    if problem:
        raise Invalid(problem, code="bad_policy_value", fields={"value": [problem]})
    row = (
        PolicySetting.objects.select_for_update()
        .filter(district_code=district_code, key=key)
        .first()
    )
    before = row.value if row is not None else declared.default
    row, _new = PolicySetting.objects.update_or_create(
        district_code=district_code, key=key, defaults={"value": value}
    )
    # The district's settings are one record keyed by policy: the changed "field" is the key.
    # The value as stored (JSON) is what before and after compare.
    changes = audit.diff({key: before}, {key: row.value})
    audit.record(
        actor=actor,
        action="core.policy.changed",
        target=row,
        scope_path=scope_path,
        district_code=district_code,
        data={"key": key},
        changes=changes,
    )


def notification_send(
    users: Iterable[Any], *, title: str, body: str = "", url: str = "", topic: str = ""
) -> int:
    """Put a message in each user's inbox (once per topic); returns how many were new.

    Outside channels deliver after commit, so a rolled-back action never sends anything.
    """
    created = []
    for user in {u.pk: u for u in users if u is not None}.values():
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user=user, title=title[:150], body=body[:1000], url=url, topic=topic
                    )
                )
        except IntegrityError:
            continue  # already sent for this topic
    if created:
        transaction.on_commit(lambda: notify.deliver(created))
    return len(created)


def notifications_send_bulk(rows: list[tuple[Any, str, str]], *, title: str, body: str = "") -> int:
    """Many inbox rows at once (a notice to thousands): (user, link, topic) each, in batched
    INSERTs; a row already sent for its topic is skipped. Outside channels deliver after commit."""
    made = [
        Notification(user=u, title=title[:150], body=body[:1000], url=url, topic=topic)
        for u, url, topic in rows
    ]
    Notification.objects.bulk_create(made, batch_size=1000, ignore_conflicts=True)
    if made:
        transaction.on_commit(lambda: notify.deliver(made))
    return len(made)


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them when `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def backup_recorded(*, file_name: str, tables: int, rows: int, actor: Any) -> None:
    """Note a finished backup in the audit trail (R-AV-1: backups are operations auditors see).
    Recorded after the copy, so the backup itself does not hold its own event."""
    audit.record(
        actor=actor,
        action="core.backup.made",
        data={"file": file_name, "tables": tables, "rows": rows},
    )
