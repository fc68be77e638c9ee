"""The second factor (R-ID-8): enrolment with recovery codes, verification, the security
administrator's reset for a lost phone, and removing one's own authenticator."""

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from yipanqi.accounts import permissions
from yipanqi.accounts.actions.users import _end_web_sessions, _revoke_tokens
from yipanqi.accounts.models import RecoveryCode, User, recovery_hash
from yipanqi.core import audit
from yipanqi.core.errors import Invalid
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import require_permission, track

RECOVERY_CODES = 10


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; the plain codes are returned once."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [secrets.token_hex(5).upper() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=recovery_hash(user.pk, c)) for c in codes
    )
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def _reauthenticate(user: User, password: str, refused: str) -> None:
    """Ask for the password again before a second factor is replaced or removed (R-ID-8): a
    session left open on a shared desk cannot take the account's phone away. A wrong password
    is audited (in its own transaction: the refusal rolls the caller's back) and refused."""
    if user.check_password(password or ""):
        return
    with transaction.atomic():
        audit.record(actor=user, action=refused, target=user)
    message = _("That password is not right.")
    raise Invalid(message, code="bad_password", fields={"password": [message]})


def totp_enrol_start(*, user: User, password: str = "") -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` (any earlier unconfirmed one is dropped);
    it counts only once confirmed with a code from the phone. Replacing a confirmed one (a new
    phone) needs the password again."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        _reauthenticate(user, password, "accounts.two_factor.replace_refused")
    return _enrol_start(user)


@transaction.atomic
def _enrol_start(user: User) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    audit.record(actor=user, action="accounts.two_factor.enrol_started", target=user)
    return device


@transaction.atomic
def totp_enrol_confirm(*, user: User, token: str) -> list[str]:
    """Confirm the pending authenticator with a code it shows; it replaces any earlier one, and
    ten new recovery codes are returned (shown once, stored hashed)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).last()
    if device is None or not device.verify_token(token.strip()):
        raise Invalid(
            _("That code is not right; check the phone's clock and try again."), code="bad_otp"
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    edit = track(device, actor=user)
    edit.set(confirmed=True)
    edit.finish("accounts.two_factor.enrolled", recovery_codes=RECOVERY_CODES)
    return _new_recovery_codes(user)


@transaction.atomic
def two_factor_verify(*, user: User, token: str) -> Any:
    """Check a code from the user's authenticator, or one of their recovery codes (used up).
    Returns the device to mark the session verified with, or None; both outcomes are audited.
    A replayed TOTP code is refused (django-otp keeps the last time step used)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).last()
    method = ""
    if device is not None and device.verify_is_allowed()[0] and device.verify_token(token.strip()):
        method = "totp"
    elif device is not None and _use_recovery_code(user, token):
        method = "recovery_code"
    if not method:
        audit.record(actor=user, action="accounts.two_factor.failed", target=user)
        return None
    audit.record(
        actor=user, action="accounts.two_factor.verified", target=user, data={"method": method}
    )
    return device


def _use_recovery_code(user: User, token: str) -> bool:
    code = RecoveryCode.objects.select_for_update().filter(
        user=user, code_hash=recovery_hash(user.pk, token), used_at__isnull=True
    )
    return code.update(used_at=timezone.now()) == 1


@transaction.atomic
def two_factor_reset(*, user: User, reason: str, actor: Any) -> User:
    """A security administrator removes a user's authenticator and recovery codes (a lost phone);
    the user enrols again at the next sign-in, and their sessions and tokens end now."""
    require_permission(actor, permissions.can_reset_two_factor, user)
    reason = require_visible(reason.strip(), field="reason")
    if not reason:
        message = _("Say why the second factor is reset.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    devices, _n = TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    ended = {"sessions_ended": _end_web_sessions(user), "tokens_revoked": _revoke_tokens(user)}
    audit.record(
        actor=actor,
        action="accounts.two_factor.reset",
        target=user,
        data={"reason": reason, "devices_removed": devices, **ended},
    )
    return user


def two_factor_remove_own(*, user: User, password: str) -> User:
    """移除本人验证器: the user removes their own authenticator and recovery codes, after giving
    the password again; their sessions and tokens end (a staff role enrols again at the next
    sign-in). The security administrator's reset (two_factor_reset) is for a lost phone."""
    _reauthenticate(user, password, "accounts.two_factor.remove_refused")
    return _remove_own(user)


@transaction.atomic
def _remove_own(user: User) -> User:
    devices, _n = TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    ended = {"sessions_ended": _end_web_sessions(user), "tokens_revoked": _revoke_tokens(user)}
    data = {"devices_removed": devices, **ended}
    audit.record(actor=user, action="accounts.two_factor.removed", target=user, data=data)
    return user
