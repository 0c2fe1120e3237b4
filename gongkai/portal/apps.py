from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "信息公开门户"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from gongkai.agencies.models import Agency
        from gongkai.portal.caching import bump_on_page_signal, bump_on_save
        from gongkai.portal.columns import column_for_new_agency, columns_for_every_agency

        post_save.connect(column_for_new_agency, sender=Agency, dispatch_uid="portal.column")
        post_migrate.connect(columns_for_every_agency, sender=self, dispatch_uid="portal.columns")

        # Any change the public could see makes every public page's ETag stale.
        post_save.connect(bump_on_save, dispatch_uid="portal.public_version.save")
        post_delete.connect(bump_on_save, dispatch_uid="portal.public_version.delete")
        page_signals = {"published": page_published, "unpublished": page_unpublished}
        page_signals["moved"] = post_page_move
        for name, signal in page_signals.items():
            signal.connect(bump_on_page_signal, dispatch_uid=f"portal.public_version.{name}")
