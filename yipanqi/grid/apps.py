"""Grid work: 清楼 sweeps and visits, incident reports (事件上报)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridConfig(AppConfig):
    name = "yipanqi.grid"
    label = "grid"
    verbose_name = "网格工作"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.grid.escalation import close_ended_campaigns, escalate_incidents
        from yipanqi.grid.models import STAFF

        registry.add_periodic("grid.escalate_incidents", escalate_incidents)
        registry.add_periodic("grid.close_ended_campaigns", close_ended_campaigns)
        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("grid", _("Grid work"), 30))
        workers = frozenset({"grid_worker"})
        registry.add_nav(nav(_("Sweeps"), "grid:campaign_list", STAFF, 60, "grid", 11))
        registry.add_nav(nav(_("Report an incident"), "grid:incident_new", workers, 61, "mine", 12))
        registry.add_nav(nav(_("Incidents"), "grid:incident_list", STAFF, 62, "grid", 25))
        _home_cards(registry, workers)


def _home_cards(registry, workers: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.grid import home
    from yipanqi.grid.models import ADMINS

    card = registry.HomeCard
    registry.add_home_card(card("grid-worker", CARD_TEMPLATE, home.worker_card, workers, 5))
    registry.add_home_card(card("grid-admin", CARD_TEMPLATE, home.admin_card, ADMINS, 30))
    registry.add_home_card(
        card("grid-figures", CARD_TEMPLATE, home.figures_card, ADMINS, 30, FIGURES)
    )
