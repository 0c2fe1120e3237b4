"""What the accounts app stores beyond Django's user: the password history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PasswordHistoryQuerySet(models.QuerySet):
    def for_user(self, user) -> PasswordHistoryQuerySet:
        return self.filter(user=user)


class PasswordHistory(models.Model):
    """One password an account has had (密码历史), as its hash, and when it was set.

    Written by ``gongkai.accounts.services.password_history_record`` whenever a password is
    set. The newest row says when the password was last changed (the 等保 profile's 90-day
    change); the last few hashes refuse the reuse of an old password.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField("密码散列", max_length=128)
    changed_at = models.DateTimeField("设置时间", default=timezone.now)

    objects = PasswordHistoryQuerySet.as_manager()

    class Meta:
        verbose_name = "密码历史"
        verbose_name_plural = "密码历史"
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["user", "changed_at"], name="passwordhistory_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} {timezone.localtime(self.changed_at):%Y-%m-%d %H:%M}"


class AdministratorRole(models.Model):
    """No table: carries the three administrator roles as permissions (三员).

    A role is held through a group that has its permission (``accounts.0002`` creates the
    groups 系统管理员, 安全管理员, 审计管理员), so renaming a group changes nothing, and the
    check costs no query (Django caches a user's permissions for the request). The rules are in
    ``gongkai.backoffice.roles``.
    """

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = "管理员角色"
        verbose_name_plural = "管理员角色"
        permissions = [
            ("system_admin", "系统管理员：用户和设置"),
            ("security_admin", "安全管理员：安全设置、登录锁定、双因素认证重置"),
            ("audit_admin", "审计管理员：只读审计日志"),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
