from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "yipanqi.deliberation"
    label = "deliberation"
    verbose_name = "四方议事"
