"""What keeps the columns in step with the agencies and their staff.

- The staff of an agency edit its column: Wagtail grants page permissions to groups, so each
  column has one editors' group whose members are the agency's staff (any role), kept in step
  with ``StaffMembership``. Publishing is the sign-off chain's (``workflow``), not the group's.
- A submission to the sign-off chain is audited (``services.item_submit_audited``).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import workflow_submitted

from gongkai.agencies.models import StaffMembership
from gongkai.catalog import services


@receiver(post_save, sender=StaffMembership, dispatch_uid="catalog.editor_joins")
@receiver(post_delete, sender=StaffMembership, dispatch_uid="catalog.editor_leaves")
def editors_follow_memberships(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        services.column_editors_sync(agency_id=instance.agency_id, user_id=instance.user_id)


@receiver(workflow_submitted, dispatch_uid="catalog.submission_audited")
def submission_audited(sender, instance, user=None, **kwargs) -> None:
    services.item_submit_audited(workflow_state=instance, actor=user)
