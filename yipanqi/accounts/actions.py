"""Account writes: users, passwords, API tokens and the audit of sign-in events."""

import secrets
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone

from yipanqi.accounts.authentication import hash_key
from yipanqi.accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from yipanqi.accounts.models import AccountKind, ApiToken, User
from yipanqi.core import audit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    actor: User | None,
    display_name: str = "",
    kind: str = AccountKind.STAFF,
    validate: bool = True,
) -> User:
    user = User(username=username, display_name=display_name, kind=kind)
    if validate:
        password_validation.validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    audit.record(actor=actor, action="accounts.user.created", target=user, data={"kind": kind})
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User) -> User:
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    audit.record(actor=actor, action="accounts.user.password_changed", target=user)
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> User:
    """Disabling an account also ends its sessions and API tokens (R-ID-7)."""
    from django.contrib.sessions.models import Session

    user.is_active = False
    user.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    audit.record(actor=actor, action="accounts.user.deactivated", target=user)
    return user


@transaction.atomic
def token_issue(*, user: User) -> str:
    """Issue an API bearer token; the plain key is returned once and never stored."""
    key = secrets.token_urlsafe(32)
    expires = timezone.now() + timedelta(hours=settings.API_TOKEN_HOURS)
    ApiToken.objects.create(user=user, key_hash=hash_key(key), expires_at=expires)
    audit.record(actor=user, action="accounts.token.issued", target=user)
    return key


@transaction.atomic
def session_started(*, request: Any, user: User) -> None:
    now = int(time.time())
    request.session[LAST_SEEN] = now
    request.session[SIGNED_IN_AT] = now
    audit.record(actor=user, action="accounts.login.succeeded", target=user)


@transaction.atomic
def session_ended(*, user: User | None, reason: str = "") -> None:
    """Sign-out; `reason` is "idle" or "lifetime" when the session timed out."""
    if user is not None:
        data = {"reason": reason} if reason else None
        audit.record(actor=user, action="accounts.logout", target=user, data=data)


@transaction.atomic
def login_failed(*, username: str) -> None:
    # Only the username is kept: never the password, whatever the credentials dict holds.
    audit.record(actor=None, action="accounts.login.failed", actor_username=username[:150])


@transaction.atomic
def lockout_recorded(*, username: str) -> None:
    audit.record(actor=None, action="accounts.login.locked_out", actor_username=username[:150])
