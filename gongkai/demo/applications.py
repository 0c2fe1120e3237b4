"""Demo applications: a live current year for 盐池县科学技术局 (``load_demo``).

``load_demo_applications(agency, today)`` gives the bureau about fifteen applications in every
state a disclosure office sees — awaiting confirmation, in progress, due soon, overdue, awaiting a
补正, consulting a third party, awaiting a fee, extended, deferred (第35条), lapsed, and closed with
several outcomes including a 部分公开 and a refusal with its legal ground — dated back from
``today`` in working days so the queue and the dashboard look alive whenever the demo is loaded.
Everything goes through the services (with the bureau's demo clerk and office head), and the
matching letters are issued and replies marked delivered. ``current_year_report`` adds the
computed draft annual report of the current year, whose 表三 is counted from these applications.

Idempotent: an application is identified by its applicant and request, and skipped when present;
letters are issued only for applications created in the same run. Names, ID numbers (valid check
digits, fictional) and companies are invented.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, StaffMembership, StaffRole
from gongkai.applications import services
from gongkai.applications.letters.services import letter_issue, letter_record_delivery
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    ConsultationParty,
    DeliveryChannel,
    FeeMethod,
    IdType,
    LetterKind,
)
from gongkai.reports.models import AnnualReport, ReportBasis
from gongkai.reports.services import annual_report_create
from gongkai.statute.identity import credit_code_check_char, resident_id_check_char
from gongkai.statute.outcomes import Outcome
from gongkai.statute.workdays import UnknownCalendarYear
from gongkai.workdays.selectors import get_calendar

DEMO_STAFF = (
    ("yanchi-kjj-clerk", "马晓燕", StaffRole.CLERK),
    ("yanchi-kjj-head", "李建国", StaffRole.OFFICE_HEAD),
)


def _resident_id(region: str, birth: str, seq: str) -> str:
    first17 = f"{region}{birth}{seq}"
    return first17 + resident_id_check_char(first17)


def _credit_code(body: str) -> str:
    return body + credit_code_check_char(body)


def _citizen(name: str, birth: str, seq: str, phone: str, address: str) -> dict:
    return {
        "applicant_kind": ApplicantKind.CITIZEN,
        "name": name,
        "id_type": IdType.RESIDENT_ID,
        "id_number": _resident_id("640323", birth, seq),
        "phone": phone,
        "address": address,
        "postal_code": "751500",
    }


def _organisation(category: str, name: str, code: str, person: str, phone: str) -> dict:
    return {
        "applicant_kind": ApplicantKind.ORGANISATION,
        "applicant_category": category,
        "name": name,
        "legal_representative": person,
        "contact_person": person,
        "id_type": IdType.CREDIT_CODE,
        "id_number": _credit_code(code),
        "phone": phone,
        "address": "宁夏回族自治区吴忠市盐池县花马池镇",
        "postal_code": "751500",
    }


@dataclass
class Scenario:
    """One demo application: who asks for what, how it arrived, and what happened since.

    ``received`` is how many working days before today it was received (None: submitted online
    today and not yet confirmed); each step is ``(method of Steps, working days ago, *args)``.
    """

    label: str
    applicant: dict
    description: str
    received: int | None
    channel: str = Channel.IN_PERSON
    steps: list[tuple] = field(default_factory=list)


class Steps:
    """Runs one scenario's steps through the services and issues the matching letters."""

    def __init__(self, application: Application, clerk, head, today, scenario: Scenario):
        self.app, self.clerk, self.head, self.today = application, clerk, head, today
        self.scenario = scenario

    def day(self, workdays_ago: int) -> datetime.date:
        return _workdays_before(self.today, workdays_ago)

    def letter(self, kind: str, on: datetime.date, **kwargs):
        return letter_issue(application=self.app, kind=kind, actor=self.clerk, on=on, **kwargs)

    def supplement(self, ago: int, until_ahead: int, items: str) -> None:
        on = self.day(ago)
        until = get_calendar().add_workdays(on, until_ahead)
        services.application_request_supplement(
            application=self.app, actor=self.clerk, on=on, until=until, items=items
        )

    def supplement_received(self, ago: int) -> None:
        services.application_receive_supplement(
            application=self.app,
            actor=self.clerk,
            on=self.day(ago),
            note="申请人补充了项目名称和年度",
        )

    def consult(self, ago: int, consulted: str) -> None:
        on = self.day(ago)
        services.application_start_consultation(
            application=self.app,
            actor=self.clerk,
            on=on,
            party=ConsultationParty.THIRD_PARTY,
            consulted=consulted,
        )

    def consulted(self, ago: int, opinion: str) -> None:
        services.application_end_consultation(
            application=self.app, actor=self.clerk, on=self.day(ago), opinion=opinion
        )

    def fee_notice(self, ago: int, pages: int) -> None:
        # As any caller does: compute the quote, then confirm the amount it gave.
        quote = services.fee_quote(self.app, FeeMethod.BY_PAGES, pages)
        services.application_send_fee_notice(
            application=self.app,
            actor=self.clerk,
            on=self.day(ago),
            method=FeeMethod.BY_PAGES,
            quantity=pages,
            confirmed_amount=quote.amount,
            payment_instructions="请持本通知书到县政务服务中心财政窗口缴纳。",
        )

    def extend(self, ago: int, workdays: int, reason: str) -> None:
        on = self.day(ago)
        services.application_extend(
            application=self.app, actor=self.head, on=on, workdays=workdays, reason=reason
        )

    def defer(self, ago: int, until_ahead: int, reason: str) -> None:
        on = self.day(ago)
        until = get_calendar().add_workdays(self.today, until_ahead)
        services.application_defer(
            application=self.app, actor=self.head, on=on, until=until, reason=reason
        )

    def decide(self, ago: int, outcome: Outcome, text: str, ground: str = "") -> None:
        on = self.day(ago)
        done = services.application_decide(
            application=self.app,
            actor=self.clerk,
            on=on,
            outcome=outcome,
            decision_text=text,
            legal_ground=ground,
        )
        self._posted(done.letter, on)

    def close_lapsed(self, ago: int) -> None:
        on = self.day(ago)
        done = services.application_close_lapsed(application=self.app, actor=self.clerk, on=on)
        self._posted(done.letter, on)

    def _posted(self, letter, on: datetime.date) -> None:
        # 235号: postal delivery counts on the day of posting.
        letter_record_delivery(
            letter=letter, actor=self.clerk, channel=DeliveryChannel.POST, delivered_on=on
        )


