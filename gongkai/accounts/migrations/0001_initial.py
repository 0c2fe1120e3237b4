import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PasswordHistory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("password", models.CharField(max_length=128, verbose_name="密码散列")),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="设置时间")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="password_history",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="用户",
                    ),
                ),
            ],
            options={
                "verbose_name": "密码历史",
                "verbose_name_plural": "密码历史",
                "ordering": ["-changed_at", "-pk"],
                "indexes": [models.Index(fields=["user", "changed_at"], name="passwordhistory_user_idx")],
            },
        ),
        migrations.CreateModel(
            name="AdministratorRole",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "verbose_name": "管理员角色",
                "verbose_name_plural": "管理员角色",
                "permissions": [
                    ("system_admin", "系统管理员：用户和设置"),
                    ("security_admin", "安全管理员：安全设置、登录锁定、双因素认证重置"),
                    ("audit_admin", "审计管理员：只读审计日志"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
