from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yipanqi.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from yipanqi.core import (
            checks,  # noqa: F401  (registers the fail-closed scope check)
            collation,
            home,
            notify,
            registry,
            retention,
            row_changes,
            uploads_sweep,
        )
        from yipanqi.core.models import API_DOC_ROLES, AUDIT_VIEW_ROLES
        from yipanqi.core.transition_guard import after_migrate

        post_migrate.connect(after_migrate, sender=self)  # the database's transition guards
        # Area paths in "C" on PostgreSQL: one index answers the prefix and the order (ADR 030).
        post_migrate.connect(collation.after_migrate, sender=self)
        # Bulk and raw-SQL changes leave RowChange rows: capture triggers on every table (ADR 031).
        pre_migrate.connect(row_changes.before_migrate, sender=self)
        post_migrate.connect(row_changes.after_migrate, sender=self)

        # Navigation groups (at most 7 show at the top; each app declares its own group too):
        # "mine" gathers the pages of one's own tasks, from every app.
        registry.add_periodic("core.sweep_unattached_uploads", uploads_sweep.sweep)
        registry.add_periodic("core.anonymise_expired", retention.anonymise_expired)
        registry.add_nav_group(registry.NavGroup("mine", _("My tasks"), 10))
        registry.add_nav_group(registry.NavGroup("audit", _("Audit"), 70))
        nav = registry.NavItem
        registry.add_nav(nav(_("Audit log"), "core:audit_list", AUDIT_VIEW_ROLES, 90, "audit", 1))
        registry.add_nav(
            nav(_("Personal data access log"), "core:access_log", AUDIT_VIEW_ROLES, 91, "audit", 2)
        )
        # In the account menu, for the roles that use the API (core.models.API_DOC_ROLES).
        registry.add_nav(nav(_("API documentation"), "api-docs", API_DOC_ROLES, 99, "account"))
        registry.add_nav(
            nav(_("Processing register"), "core:processing_register", AUDIT_VIEW_ROLES, 92, "audit")
        )
        registry.add_home_card(
            registry.HomeCard(
                "core-access", home.CARD_TEMPLATE, home.access_log_card, AUDIT_VIEW_ROLES, 90
            )
        )
        registry.add_simple_home_link(
            registry.SimpleHomeLink(
                _("Inbox"), "core:inbox", frozenset(), 30, "bell", count=notify.unread_count
            )
        )
