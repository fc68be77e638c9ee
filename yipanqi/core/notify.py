"""Notifications: the in-app inbox always, plus pluggable channels (SMS, WeChat) that log by default.

`notify()` is called from actions; delivery to outside channels happens after commit, so a rolled-back
action never sends anything. A `topic` makes a notification idempotent per user (sent once).
"""

import logging
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from yipanqi.core.models import Notification

log = logging.getLogger("yipanqi.notify")


class Channel(Protocol):
    def send(self, *, user: Any, title: str, body: str, url: str) -> None: ...


class LoggingChannel:
    """Default outside channel: writes one log line (no phone numbers or names in it)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, *, user: Any, title: str, body: str, url: str) -> None:
        log.info("%s notification to user %s: %s", self.name, user.pk, title)


def channels() -> list[Channel]:
    paths = getattr(settings, "NOTIFICATION_CHANNELS", [])
    return [import_string(path)() for path in paths]


def notify(
    users: Iterable[Any], *, title: str, body: str = "", url: str = "", topic: str = ""
) -> int:
    """Put a message in each user's inbox (once per topic); returns how many were new."""
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
        transaction.on_commit(lambda: _deliver(created))
    return len(created)


def _deliver(notifications: list[Notification]) -> None:
    for channel in channels():
        for n in notifications:
            channel.send(user=n.user, title=n.title, body=n.body, url=n.url)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them when `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


class SmsChannel(LoggingChannel):
    def __init__(self) -> None:
        super().__init__("sms")


class WeChatChannel(LoggingChannel):
    def __init__(self) -> None:
        super().__init__("wechat")
