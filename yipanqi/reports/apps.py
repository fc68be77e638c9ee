from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "yipanqi.reports"
    label = "reports"
    verbose_name = "报表"
