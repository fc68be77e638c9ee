from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yipanqi.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from yipanqi.core import (
            checks,  # noqa: F401  (registers the fail-closed scope check)
            registry,
        )
        from yipanqi.core.models import AUDIT_VIEW_ROLES

        registry.add_nav(registry.NavItem(_("Audit log"), "core:audit_list", AUDIT_VIEW_ROLES, 90))
