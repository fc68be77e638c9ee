from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yipanqi.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from yipanqi.accounts import signals  # noqa: F401  (audits logins, failures, lockouts)
