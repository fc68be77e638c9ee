"""Notices to members with read receipts and replies (一呼百应)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "yipanqi.notices"
    label = "notices"
    verbose_name = "一呼百应"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.notices import my_data, policies  # noqa: F401  (policies: declares them)
        from yipanqi.notices.actions import notices_close_ended, reminders_send_due
        from yipanqi.notices.models import ADMINS, READERS

        nav = registry.NavItem
        registry.add_nav_group(registry.NavGroup("notices", _("Notices"), 47))
        registry.add_nav(nav(_("My notices"), "notices:inbox", frozenset(), 84, "notices", 25))
        registry.add_nav(nav(_("Sent notices"), "notices:notice_list", READERS, 85, "notices"))
        section = registry.MyDataSection("notices", _("Notices sent to me"), my_data.receipts, 60)
        registry.add_my_data(section)
        registry.add_periodic("notices.send_reminders", reminders_send_due)
        registry.add_periodic("notices.close_ended", notices_close_ended)
        _home(registry, ADMINS)


def _home(registry, admins: frozenset[str]) -> None:
    from django.utils.translation import gettext_lazy as _

    from yipanqi.core.home import CARD_TEMPLATE, FIGURES
    from yipanqi.notices import home

    card = registry.HomeCard
    registry.add_home_card(card("notices", CARD_TEMPLATE, home.inbox_card, frozenset(), 30))
    registry.add_home_card(
        card("notices-figures", CARD_TEMPLATE, home.figures_card, admins, 45, FIGURES)
    )
    registry.add_simple_home_link(
        registry.SimpleHomeLink(
            _("My notices"), "notices:inbox", frozenset({"resident", "party_member"}), 15, "list",
            count=home.unread,
        )
    )  # fmt: skip
