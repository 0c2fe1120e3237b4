"""The demo bureau's catalogue: its 2020 items (the seed: 13 on the county portal after 三级审签)
and a current year with items in every state of the sign-off chain."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.catalog.models import CatalogueIndexPage, CatalogueItemPage, ColumnPage
from gongkai.catalog.services import recorded_on

# The approvers of the chain besides the office head (李建国, applications.DEMO_STAFF).
DEMO_APPROVERS = (
    ("yanchi-kjj-secrecy", "赵敏", StaffRole.CONFIDENTIALITY_REVIEWER),
    ("yanchi-kjj-deputy", "张卫东", StaffRole.DEPUTY_LEADER),
    ("yanchi-kjj-chief", "王国强", StaffRole.PRINCIPAL_LEADER),
)

# (title, 文号, 成文日期, 发布日期, 第二十条事项, 主题分类, 内容概述)
ITEMS_2020 = [
    (
        "盐池县科学技术局机构职能",
        "",
        "2020-01-06",
        "2020-01-10",
        2,
        "综合政务",
        "本局的主要职责、内设机构、办公地址、办公时间和联系方式。",
    ),
    (
        "盐池县科学技术局领导分工",
        "",
        "2020-01-06",
        "2020-01-10",
        2,
        "综合政务",
        "局领导班子成员及其分管工作。",
    ),
    (
        "盐池县科学技术局2019年政府信息公开工作年度报告",
        "",
        "2020-01-20",
        "2020-01-21",
        15,
        "综合政务",
        "2019年本局政府信息公开工作情况。",
    ),
    (
        "盐池县科学技术局关于新冠肺炎疫情防控期间科技服务工作的通告",
        "盐科发〔2020〕3号",
        "2020-02-10",
        "2020-02-11",
        12,
        "科技、教育",
        "疫情防控期间科技服务的办理方式和联系渠道。",
    ),
    (
        "盐池县科学技术局2020年部门预算",
        "",
        "2020-02-20",
        "2020-03-06",
        7,
        "财政、金融、审计",
        "本局2020年部门收支预算及其说明。",
    ),
    (
        "盐池县科学技术局2020年工作计划",
        "盐科发〔2020〕8号",
        "2020-03-02",
        "2020-03-12",
        15,
        "科技、教育",
        "2020年科技创新、科技服务和科技管理工作安排。",
    ),
    (
        "盐池县科学技术局2020年政府信息公开工作要点",
        "盐科发〔2020〕9号",
        "2020-03-16",
        "2020-03-20",
        15,
        "综合政务",
        "2020年主动公开、依申请公开和平台建设的工作安排。",
    ),
    (
        "关于组织申报2020年度自治区科技计划项目的通知",
        "盐科发〔2020〕12号",
        "2020-04-07",
        "2020-04-09",
        5,
        "科技、教育",
        "申报条件、申报材料、办理程序和截止时间。",
    ),
    (
        "关于开展2020年全县科技活动周的通知",
        "盐科发〔2020〕18号",
        "2020-05-11",
        "2020-05-13",
        15,
        "科技、教育",
        "科技活动周的主题、时间和各单位任务。",
    ),
    (
        "2020年盐池县高新技术企业培育入库名单公示",
        "",
        "2020-07-15",
        "2020-07-16",
        5,
        "科技、教育",
        "拟入库培育的高新技术企业名单及异议渠道。",
    ),
    (
        "盐池县科学技术局2019年部门决算",
        "",
        "2020-08-25",
        "2020-09-04",
        7,
        "财政、金融、审计",
        "本局2019年部门收支决算及其说明。",
    ),
    (
        "2020年盐池县科技特派员服务工作情况",
        "",
        "2020-10-12",
        "2020-10-15",
        11,
        "科技、教育",
        "科技特派员服务乡村振兴和产业发展的情况。",
    ),
    (
        "盐池县科学技术局2020年工作总结",
        "",
        "2020-12-18",
        "2020-12-25",
        15,
        "科技、教育",
        "2020年各项工作完成情况和2021年工作打算。",
    ),
]


def _approvers(agency: Agency) -> list:
    """The chain's four approvers in order (the office head is the applications' demo head)."""
    User = get_user_model()
    users = {}
    for username, name, role in DEMO_APPROVERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": name, "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        StaffMembership.objects.get_or_create(user=user, agency=agency, role=role)
        users[role] = user
    head = StaffMembership.objects.filter(agency=agency, role=StaffRole.OFFICE_HEAD).first()
    if head is not None:
        users[StaffRole.OFFICE_HEAD] = head.user
    order = [
        StaffRole.CONFIDENTIALITY_REVIEWER,
        StaffRole.OFFICE_HEAD,
        StaffRole.DEPUTY_LEADER,
        StaffRole.PRINCIPAL_LEADER,
    ]
    return [users[role] for role in order if role in users]


def _draft(catalogue, clerk, **fields) -> CatalogueItemPage:
    item = CatalogueItemPage(live=False, **fields)
    catalogue.add_child(instance=item)
    item.save_revision(user=clerk, log_action=True)
    return item


def _sign(item, approvers, steps: int, *, reject_with: str = "") -> None:
    """Submit ``item`` and take ``steps`` approvals (then a return, if ``reject_with``)."""
    state = item.get_workflow().start(item, approvers[0])
    for approver in approvers[:steps]:
        task_state = WorkflowState.objects.get(pk=state.pk).current_task_state.specific
        task_state.task.specific.on_action(task_state, approver, "approve", comment="")
    if reject_with:
        task_state = WorkflowState.objects.get(pk=state.pk).current_task_state.specific
        task_state.task.specific.on_action(
            task_state, approvers[steps], "reject", comment=reject_with
        )


def load_demo_catalogue(agency: Agency, clerk, today: datetime.date) -> list[str]:
    """The bureau's catalogue, when it has none yet: what was created, one line each."""
    column = ColumnPage.objects.filter(agency=agency).first()
    if column is None or CatalogueItemPage.objects.filter(agency=agency).exists():
        return []
    catalogue = column.get_children().type(CatalogueIndexPage).first().specific
    approvers = _approvers(agency)
    for title, number, written, published, item_no, topic, summary in ITEMS_2020:
        item = _draft(
            catalogue,
            clerk,
            title=title,
            document_number=number,
            written_on=datetime.date.fromisoformat(written),
            article_20_item=item_no,
            topic=topic,
            summary=summary,
            body=f"<p>{summary}</p>",
        )
        with recorded_on(datetime.date.fromisoformat(published)):
            _sign(item, approvers, len(approvers))
    year = today.year
    current = [
        ("盐池县科学技术局{year}年部门预算", 7, "财政、金融、审计", 4, ""),
        ("关于组织申报{year}年度科技计划项目的通知", 5, "科技、教育", 4, ""),
        ("盐池县科学技术局{year}年科技特派员选派情况", 11, "科技、教育", 2, ""),
        (
            "盐池县科学技术局{year}年工作总结（送审稿）",
            15,
            "科技、教育",
            1,
            "请补充第四季度数据后重新提交。",
        ),
        ("盐池县科学技术局{year}年政府信息公开工作要点", 15, "综合政务", 0, ""),
    ]
    for title, item_no, topic, steps, rejection in current:
        item = _draft(
            catalogue,
            clerk,
            title=title.format(year=year),
            written_on=today - datetime.timedelta(days=10),
            article_20_item=item_no,
            topic=topic,
            summary=f"{title.format(year=year)}。",
        )
        if steps or rejection:
            _sign(item, approvers, steps, reject_with=rejection)
    _draft(
        catalogue,
        clerk,
        title=f"{year}年局党组会议纪要",
        written_on=today - datetime.timedelta(days=3),
        article_20_item=15,
        topic="综合政务",
        attribute="withheld",
        withholding_reason="process_information",
        summary="局党组会议讨论记录。",
    )
    return [f"{agency.name}主动公开目录：2020年13条（已审签发布），{year}年各审签环节的信息6条"]
