"""Account policies (政策参数) with documented defaults.

Accounts are global, not in one district, so these are platform policies: they are read with the
district code `PLATFORM` (""), and a PolicySetting row with district code "" overrides them.
"""

from yipanqi.core import policy

PLATFORM = ""

API_TOKEN_HOURS = policy.declare(
    "accounts.api_token_hours",
    12,
    "Hours an API bearer token stays valid after it is issued (a password change, a deactivation "
    "or an administrator ending the user's sessions revokes it earlier).",
)
IP_FAILURE_LIMIT = policy.declare(
    "accounts.ip_failure_limit",
    20,
    "Failed sign-ins from one IP address, across any usernames, within the lockout cool-off that "
    "lock that address (password spraying); the per-username limit is AXES_FAILURE_LIMIT.",
)


def api_token_hours() -> int:
    return int(API_TOKEN_HOURS.value(PLATFORM))


def ip_failure_limit() -> int:
    return int(IP_FAILURE_LIMIT.value(PLATFORM))


TWO_FACTOR_ROLES = policy.declare(
    "accounts.two_factor_roles",
    [
        "district_admin",
        "town_admin",
        "community_admin",
        "grid_worker",
        "auditor",
        "system_admin",
        "security_admin",
        "audit_admin",
    ],
    "Roles whose staff accounts must sign in with a second factor (TOTP): every role that reaches "
    "personal data or administration (R-ID-8). Residents and party members are exempt.",
)
PASSWORD_MAX_AGE_DAYS = policy.declare(
    "accounts.password_max_age_days",
    90,
    "Days a staff password stays valid; after that the next sign-in must change it (R-ID-3). "
    "Residents and party members are exempt.",
)
INACTIVE_DAYS = policy.declare(
    "accounts.inactive_days",
    90,
    "Days without a sign-in after which the periodic job disables a staff account (R-ID-9).",
)


def two_factor_roles() -> frozenset[str]:
    return frozenset(TWO_FACTOR_ROLES.value(PLATFORM))


def password_max_age_days() -> int:
    return int(PASSWORD_MAX_AGE_DAYS.value(PLATFORM))


def inactive_days() -> int:
    return int(INACTIVE_DAYS.value(PLATFORM))
