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
