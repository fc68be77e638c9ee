from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "yipanqi.reports"
    label = "reports"
    verbose_name = "报表"

    def ready(self) -> None:
        from yipanqi.reports import node_links
        from yipanqi.reports.dashboards import menu
        from yipanqi.reports.documents import menu as documents_menu

        menu.register()
        documents_menu.register()
        node_links.register()
