"""How the audit page names the accounts app's actions (core.audit_labels)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "accounts.login.succeeded": pgettext_lazy("audit", "Signed in"),
    "accounts.login.failed": pgettext_lazy("audit", "Sign-in failed"),
    "accounts.login.locked_out": pgettext_lazy("audit", "Sign-in locked after failed attempts"),
    "accounts.lockout.cleared": pgettext_lazy("audit", "Sign-in lock lifted"),
    "accounts.logout": pgettext_lazy("audit", "Signed out"),
    "accounts.token.issued": pgettext_lazy("audit", "API token issued"),
    "accounts.token.revoked": pgettext_lazy("audit", "API token revoked"),
    "accounts.user.created": pgettext_lazy("audit", "Account created"),
    "accounts.user.deactivated": pgettext_lazy("audit", "Account deactivated"),
    "accounts.user.elder_mode_changed": pgettext_lazy("audit", "Elder mode switched"),
    "accounts.user.password_changed": pgettext_lazy("audit", "Password changed"),
    "accounts.user.sessions_ended": pgettext_lazy("audit", "Signed out everywhere"),
    "accounts.two_factor.enrol_started": pgettext_lazy("audit", "Two-step sign-in set-up started"),
    "accounts.two_factor.enrolled": pgettext_lazy("audit", "Two-step sign-in turned on"),
    "accounts.two_factor.verified": pgettext_lazy("audit", "Signed in with the second step"),
    "accounts.two_factor.failed": pgettext_lazy("audit", "Second-step code refused"),
    "accounts.two_factor.reset": pgettext_lazy("audit", "Two-step sign-in reset"),
    "accounts.two_factor.removed": pgettext_lazy("audit", "Own authenticator removed"),
    "accounts.two_factor.remove_refused": pgettext_lazy(
        "audit", "Authenticator removal refused: wrong password"
    ),
    "accounts.two_factor.replace_refused": pgettext_lazy(
        "audit", "New phone refused: wrong password"
    ),
}
PARTS = {"accounts.apitoken": "user"}


def _resident_account(user) -> bool:
    """Residents' and members' accounts carry their own names; staff act under theirs."""
    return not user.is_staff_account


MASKED_IF = {"accounts.user": _resident_account}
