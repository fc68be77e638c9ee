from django.apps import AppConfig


class GridConfig(AppConfig):
    name = "yipanqi.grid"
    label = "grid"
    verbose_name = "网格工作"
