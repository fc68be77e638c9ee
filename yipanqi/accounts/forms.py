from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from yipanqi.core.pages import StyledForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("Wrong username or password."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "class": "form-control"}
        )
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "form-control"}
        )


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class OtpForm(StyledForm):
    token = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class ReauthenticateForm(StyledForm):
    """The password again, before one's authenticator is replaced or removed (R-ID-8)."""

    password = forms.CharField(
        label=_("Your password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TwoFactorResetForm(StyledForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class LockoutClearForm(StyledForm):
    """Lift one lock of the list (the address and username come from the row's hidden fields)."""

    ip_address = forms.GenericIPAddressField(widget=forms.HiddenInput)
    username = forms.CharField(max_length=150, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=200)
