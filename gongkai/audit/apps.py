from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        # Copy Wagtail's log entries into the audit trail (receivers connect on import).
        from gongkai.audit import admin_log  # noqa: F401
