"""The five-role officers' online visual platform (五大员线上可视化平台)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficersConfig(AppConfig):
    name = "yipanqi.officers"
    label = "officers"
    verbose_name = "五大员"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.officers.actions import roles_ensure_defaults
        from yipanqi.officers.models import READERS

        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("officers", _("Five-role officers"), 48))
        officer = frozenset({"five_role_officer"})
        registry.add_nav(nav(_("My targets"), "officers:mine", officer, 86, "officers", 20))
        registry.add_nav(nav(_("Officers' board"), "officers:board", READERS, 87, "officers"))
        registry.add_nav(
            nav(_("Officer assignments"), "officers:assignment_list", READERS, 88, "officers")
        )
        registry.add_nav(nav(_("Officer roles"), "officers:role_list", READERS, 89, "officers"))
        registry.add_district_setup("officers.roles", roles_ensure_defaults)
