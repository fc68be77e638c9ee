"""Account policies (政策参数) with documented defaults.

Accounts are global, not in one district, so these are platform policies: they are read with the
district code `PLATFORM` (""), and a PolicySetting row with district code "" overrides them.
"""

from django.utils.translation import gettext as _

from yipanqi.core import policy

PLATFORM = ""
# The platform's sign-in rules are the security administrator's (三员分立, R-ID-10).
SECURITY = frozenset({"security_admin"})


def _between(low: int, high: int):
    """A check that the value is a whole number from `low` to `high` (the requirement's bound)."""

    def check(value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        return None

    return check


def _keeps_every_default(value) -> str | None:
    """Roles may be added to the second-factor list, never dropped (R-ID-8)."""
    if not isinstance(value, list) or not set(TWO_FACTOR_DEFAULT) <= set(value):
        return _("The list may add roles but must keep: %(roles)s.") % {
            "roles": ", ".join(TWO_FACTOR_DEFAULT)
        }
    return None


TWO_FACTOR_DEFAULT = [
    "district_admin",
    "town_admin",
    "community_admin",
    "grid_worker",
    "auditor",
    "system_admin",
    "security_admin",
    "audit_admin",
]

API_TOKEN_HOURS = policy.declare(
    "accounts.api_token_hours",
    12,
    "Hours an API bearer token stays valid after it is issued (a password change, a deactivation "
    "or an administrator ending the user's sessions revokes it earlier).",
    setters=SECURITY,
    check=_between(1, 12),  # R-ID-6: nothing signed in stays valid longer than 12 hours
)
IP_FAILURE_LIMIT = policy.declare(
    "accounts.ip_failure_limit",
    20,
    "Failed sign-ins from one IP address, across any usernames, within the lockout cool-off that "
    "lock that address (password spraying); the per-username limit is AXES_FAILURE_LIMIT.",
    setters=SECURITY,
    check=_between(1, 1000),
)

USERNAME_SLOWDOWN_AFTER = policy.declare(
    "accounts.username_slowdown_after",
    10,
    "Failed sign-ins of one username, from any addresses, within the lockout cool-off after which "
    "that username is slowed down: one attempt per `accounts.username_slowdown_seconds` (a "
    "distributed guess at one account, which the per-address limits do not see; R-ID-4).",
    setters=SECURITY,
    check=_between(1, 1000),
)
USERNAME_SLOWDOWN_SECONDS = policy.declare(
    "accounts.username_slowdown_seconds",
    60,
    "Seconds a slowed-down username waits after its last failure before the next attempt is heard.",
    setters=SECURITY,
    check=_between(1, 3600),
)


def api_token_hours() -> int:
    return int(API_TOKEN_HOURS.value(PLATFORM))


def ip_failure_limit() -> int:
    return int(IP_FAILURE_LIMIT.value(PLATFORM))


def username_slowdown() -> tuple[int, int]:
    """(failures after which a username is slowed, seconds between its attempts then)."""
    after = USERNAME_SLOWDOWN_AFTER.value(PLATFORM)
    return int(after), int(USERNAME_SLOWDOWN_SECONDS.value(PLATFORM))


TWO_FACTOR_ROLES = policy.declare(
    "accounts.two_factor_roles",
    TWO_FACTOR_DEFAULT,
    "Roles whose staff accounts must sign in with a second factor (TOTP): every role that reaches "
    "personal data or administration (R-ID-8). Residents and party members are exempt.",
    setters=SECURITY,
    check=_keeps_every_default,
)
PASSWORD_MAX_AGE_DAYS = policy.declare(
    "accounts.password_max_age_days",
    90,
    "Days a staff password stays valid; after that the next sign-in must change it (R-ID-3). "
    "Residents and party members are exempt.",
    setters=SECURITY,
    check=_between(1, 90),  # R-ID-3: at most 90 days
)
INACTIVE_DAYS = policy.declare(
    "accounts.inactive_days",
    90,
    "Days without a sign-in after which the periodic job disables a staff account (R-ID-9).",
    setters=SECURITY,
    check=_between(1, 90),  # R-ID-9: at most 90 days
)


def two_factor_roles() -> frozenset[str]:
    return frozenset(TWO_FACTOR_ROLES.value(PLATFORM))


def password_max_age_days() -> int:
    return int(PASSWORD_MAX_AGE_DAYS.value(PLATFORM))


def inactive_days() -> int:
    return int(INACTIVE_DAYS.value(PLATFORM))
