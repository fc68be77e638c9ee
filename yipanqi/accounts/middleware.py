"""Idle session timeout (R-ID-6): staff 30 min, admins 15 min; absolute lifetime via SESSION_COOKIE_AGE."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

from yipanqi.core import registry

ADMIN_ROLES = frozenset({"system_admin", "security_admin", "audit_admin"})
_KEY = "last_seen"


def idle_limit(user) -> int:
    limits = settings.SESSION_IDLE_SECONDS
    roles_of = registry.resolve("roles")
    if roles_of and ADMIN_ROLES & set(roles_of(user)):
        return limits["admin"]
    return limits["staff"] if user.is_staff_account else limits["public"]


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        now = int(time.time())
        seen = request.session.get(_KEY) if user.is_authenticated else None
        if seen is not None and now - seen > idle_limit(user):
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "session_expired", "message": "session expired"}, status=401
                )
            return redirect_to_login(request.get_full_path())
        # Refresh at most once a minute so every page view does not rewrite the session row.
        if seen is not None and now - seen > 60 and not request.path.startswith("/api/"):
            request.session[_KEY] = now
        return self.get_response(request)
