from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "yipanqi.demo"
    label = "demo"
    verbose_name = "演示"
