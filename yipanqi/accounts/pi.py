"""Processing register (core.processing): sign-in accounts."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "accounts",
            _("Sign-in accounts of staff, residents and members (账户管理)"),
            "statutory_duty",
            _(
                "While the account is in use; disabled after 90 days unused (staff), then kept for "
                "the audit trail's retention"
            ),
            ("system_admin", "security_admin"),
        ),
    ),
    {
        "accounts.User.first_name": (ORDINARY, "accounts"),
        "accounts.User.last_name": (ORDINARY, "accounts"),
        "accounts.User.email": (ORDINARY, "accounts"),
        "accounts.User.display_name": (ORDINARY, "accounts"),
        "accounts.ApiToken.name": (NOT_PERSONAL, "the client program's name, e.g. phone app"),
    },
)