def _workdays_before(day: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day before ``day`` (``n == 0``: ``day`` itself)."""
    calendar = get_calendar()
    while n > 0:
        day -= datetime.timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def scenarios(year: int) -> list[Scenario]:
    """The demo applications; ``year`` is today's year (in the requests' wording)."""
    last = year - 1
    return [
        Scenario(
            "待确认接收（网上提交）",
            _citizen("王海燕", "19870412", "022", "13909531234", "盐池县花马池镇盐州路12号"),
            f"{year}年度盐池县科技特派员选派名单及服务单位",
            received=None,
            channel=Channel.ONLINE,
        ),
        Scenario(
            "办理中",
            _citizen("杨志强", "19790903", "017", "13895324567", "盐池县大水坑镇新建街8号"),
            f"{last}年度盐池县通过认定的高新技术企业名单",
            received=3,
        ),
        Scenario(
            "即将到期",
            _organisation(
                "commercial",
                "盐池县滩羊肉食品科技有限公司",
                "91640323MA76A1B2C",
                "刘永红",
                "0953-6011234",
            ),
            f"{year}年度科技型中小企业评价入库名单及县级专项资金分配明细",
            received=17,
        ),
        Scenario(
            "已超期未答复",
            _organisation(
                "research", "宁夏草原生态研究所", "12640000MB1234567", "周文博", "0951-5012345"
            ),
            f"盐池县农业科技园区{last}年度建设项目验收报告",
            received=24,
        ),
        Scenario(
            "待补正",
            _citizen("陈丽娟", "19920115", "028", "13709536789", "盐池县惠安堡镇东街3号"),
            "科技局关于专项资金的文件",
            received=6,
            steps=[
                ("supplement", 4, 10, "请写明所需文件的名称、文号或者年度，以及专项资金的类别。")
            ],
        ),
        Scenario(
            "征求第三方意见中",
            _organisation(
                "legal_services",
                "宁夏塞上律师事务所",
                "31640000MD5678901",
                "孙晓东",
                "0953-6023456",
            ),
            f"{year}年度盐池县科技计划项目“滩羊智慧养殖关键技术集成示范”的立项申报书",
            received=9,
            steps=[("consult", 4, "盐池县牧歌智能科技有限公司")],
        ),
        Scenario(
            "待缴费",
            _citizen("马文博", "19850620", "031", "15009537890", "盐池县高沙窝镇南街15号"),
            "2016年以来盐池县历年科技计划项目申报、立项、验收的全部材料",
            received=8,
            steps=[("fee_notice", 2, 180)],
        ),
        Scenario(
            "经负责人同意延期答复",
            _organisation(
                "public_interest",
                "盐池县绿色家园环保公益协会",
                "51640323MJ0001234",
                "郭春梅",
                "0953-6034567",
            ),
            "盐池县科技局近三年防沙治沙科技示范项目资金使用情况",
            received=18,
            steps=[("extend", 3, 20, "涉及多个年度、多个项目的档案，需调取核对。")],
        ),
        Scenario(
            "第三十五条延迟答复",
            _citizen("赵永红", "19700308", "045", "13995331122", "盐池县王乐井乡政府街2号"),
            "2010年至今每一项科技项目的专家评审表、打分表、会议记录和付款凭证（共计百余项）",
            received=12,
            steps=[
                ("defer", 8, 12, "申请数量明显超过合理范围，理由合理，需延迟答复（第三十五条）。")
            ],
        ),
        Scenario(
            "逾期未补正（待结案）",
            _citizen("黄秀英", "19660722", "053", "13519534455", "盐池县青山乡古峰庄村"),
            "关于我那个项目的钱的事情",
            received=30,
            steps=[("supplement", 28, 10, "请写明所需政府信息的名称或者特征性描述。")],
        ),
        Scenario(
            "已办结：予以公开",
            _citizen("罗建华", "19900214", "061", "18709531357", "盐池县花马池镇文化路21号"),
            f"{year}年度盐池县第一批科技计划项目立项名单",
            received=60,
            steps=[
                (
                    "decide",
                    52,
                    Outcome.GRANTED,
                    "经审查，您申请的信息属于可以公开的政府信息，现将立项名单（共18个项目）提供给您。",
                )
            ],
        ),
        Scenario(
            "已办结：部分公开（区分处理）",
            _organisation(
                "commercial",
                "宁夏盐池牧草科技有限公司",
                "91640323MA7C3D4E5",
                "吴海军",
                "0953-6045678",
            ),
            f"{year}年度县级科技专项资金分配方案及各项目承担单位的财务审计报告",
            received=55,
            steps=[
                ("consult", 50, "盐池县牧歌智能科技有限公司"),
                ("consulted", 42, "第三方不同意公开其财务审计报告中的成本数据。"),
                (
                    "decide",
                    38,
                    Outcome.PARTIALLY_GRANTED,
                    (
                        "专项资金分配方案予以公开；各承担单位财务审计报告中涉及商业秘密的成本明细，"
                        "经征求第三方意见，不同意公开，依法作区分处理后提供其余部分。"
                    ),
                    "第十五条",
                ),
            ],
        ),
        Scenario(
            "已办结：不予公开（过程性信息）",
            _citizen("林志远", "19820530", "074", "13619532468", "盐池县大水坑镇石油新村5号"),
            f"{year}年度高新技术企业推荐评审会议的专家讨论记录",
            received=48,
            steps=[
                (
                    "decide",
                    33,
                    Outcome.WITHHELD_PROCESS_INFORMATION,
                    (
                        "您申请的专家讨论记录属于行政机关在履行行政管理职能过程中形成的讨论记录，"
                        "属于过程性信息，决定不予公开。"
                    ),
                    "第十六条第二款",
                )
            ],
        ),
        Scenario(
            "已办结：本机关不掌握",
            _citizen("何春花", "19950808", "082", "15109538642", "盐池县麻黄山乡政府街6号"),
            f"{last}年盐池县城区道路改造工程招标文件",
            received=45,
            steps=[
                (
                    "decide",
                    41,
                    Outcome.UNAVAILABLE_NOT_HELD,
                    (
                        "经检索，本机关未制作、未获取您申请的信息；该工程由县住房和城乡建设局负责，"
                        "您可向其申请（联系电话0953-6012000）。"
                    ),
                )
            ],
        ),
        Scenario(
            "已办结：逾期未缴费视为放弃",
            _organisation(
                "other",
                "盐池县花马池镇柳杨堡村民委员会",
                "54640323MF0005678",
                "高德胜",
                "0953-6056789",
            ),
            "2015年以来盐池县所有科技项目的申报书全文及附件（纸质复印）",
            received=70,
            steps=[("fee_notice", 66, 450), ("close_lapsed", 40)],
        ),
    ]


def _demo_staff(agency: Agency) -> tuple:
    """The bureau's demo clerk and office head (no password: they act only in the demo data)."""
    users = []
    for username, name, role in DEMO_STAFF:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": name, "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        StaffMembership.objects.get_or_create(user=user, agency=agency, defaults={"role": role})
        users.append(user)
    return tuple(users)


