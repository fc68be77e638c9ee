from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "yipanqi.orders"
    label = "orders"
    verbose_name = "三单制"
