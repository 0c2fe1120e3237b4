"""The sign-off chain (保密审查 → 办公室负责人 → 分管领导 → 主要领导) of a catalogue item, through
Wagtail's workflow with the project's role task: who may act, what each step records, and what
the last approval publishes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import TaskState, WorkflowState

from gongkai.agencies.models import StaffRole
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.catalog.models import CatalogueItemPage, ColumnPage
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import travel
from tests.catalog.conftest import CHAIN, draft

pytestmark = pytest.mark.django_db


def submit(item, user):
    workflow = item.get_workflow()
    assert workflow is not None, "the catalogue is under the sign-off workflow"
    return workflow.start(item, user)


def current(item) -> TaskState:
    state = WorkflowState.objects.for_instance(item).get(status=WorkflowState.STATUS_IN_PROGRESS)
    return state.current_task_state.specific


def act(item, user, action="approve", comment=""):
    state = current(item)
    state.task.specific.on_action(state, user, action, comment=comment)


def test_every_new_agency_gets_its_column_with_the_catalogue_under_the_chain(agency):
    column = ColumnPage.objects.get(agency=agency)
    assert column.live and column.title == "盐池县科学技术局政府信息公开"
    titles = [p.title for p in column.get_children()]
    assert titles == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容"]
    catalogue = column.get_children().get(title="法定主动公开内容")
    workflow = catalogue.get_workflow()
    assert [t.specific.role for t in workflow.tasks] == [r.value for r in CHAIN]
    # Part of the agency's creation (audited as such), not an event of its own.
    assert not AuditEvent.objects.filter(action=AuditAction.CATALOGUE_COLUMN_CREATE).exists()


def test_the_chain_signs_off_in_order_and_the_last_approval_publishes(catalogue, clerk, approvers):
    item = draft(catalogue, clerk)
    submit(item, clerk)
    with travel(datetime.date(2020, 3, 10)):
        for approver in approvers:
            act(item, approver)
    item.refresh_from_db()
    assert item.live
    assert item.index_number == "11640323MB1E59422B/2020-00001"
    assert item.published_on == datetime.date(2020, 3, 10)
    actions = list(
        AuditEvent.objects.filter(target_id=str(item.pk), action__startswith="catalogue.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditAction.CATALOGUE_SUBMIT,
        *[AuditAction.CATALOGUE_SIGNOFF_APPROVE] * 4,
        AuditAction.CATALOGUE_PUBLISH,
    ]
    # The second item of the year takes the next serial.
    second = draft(catalogue, clerk, title="2020年工作计划", article_20_item=2, topic="综合政务")
    submit(second, clerk)
    with travel(datetime.date(2020, 3, 11)):
        for approver in approvers:
            act(second, approver)
    second.refresh_from_db()
    assert second.index_number == "11640323MB1E59422B/2020-00002"


def test_an_approver_out_of_turn_or_of_another_agency_is_refused(
    catalogue, clerk, approvers, other_agency
):
    item = draft(catalogue, clerk)
    submit(item, clerk)
    principal = approvers[-1]
    with pytest.raises(PermissionDenied, match="保密审查员"):
        act(item, principal)  # the first step is the confidentiality review
    stranger = StaffMembershipFactory(
        agency=other_agency, role=StaffRole.CONFIDENTIALITY_REVIEWER
    ).user
    with pytest.raises(PermissionDenied):
        act(item, stranger)
    assert current(item).task.specific.get_actions(item, stranger) == []
    assert not current(item).task.specific.get_task_states_user_can_moderate(stranger).exists()
    assert current(item).task.specific.get_task_states_user_can_moderate(approvers[0]).exists()
    assert current(item).status == TaskState.STATUS_IN_PROGRESS
    assert not AuditEvent.objects.filter(action=AuditAction.CATALOGUE_SIGNOFF_APPROVE).exists()


def test_a_return_needs_a_comment_and_sends_the_item_back(catalogue, clerk, approvers):
    item = draft(catalogue, clerk)
    submit(item, clerk)
    act(item, approvers[0])
    with pytest.raises(ValidationError, match="须填写意见"):
        act(item, approvers[1], "reject")
    act(item, approvers[1], "reject", comment="文号有误，请核对。")
    state = WorkflowState.objects.for_instance(item).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    item.refresh_from_db()
    assert not item.live and item.index_number is None
    event = AuditEvent.objects.get(action=AuditAction.CATALOGUE_SIGNOFF_REJECT)
    assert event.detail["comment"] == "文号有误，请核对。"


def test_nobody_publishes_an_item_directly_not_even_a_superuser(
    catalogue, clerk, django_user_model
):
    item = draft(catalogue, clerk)
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 12)
    assert not item.permissions_for_user(root).can_publish()
    assert not catalogue.permissions_for_user(root).can_publish_subpage()
    assert item.permissions_for_user(clerk).can_edit()


def test_an_item_signed_off_as_on_request_is_recorded_but_not_published(
    catalogue, clerk, approvers
):
    item = draft(catalogue, clerk, attribute="on_request", withholding_reason="not_for_public")
    submit(item, clerk)
    for approver in approvers:
        act(item, approver)
    item.refresh_from_db()
    assert not item.live and item.index_number is None
    assert WorkflowState.objects.for_instance(item).get().status == WorkflowState.STATUS_APPROVED


def test_the_attribute_other_than_proactive_needs_its_legal_reason(catalogue, clerk):
    item = draft(catalogue, clerk)
    item.attribute = "withheld"
    with pytest.raises(ValidationError) as refused:
        item.full_clean()  # what the editor's form runs
    assert "法律依据" in str(refused.value)
    item.withholding_reason = "state_secret"
    item.full_clean()


def test_the_index_number_pattern_is_the_agencys_and_skips_numbers_taken(
    catalogue, clerk, approvers, agency
):
    column = ColumnPage.objects.get(agency=agency)
    column.index_number_pattern = "YCKJ-{year}{month}-{n:03}"
    column.save()
    taken = draft(catalogue, clerk, title="旧目录中的信息")
    CatalogueItemPage.objects.filter(pk=taken.pk).update(index_number="YCKJ-202003-001")
    item = draft(catalogue, clerk)
    submit(item, clerk)
    with travel(datetime.date(2020, 3, 10)):
        for approver in approvers:
            act(item, approver)
    item.refresh_from_db()
    assert item.index_number == "YCKJ-202003-002"


def test_a_bad_index_number_pattern_is_refused_in_chinese(agency):
    column = ColumnPage.objects.get(agency=agency)
    column.index_number_pattern = "{code}-{serial}"
    with pytest.raises(ValidationError) as refused:
        column.full_clean()
    assert re.search("必须包含 \\{year\\}", str(refused.value))


def test_staff_edit_their_own_column_only(catalogue, clerk, other_agency):
    other_column = ColumnPage.objects.get(agency=other_agency)
    assert catalogue.permissions_for_user(clerk).can_add_subpage()
    assert not other_column.permissions_for_user(clerk).can_add_subpage()
    assert not other_column.permissions_for_user(clerk).can_edit()


def test_a_new_agency_under_a_government_hangs_its_column_below_the_home_page(agency):
    child = AgencyFactory(name="盐池县科技服务中心", slug="yanchi-kjfw", parent=agency)
    column = ColumnPage.objects.get(agency=child)
    assert column.get_parent().specific_class.__name__ == "HomePage"