def load_demo_applications(agency: Agency, today: datetime.date) -> tuple[list[str], list[str]]:
    """Create the demo applications of ``agency`` that are missing: ``(created, left_out)``.

    Every step of every new application runs in date order across applications, so letter
    numbers follow the calendar as they would in the office. A step that cannot be recorded
    (a deadline in a year the working-day calendar does not know yet, late in December) leaves
    its application where the earlier steps put it, with a line in ``left_out`` saying why.
    """
    clerk, head = _demo_staff(agency)
    created: list[str] = []
    left_out: list[str] = []
    schedule: list[
        tuple[int, int, Scenario, tuple]
    ] = []  # (working days ago, order, scenario, step)
    for order, scenario in enumerate(scenarios(today.year)):
        if Application.objects.filter(
            agency=agency, name=scenario.applicant["name"], description=scenario.description
        ).exists():
            continue
        if scenario.received is None:
            _submit_online(agency, scenario)
            created.append(f"演示申请：{scenario.applicant['name']}（{scenario.label}）")
            continue
        schedule.append((scenario.received, order, scenario, ("register", scenario.received)))
        schedule += [(step[1], order, scenario, step) for step in scenario.steps]
    running: dict[int, Steps] = {}
    failed: set[int] = set()
    for _ago, order, scenario, (name, ago, *args) in sorted(schedule, key=lambda s: -s[0]):
        if order in failed:
            continue
        try:
            with transaction.atomic():
                if name == "register":
                    running[order] = _register(agency, scenario, ago, clerk, head, today)
                else:
                    getattr(running[order], name)(ago, *args)
        except (ValidationError, UnknownCalendarYear) as exc:
            failed.add(order)
            reason = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            left_out.append(f"{scenario.applicant['name']}（{scenario.label}）：{reason}")
    for order, steps in running.items():
        state = "，未完成全部步骤" if order in failed else ""
        created.append(f"演示申请：{steps.app.name}（{steps.scenario.label}{state}）")
    return created, left_out


