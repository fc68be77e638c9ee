"""Who may act on another user's account.

Roles live in the organisations app, which depends on accounts (HOUSE_STYLE 4.4: core ← accounts ←
organisations), so accounts reads a user's roles through the `roles` hook that organisations
registers (core.registry), as the session middleware does. Without that hook nobody qualifies
(fail closed).
"""

from typing import Any

from yipanqi.core import registry

# organisations.choices.Role.SYSTEM_ADMIN and SECURITY_ADMIN (a test keeps the names in step).
ACCOUNT_ADMIN_ROLES = frozenset({"system_admin", "security_admin"})


def _holds(user: Any, roles: frozenset[str]) -> bool:
    roles_of = registry.resolve("roles")
    if roles_of is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(roles & set(roles_of(user)))


def is_account_admin(user: Any) -> bool:
    """A system or security administrator: may end other users' sessions and disable accounts."""
    return _holds(user, ACCOUNT_ADMIN_ROLES)


def can_end_sessions_of(actor: Any, user: Any) -> bool:
    """End every web session and API token of `user` (R-ID-7: admins can kill sessions)."""
    return is_account_admin(actor)


def can_deactivate_user(actor: Any, user: Any) -> bool:
    """Disable an account; never one's own (an administrator cannot lock themselves out)."""
    return is_account_admin(actor) and actor.pk != user.pk


def can_revoke_token(actor: Any, token: Any) -> bool:
    """A token is revoked by its own user (administrators end all of a user's sessions instead)."""
    return getattr(actor, "is_authenticated", False) and actor.pk == token.user_id


def can_change_preferences(actor: Any, user: Any) -> bool:
    """Display preferences (elder mode) are the user's own to change."""
    return getattr(actor, "is_authenticated", False) and actor.pk == user.pk


# organisations.choices.Role.SECURITY_ADMIN: 2FA resets are the security administrator's (三员分立).
SECURITY_ADMIN_ROLES = frozenset({"security_admin"})


def can_reset_two_factor(actor: Any, user: Any) -> bool:
    """Remove a user's second factor (a lost phone); never one's own."""
    return is_security_admin(actor) and actor.pk != user.pk


def is_security_admin(user: Any) -> bool:
    return _holds(user, SECURITY_ADMIN_ROLES)
