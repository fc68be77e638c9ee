"""Django's and axes' authentication signals, turned into audited account actions."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from yipanqi.accounts import actions


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        actions.session_started(request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    actions.session_ended(user=user, reason=getattr(request, "session_end_reason", ""))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # An attempt while locked is audited once, as a lockout (below), not as a wrong password.
    if not getattr(request, "refused_while_locked", False):
        actions.login_failed(username=str(credentials.get("username", "")))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    by_ip = getattr(request, "locked_out_by_ip", False)
    refused = getattr(request, "refused_while_locked", False)
    actions.lockout_recorded(username=str(username or ""), by_ip=by_ip, refused=refused)
