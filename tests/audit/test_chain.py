"""The hash chain: sealed on commit, an SQL UPDATE or DELETE caught, a purge that still verifies."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from openpyxl import load_workbook

from gongkai.audit.chain import purge_before, seal_pending, verify
from gongkai.audit.cli import EXIT_BROKEN, EXIT_OK
from gongkai.audit.models import AuditAction, AuditChain, AuditEvent
from gongkai.audit.services import audit_record
from gongkai.cli import main
from tests.agencies.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


def _write(n: int, agency=None, *, at: datetime.datetime = NOW) -> list[AuditEvent]:
    """``n`` events, each in its own committed transaction (callbacks run as on commit)."""
    events = []
    with time_machine.travel(at, tick=False):
        for i in range(n):
            with transaction.atomic():
                events.append(
                    audit_record(
                        actor=None,
                        action=AuditAction.LETTER_ISSUE,
                        agency=agency,
                        target_label=f"盐科公复〔2026〕{i + 1}号",
                        detail={"on": datetime.date(2026, 11, 20), "n": i},
                    )
                )
            seal_pending()  # what transaction.on_commit runs in production
    return events


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_events_are_sealed_in_order_after_their_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first = audit_record(actor=None, action=AuditAction.LETTER_ISSUE, target_label="一")
        second = audit_record(actor=None, action=AuditAction.LETTER_ISSUE, target_label="二")
    assert len(callbacks) == 1  # one seal per transaction, however many events
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.chain_index, second.chain_index) == (1, 2)
    assert len(first.chain_hash) == 64 and first.chain_hash != second.chain_hash
    assert verify().ok and verify().checked == 2


def _record_then_fail() -> None:
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.LETTER_ISSUE, target_label="撤销")
        raise RuntimeError


def test_a_rolled_back_event_is_never_sealed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        _record_then_fail()
    assert not AuditEvent.objects.exists()
    assert AuditChain.objects.get().last_index == 0


def test_an_sql_update_is_caught_at_that_record(capsys):
    events = _write(5, AgencyFactory())
    _sql("UPDATE audit_auditevent SET target_label = %s WHERE id = %s", ["篡改", events[2].pk])

    result = verify()
    assert not result.ok
    assert result.broken.pk == events[2].pk
    events[2].refresh_from_db()
    index = events[2].chain_index  # creating the agency may have written events before these
    assert f"第 {index} 条" in result.problem and "被改动过" in result.problem

    assert main(["audit", "verify"]) == EXIT_BROKEN
    out = capsys.readouterr().out
    assert f"审计日志哈希链校验失败（已校验 {index - 1} 条）" in out
    assert f"编号 {events[2].pk}" in out


@pytest.mark.parametrize(
    ("column", "value"),
    [("ip_address", "203.0.113.66"), ("action", "application.submit"), ("at", "2026-01-01")],
)
def test_any_sealed_field_is_covered(column, value):
    events = _write(3)
    _sql(f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s", [value, events[1].pk])  # noqa: S608
    assert verify().broken.pk == events[1].pk


def test_a_deleted_record_is_named_by_the_one_after_it_and_the_tail_is_checked():
    events = _write(4)
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    result = verify()
    assert result.broken.pk == events[2].pk and "缺少第 2 至 2 条记录" in result.problem

    _sql("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[2].pk, events[3].pk])
    result = verify()
    assert "最新的记录被删除" in result.problem


def test_deleting_an_actor_keeps_the_chain_whole():
    user = UserFactory(username="lisi")
    with transaction.atomic():
        audit_record(actor=user, action=AuditAction.LOGIN, target_label="账户：lisi")
    seal_pending()
    user.delete()  # SET_NULL on the event's actor
    assert verify().ok


def test_unsealed_events_are_reported_and_sealed_by_the_command(capsys):
    _write(2)
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.LETTER_ISSUE, target_label="未封存")
    assert verify().unsealed == 1
    assert main(["audit", "seal"]) == EXIT_OK
    assert "已封存 1 条审计事件" in capsys.readouterr().out
    assert verify().ok and verify().unsealed == 0


def test_purge_keeps_180_days_and_the_rest_still_verifies(settings, capsys):
    old = _write(3, at=NOW - datetime.timedelta(days=200))
    recent = _write(2, at=NOW - datetime.timedelta(days=10))

    with time_machine.travel(NOW, tick=False):
        assert main(["audit", "purge", "--dry-run"]) == EXIT_OK
        assert "将清理 2026-05-24 之前的审计日志 3 条" in capsys.readouterr().out
        result = purge_before()
        seal_pending()
    assert result.removed == 3 and result.anchor_index == 3
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in recent]).count() == 2
    purge = AuditEvent.objects.get(action="audit.purge")
    assert purge.detail["anchor_index"] == 3 and purge.actor_name == "系统（自动任务）"
    verification = verify()
    assert verification.ok and verification.checked == 3  # two kept, one purge record

    # A forged anchor: the first kept record no longer fits.
    _sql("UPDATE audit_auditchain SET anchor_hash = %s", ["f" * 64])
    assert verify().broken.pk == recent[0].pk


def test_a_retention_below_180_days_is_refused(settings, capsys):
    settings.GONGKAI_AUDIT_RETENTION_DAYS = 90
    with pytest.raises(ImproperlyConfigured):
        purge_before()
    assert main(["audit", "purge"]) == 2
    assert "不能少于 180 天" in capsys.readouterr().err


def test_csv_and_xlsx_exports_carry_the_rows_and_are_audited(client):
    agency = AgencyFactory(name="盐池县科学技术局")
    _write(3, agency)
    client.force_login(UserFactory(is_superuser=True))

    response = client.get("/admin/audit_log/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["时间", "操作人", "机关", "操作", "对象"]
    letters = [row for row in rows[1:] if row[3] == "制作文书"]
    assert len(letters) == 3
    assert {row[2] for row in letters} == {"盐池县科学技术局"}
    assert all(len(row[-1]) == 64 for row in letters)  # the chain hash

    xlsx = client.get("/admin/audit_log/?export=xlsx")
    sheet = load_workbook(
        io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content)
    ).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][3] == "操作"
    assert sum(1 for row in values if row[3] == "制作文书") == 3
    assert AuditEvent.objects.filter(action="audit.export").count() == 2
