"""Reminders (每日提醒): the due-soon/overdue lists, the digests and the daily job's mails.

The scene is 2025-04-01 (Tuesday), a year the working-day calendar knows. 清明节 2025 is
4月4日 (Friday) to 4月6日: it sits inside the 5-working-day window, so counting calendar days
instead of working days gives different answers. Deadlines (第33条: 20 working days after the
day of receipt, which is not counted):

    received 2025-03-03 → due 2025-03-31 (overdue by 1 working day on 04-01)
    received 2025-03-05 → due 2025-04-02 (1 working day left)
    received 2025-03-10 → due 2025-04-08 (4 left: 04-02, 04-03, 04-07, 04-08 — not 04-04)
    received 2025-03-17 → due 2025-04-15 (beyond the window 04-02…04-09)
"""

from __future__ import annotations

import datetime
import smtplib
import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from gongkai.agencies.models import StaffMembership, StaffRole
from gongkai.applications import reminders, services
from gongkai.applications.models import Application, ApplicationStatus
from gongkai.audit.models import AuditEvent
from gongkai.statute.workdays import WorkdayCalendar
from gongkai.workdays.selectors import calendar_cache_clear, package_calendar
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.applications.factories import travel

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 4, 1)
BASE_URL = "https://gk.example.gov.cn"


def applicant(name: str) -> dict:
    return {
        "applicant_kind": "citizen",
        "name": name,
        "id_type": "resident_id",
        "id_number": "11010519491231002x",
        "phone": "138 1234 5678",
        "description": "2024年度科技项目立项名单",
        "carriers": ["paper"],
        "delivery_methods": ["pickup"],
    }


def register(agency, clerk, name: str, received_on: datetime.date) -> Application:
    with travel(received_on):
        return services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data=applicant(name),
            received_on=received_on,
        )


def submit_online(agency, name: str, day: datetime.date) -> Application:
    with travel(day):
        application, _ = services.application_submit_online(
            agency=agency, data=applicant(name), submission_token=uuid.uuid4()
        )
    return application


def daily(*args: str, day: datetime.date = TODAY) -> str:
    out = StringIO()
    with travel(day):
        call_command("applications_daily", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fresh_calendar():
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture
def scene():
    """Two agencies. A: clerk ``a1`` (assignee of most), clerk ``a2`` (no e-mail), office head
    ``ha``. B: clerk ``b1``. Applications as in the module docstring, plus an unconfirmed online
    submission, a lapsed one (补正 not received by 03-14) and B's overdue one."""
    agency_a = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    agency_b = AgencyFactory(name="盐池县教育局", slug="yanchi-jyj")
    a1 = StaffMembershipFactory(
        agency=agency_a, role=StaffRole.CLERK, user__username="a1", user__email="a1@example.cn"
    ).user
    a2 = StaffMembershipFactory(
        agency=agency_a, role=StaffRole.CLERK, user__username="a2", user__email=""
    ).user
    ha = StaffMembershipFactory(
        agency=agency_a,
        role=StaffRole.OFFICE_HEAD,
        user__username="ha",
        user__email="ha@example.cn",
    ).user
    b1 = StaffMembershipFactory(
        agency=agency_b, role=StaffRole.CLERK, user__username="b1", user__email="b1@example.cn"
    ).user
    apps = {
        "overdue": register(agency_a, a1, "赵逾期", D(2025, 3, 3)),
        "soon1": register(agency_a, a1, "钱一天", D(2025, 3, 5)),
        "soon4": register(agency_a, a1, "孙四天", D(2025, 3, 10)),
        "later": register(agency_a, a1, "李以后", D(2025, 3, 17)),
        "online": submit_online(agency_a, "周网上", D(2025, 3, 28)),
        "lapsing": register(agency_a, a1, "吴补正", D(2025, 3, 3)),
        "b_overdue": register(agency_b, b1, "郑乙局", D(2025, 3, 3)),
    }
    with travel(D(2025, 3, 5)):
        services.application_request_supplement(
            application=apps["lapsing"],
            actor=a1,
            on=D(2025, 3, 5),
            until=D(2025, 3, 14),
            items="请补充所需信息的文号",
        )
    return {"a": agency_a, "b": agency_b, "a1": a1, "a2": a2, "ha": ha, "b1": b1, **apps}


def mail_to(address: str) -> mail.EmailMessage:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


# -- the pure part ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # 国庆节 2025: 10-01…10-08 放假, 09-28 (Sunday) and 10-11 (Saturday) 调休上班.
        (D(2025, 9, 26), D(2025, 10, 10)),
        # 清明节 2025: 04-04 (Friday) 放假.
        (D(2025, 4, 1), D(2025, 4, 9)),
        # An ordinary week: Monday + 5 working days = next Monday.
        (D(2025, 3, 10), D(2025, 3, 17)),
    ],
)
def test_due_horizon_counts_working_days_after_today(today, expected) -> None:
    assert reminders.due_horizon(today, package_calendar()) == (expected, None)


