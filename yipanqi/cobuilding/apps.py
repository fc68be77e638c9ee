"""Co-building between units and communities (区域化党建共建)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CobuildingConfig(AppConfig):
    name = "yipanqi.cobuilding"
    label = "cobuilding"
    verbose_name = "区域化党建共建"

    def ready(self) -> None:
        from yipanqi.cobuilding import (
            dashboard,
            policies,  # noqa: F401  (declares them)
            teams_dashboard,
        )
        from yipanqi.cobuilding.actions import commitments_escalate_overdue
        from yipanqi.cobuilding.models import ADMINS, READERS
        from yipanqi.core import registry

        liaisons = frozenset({"unit_liaison"})
        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("cobuilding", _("Co-building"), 48))
        registry.add_nav(
            nav(
                _("Co-building board"), "cobuilding:board", READERS | liaisons, 86, "cobuilding", 28
            )
        )
        registry.add_nav(
            nav(
                _("Co-building projects"),
                "cobuilding:project_list",
                READERS | liaisons,
                87,
                "cobuilding",
            )
        )
        registry.add_nav(
            nav(_("Hard problems"), "cobuilding:problem_list", READERS, 88, "cobuilding")
        )
        registry.add_nav(
            nav(_("Unit evaluations"), "cobuilding:evaluation_list", ADMINS, 89, "cobuilding")
        )
        team_readers = ADMINS | frozenset({"grid_worker", "party_member"})
        registry.add_nav(
            nav(_("Service teams"), "cobuilding:team_list", team_readers, 90, "cobuilding")
        )
        registry.add_periodic("cobuilding.escalate_overdue", commitments_escalate_overdue)
        dashboard.add_figures(teams_dashboard.figures)  # the service teams' figures
        _home(registry, READERS | liaisons)


def _home(registry, roles: frozenset[str]) -> None:
    from yipanqi.cobuilding import home
    from yipanqi.core.home import CARD_TEMPLATE

    card = registry.HomeCard
    registry.add_home_card(card("cobuilding", CARD_TEMPLATE, home.work_card, roles, 48))
