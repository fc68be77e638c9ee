"""Session limits (R-ID-6): idle timeout (staff 30 min, admins 15 min) and an absolute lifetime.

The absolute lifetime is counted from sign-in: SESSION_COOKIE_AGE alone would not end an active
session, because every save of the session row moves its expiry forward.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from yipanqi.core import registry

ADMIN_ROLES = frozenset({"system_admin", "security_admin", "audit_admin"})
LAST_SEEN = "last_seen"
SIGNED_IN_AT = "signed_in_at"
PRIVILEGES = "privileges"


def idle_limit(user) -> int:
    limits = settings.SESSION_IDLE_SECONDS
    roles_of = registry.resolve("roles")
    if roles_of and ADMIN_ROLES & set(roles_of(user)):
        return limits["admin"]
    return limits["staff"] if user.is_staff_account else limits["public"]


def end_reason(request, now: int) -> str:
    """Why this signed-in session must end now ("idle", "lifetime"), or "" to keep it."""
    session = request.session
    # A session without clocks (signed in by some other path) starts them now: fail closed.
    seen = session.setdefault(LAST_SEEN, now)
    started = session.setdefault(SIGNED_IN_AT, now)
    if now - started > settings.SESSION_COOKIE_AGE:
        return "lifetime"
    if now - seen > idle_limit(request.user):
        return "idle"
    return ""


def privileges(user) -> list[list]:
    """The user's grants as (role, area) pairs: what the session was given at sign-in."""
    grants = registry.resolve("grants")
    return sorted([g["role"], g["area_id"]] for g in grants(user)) if grants else []


def rotate_on_privilege_change(request) -> None:
    """A role granted, revoked or moved since the session last looked: a new session id (R-ID-7),
    so an id captured before the change does not carry the new rights."""
    now = privileges(request.user)
    seen = request.session.get(PRIVILEGES)
    if seen is not None and seen != now:
        request.session.cycle_key()
    if seen != now:
        request.session[PRIVILEGES] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        reason = end_reason(request, now)
        if reason:
            request.session_end_reason = reason  # read by the logout audit
            logout(request)
            if request.path.startswith("/api/"):
                message = _("Your session has expired; please sign in again.")
                return JsonResponse({"code": "session_expired", "message": message}, status=401)
            return redirect_to_login(request.get_full_path())
        rotate_on_privilege_change(request)
        # API calls (polling) do not count as activity. Pages refresh the clock at most once a
        # minute, so every page view does not rewrite the session row.
        if not request.path.startswith("/api/") and now - request.session[LAST_SEEN] > 60:
            request.session[LAST_SEEN] = now
        return self.get_response(request)


# Paths a signed-in user reaches before the second factor or a password change: the steps
# themselves, signing out, the language switch and static files.
OPEN_PATHS = (
    "/accounts/2fa/setup/",
    "/accounts/2fa/verify/",
    "/accounts/logout/",
    "/accounts/login/",
    "/i18n/",
    "/static/",
    "/favicon.ico",
)


class TwoFactorMiddleware:
    """Staff with a role the policy names reach nothing but the 2FA steps until this session is
    verified (R-ID-8; after django_otp's OTPMiddleware), and nothing but the password form once
    their password is older than the policy allows (R-ID-3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from yipanqi.accounts import selectors

        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        if selectors.requires_two_factor(user) and not user.is_verified():
            enrolled = selectors.totp_device(user=user, confirmed=True) is not None
            step = "accounts:two_factor_verify" if enrolled else "accounts:two_factor_setup"
            message = _("Sign in with the code from your authenticator app first.")
            return _refuse(request, step, "two_factor_required", message)
        profile = reverse("accounts:profile")
        if request.path != profile and selectors.password_expired(user):
            message = _("Your password has expired; choose a new one to go on.")
            return _refuse(request, "accounts:profile", "password_expired", message)
        return self.get_response(request)


def _refuse(request, step: str, code: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message}, status=403)
    messages.warning(request, message)
    return redirect_with_next(reverse(step), request.get_full_path())


def redirect_with_next(url: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}")
