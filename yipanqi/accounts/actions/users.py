"""Account writes: users, passwords, sessions, API tokens, the audit of sign-in events and the
periodic disabling of inactive staff (R-ID-9)."""

import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.accounts import permissions, policies, selectors
from yipanqi.accounts.middleware import LAST_SEEN, PRIVILEGES, SIGNED_IN_AT, privileges
from yipanqi.accounts.models import (
    AccountKind,
    ApiToken,
    User,
    hash_key,
)
from yipanqi.core import audit
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import created, require_permission, track

# `last_used_at` is rewritten at most this often per token, not on every request.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
BULK_BATCH = 500  # rows per INSERT in users_create_bulk
CREATED_FIELDS = ("username", "display_name", "kind")  # what the audit of a new account shows
# Audited as changed, never with their values.
SECRET_FIELDS = ("password",)
# Names every scanner tries first (R-ID-9): no account may take one, in any letter case.
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "root", "test", "guest", "sa", "superuser", "system", "demo"}
)


def _check_username(username: str) -> None:
    require_visible(username, field="username")
    if username.strip().lower() in RESERVED_USERNAMES:
        message = _("This user name is reserved; choose another.")
        raise Invalid(message, code="reserved_username", fields={"username": [message]})


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
    _check_username(username)
    require_visible(display_name, field="display_name")
    if not password or not password.strip():  # R-ID-1, even where the rules are skipped
        raise Invalid(_("A password is required."), code="password_required")
    user = User(username=username, display_name=display_name, kind=kind)
    if validate:
        password_validation.validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    audit.record(
        actor=actor,
        action="accounts.user.created",
        target=user,
        changes=created(user, *CREATED_FIELDS),
        data={"kind": kind},
    )
    return user


@dataclass(frozen=True)
class NewUser:
    """One account of `users_create_bulk`."""

    username: str
    display_name: str = ""
    kind: str = AccountKind.PUBLIC


@transaction.atomic
def users_create_bulk(*, users: Sequence[NewUser], password: str | None, actor: Any) -> list[User]:
    """`user_create` for many accounts at once (the demo): one shared `password`, validated for
    each account and hashed once, or none (an unusable password: nobody signs in with it). The
    rows are inserted in bulk and each gets the `accounts.user.created` event `user_create`
    records, appended in one batch (docs/decisions/005). Returns the users, with their ids."""
    rows = []
    for new in users:
        _check_username(new.username)
        require_visible(new.display_name, field="display_name")
        rows.append(User(username=new.username, display_name=new.display_name, kind=new.kind))
    if password is None:
        for user in rows:
            user.password = make_password(None)
    else:
        for user in rows:
            password_validation.validate_password(password, user)
        hashed, now = make_password(password), timezone.now()  # one slow PBKDF2 run
        for user in rows:
            user.password, user.password_changed_at = hashed, now
    User.objects.bulk_create(rows, batch_size=BULK_BATCH)
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="accounts.user.created",
            target=user,
            changes=created(user, *CREATED_FIELDS),
            data={"kind": user.kind},
        )
        for user in rows
    )
    return rows


def _revoke_tokens(user: User) -> int:
    """Revoke every API token of `user` still in force; returns how many."""
    now = timezone.now()
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    return live.update(revoked_at=now)


