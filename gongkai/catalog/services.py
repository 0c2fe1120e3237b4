"""Writes to the 政府信息公开 column and its catalogue. Every change goes through one of these.

Each runs in ``transaction.atomic`` with its audit event. Invalid input raises
``ValidationError`` (Chinese) and saves nothing; a refused actor ``PermissionDenied``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from gongkai.agencies.models import Agency, StaffMembership
from gongkai.audit.admin_log import recorded_by_service
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record
from gongkai.catalog.models import (
    CatalogueIndexPage,
    CatalogueItemPage,
    ColumnPage,
    GuidePage,
    IndexNumberCounter,
    TextPage,
)
from gongkai.catalog.workflow import SIGNOFF_ROLES, RoleSignOffTask
from gongkai.statute.proactive import IndexNumberPattern

SIGNOFF_WORKFLOW_NAME = "主动公开信息审签"
COLUMN_TITLE = "政府信息公开"
CATALOGUE_TITLE = "法定主动公开内容"
CATALOGUE_SLUG = "fdzdgknr"  # the pinyin initials real sites use
RULES_PAGE = ("政府信息公开制度", "rules")


# The day the records say a step happened, for entering a past year from its records (the demo
# bureau's 2020): the 索引号's year and the 发布日期 follow it. Unset: today.
_recorded_on: ContextVar[datetime.date | None] = ContextVar("catalogue_recorded_on", default=None)


@contextmanager
def recorded_on(day: datetime.date) -> Iterator[None]:
    """Within the block, publications are dated ``day`` (entering a past year's records)."""
    token = _recorded_on.set(day)
    try:
        yield
    finally:
        _recorded_on.reset(token)


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def signoff_workflow() -> Workflow:
    """The one sign-off workflow (保密审查, then the three levels), created on first use."""
    workflow = Workflow.objects.filter(name=SIGNOFF_WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    workflow = Workflow.objects.create(name=SIGNOFF_WORKFLOW_NAME, active=True)
    for order, role in enumerate(SIGNOFF_ROLES):
        task = RoleSignOffTask.objects.create(name=f"{role.label}审签", role=role.value)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


@transaction.atomic
def column_ensure(*, agency: Agency, home: Page, actor=None) -> ColumnPage:
    """The agency's 政府信息公开 column, created under the portal page ``home`` (with its 指南,
    制度 and 法定主动公开内容 pages, the catalogue under the sign-off workflow) if it has none."""
    existing = ColumnPage.objects.filter(agency=agency).first()
    if existing is not None:
        return existing
    with recorded_by_service():
        slug = agency.slug
        column = ColumnPage(title=f"{agency.name}{COLUMN_TITLE}", slug=slug, agency=agency)
        home.add_child(instance=column)
        pages: list[Page] = [column]
        pages.append(column.add_child(instance=GuidePage(title="政府信息公开指南", slug="guide")))
        pages.append(column.add_child(instance=TextPage(title=RULES_PAGE[0], slug=RULES_PAGE[1])))
        catalogue = CatalogueIndexPage(title=CATALOGUE_TITLE, slug=CATALOGUE_SLUG)
        pages.append(column.add_child(instance=catalogue))
        WorkflowPage.objects.create(page=catalogue, workflow=signoff_workflow())
        _editors_group(column)
        for user_id in agency.memberships.values_list("user_id", flat=True).distinct():
            column_editors_sync(agency_id=agency.pk, user_id=user_id)
        for page in pages:
            page.save_revision(user=_actor(actor), log_action=False).publish(
                user=_actor(actor), log_action=False, skip_permission_checks=True
            )
    # Opened by someone (a command, a repair): audited. Opened because an agency was created
    # (``portal.columns``, no actor): part of that creation, whose own event covers it.
    if _actor(actor) is not None:
        audit_record(
            actor=actor,
            action=AuditAction.CATALOGUE_COLUMN_CREATE,
            target=agency,
            target_label=column.title,
        )
    return column


EDITOR_PERMISSIONS = ("add_page", "change_page")


def _editors_group(column: ColumnPage) -> Group:
    """The group whose members edit ``column`` (add and change pages below it, no publishing),
    with its own document collection to upload attachments to."""
    name = f"{column.agency.name}·栏目编辑"[:150]
    group, created = Group.objects.get_or_create(name=name)
    if created:
        for codename in EDITOR_PERMISSIONS:
            GroupPagePermission.objects.create(
                group=group,
                page=column,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        root = Collection.get_first_root_node()
        collection = root.add_child(name=column.agency.name[:255])
        for codename in ("add_document", "change_document", "choose_document"):
            GroupCollectionPermission.objects.create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtaildocs", codename=codename
                ),
            )
    return group


def column_editors_sync(*, agency_id: int, user_id: int) -> None:
    """Put ``user_id`` in the editors' group of the agency's column while they hold any role
    there; take them out when they hold none (called on every membership change)."""
    column = ColumnPage.objects.select_related("agency").filter(agency_id=agency_id).first()
    if column is None:
        return
    group = _editors_group(column)
    User = get_user_model()
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    if StaffMembership.objects.filter(agency_id=agency_id, user_id=user_id).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def _take_index_number(item: CatalogueItemPage, on: datetime.date) -> str:
    """The next 索引号 of the item's agency for ``on``'s year (the counter row locked)."""
    column = ColumnPage.objects.get(agency_id=item.agency_id)
    agency = column.agency
    counter, _ = IndexNumberCounter.objects.get_or_create(agency=agency, year=on.year)
    counter = IndexNumberCounter.objects.select_for_update().get(pk=counter.pk)
    pattern = IndexNumberPattern(column.index_number_pattern)
    code = agency.credit_code or agency.slug.upper()
    while True:
        counter.last += 1
        number = pattern.format(code=code, on=on, n=counter.last)
        # A number typed into an imported item may already hold the next serial: skip it.
        if not CatalogueItemPage.objects.filter(index_number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


def _require_approver(task: RoleSignOffTask, item: Page, actor) -> None:
    if not task.is_approver(item, actor):
        role = dict(RoleSignOffTask._meta.get_field("role").choices or [])[task.role]
        raise PermissionDenied(f"此步骤须由信息所属机关的{role}审签。")


@transaction.atomic
def signoff_act(*, task_state: TaskState, actor, action: str, comment: str = "") -> None:
    """One sign-off step: ``approve`` (with an optional comment) or ``reject`` (退回修改, the
    comment says what to change). Refused to anyone but the step's approver of the item's own
    agency, and on a step already finished."""
    task = task_state.task.specific
    item = task_state.workflow_state.content_object
    item = item.specific if isinstance(item, Page) else item
    _require_approver(task, item, actor)
    task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise ValidationError("该审签步骤已经办理，请刷新页面。")
    comment = (comment or "").strip()
    if action == "reject":
        if not comment:
            raise ValidationError("退回修改须填写意见，说明需要修改的内容。")
        audit_action = AuditAction.CATALOGUE_SIGNOFF_REJECT
    elif action == "approve":
        audit_action = AuditAction.CATALOGUE_SIGNOFF_APPROVE
    else:
        raise ValidationError("未知的审签操作。")
    audit_record(
        actor=actor,
        action=audit_action,
        target=item,
        detail={"step": task.name, "comment": comment[:500]},
    )
    if action == "reject":
        task_state.reject(user=actor, comment=comment)
    else:
        task_state.approve(user=actor, comment=comment)


@transaction.atomic
def item_signed_off(*, item: CatalogueItemPage, actor, on: datetime.date | None = None) -> None:
    """The chain approved ``item``'s latest revision: a 主动公开 item is published (its 索引号 and
    发布日期 given on the first publication); an item signed off as 依申请公开 or 不予公开 is
    recorded with its attribute and stays off the portal."""
    on = on or _recorded_on.get() or timezone.localdate()
    revision = item.get_latest_revision()
    signed = revision.as_object()
    if not signed.is_proactive:
        audit_record(
            actor=_actor(actor),
            action=AuditAction.CATALOGUE_SIGNOFF_APPROVE,
            target=item,
            detail={"step": "审签完成", "attribute": signed.attribute, "published": False},
        )
        return
    item = CatalogueItemPage.objects.select_for_update().get(pk=item.pk)
    fields: dict[str, object] = {}
    if not item.index_number:
        fields["index_number"] = _take_index_number(item, on)
    if item.published_on is None:
        fields["published_on"] = on
    if fields:
        CatalogueItemPage.objects.filter(pk=item.pk).update(**fields)
    # Published from a fresh copy so the revision's content keeps the number and date.
    Revision.objects.get(pk=revision.pk).publish(user=actor, skip_permission_checks=True)
    item.refresh_from_db()
    audit_record(
        actor=_actor(actor),
        action=AuditAction.CATALOGUE_PUBLISH,
        target=item,
        detail={"index_number": item.index_number, "published_on": str(item.published_on)},
    )


@transaction.atomic
def item_unpublish(*, item: CatalogueItemPage, actor, reason: str) -> None:
    """撤下 a published item (e.g. published by mistake, or its 公开属性 was wrong), with the
    reason. The catalogue keeps it (and its 索引号); the portal no longer shows it."""
    _require_staff(item, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("撤下已发布的信息须说明理由。")
    item = CatalogueItemPage.objects.select_for_update().get(pk=item.pk)
    if not item.live:
        raise ValidationError("该信息未发布，无需撤下。")
    # Wagtail's own unpublish is closed to everyone (SignOffPermissionTester): this is the way.
    UnpublishPageAction(item, user=actor, log_action=True).execute(skip_permission_checks=True)
    audit_record(
        actor=actor,
        action=AuditAction.CATALOGUE_UNPUBLISH,
        target=item,
        detail={"reason": reason[:500]},
    )


def _require_staff(item: CatalogueItemPage, actor) -> None:
    from gongkai.agencies.permissions import staff_agency_ids

    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied("请先登录。")
    if item.agency_id not in staff_agency_ids(actor) and not actor.is_superuser:
        raise PermissionDenied("您不是该信息所属机关的工作人员。")


def item_submit_audited(*, workflow_state, actor) -> None:
    """The audit event of a submission to the sign-off chain (Wagtail's 提交审签 button), written
    in the transaction Wagtail starts the workflow in (``workflow_submitted``)."""
    obj = workflow_state.content_object
    item = obj.specific if isinstance(obj, Page) else obj
    if not isinstance(item, CatalogueItemPage):
        return
    audit_record(
        actor=_actor(actor),
        action=AuditAction.CATALOGUE_SUBMIT,
        target=item,
        detail={"workflow": workflow_state.workflow.name},
    )


@transaction.atomic
def item_draft_from_application(*, application, actor) -> CatalogueItemPage:
    """第四十四条: a catalogue draft for what ``application`` (and others like it) asked for.

    Only the request is copied (its description and 文号), never the applicant: the draft is
    the clerk's to complete and send through the sign-off chain. Refused to anyone but the
    agency's staff."""
    from gongkai.agencies.permissions import staff_agency_ids

    if not getattr(actor, "is_authenticated", False) or not (
        actor.is_superuser or application.agency_id in staff_agency_ids(actor)
    ):
        raise PermissionDenied("您不是该申请所属机关的工作人员。")
    column = ColumnPage.objects.filter(agency_id=application.agency_id).first()
    catalogue = (
        column.get_children().type(CatalogueIndexPage).first() if column is not None else None
    )
    if catalogue is None:
        raise ValidationError("本机关尚未开设政府信息公开栏目，无法起草主动公开信息。")
    description = " ".join((application.description or "").split())
    item = CatalogueItemPage(
        title=description[:80] or "（待填写标题）",
        written_on=timezone.localdate(),
        topic="综合政务",
        article_20_item=15,
        document_number=application.document_number or "",
        summary=description[:300] or "（待填写内容概述）",
        live=False,
    )
    catalogue.add_child(instance=item)
    item.save_revision(user=actor, log_action=True)
    audit_record(
        actor=actor,
        action=AuditAction.CATALOGUE_DRAFT_FROM_APPLICATION,
        target=item,
        detail={"application": application.registration_number},
    )
    return item


@transaction.atomic
def item_set_validity(
    *, item: CatalogueItemPage, actor, validity: str, invalid_on=None, reason: str = ""
) -> CatalogueItemPage:
    """Mark a published item 失效 or 废止 from ``invalid_on`` (or 有效 again), with the reason:
    a change of its status, not of its text, so it is published at once without a new sign-off
    and stays listed (marked) in the catalogue."""
    from gongkai.statute.proactive import VALIDITY_LABELS, Validity

    _require_staff(item, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("变更有效性须说明依据或理由，例如废止文件的文号。")
    item = CatalogueItemPage.objects.select_for_update().get(pk=item.pk)
    if not item.live:
        raise ValidationError("该信息尚未发布：请在编辑页面修改有效性，随审签一并发布。")
    if item.has_unpublished_changes:
        raise ValidationError("该信息有尚未审签发布的修改，请先完成审签，再变更有效性。")
    before = item.validity
    item.validity = validity
    item.invalid_on = invalid_on if validity != Validity.IN_FORCE else None
    item.full_clean()
    revision = item.save_revision(user=actor, log_action=False)
    revision.publish(user=actor, log_action=False, skip_permission_checks=True)
    audit_record(
        actor=actor,
        action=AuditAction.CATALOGUE_VALIDITY,
        target=item,
        detail={
            "from": VALIDITY_LABELS[Validity(before)],
            "to": VALIDITY_LABELS[Validity(validity)],
            "invalid_on": str(item.invalid_on or ""),
            "reason": reason[:500],
        },
    )
    return item
