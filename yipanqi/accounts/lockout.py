from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_CODE = "locked_out"


def lockout_response(request, original_response=None, credentials=None):
    """Same answer whether or not the username exists (R-ID-4)."""
    message = _("Too many failed sign-in attempts. Try again in 30 minutes.")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": LOCKED_CODE, "message": message}, status=429)
    return render(request, "accounts/login.html", {"locked": True, "error": message}, status=429)


def clear_failures(request, username: str) -> None:
    """A successful sign-in that bypasses `login()` (API tokens) clears the count as login does."""
    ip = getattr(request, "axes_ip_address", None)  # set by the lockout backend when enabled
    if ip and settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.reset_attempts(username=username, ip_address=ip)
