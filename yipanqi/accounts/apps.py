from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "yipanqi.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from yipanqi.accounts import (  # noqa: F401  (OpenAPI auth; audited sign-ins; policies)
            permissions,
            policies,
            schema,
            signals,
        )
        from yipanqi.accounts.actions import users_disable_inactive
        from yipanqi.core import registry
        from yipanqi.core.actors import system

        # The organisation group is declared by the organisations app (it sorts after accounts'
        # pages in the bar either way: groups order by their own `order`).
        registry.add_nav(
            registry.NavItem(
                _("Reset two-step sign-in"),
                "accounts:two_factor_reset",
                permissions.SECURITY_ADMIN_ROLES,
                85,
                "organisation",
            )
        )
        registry.add_nav(
            registry.NavItem(
                _("Sign-in locks"),
                "accounts:lockouts",
                permissions.SECURITY_ADMIN_ROLES,
                86,
                "organisation",
            )
        )
        registry.add_periodic(
            "accounts.disable_inactive",
            lambda: users_disable_inactive(actor=system("inactive accounts")),
        )
