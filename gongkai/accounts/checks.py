"""System check accounts.E001: no account breaks the separation of duties.

Run by every ``manage.py`` command that checks the database (``migrate``, ``check
--database default``) and by ``gongkai accounts check-roles``. Roles reach an account by
several paths (the user form, the staff screen, groups edited afterwards, the shell): this
check sees the result of all of them.
"""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from gongkai.backoffice.roles import APP_LABEL, AdminRole


def duty_conflicts() -> list[str]:
    """Usernames of active accounts holding the auditor's role with an administrator's."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from gongkai.agencies.models import StaffRole

    users = get_user_model()._default_manager.filter(is_active=True)

    def holding(role: AdminRole):
        perm = {"content_type__app_label": APP_LABEL, "codename": role.value}
        return Q(
            pk__in=users.filter(**{f"groups__permissions__{k}": v for k, v in perm.items()}).values(
                "pk"
            )
        ) | Q(
            pk__in=users.filter(**{f"user_permissions__{k}": v for k, v in perm.items()}).values(
                "pk"
            )
        )

    auditors = users.filter(holding(AdminRole.AUDIT))
    conflicting = auditors.filter(
        Q(is_superuser=True)
        | holding(AdminRole.SYSTEM)
        | holding(AdminRole.SECURITY)
        | Q(agency_memberships__role=StaffRole.SYSTEM_ADMIN)
    )
    return sorted(set(conflicting.values_list("username", flat=True)))


@checks.register(checks.Tags.security, checks.Tags.database)
def check_separation_of_duties(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    try:
        conflicts = duty_conflicts()
    except DatabaseError:
        return []  # not migrated yet
    return [
        checks.Error(
            f"账户“{username}”同时拥有审计管理员和管理员角色，违反职责分离。",
            hint="在后台“设置 → 用户”中取消其中一个角色，或运行 gongkai accounts roles。",
            id="accounts.E001",
        )
        for username in conflicts
    ]
