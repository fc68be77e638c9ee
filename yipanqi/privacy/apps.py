from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "yipanqi.privacy"
    label = "privacy"
    verbose_name = "个人信息权利"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.privacy.permissions import HANDLER_ROLES

        nav = registry.NavItem
        registry.add_nav(
            nav(_("My personal information"), "privacy:my_data", frozenset(), 95, "mine")
        )
        registry.add_nav(
            nav(
                _("Personal information requests"),
                "privacy:request_list",
                HANDLER_ROLES,
                45,
                "people",
            )
        )
