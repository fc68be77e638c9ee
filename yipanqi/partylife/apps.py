"""Branch organisational life (三会一课, 主题党日), party dues and membership transfers (党务一触即办)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartylifeConfig(AppConfig):
    name = "yipanqi.partylife"
    label = "partylife"
    verbose_name = "党务工作"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.partylife import pi, policies  # noqa: F401  (declare policies, register)
        from yipanqi.partylife.actions import meetings_remind, transfers_escalate
        from yipanqi.partylife.demo import SECRETARY
        from yipanqi.partylife.my_data import SECTION
        from yipanqi.partylife.reach import ADMINS

        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("partylife", _("Party affairs"), 46))
        registry.add_demo_persona(SECRETARY)
        desk_roles = ADMINS | frozenset({"party_member"})
        registry.add_nav(nav(_("Branch desk"), "partylife:desk", desk_roles, 84, "partylife"))
        registry.add_nav(
            nav(_("My party life"), "partylife:mine", frozenset({"party_member"}), 85, "partylife")
        )
        registry.add_nav(
            nav(_("Meeting compliance"), "partylife:compliance", ADMINS, 86, "partylife")
        )
        registry.add_nav(
            nav(_("Membership transfers"), "partylife:transfers", desk_roles, 87, "partylife")
        )
        registry.add_periodic("partylife.escalate_transfers", transfers_escalate)
        registry.add_periodic("partylife.remind_meetings", meetings_remind)
        registry.add_my_data(SECTION)
        _home_cards(registry, ADMINS)


def _home_cards(registry, admins: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.partylife import home

    card = registry.HomeCard
    # an officer is appointed here, whatever their role grants: the builder asks (one query)
    registry.add_home_card(
        card("partylife-secretary", CARD_TEMPLATE, home.secretary_card, frozenset(), 46)
    )
    registry.add_home_card(card("partylife-admin", CARD_TEMPLATE, home.admin_card, admins, 46))
    member = frozenset({"party_member"})
    registry.add_home_card(card("partylife-member", CARD_TEMPLATE, home.member_card, member, 46))
    registry.add_home_card(
        card("partylife-figures", CARD_TEMPLATE, home.figures_card, admins, 46, FIGURES)
    )
