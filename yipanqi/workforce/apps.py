"""Community workers (社区工作者): posts and 三岗十八级 grades, pay runs, training, appraisals, moves."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "yipanqi.workforce"
    label = "workforce"
    verbose_name = "社区工作者"

    def ready(self) -> None:
        from yipanqi.core import registry
        from yipanqi.workforce import my_data, policies  # noqa: F401  (declares the policies)
        from yipanqi.workforce.actions import training_remind_due
        from yipanqi.workforce.models import ADMINS, PAY_ADMINS

        nav = registry.NavItem
        group = "workforce"
        registry.add_nav_group(registry.NavGroup(group, _("Community workers"), 47))
        registry.add_nav(nav(_("Community workers"), "workforce:worker_list", ADMINS, 80, group))
        registry.add_nav(nav(_("Pay runs"), "workforce:run_list", PAY_ADMINS, 81, group))
        registry.add_nav(nav(_("Training calendar"), "workforce:course_list", ADMINS, 82, group))
        registry.add_periodic("workforce.training_reminders", training_remind_due)
        registry.add_my_data(
            registry.MyDataSection(
                "workforce", _("Community work"), my_data.worker_record, order=60
            )
        )
