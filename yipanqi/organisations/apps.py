from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "yipanqi.organisations"
    label = "organisations"
    verbose_name = "组织"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.organisations import permissions
        from yipanqi.organisations.choices import (
            GRANT_APPROVE_ROLES,
            GRANT_VIEW_ROLES,
            STRUCTURE_VIEW_ROLES,
        )

        registry.register("scope", permissions.scope_for)
        registry.register("roles", permissions.roles_of)
        registry.register("grants", permissions.grants_summary)
        registry.add_nav(
            registry.NavItem(_("Organisation tree"), "organisations:tree", STRUCTURE_VIEW_ROLES, 10)
        )
        registry.add_nav(
            registry.NavItem(_("Units"), "organisations:unit_list", STRUCTURE_VIEW_ROLES, 20)
        )
        registry.add_nav(
            registry.NavItem(
                _("Role grants"), "organisations:grant_list", frozenset(GRANT_VIEW_ROLES), 80
            )
        )
        registry.add_nav(
            registry.NavItem(
                _("Grants awaiting approval"),
                "organisations:grant_pending",
                GRANT_APPROVE_ROLES,
                81,
            )
        )
