"""Every hand-checked reading in every layout: each table read exactly, or refused with its reason.

A wrong number anywhere fails. The tables a layout cannot carry are listed in ``REFUSED`` with
why (a space-separated layout cannot show where a blank cell is); every other table must read
cell for cell. The matrix is in the README (``python -m tests.annual_report.layouts``).
"""

from __future__ import annotations

import pytest

from tests.annual_report.layouts import LAYOUTS, REPORTS, outcome

# (report, layout) -> the tables refused, and the words their reason must contain.
REFUSED: dict[tuple[str, str], dict[str, str]] = {
    # 011 prints its 法人或其他组织 cells blank: runs of spaces cannot say which cells are
    # blank (the PDF can: its words' positions, read into the columns their titles stand in).
    ("011", "spaces"): {"applications": "应为 7 个"},
    ("011", "numbers_above_labels"): {"applications": "应为 7 个"},
    # Blank 小计 and blank 法人 cells: dropping any one blank column makes the table hold.
    ("011", "subtotal_column"): {"applications": "种略去方式都符合表内的勾稽关系"},
    # 表四 all zero printed all blank, without a label: fifteen empty cells are no table.
    ("seed", "blanks_for_zeros"): {"appeals": "未找到表格中的数字"},
    # The whole report on one line: 表三 is read by its rules where the digits allow one split;
    # 表二 has no rules to choose a split with, 表四 of 008 does not add up (its real errors).
    ("008", "glued_line"): {"appeals": "无法按表内的勾稽关系读出"},
    ("010", "glued_line"): {
        "proactive": "种拆分，本表没有可用来核对的勾稽关系",
        "appeals": "可能的拆分方式过多",
    },
    ("011", "glued_line"): {
        "proactive": "有 2 种拆分",
        "applications": "无法按表内的勾稽关系拆分",
    },
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("name", list(REPORTS))
def test_layout_reads_exactly_or_refuses_with_a_reason(name, layout):
    if layout == "pdf":
        pytest.importorskip("weasyprint")
    result = outcome(name, layout)
    refused = REFUSED.get((name, layout), {})
    for table, got in result.items():
        assert got != "WRONG", f"{name} {layout} {table}: a number was read wrong"
        if table in refused:
            assert got.startswith("refused: "), (table, got)
            assert refused[table] in got, (table, got)
        else:
            assert got == "read", (table, got)


def test_a_blank_total_column_is_read_blank_warned_and_not_checked():
    from gongkai.annual_report.checks import check_report
    from gongkai.annual_report.importer import read_bytes
    from tests.annual_report.layouts import blank_totals, reading

    data, suffix = blank_totals(reading("010"))
    back = read_bytes(data, suffix)
    assert back.tables_status["applications"] == "read_with_assumptions"
    assert back.tables["applications"]["granted"]["total"] is None
    findings = check_report(back)
    assert [f for f in findings if f.severity == "error"] == []
    granted = next(f for f in findings if f.row == "granted" and f.column == "total")
    assert granted.rule == "blank" and granted.expected == 1362
    assert "总计为空白，本行未按" in granted.message
