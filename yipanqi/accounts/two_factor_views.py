"""The second-factor pages (R-ID-8): enrol an authenticator app (QR code drawn here, no external
service), verify a signed-in session with a code or a recovery code; and the security
administrator's pages: the reset for a lost phone, and lifting sign-in locks (R-ID-4)."""

from base64 import b32encode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from yipanqi.accounts import permissions, selectors
from yipanqi.accounts.actions import (
    lockout_clear,
    totp_enrol_confirm,
    totp_enrol_start,
    two_factor_remove_own,
    two_factor_reset,
    two_factor_verify,
)
from yipanqi.accounts.forms import (
    LockoutClearForm,
    OtpForm,
    ReauthenticateForm,
    TwoFactorResetForm,
)
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import run, safe_next, submit
from yipanqi.core.qr import qr_svg


@login_required
def two_factor_setup(request):
    """Start (POST), then confirm with a code; the recovery codes are shown once."""
    user, home = request.user, safe_next(request, "/")
    replacing = selectors.totp_device(user=user, confirmed=True) is not None
    again = ReauthenticateForm(request.POST if "start" in request.POST else None)
    if request.method == "POST" and "start" in request.POST:
        password = again.data.get("password", "") if replacing else ""
        started, error = run(lambda: totp_enrol_start(user=user, password=password))
        if started is not None:
            return redirect(request.get_full_path())
        again.add_error("password", error)
    device = selectors.totp_device(user=user, confirmed=False)
    form = OtpForm(request.POST or None)
    if device is not None and request.method == "POST" and form.is_valid():
        codes, error = run(lambda: totp_enrol_confirm(user=user, token=form.cleaned_data["token"]))
        if error is None:
            otp_login(request, selectors.totp_device(user=user, confirmed=True))
            request.session.cycle_key()  # a stronger sign-in gets a new session id (R-ID-7)
            context = {"codes": codes, "next": home}
            return render(request, "accounts/two_factor_codes.html", context)
        form.add_error("token", error)
    context = {"device": device, "form": form, "next": home, "replacing": replacing, "again": again}
    if device is not None:
        context.update(
            qr=qr_svg(device.config_url, title=_("QR code"), scale=5), secret=_spaced(device)
        )
    return render(request, "accounts/two_factor_setup.html", context)


def _spaced(device) -> str:
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def two_factor_remove_view(request):
    """Remove one's own authenticator, after the password again; then sign in afresh."""
    if selectors.totp_device(user=request.user, confirmed=True) is None:
        return redirect("accounts:profile")
    form = ReauthenticateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        done, error = run(lambda: two_factor_remove_own(user=request.user, password=password))
        if done is not None:
            return redirect("accounts:login")  # every session of the account has ended
        form.add_error("password", error)
    return render(request, "accounts/two_factor_remove.html", {"form": form})


@login_required
def two_factor_verify_view(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    if selectors.totp_device(user=request.user, confirmed=True) is None:
        return redirect("accounts:two_factor_setup")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a stronger sign-in gets a new session id (R-ID-7)
            return redirect(safe_next(request, "/"))
        form.add_error("token", _("That code is not right, or it was already used."))
    context = {"form": form, "next": safe_next(request, "/")}
    return render(request, "accounts/two_factor_verify.html", context)


@login_required
def two_factor_reset_view(request):
    """A security administrator removes another user's authenticator (a lost phone)."""
    if not permissions.is_security_admin(request.user):
        raise PermissionDenied
    form = TwoFactorResetForm(request.POST or None)

    def call(d: dict):
        user = selectors.user_by_username(username=d["username"])
        if user is None:
            message = _("No active account has that username.")
            raise Invalid(message, code="unknown_user", fields={"username": [message]})
        return two_factor_reset(user=user, reason=d["reason"], actor=request.user)

    done = submit(request, form, call, lambda user: "accounts:two_factor_reset")
    return done or render(request, "accounts/two_factor_reset.html", {"form": form})


@login_required
def lockouts_view(request):
    """The sign-in locks in force; a security administrator lifts one with a reason (audited)."""
    if not permissions.is_security_admin(request.user):
        raise PermissionDenied
    form = LockoutClearForm(request.POST or None)

    def call(d: dict):
        return lockout_clear(
            ip_address=d["ip_address"],
            username=d["username"],
            reason=d["reason"],
            actor=request.user,
        )

    done = submit(request, form, call, lambda _n: "accounts:lockouts")
    context = {"form": form, "locks": selectors.lockouts()}
    return done or render(request, "accounts/lockouts.html", context)
