"""Back-office access for agency staff.

Wagtail lets a user into its admin when they hold ``wagtailadmin.access_admin``. Working for
an agency (a ``StaffMembership``, any role) is what makes someone disclosure staff, so that
membership grants the permission: no separate group has to be kept in step with it. What the
user may then see and change is decided per agency by ``gongkai.agencies.permissions``.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from gongkai.agencies.models import StaffMembership

ACCESS_ADMIN = "wagtailadmin.access_admin"


class AgencyStaffBackend(BaseBackend):
    """Grants ``wagtailadmin.access_admin`` to active users with a staff membership.

    Authenticates nobody (``authenticate`` is inherited and returns None): passwords stay with
    ``ModelBackend``.
    """

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if perm != ACCESS_ADMIN or obj is not None:
            return False
        if not getattr(user_obj, "is_active", False) or user_obj.is_anonymous:
            return False
        return StaffMembership.objects.filter(user=user_obj).exists()
