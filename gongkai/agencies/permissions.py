"""Who may see and change an agency's records in the back office: the one rule, in one place.

A user works for the agencies they hold a ``StaffMembership`` in (any role); a superuser works
for every agency. Models that belong to one agency (an ``agency`` foreign key) use
``AgencyStaffPermissionPolicy`` for their Wagtail admin screens, so the listing, every edit
screen, every download and the menu item all ask the same question.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from gongkai.agencies.models import Agency, StaffMembership, StaffRole

# Cached on the user object for the length of one request (a new request loads a new user).
_CACHE_ATTR = "_gongkai_memberships"


def staff_roles(user) -> frozenset[tuple[int, str]]:
    """The (agency id, role) pairs ``user`` holds; empty for anonymous or inactive users.

    One query per request: every permission question of the back office (which agencies, which
    roles) is answered from this set.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            StaffMembership.objects.filter(user=user).values_list("agency_id", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def staff_agency_ids(user, roles: Iterable[str] | None = None) -> frozenset[int]:
    """The ids of the agencies ``user`` is a member of (in one of ``roles``, if given).

    Superusers are not expanded here (they see everything; see ``user_sees_all_agencies``).
    """
    wanted = None if roles is None else frozenset(roles)
    return frozenset(
        agency_id for agency_id, role in staff_roles(user) if wanted is None or role in wanted
    )


def user_sees_all_agencies(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


# Who may change the working-day calendar. It is national (one calendar for every agency), so
# a role in any agency qualifies; clerks, office heads and leaders do casework, not the calendar.
CALENDAR_EDITOR_ROLES = frozenset({StaffRole.SYSTEM_ADMIN, StaffRole.SUPERVISOR})


def can_edit_calendar(user) -> bool:
    """Whether ``user`` may change the working-day calendar (enter a year's 节假日安排).

    A superuser, or a 系统管理员 or 主管部门 member of any agency; inactive users never.
    """
    if user_sees_all_agencies(user):
        return True
    return bool(staff_agency_ids(user, roles=CALENDAR_EDITOR_ROLES))


def agencies_visible_to(user) -> QuerySet[Agency]:
    """The agencies whose records ``user`` may see in the back office."""
    if user_sees_all_agencies(user):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=staff_agency_ids(user))


def filter_by_agency[QS: QuerySet[Any]](queryset: QS, user, field: str = "agency") -> QS:
    """``queryset`` narrowed to the rows of the agencies ``user`` works for."""
    if user_sees_all_agencies(user):
        return queryset
    return queryset.filter(**{f"{field}_id__in": staff_agency_ids(user)})


class AgencyStaffPermissionPolicy(BasePermissionPolicy):
    """Wagtail permission policy for a model with an ``agency`` foreign key.

    Members of an agency may do ``staff_actions`` on that agency's rows; superusers may do
    everything. Actions outside ``staff_actions`` (e.g. ``delete`` of an annual report) are
    for superusers only.
    """

    def __init__(self, model, staff_actions: Iterable[str] = ("add", "change", "view")):
        super().__init__(model)
        self.staff_actions = frozenset(staff_actions)

    def user_has_permission(self, user, action: str) -> bool:
        if user_sees_all_agencies(user):
            return True
        return action in self.staff_actions and bool(staff_agency_ids(user))

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if user_sees_all_agencies(user):
            return True
        return self.user_has_permission(user, action) and instance.agency_id in staff_agency_ids(
            user
        )

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return filter_by_agency(self.model._default_manager.all(), user)

    def users_with_any_permission(self, actions) -> QuerySet:
        users = get_user_model()._default_manager.filter(is_active=True)
        if self.staff_actions.isdisjoint(actions):
            return users.filter(is_superuser=True)
        return users.filter(Q(is_superuser=True) | Q(agency_memberships__isnull=False)).distinct()
