from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: sessions, lockout, password policy, second factor, administrator roles."""

    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = "账户与访问控制"

    def ready(self) -> None:
        # Login, logout and failed-login receivers (connect on import); system checks.
        from gongkai.accounts import checks, signals  # noqa: F401
