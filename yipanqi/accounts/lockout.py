from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.accounts.policies import ip_failure_limit, username_slowdown

LOCKED_CODE = "locked_out"
BUSY_CODE = "try_again"


def lockout_response(request, original_response=None, credentials=None):
    """Same answer whether or not the username exists (R-ID-4)."""
    code, message = LOCKED_CODE, _("Too many failed sign-in attempts. Try again in 30 minutes.")
    if getattr(request, "username_slowed", False):
        message = _("Too many failed sign-ins for this username. Wait a minute and try again.")
    if getattr(request, "address_busy", False):  # accounts.backends.OneAtATimeBackend
        code = BUSY_CODE
        message = _("Another sign-in from your network is being checked. Try again in a moment.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"code": code, "message": message}, status=429)
    else:
        response = render(request, "accounts/login.html", _page(request, code, message), status=429)
    if code == BUSY_CODE:
        response["Retry-After"] = "1"
    return response


def _page(request, code: str, message: str) -> dict:
    """Locked: the message alone. Busy: the form again, the username kept, to press once more."""
    if code != BUSY_CODE:
        return {"locked": True, "error": message}
    from yipanqi.accounts.forms import LoginForm

    username = request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    return {"error": message, "form": form, "next": request.POST.get("next", "")}


def clear_failures(request, username: str) -> None:
    """A successful sign-in that bypasses `login()` (API tokens) clears the count as login does."""
    ip = getattr(request, "axes_ip_address", None)  # set by the lockout backend when enabled
    if ip and settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.reset_attempts(username=username, ip_address=ip)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler (failures per username + IP) plus a limit per IP address across
    usernames, against password spraying (policy `accounts.ip_failure_limit`).

    The IP limit counts the failures of every username + IP row of that address whose last failure
    is within the cool-off, so the address stays locked until its failures in the last cool-off
    window fall below the limit. It is checked by `is_locked`, i.e. by the lockout backend before
    any password is hashed, and it answers with the same locked response. A successful sign-in
    clears only its own username's row, so one known password does not reset a spraying address.
    Deleting the address's AccessAttempt rows (axes_reset_ip) unlocks it.
    """

    def ip_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def is_ip_locked(self, request) -> bool:
        lock_at_failure = getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True)
        if not lock_at_failure or not getattr(request, "axes_ip_address", None):
            return False
        return self.ip_failures(request) >= ip_failure_limit()

    def is_username_slowed(self, request, credentials=None) -> bool:
        """A username failed often from many addresses (each below its own limit): until its
        failures in the cool-off drop below the policy's count, one attempt per interval."""
        username = get_client_username(request, credentials)
        if not username or not getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True):
            return False
        after, seconds = username_slowdown()
        attempts = AccessAttempt.objects.filter(username=username)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        seen = attempts.aggregate(total=Sum("failures_since_start"), last=Max("attempt_time"))
        if (seen["total"] or 0) < after:
            return False
        request.username_slowed = seen["last"] > timezone.now() - timedelta(seconds=seconds)
        return request.username_slowed

    def is_locked(self, request, credentials=None) -> bool:
        return (
            super().is_locked(request, credentials)
            or self.is_ip_locked(request)
            or self.is_username_slowed(request, credentials)
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None and (
            getattr(request, "username_slowed", False) or getattr(request, "address_busy", False)
        ):
            # refused unheard (no password was checked): not a failure to count, so a guesser
            # cannot keep the username slowed (or the address busy) by asking faster
            request.axes_locked_out, request.axes_credentials = True, credentials
            return
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        if self.is_ip_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.locked_out_by_ip = True  # read by the lockout audit (signals._locked_out)
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