def test_due_horizon_stops_at_the_last_known_day_and_says_why() -> None:
    only_2025 = WorkdayCalendar(holidays=[], makeup_workdays=[], known_years=[2025])
    horizon, problem = reminders.due_horizon(D(2025, 12, 29), only_2025)
    assert horizon == D(2025, 12, 31)
    assert "2026" in problem and "节假日安排" in problem
    horizon, problem = reminders.due_horizon(D(2026, 1, 5), only_2025)
    assert horizon == D(2026, 1, 5)
    assert "2026" in problem


@pytest.mark.parametrize(
    ("due_on", "today", "overdue", "workdays", "label"),
    [
        (D(2025, 4, 1), D(2025, 4, 1), False, 0, "今天到期"),
        (D(2025, 4, 8), D(2025, 4, 1), False, 4, "剩余4个工作日"),  # 04-04 清明 not counted
        (D(2025, 3, 31), D(2025, 4, 1), True, 1, "已逾期1个工作日"),
        # Due Friday, seen on Saturday: late, though no working day has passed yet.
        (D(2025, 3, 28), D(2025, 3, 29), True, 0, "已超过答复期限"),
    ],
)
def test_classify_due_by_working_days(due_on, today, overdue, workdays, label) -> None:
    assert reminders.classify_due(due_on, today, package_calendar()) == (overdue, workdays)
    assert reminders.DueItem(None, due_on, overdue, workdays).label == label


def test_classify_due_without_the_year_still_tells_overdue_from_due() -> None:
    only_2025 = WorkdayCalendar(holidays=[], makeup_workdays=[], known_years=[2025])
    assert reminders.classify_due(D(2025, 12, 30), D(2026, 1, 2), only_2025) == (True, None)
    assert reminders.classify_due(D(2026, 1, 2), D(2026, 1, 2), only_2025) == (False, 0)
    assert reminders.DueItem(None, D(2026, 1, 9), False, None).label == "即将到期"


def test_due_soon_and_overdue_lists_in_one_query(scene, django_assert_num_queries) -> None:
    daily("--dry-run")  # nothing stored: the lists below come from the registered state
    qs = Application.objects.select_related("agency", "assignee").filter(agency=scene["a"])
    with django_assert_num_queries(1):
        lists = reminders.due_soon_and_overdue(qs, TODAY, package_calendar())
    assert [(i.application.name, i.due_on, i.workdays) for i in lists.overdue] == [
        ("赵逾期", D(2025, 3, 31), 1)
    ]
    assert [(i.application.name, i.due_on, i.workdays) for i in lists.due_soon] == [
        ("钱一天", D(2025, 4, 2), 1),
        ("孙四天", D(2025, 4, 8), 4),
    ]
    assert lists.problem is None


