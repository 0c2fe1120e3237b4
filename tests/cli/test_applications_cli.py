"""`gongkai applications recompute` and `gongkai applications remind` (the daily job)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest
from django.core import mail

from gongkai.agencies.models import StaffRole
from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationEvent
from gongkai.audit.models import AuditEvent
from gongkai.cli import main
from gongkai.workdays.services import calendar_day_set
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import travel

D = datetime.date
CITIZEN = {
    "applicant_kind": "citizen",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002x",
    "phone": "138 1234 5678",
    "description": "2024年度科技项目立项名单",
}


@pytest.fixture
def bureau():
    """盐池县科学技术局 with one clerk and one application received 2025-03-03 (due 03-31)."""
    agency = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    clerk = StaffMembershipFactory(
        agency=agency, role=StaffRole.CLERK, user__username="clerk", user__email="c@example.cn"
    ).user
    with travel(D(2025, 3, 3)):
        application = services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data=CITIZEN,
            received_on=D(2025, 3, 3),
        )
    return application


def due_on(application: Application) -> datetime.date:
    return Application.objects.values_list("due_on", flat=True).get(pk=application.pk)


@pytest.mark.django_db
def test_recompute_all_agencies(bureau, capsys) -> None:
    calendar_day_set(day=D(2025, 3, 20), kind="holiday")  # its on-commit run never fires here
    with travel(D(2025, 3, 10)):
        status = main(["applications", "recompute"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out == "已重新计算 1 件办理中申请的答复期限，其中 1 件有变化。\n"
    assert due_on(bureau) == D(2025, 4, 1)
    event = AuditEvent.objects.get(action="deadlines.recompute")
    assert (event.detail["trigger"], event.agency) == ("command", None)


@pytest.mark.django_db
def test_recompute_one_agency(bureau, capsys) -> None:
    with travel(D(2025, 3, 10)):
        status = main(["applications", "recompute", "--agency", "yanchi-kjj"])
    assert status == 0
    assert "已重新计算 1 件" in capsys.readouterr().out
    assert AuditEvent.objects.get(action="deadlines.recompute").agency == bureau.agency


@pytest.mark.django_db
def test_recompute_unknown_agency_exits_2(bureau, capsys) -> None:
    status = main(["applications", "recompute", "--agency", "no-such-agency"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err == "gongkai：没有标识为“no-such-agency”的机关\n"
    assert not AuditEvent.objects.filter(action="deadlines.recompute").exists()


@pytest.mark.django_db
def test_recompute_exits_1_and_names_what_it_cannot_compute(capsys) -> None:
    agency = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    clerk = StaffMembershipFactory(agency=agency, role=StaffRole.CLERK).user
    with travel(D(2026, 12, 21)):
        application = services.application_register(
            agency=agency,
            actor=clerk,
            channel="in_person",
            data=CITIZEN,
            received_on=D(2026, 12, 21),
        )
    # A history no clock accepts (a second receipt, written behind the services' back).
    ApplicationEvent.objects.create(application=application, kind="received", on=D(2026, 12, 22))
    with travel(D(2026, 12, 22)):
        status = main(["applications", "recompute"])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{application.registration_number}（盐池县科学技术局）共 1 件" in out
    assert "仍保留原期限" in out


@pytest.mark.django_db
def test_remind_dry_run_then_for_real_then_again(bureau, capsys) -> None:
    with travel(D(2025, 3, 31)):
        assert main(["applications", "remind", "--dry-run"]) == 0
        out = capsys.readouterr().out
        assert "每日提醒 2025年3月31日（试运行：不发送邮件，不修改数据）" in out
        assert "提醒邮件：将发送 1 封" in out
        assert mail.outbox == []

        assert main(["applications", "remind"]) == 0
        out = capsys.readouterr().out
        assert "提醒邮件：已发送 1 封" in out
        assert "clerk <c@example.cn>：即将到期1件" in out
        (message,) = mail.outbox
        assert "今天到期" in message.body

        assert main(["applications", "remind"]) == 0
        assert "今天已经提醒过，不再发送：1 人" in capsys.readouterr().out
        assert len(mail.outbox) == 1

    with travel(D(2025, 4, 2)):
        assert main(["applications", "remind", "--date", "2025-04-01"]) == 0
    assert "每日提醒 2025年4月1日\n" in capsys.readouterr().out
    assert "已逾期1个工作日" in mail.outbox[-1].body
    assert "2025年4月1日" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_remind_refuses_a_future_date(bureau, capsys) -> None:
    with travel(D(2025, 3, 31)):
        status = main(["applications", "remind", "--date", "2025-04-01"])
    assert status == 1
    assert "gongkai：日期 2025-04-01 晚于今天，不能提前运行每日任务。" in capsys.readouterr().err
    assert mail.outbox == []


@pytest.mark.parametrize(
    "argv",
    [
        ["applications", "remind", "--date", "2025-02-30"],
        ["applications", "recompute", "--agency"],
        ["applications", "nonsense"],
    ],
)
def test_wrong_usage_exits_2_with_a_chinese_message(capsys, argv) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "参数错误" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["recompute"], ["remind", "--dry-run"]])
def test_against_an_unmigrated_database_explains_what_to_do(tmp_path, argv) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GONGKAI_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "applications", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "make setup" in done.stderr
    assert "Traceback" not in done.stderr
