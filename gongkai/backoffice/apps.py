"""The back office's own face: Chinese wording, our name, no links off the site, staff names."""

from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class BackOfficeConfig(AppConfig):
    # Two configs in this module: this one is the app's (the other stands in for wagtail.users).
    default = True
    name = "gongkai.backoffice"
    label = "backoffice"
    verbose_name = "后台"

    def ready(self):
        from django.db.models.signals import post_migrate

        from gongkai.backoffice.labels import label_wagtail_columns
        from gongkai.backoffice.permissions import name_permissions_in_chinese

        label_wagtail_columns()
        # For every app (no sender): django.contrib.auth creates the permissions in its own
        # post_migrate receiver, which runs after this app's (INSTALLED_APPS order).
        post_migrate.connect(
            name_permissions_in_chinese, dispatch_uid="backoffice_permission_names"
        )


class StaffUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user management with the staff user forms (one 姓名 field).

    Listed in ``INSTALLED_APPS`` instead of ``wagtail.users``: Wagtail picks the user viewset
    from this attribute of its app config.
    """

    user_viewset = "gongkai.backoffice.users.StaffUserViewSet"
