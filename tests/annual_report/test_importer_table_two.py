"""表二 as printed: amounts with units, signed changes, negative counts, the older row label."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.annual_report.checks import check_report
from gongkai.annual_report.importer import read_bytes
from tests.annual_report.layouts import reading, tabs


def _text(name: str, printed: str, instead: str) -> bytes:
    text = tabs(reading(name))[0].decode()
    assert text.count(printed) == 1, printed
    return text.replace(printed, instead).encode()


@pytest.mark.parametrize(
    ("printed", "amount", "note"),
    [
        ("12.5万元", Decimal("12.5"), "读作 12.5（单位：万元）"),
        ("125000元", Decimal("12.5"), "按本列单位换算为 12.5万元"),
        ("96,171.6", Decimal("96171.6"), None),
    ],
)
def test_fee_amounts_with_their_unit(printed, amount, note):
    data = _text("010", "行政事业性收费\t96171.6", f"行政事业性收费\t{printed}")
    report = read_bytes(data, ".txt")
    assert report.tables["proactive"]["fees"]["amount_10k_yuan"] == amount
    if note:
        assert any(note in n for n in report.notes)


def test_procurement_amount_in_yuan_in_the_2019_format_keeps_its_number():
    data = _text("seed", "政府集中采购\t0\t0", "政府集中采购\t3\t251000元")
    report = read_bytes(data, ".txt")
    assert report.tables["proactive"]["procurement"] == {"projects": 3, "amount": 251000}
    assert any("读作 251000（单位：元）" in n for n in report.notes)


def test_signed_changes_and_a_negative_count():
    data = _text("seed", "其他对外管理服务事项\t3\t+3\t0", "其他对外管理服务事项\t21\t-18\t-2")
    report = read_bytes(data, ".txt")
    assert report.tables["proactive"]["other_services"] == {
        "previous_count": 21,
        "change": -18,
        "decisions": -2,
    }
    (r6,) = [f for f in check_report(report) if f.rule == "R6"]
    assert (r6.row, r6.column, r6.actual) == ("other_services", "decisions", -2)


def test_the_older_label_in_a_2021_table_is_read_and_noted():
    data = _text("010", "行政规范性文件\t8\t26\t66", "规范性文件\t8\t26\t66")
    report = read_bytes(data, ".txt")
    assert report.tables["proactive"]["normative_documents"] == {
        "issued": 8,
        "repealed": 26,
        "in_force": 66,
    }
    assert any("标签“规范性文件”按“行政规范性文件”读取" in n for n in report.notes)


def test_a_misspelt_label_is_read_by_its_closest_row_and_noted():
    data = _text(
        "010",
        "2.没有现成信息需要另行制作\t11",
        "2.没有现成信息需另行制做\t11",
    )
    report = read_bytes(data, ".txt")
    assert report.tables_status["applications"] == "read"
    assert report.tables["applications"]["unavailable_needs_creation"]["total"] == 11


def test_counts_with_their_unit_and_none_written_as_a_word():
    data = _text("010", "规章\t1\t0\t11", "规章\t1件\t无\t11件")
    report = read_bytes(data, ".txt")
    assert report.tables["proactive"]["regulations"] == {
        "issued": 1,
        "repealed": None,
        "in_force": 11,
    }
    assert report.tables_status["proactive"] == "read_with_assumptions"