def _data(scenario: Scenario) -> dict:
    return {
        "carriers": ["paper"],
        "delivery_methods": ["post"],
        **scenario.applicant,
        "description": scenario.description,
    }


def _submit_online(agency: Agency, scenario: Scenario) -> None:
    services.application_submit_online(
        agency=agency, data=_data(scenario), submission_token=uuid.uuid4()
    )


def _register(
    agency, scenario: Scenario, received: int, clerk, head, today: datetime.date
) -> Steps:
    """Register ``scenario``'s application, received ``received`` working days ago."""
    received_on = _workdays_before(today, received)
    application = services.application_register(
        agency=agency,
        actor=clerk,
        channel=scenario.channel,
        data=_data(scenario),
        received_on=received_on,
        assignee=clerk,
        # It reached the office that morning (the demo is built today, dated back).
        arrived_at=timezone.make_aware(
            datetime.datetime.combine(received_on, datetime.time(9, 30))
        ),
    )
    steps = Steps(application, clerk, head, today, scenario)
    steps.letter(LetterKind.RECEIPT, received_on)
    return steps


def current_year_report(agency: Agency, year: int) -> AnnualReport | None:
    """Create the computed draft report of ``year`` unless the agency has one; return it (None
    if it existed). Its 表三 is counted from the applications (``report_data_for``).

    Raises ``ValidationError`` (Chinese) for a year no report format covers.
    """
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        return None
    return annual_report_create(agency=agency, year=year, basis=ReportBasis.COMPUTED)
