"""Session limits (R-ID-6): idle timeout (staff 30 min, admins 15 min) and an absolute lifetime.

The absolute lifetime is counted from sign-in: SESSION_COOKIE_AGE alone would not end an active
session, because every save of the session row moves its expiry forward.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _

from yipanqi.core import registry

ADMIN_ROLES = frozenset({"system_admin", "security_admin", "audit_admin"})
LAST_SEEN = "last_seen"
SIGNED_IN_AT = "signed_in_at"


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
        # API calls (polling) do not count as activity. Pages refresh the clock at most once a
        # minute, so every page view does not rewrite the session row.
        if not request.path.startswith("/api/") and now - request.session[LAST_SEEN] > 60:
            request.session[LAST_SEEN] = now
        return self.get_response(request)
