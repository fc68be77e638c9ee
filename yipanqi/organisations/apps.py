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
            Role,
        )

        registry.register("scope", permissions.scope_for)
        registry.register("roles", permissions.roles_of)
        registry.register("grants", permissions.grants_summary)
        registry.register("role_label", permissions.role_label)
        nav, group, viewers = registry.NavItem, "organisation", STRUCTURE_VIEW_ROLES
        registry.add_nav_group(registry.NavGroup(group, _("Organisation"), 60))
        registry.add_nav(nav(_("Organisation tree"), "organisations:tree", viewers, 10, group, 60))
        registry.add_nav(nav(_("Unit registry"), "organisations:unit_list", viewers, 20, group))
        granters = frozenset(GRANT_VIEW_ROLES)
        registry.add_nav(nav(_("Role grants"), "organisations:grant_list", granters, 80, group, 3))
        registry.add_nav(
            nav(
                _("Grants awaiting approval"),
                "organisations:grant_pending",
                GRANT_APPROVE_ROLES,
                81,
                group,
                1,
            )
        )
        residents = frozenset({Role.RESIDENT})
        registry.add_nav(
            nav(_("Find my grid worker"), "organisations:grid_contacts", residents, 15, "mine")
        )
        registry.add_simple_home_link(
            registry.SimpleHomeLink(
                _("Find my grid worker"), "organisations:grid_contacts", residents, 40, "person"
            )
        )
        _home_cards(registry, GRANT_APPROVE_ROLES)


def _home_cards(registry, approvers: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE
    from yipanqi.organisations import home

    card = registry.HomeCard
    registry.add_home_card(
        card("organisations-grants", CARD_TEMPLATE, home.grants_card, approvers, 80)
    )
