from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "yipanqi.people"
    label = "people"
    verbose_name = "人口"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.people import my_data
        from yipanqi.people.models import ADMINS, PEOPLE_POLICY

        nav, viewers = registry.NavItem, PEOPLE_POLICY["view"]
        registry.add_nav_group(registry.NavGroup("people", _("People"), 50))
        registry.add_nav(nav(_("Residents"), "people:person_list", viewers, 30, "people", 35))
        registry.add_nav(nav(_("Party members"), "people:member_list", ADMINS, 35, "people"))
        registry.add_nav(nav(_("Registrations"), "people:registration_list", ADMINS, 40, "people"))
        section = registry.MyDataSection
        registry.add_my_data(section("resident", _("Resident record"), my_data.resident_record, 10))
        registry.add_my_data(section("membership", _("Party membership"), my_data.membership, 20))
        _home_cards(registry, ADMINS)


def _home_cards(registry, admins: frozenset[str]) -> None:
    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.people import home

    card, member = registry.HomeCard, frozenset({"party_member"})
    registry.add_home_card(card("people-admin", CARD_TEMPLATE, home.admin_card, admins, 20))
    registry.add_home_card(
        card("people-member", CARD_TEMPLATE, home.member_card, member, 22, FIGURES)
    )
    registry.add_home_card(
        card("people-figures", CARD_TEMPLATE, home.figures_card, admins, 20, FIGURES)
    )
