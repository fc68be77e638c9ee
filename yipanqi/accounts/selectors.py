from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from yipanqi.accounts import policies
from yipanqi.accounts.models import ApiToken, User
from yipanqi.core import registry


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip(), is_active=True).first()


def user_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens still in force, newest first (another user's are never listed)."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-id")


def token_get(*, user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens (revoked or expired included); None for anyone else's."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def two_factor_enforced() -> bool:
    """Second factors are enforced in production; development, the demo and tests opt in
    (settings.YIPANQI_TWO_FACTOR, decision 011)."""
    return bool(getattr(settings, "YIPANQI_TWO_FACTOR", False))


def requires_two_factor(user: Any) -> bool:
    """A staff account holding a role the policy names must sign in with a second factor."""
    if not two_factor_enforced() or not user.is_authenticated or not user.is_staff_account:
        return False
    roles_of = registry.resolve("roles")
    roles = set(roles_of(user)) if roles_of else set()
    return bool(roles & policies.two_factor_roles())


def totp_device(*, user: User, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def password_expired(user: Any, now: datetime | None = None) -> bool:
    """A staff password older than the policy's days (R-ID-3); residents and members never."""
    if not user.is_authenticated or not user.is_staff_account:
        return False
    changed = user.password_changed_at or user.date_joined
    age = (now or timezone.now()) - changed
    return age > timedelta(days=policies.password_max_age_days())


def inactive_staff(*, now: datetime) -> QuerySet[User]:
    """Active staff accounts with no sign-in (or, never signed in, no creation) within the policy's
    days (R-ID-9)."""
    since = now - timedelta(days=policies.inactive_days())
    never = Q(last_login__isnull=True, date_joined__lt=since)
    return User.objects.filter(Q(last_login__lt=since) | never, is_active=True, kind="staff")


def lockouts(*, now: datetime | None = None) -> list[dict[str, Any]]:
    """The sign-in locks in force (R-ID-4), for the security administrator: a username at an
    address at the failure limit, and an address over the spraying limit (no username), each
    with the time it lifts by itself; the latest first."""
    cool_off = settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=(now or timezone.now()) - cool_off)
    pairs = recent.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    locks = [
        {"username": a.username or "", "ip_address": a.ip_address, "failures": a.failures_since_start, "until": a.attempt_time + cool_off}
        for a in pairs.order_by("-attempt_time")
    ]  # fmt: skip
    addresses = recent.values("ip_address").annotate(
        total=Sum("failures_since_start"), last=Max("attempt_time")
    )
    locks += [
        {"username": "", "ip_address": a["ip_address"], "failures": a["total"], "until": a["last"] + cool_off}
        for a in addresses.filter(total__gte=policies.ip_failure_limit()).order_by("-last")
    ]  # fmt: skip
    return locks
