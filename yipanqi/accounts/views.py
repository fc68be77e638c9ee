from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.accounts import selectors
from yipanqi.accounts.actions import token_revoke, user_set_elder_mode, user_set_password
from yipanqi.accounts.forms import ChangePasswordForm, LoginForm
from yipanqi.core import registry
from yipanqi.core.pages import safe_next


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def profile(request):
    grants_of = registry.resolve("grants")
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_set_password(
            user=request.user, password=form.cleaned_data["new_password1"], actor=request.user
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    grants = grants_of(request.user) if grants_of else []
    tokens = selectors.token_list(user=request.user)
    context = {"form": form, "grants": grants, "tokens": tokens}
    if request.user.is_staff_account:
        device = selectors.totp_device(user=request.user, confirmed=True)
        context["two_factor"] = {"on": device is not None}
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke_view(request, token_id: int):
    token = selectors.token_get(user=request.user, token_id=token_id)
    if token is None:
        raise Http404
    token_revoke(token=token, actor=request.user)
    messages.success(request, _("The API token was revoked."))
    return redirect("accounts:profile")


@login_required
@require_POST
def elder_mode_set(request):
    """The header's and the account page's switch: `on` is the mode asked for ("1" or "0"), not
    a toggle, so a form sent twice leaves it as asked. Back to the page it came from."""
    on = request.POST.get("on") == "1"
    user_set_elder_mode(user=request.user, on=on, actor=request.user)
    if on:
        messages.success(request, _("Elder mode is on: larger text and buttons."))
    else:
        messages.success(request, _("Elder mode is off."))
    return redirect(safe_next(request, reverse("home")))
