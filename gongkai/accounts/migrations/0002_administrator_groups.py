"""The three administrator groups (系统管理员, 安全管理员, 审计管理员: gongkai.backoffice.roles).

Each carries its role's permission (``accounts.system_admin`` …) and may enter the back
office; the system administrator also manages user accounts and groups. What the security and
audit administrators may do is decided by role in code (``gongkai.backoffice.roles``). Existing passwords get a
history row dated now, so the 等保 profile's 90 days start at this migration rather than at
each account's creation.
"""

from django.db import migrations

GROUPS = {
    "系统管理员": [
        ("accounts", "system_admin"),
        ("wagtailadmin", "access_admin"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "add_group"),
        ("auth", "change_group"),
        ("auth", "delete_group"),
    ],
    "安全管理员": [("accounts", "security_admin"), ("wagtailadmin", "access_admin")],
    "审计管理员": [("accounts", "audit_admin"), ("wagtailadmin", "access_admin")],
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are created after all migrations (post_migrate): make these two apps' now.
    for label in ("auth", "accounts"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for app_label, codename in codes:
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
    user_model = apps.get_model("auth", "User")
    history = apps.get_model("accounts", "PasswordHistory")
    history.objects.bulk_create(
        history(user=user, password=user.password)
        for user in user_model.objects.exclude(password="").exclude(password__startswith="!")  # noqa: S106 (unusable markers)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("backoffice", "0002_staff_names_as_written"),
        # After Wagtail gives every existing group "choose" permissions: not to these.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    # Backwards the groups stay: they may have members, and a group is harmless without the app.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
