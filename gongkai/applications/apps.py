from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.applications.receivers import recompute_on_calendar_change
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(
            recompute_on_calendar_change, dispatch_uid="applications.recompute_on_calendar_change"
        )