def test_a_shorter_window_leaves_out_what_is_further_away(scene) -> None:
    qs = Application.objects.filter(agency=scene["a"])
    lists = reminders.due_soon_and_overdue(qs, TODAY, package_calendar(), within_workdays=1)
    assert [i.application.name for i in lists.due_soon] == ["钱一天"]


def test_awaiting_confirmation_and_closure(scene) -> None:
    daily()  # the daily recomputation records the lapse of 03-14
    qs = Application.objects.all()
    assert [a.name for a in reminders.awaiting_confirmation(qs)] == ["周网上"]
    assert [a.name for a in reminders.awaiting_closure(qs)] == ["吴补正"]


# -- recipients ---------------------------------------------------------------------------------


def digest_names(digests, user) -> dict[str, list[str]]:
    digest = digests.by_recipient.get(user.pk)
    if digest is None:
        return {}
    return {
        "overdue": [i.application.name for i in digest.overdue],
        "due_soon": [i.application.name for i in digest.due_soon],
        "awaiting_confirmation": [a.name for a in digest.awaiting_confirmation],
        "awaiting_closure": [a.name for a in digest.awaiting_closure],
    }


def test_each_application_goes_to_its_assignee_or_the_agencys_clerks_and_heads(scene) -> None:
    daily()
    digests = reminders.reminder_digests(TODAY, package_calendar())
    assert digest_names(digests, scene["a1"]) == {
        "overdue": ["赵逾期"],
        "due_soon": ["钱一天", "孙四天"],
        "awaiting_confirmation": ["周网上"],  # nobody assigned yet: every clerk and head
        "awaiting_closure": ["吴补正"],
    }
    assert digest_names(digests, scene["ha"]) == {
        "overdue": [],
        "due_soon": [],
        "awaiting_confirmation": ["周网上"],
        "awaiting_closure": [],
    }
    assert digest_names(digests, scene["a2"])["awaiting_confirmation"] == ["周网上"]
    # Agency B's clerk sees B's application and nothing of A's.
    assert digest_names(digests, scene["b1"]) == {
        "overdue": ["郑乙局"],
        "due_soon": [],
        "awaiting_confirmation": [],
        "awaiting_closure": [],
    }
    assert digests.unattended == []


def test_an_assignee_who_left_the_agency_is_replaced_by_its_clerks(scene) -> None:
    StaffMembership.objects.filter(user=scene["a1"], agency=scene["a"]).delete()
    # a1 now works for B only: A's applications assigned to a1 must not reach them.
    StaffMembershipFactory(user=scene["a1"], agency=scene["b"], role=StaffRole.CLERK)
    digests = reminders.reminder_digests(TODAY, package_calendar())
    # Nothing for a1: A's applications went back to A's staff, B's is assigned to b1.
    assert digest_names(digests, scene["a1"]) == {}
    assert digest_names(digests, scene["ha"])["overdue"] == ["赵逾期"]
    assert digest_names(digests, scene["a2"])["due_soon"] == ["钱一天", "孙四天"]


def test_an_inactive_assignee_is_replaced_too(scene) -> None:
    scene["a1"].is_active = False
    scene["a1"].save()
    digests = reminders.reminder_digests(TODAY, package_calendar())
    assert scene["a1"].pk not in digests.by_recipient
    assert digest_names(digests, scene["ha"])["overdue"] == ["赵逾期"]


def test_an_agency_without_clerks_or_heads_is_reported_unattended(scene) -> None:
    # b1 left; B has only a deputy leader, who is not reminded of single applications.
    StaffMembership.objects.filter(agency=scene["b"]).delete()
    StaffMembershipFactory(agency=scene["b"], role=StaffRole.DEPUTY_LEADER)
    digests = reminders.reminder_digests(TODAY, package_calendar())
    assert [a.name for a in digests.unattended] == ["郑乙局"]
    assert scene["b1"].pk not in digests.by_recipient
    output = daily()
    assert "无人负责：1 件" in output
    assert f"  {scene['b_overdue'].registration_number}（盐池县教育局）" in output
    assert "b1@example.cn" not in [m.to[0] for m in mail.outbox]


