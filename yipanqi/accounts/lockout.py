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
