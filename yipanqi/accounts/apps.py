from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yipanqi.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from yipanqi.accounts import (  # noqa: F401  (OpenAPI auth; audited sign-ins; policies)
            policies,
            schema,
            signals,
        )