def test_digests_cost_a_fixed_number_of_queries(scene, django_assert_num_queries) -> None:
    # 1 due lists, 1 awaiting confirmation, 1 awaiting closure, 1 uncomputable, 2 recipients.
    with django_assert_num_queries(6):
        reminders.reminder_digests(TODAY, package_calendar(), uncomputable={1: "x"})
    for n in range(5):
        register(scene["a"], scene["a1"], f"加{n}", D(2025, 3, 5))
    with django_assert_num_queries(6):
        reminders.reminder_digests(TODAY, package_calendar(), uncomputable={1: "x"})


# -- the daily job ------------------------------------------------------------------------------


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
def test_daily_job_mails_one_digest_per_person(scene) -> None:
    output = daily()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a1@example.cn",
        "b1@example.cn",
        "ha@example.cn",
    ]

    to_a1 = mail_to("a1@example.cn")
    assert to_a1.subject == (
        "【政府信息公开】2025年4月1日待办提醒："
        "已逾期1件，即将到期2件，待确认接收1件，视为放弃待结案1件"
    )
    body = to_a1.body
    overdue = scene["overdue"]
    assert f"{overdue.registration_number}  赵逾期  答复期限2025年3月31日，已逾期1个工作日" in body
    assert "钱一天  答复期限2025年4月2日，剩余1个工作日" in body
    assert "孙四天  答复期限2025年4月8日，剩余4个工作日" in body
    assert "周网上  2025年3月28日提交，已过2个工作日" in body
    assert "吴补正  2025年3月3日收到，视为放弃申请" in body
    assert "李以后" not in body  # due 04-15: outside the 5 working days
    detail = reverse("applications_admin:detail", args=[overdue.pk])
    assert f"{BASE_URL}{detail}" in body
    # No personal data beyond the name: no ID number, no phone.
    assert "110105" not in body and "5678" not in body

    to_b1 = mail_to("b1@example.cn")
    assert "郑乙局" in to_b1.body
    for name in ("赵逾期", "钱一天", "孙四天", "周网上", "吴补正"):
        assert name not in to_b1.body
    assert "郑乙局" not in to_a1.body and "郑乙局" not in mail_to("ha@example.cn").body

    assert "提醒邮件：已发送 3 封" in output
    assert "a1 <a1@example.cn>：已逾期1件，即将到期2件，待确认接收1件，视为放弃待结案1件" in output
    assert "没有电子邮箱，未能提醒：1 人" in output
    assert "  a2：待确认接收1件" in output


def test_daily_job_records_the_lapse_before_reminding(scene) -> None:
    lapsing = scene["lapsing"]
    assert Application.objects.get(pk=lapsing.pk).status == ApplicationStatus.AWAITING_SUPPLEMENT
    output = daily()
    assert Application.objects.get(pk=lapsing.pk).status == ApplicationStatus.LAPSED
    assert "其中 1 件有变化" in output
    event = AuditEvent.objects.get(action="deadlines.recompute")
    assert event.detail["trigger"] == "daily"
    assert event.detail["changed"] == 1


