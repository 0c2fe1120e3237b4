"""The administrator roles (三员) and the separation of duties between them: one rule, one place.

等保 2.0 level 3 (GB/T 22239-2019 8.1.4.2 访问控制 c/d: 授予管理用户所需的最小权限，实现管理用户
的权限分离; 8.1.10.2-4 系统管理、审计管理、安全管理) asks for three administrators whose powers do
not overlap:

- 系统管理员 (system administrator): user accounts and settings;
- 安全管理员 (security administrator): security settings, login locks, second-factor resets;
- 审计管理员 (audit administrator): reads the audit trail, and nothing else.

Each role is a permission (``accounts.system_admin``, ``accounts.security_admin``,
``accounts.audit_admin`` on ``gongkai.accounts.models.AdministratorRole``) held through a group
of the back office (系统管理员, 安全管理员, 审计管理员, created by ``accounts.0002``). A
superuser counts as a system administrator, and so does the per-agency role
``StaffRole.SYSTEM_ADMIN``. The business roles (经办人, 负责人, leaders, 主管部门) are agency
memberships (``gongkai.agencies``).

No account may hold an administrator role together with the auditor's: the auditor checks
what the administrators did. The user forms refuse the combination (``duty_conflict``),
``gongkai.accounts.services.user_set_admin_roles`` refuses it, and the system check
``accounts.E001`` (``gongkai accounts check-roles``) finds any that exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from gongkai.agencies.models import StaffRole
from gongkai.agencies.permissions import staff_roles

APP_LABEL = "accounts"


class AdminRole(models.TextChoices):
    SYSTEM = "system_admin", "系统管理员"
    SECURITY = "security_admin", "安全管理员"
    AUDIT = "audit_admin", "审计管理员"


# The back-office group that carries each role's permission.
GROUP_NAMES: dict[str, str] = {role.value: role.label for role in AdminRole}
ADMINISTRATOR_ROLES = frozenset({AdminRole.SYSTEM, AdminRole.SECURITY})

DUTY_CONFLICT_MESSAGE = (
    "职责分离：审计管理员不能同时是系统管理员、安全管理员或超级用户，请取消其中一个角色。"
)


def permission_name(role: AdminRole) -> str:
    return f"{APP_LABEL}.{role.value}"


def roles_from(
    *, is_superuser: bool, codenames: Iterable[str], agency_roles: Iterable[str] = ()
) -> frozenset[AdminRole]:
    """The roles of an account with these attributes (``codenames``: its ``accounts`` perms)."""
    values = {role.value for role in AdminRole}
    roles = {AdminRole(code) for code in codenames if code in values}
    if is_superuser or StaffRole.SYSTEM_ADMIN in set(agency_roles):
        roles.add(AdminRole.SYSTEM)
    return frozenset(roles)


def admin_roles(user) -> frozenset[AdminRole]:
    """The roles ``user`` holds now (no query beyond Django's cached permissions).

    A superuser has every permission, so their roles are SYSTEM alone here; whether a
    superuser is also in the auditors' group is the separation-of-duties check's question
    (``gongkai.accounts.checks``), asked of the groups themselves.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset({AdminRole.SYSTEM})
    agency_roles = [role for _, role in staff_roles(user)]
    prefix = APP_LABEL + "."
    codenames = [p.removeprefix(prefix) for p in user.get_all_permissions() if p.startswith(prefix)]
    return roles_from(is_superuser=False, codenames=codenames, agency_roles=agency_roles)


def duty_conflict(roles: Iterable[AdminRole]) -> str | None:
    """The Chinese refusal when ``roles`` break the separation of duties, else None."""
    held = set(roles)
    if AdminRole.AUDIT in held and held & ADMINISTRATOR_ROLES:
        return DUTY_CONFLICT_MESSAGE
    return None


def is_administrator(user) -> bool:
    """System or security administrator (superusers included): the second factor is required."""
    return bool(admin_roles(user) & ADMINISTRATOR_ROLES)


def is_security_admin(user) -> bool:
    """Who manages login locks and second-factor resets: 安全管理员 and superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or AdminRole.SECURITY in admin_roles(user)


def is_audit_admin(user) -> bool:
    """审计管理员: reads the whole audit trail (every agency), read-only."""
    return AdminRole.AUDIT in admin_roles(user)
