from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "yipanqi.people"
    label = "people"
    verbose_name = "人口"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.people.models import ADMINS, PEOPLE_POLICY

        registry.add_nav(
            registry.NavItem(_("Residents"), "people:person_list", PEOPLE_POLICY["view"], 30)
        )
        registry.add_nav(registry.NavItem(_("Party members"), "people:member_list", ADMINS, 35))
        registry.add_nav(
            registry.NavItem(_("Registrations"), "people:registration_list", ADMINS, 40)
        )