def test_daily_job_sends_once_per_day(scene) -> None:
    daily()
    assert len(mail.outbox) == 3
    sent = AuditEvent.objects.filter(action=reminders.REMINDERS_SENT)
    assert sent.count() == 3
    to_a1 = sent.get(target_id=str(scene["a1"].pk))
    assert to_a1.detail["date"] == "2025-04-01"
    assert (to_a1.actor, to_a1.actor_name) == (None, "系统（自动任务）")
    assert to_a1.target_label == "每日提醒：a1"
    assert to_a1.detail["overdue"] == 1 and to_a1.detail["due_soon"] == 2
    assert to_a1.agency == scene["a"]
    assert set(to_a1.detail["applications"]) == {
        scene[k].pk for k in ("overdue", "soon1", "soon4", "online", "lapsing")
    }

    output = daily()
    assert len(mail.outbox) == 3  # nothing new
    assert sent.count() == 3
    assert "提醒邮件：已发送 0 封" in output
    assert "今天已经提醒过，不再发送：3 人" in output

    # The next working day is a new day.
    daily(day=D(2025, 4, 2))
    assert len(mail.outbox) == 6


def test_a_mail_that_fails_is_not_recorded_and_is_sent_next_run(scene, monkeypatch) -> None:
    real_send = EmailBackend.send_messages

    def refuse_b1(self, messages):
        if any(m.to == ["b1@example.cn"] for m in messages):
            raise smtplib.SMTPRecipientsRefused({"b1@example.cn": (550, b"mailbox unavailable")})
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_b1)
    with pytest.raises(CommandError, match="1 封提醒邮件发送失败"):
        daily()
    assert sorted(m.to[0] for m in mail.outbox) == ["a1@example.cn", "ha@example.cn"]
    assert not AuditEvent.objects.filter(
        action=reminders.REMINDERS_SENT, target_id=str(scene["b1"].pk)
    ).exists()

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    output = daily()
    assert [m.to[0] for m in mail.outbox[2:]] == ["b1@example.cn"]
    assert "今天已经提醒过，不再发送：2 人" in output


def test_dry_run_sends_and_changes_nothing(scene) -> None:
    before = AuditEvent.objects.count()
    output = daily("--dry-run")
    assert "试运行" in output
    assert "提醒邮件：将发送 3 封" in output
    assert "其中 1 件有变化" in output  # what would change …
    assert mail.outbox == []
    lapsing = Application.objects.get(pk=scene["lapsing"].pk)
    assert lapsing.status == ApplicationStatus.AWAITING_SUPPLEMENT  # … but did not
    assert AuditEvent.objects.count() == before


def test_date_option_runs_the_job_as_of_an_earlier_day(scene) -> None:
    with travel(D(2025, 4, 3)):
        call_command("applications_daily", "--date", "2025-04-01", stdout=StringIO())
    assert "已逾期1个工作日" in mail_to("a1@example.cn").body
    assert (
        AuditEvent.objects.filter(
            action=reminders.REMINDERS_SENT, detail__date="2025-04-01"
        ).count()
        == 3
    )


def test_date_option_refuses_the_future_and_bad_dates(scene) -> None:
    with pytest.raises(CommandError, match="晚于今天"):
        daily("--date", "2025-04-02")
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        daily("--date", "2025-4-31")
    assert mail.outbox == []


def test_nobody_with_nothing_to_do_gets_a_mail() -> None:
    agency = AgencyFactory()
    StaffMembershipFactory(agency=agency, user__email="idle@example.cn")
    UserFactory(email="other@example.cn")
    output = daily()
    assert mail.outbox == []
    assert "已重新计算 0 件" in output
    assert "提醒邮件：已发送 0 封" in output


def test_on_a_day_off_the_job_recomputes_but_mails_nobody(scene) -> None:
    # 2025-04-05 is a Saturday inside 清明节 (04-04…04-06 放假).
    output = daily(day=D(2025, 4, 5))
    assert "今天不是工作日，不发送提醒邮件；下一个工作日一并提醒。" in output
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action=reminders.REMINDERS_SENT).exists()
    lapsing = Application.objects.get(pk=scene["lapsing"].pk)
    assert lapsing.status == ApplicationStatus.LAPSED
    # Monday 04-07: everything still open is in the mails.
    daily(day=D(2025, 4, 7))
    assert "孙四天  答复期限2025年4月8日，剩余1个工作日" in mail_to("a1@example.cn").body
