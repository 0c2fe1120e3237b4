"""Who may read the audit log: the one rule, in one place.

The log is for those who oversee the disclosure work, not for those doing it: an agency's office
head (公开工作机构负责人), its leaders (分管领导, 主要领导) and the supervising office (主管部门)
read that agency's events; clerks (经办人) read none; the audit administrator (审计管理员,
``gongkai.backoffice.roles``) and superusers read all, including events that belong to no
agency (sign-ins, account changes). Nobody changes an event. The selectors, the back-office
listing, its export and its menu item all go through ``user_reads_whole_audit_log`` and
``audit_agency_ids``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from gongkai.agencies.models import StaffRole
from gongkai.agencies.permissions import staff_agency_ids, user_sees_all_agencies
from gongkai.backoffice.roles import APP_LABEL, AdminRole, is_audit_admin

AUDITOR_ROLES = frozenset(
    {
        StaffRole.OFFICE_HEAD,
        StaffRole.DEPUTY_LEADER,
        StaffRole.PRINCIPAL_LEADER,
        StaffRole.SUPERVISOR,
    }
)


def audit_agency_ids(user) -> frozenset[int]:
    """The agencies whose audit events ``user`` may read by role; empty for anyone else.

    Superusers are not expanded here (they read everything; see ``user_sees_all_agencies``).
    """
    return staff_agency_ids(user, roles=AUDITOR_ROLES)


def user_reads_whole_audit_log(user) -> bool:
    """Superusers and the audit administrator: every event, whatever its agency."""
    return user_sees_all_agencies(user) or is_audit_admin(user)


def user_may_read_audit_log(user) -> bool:
    return user_reads_whole_audit_log(user) or bool(audit_agency_ids(user))


def filter_readable(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` of audit events narrowed to those ``user`` may read."""
    if user_reads_whole_audit_log(user):
        return queryset
    return queryset.filter(agency_id__in=audit_agency_ids(user))


class AuditLogPermissionPolicy(BasePermissionPolicy):
    """Wagtail permission policy for ``AuditEvent``: "view" by the rule above, nothing else.

    Nobody, superusers included, may add, change or delete an event through the back office.
    """

    def user_has_permission(self, user, action: str) -> bool:
        return action == "view" and user_may_read_audit_log(user)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        return user_reads_whole_audit_log(user) or instance.agency_id in audit_agency_ids(user)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if "view" not in actions:
            return self.model._default_manager.none()
        return filter_readable(self.model._default_manager.all(), user)

    def users_with_any_permission(self, actions) -> QuerySet:
        users = get_user_model()._default_manager.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(
            Q(is_superuser=True)
            | Q(agency_memberships__role__in=AUDITOR_ROLES)
            | Q(
                groups__permissions__codename=AdminRole.AUDIT.value,
                groups__permissions__content_type__app_label=APP_LABEL,
            )
        ).distinct()
