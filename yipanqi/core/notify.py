"""Notifications: the in-app inbox always, plus pluggable channels (SMS, WeChat) that log by default.

`notify()` is called from actions (the inbox rows are written by `core.actions.notification_send`);
delivery to outside channels happens after commit, so a rolled-back action never sends anything. A
`topic` makes a notification idempotent per user (sent once).
"""

import logging
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
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
    """What actions call to tell users: the inbox rows are written by core.actions.notification_send."""
    from yipanqi.core.actions import notification_send  # core.actions imports this module

    return notification_send(users, title=title, body=body, url=url, topic=topic)


def deliver(notifications: list[Notification]) -> None:
    """Send inbox rows through the outside channels (after the action's commit)."""
    for channel in channels():
        for n in notifications:
            channel.send(user=n.user, title=n.title, body=n.body, url=n.url)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


class SmsChannel(LoggingChannel):
    def __init__(self) -> None:
        super().__init__("sms")


class WeChatChannel(LoggingChannel):
    def __init__(self) -> None:
        super().__init__("wechat")
