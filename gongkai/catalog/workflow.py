"""The sign-off chain (保密审查 → 办公室负责人 → 分管领导 → 主要领导) as Wagtail workflow tasks.

One workflow serves every agency: each ``RoleSignOffTask`` names a role, and its approvers are
the staff who hold that role in the item's own agency (``StaffMembership``), so an approver of
another agency is neither offered the task nor allowed to act on it. Every approval and every
return goes through ``services.signoff_act`` (permission check, the step, the audit event, one
transaction); the last approval publishes through ``services.item_publish``
(``WAGTAIL_FINISH_WORKFLOW_ACTION``, finish.py). Nobody publishes a catalogue item directly, not even a
superuser: ``SignOffPermissionTester``.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Cast
from wagtail.models import Page, PagePermissionTester, Task, TaskState

from gongkai.agencies.models import StaffRole
from gongkai.agencies.permissions import staff_agency_ids

SIGNOFF_ROLES = [
    StaffRole.CONFIDENTIALITY_REVIEWER,
    StaffRole.OFFICE_HEAD,
    StaffRole.DEPUTY_LEADER,
    StaffRole.PRINCIPAL_LEADER,
]


def agency_id_of(page: Page) -> int | None:
    """The agency whose column ``page`` is in (items and columns carry it)."""
    specific = page.specific_deferred if type(page) is Page else page
    agency_id = getattr(specific, "agency_id", None)
    if agency_id is not None:
        return agency_id
    from gongkai.catalog.models import ColumnPage

    column = ColumnPage.objects.filter(path__in=page.get_ancestors().values("path")).first()
    return column.agency_id if column else None


class RoleSignOffTask(Task):
    """A step of the sign-off chain, taken by whoever holds ``role`` in the item's agency."""

    role = models.CharField(
        "审签角色",
        max_length=32,
        choices=[(role.value, role.label) for role in SIGNOFF_ROLES],
        help_text="由信息所属机关中担任该角色的工作人员审签；其他机关的工作人员不能审签。",
    )

    admin_form_fields = [*Task.admin_form_fields, "role"]

    def is_approver(self, obj, user) -> bool:
        """Whether ``user`` holds this task's role in the agency ``obj`` belongs to."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        agency_id = agency_id_of(obj)
        return agency_id is not None and agency_id in staff_agency_ids(user, roles=[self.role])

    def user_can_access_editor(self, obj, user) -> bool:
        return self.is_approver(obj, user)

    def locked_for_user(self, obj, user) -> bool:
        # While an item is being signed off only the approver of this step may change it.
        return not self.is_approver(obj, user)

    def user_can_lock(self, obj, user) -> bool:
        return self.is_approver(obj, user)

    def get_actions(self, obj, user):
        if not self.is_approver(obj, user):
            return []
        return [
            ("reject", "退回修改", True),
            ("approve", "审签通过", False),
            ("approve", "审签通过并填写意见", True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        from gongkai.catalog.services import signoff_act

        signoff_act(
            task_state=task_state, actor=user, action=action_name, comment=kwargs.get("comment", "")
        )

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from gongkai.catalog.models import CatalogueItemPage

        agencies = staff_agency_ids(user, roles=[self.role])
        if not agencies:
            return TaskState.objects.none()
        items = (
            CatalogueItemPage.objects.filter(agency_id__in=agencies)
            .annotate(key=Cast("pk", models.CharField()))
            .values("key")
        )
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=items
        )

    @classmethod
    def get_description(cls):
        return "由信息所属机关中担任指定角色的工作人员审签"

    class Meta:
        verbose_name = "按角色审签"
        verbose_name_plural = "按角色审签"


class SignOffPermissionTester(PagePermissionTester):
    """A catalogue item is published only by its sign-off chain and withdrawn only by the
    service that records why (``services.item_unpublish``): never by Wagtail's own buttons."""

    def can_publish(self) -> bool:
        return False

    def can_unpublish(self) -> bool:
        return False

    def can_publish_subpage(self) -> bool:
        return False