def _end_web_sessions(user: User, *, keep: str | None = None) -> int:
    """Delete the user's server-side sessions (all but `keep`, a session key); returns how many.

    Sessions are stored signed and encoded, so each live one is decoded to find its user.
    """
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now())
    if keep:
        live = live.exclude(session_key=keep)
    for session in live.iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User) -> User:
    """A new password also revokes every API token of the user (tokens issued for the old one).

    Other web sessions end by themselves: their stored password hash no longer matches.
    """
    password_validation.validate_password(password, user)
    edit = track(user, actor=actor, hidden=SECRET_FIELDS)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    revoked = _revoke_tokens(user)
    data: dict[str, Any] = {"tokens_revoked": revoked} if revoked else {}
    edit.finish("accounts.user.password_changed", **data)
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor: Any) -> User:
    """Disabling an account also ends its sessions and API tokens (R-ID-7)."""
    require_permission(actor, permissions.can_deactivate_user, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    edit = track(user, actor=actor)
    edit.set(is_active=False)
    revoked = _revoke_tokens(user)
    ended = _end_web_sessions(user)
    edit.finish("accounts.user.deactivated", sessions_ended=ended, tokens_revoked=revoked)
    return user


@transaction.atomic
def user_sessions_end(*, user: User, actor: User) -> dict[str, int]:
    """An administrator ends every web session and API token of `user` (R-ID-7).

    The account stays active: the user can sign in again (e.g. after a lost phone).
    """
    if not permissions.can_end_sessions_of(actor, user):
        raise Forbidden()
    result = {"sessions_ended": _end_web_sessions(user), "tokens_revoked": _revoke_tokens(user)}
    audit.record(actor=actor, action="accounts.user.sessions_ended", target=user, data=result)
    return result


@transaction.atomic
def user_set_elder_mode(*, user: User, on: bool, actor: User) -> User:
    """Switch 长辈模式 on or off (the user's own preference). Asking for the mode already set
    changes nothing and records nothing (a form sent twice)."""
    if not permissions.can_change_preferences(actor, user):
        raise Forbidden()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.elder_mode != on:
        edit = track(user, actor=actor)
        edit.set(elder_mode=on)
        edit.finish("accounts.user.elder_mode_changed")
    return user


@transaction.atomic
def token_issue(*, user: User, name: str = "") -> str:
    """Issue an API bearer token; the plain key is returned once and never stored.

    `name` says which client holds it (e.g. "phone app"), so the user can tell tokens apart.
    """
    key = secrets.token_urlsafe(32)
    expires = timezone.now() + timedelta(hours=policies.api_token_hours())
    token = ApiToken.objects.create(
        user=user, key_hash=hash_key(key), name=name.strip()[:100], expires_at=expires
    )
    # Never the key nor its hash: which client, and until when.
    changes = created(token, "user", "name", "expires_at")
    audit.record(actor=user, action="accounts.token.issued", target=token, changes=changes)
    return key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke one API token (its own user only). Revoking a revoked token changes nothing."""
    if not permissions.can_revoke_token(actor, token):
        raise Forbidden()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        edit = track(token, actor=actor)
        edit.set(revoked_at=timezone.now())
        edit.finish("accounts.token.revoked")
    return token


def token_touch(*, token: ApiToken, now: datetime) -> None:
    """Record that `token` authenticated a request, at most once a minute.

    Bookkeeping, like the session's last-seen clock: not audited (an event per use would drown the
    trail). One conditional UPDATE, so concurrent requests write it once and the row is not locked.
    """
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_TOUCH_INTERVAL:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOKEN_TOUCH_INTERVAL)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def session_started(*, request: Any, user: User) -> None:
    now = int(time.time())
    request.session[LAST_SEEN] = now
    request.session[SIGNED_IN_AT] = now
    request.session[PRIVILEGES] = privileges(user)  # what a later change is compared with
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


LOCKED_OUT = "accounts.login.locked_out"
REFUSALS_AUDITED_EVERY = timedelta(minutes=1)


@transaction.atomic
def lockout_recorded(*, username: str, by_ip: bool = False, refused: bool = False) -> None:
    """A sign-in locked (`by_ip` when the address is locked across usernames: password spraying),
    or, `refused`, an attempt refused while locked. Refusals are audited at most about once a
    minute per username and address: an attacker's 50 guesses a second must not become 50 audit
    rows a second, each taking the chain's lock that every other audited action waits for (W7,
    R-ID-5), nor fill the trail; each request is still in the web server's access log."""
    username = username[:150]
    since = timezone.now() - REFUSALS_AUDITED_EVERY
    if refused and audit.seen_since(
        action=LOCKED_OUT, actor_username=username, since=since, refused=True
    ):
        return
    data = {"by": "ip"} if by_ip else {"refused": True} if refused else None
    audit.record(actor=None, action=LOCKED_OUT, actor_username=username, data=data)


@transaction.atomic
def lockout_clear(*, ip_address: str, username: str, reason: str, actor: Any) -> int:
    """A security administrator lifts a sign-in lock before its cool-off ends (R-ID-4): the
    failures of `username` at the address, or every failure of the address when no username
    is given (a spraying lock). Returns the failures cleared."""
    require_permission(actor, permissions.is_security_admin)
    reason = require_visible(reason.strip(), field="reason")
    if not reason:
        message = _("Say why the lock is lifted.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    rows = AccessAttempt.objects.filter(ip_address=ip_address)
    rows = rows.filter(username=username) if username else rows
    failures = sum(rows.values_list("failures_since_start", flat=True))
    if not failures:
        raise Invalid(_("That sign-in is not locked."), code="not_locked")
    rows.delete()
    data = {"ip_address": ip_address, "username": username, "failures": failures, "reason": reason}
    target = selectors.user_by_username(username=username) if username else None
    audit.record(actor=actor, action="accounts.lockout.cleared", target=target, data=data)
    return failures


def users_disable_inactive(*, actor: Any, now: datetime | None = None) -> int:
    """Disable every staff account unused for the policy's days (R-ID-9), each in its own
    transaction and audited as a deactivation (sessions and tokens end with it)."""
    stale = list(selectors.inactive_staff(now=now or timezone.now()))
    for user in stale:
        user_deactivate(user=user, actor=actor)
    return len(stale)
