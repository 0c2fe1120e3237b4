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
    # 011 prints its 法人或其他组织 cells blank: runs of spaces (and the PDF's text, read by
    # its word positions when the text layer loses them) cannot say which cells are blank.
    ("011", "spaces"): {"applications": "应为 7 个"},
    ("011", "numbers_above_labels"): {"applications": "应为 7 个"},
    ("011", "pdf"): {"applications": "应为 7 个"},
    # Blank 小计 and blank 法人 cells: dropping any one blank column makes the table hold.
    ("011", "subtotal_column"): {"applications": "种略去方式都符合表内的勾稽关系"},
    # 表四 all zero printed all blank, without a label: fifteen empty cells are no table.
    ("seed", "blanks_for_zeros"): {"appeals": "未找到表格中的数字"},
}
GLUED_REFUSED = {"seed", "008", "009", "010", "011"}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("name", list(REPORTS))
def test_layout_reads_exactly_or_refuses_with_a_reason(name, layout):
    if layout == "pdf":
        pytest.importorskip("weasyprint")
    result = outcome(name, layout)
    refused = REFUSED.get((name, layout), {})
    if layout == "glued_line" and name in GLUED_REFUSED:
        refused = dict.fromkeys(result, "无法读取")
    for table, got in result.items():
        assert got != "WRONG", f"{name} {layout} {table}: a number was read wrong"
        if table in refused:
            assert got.startswith("refused: "), (table, got)
            assert refused[table] in got, (table, got)
        else:
            assert got == "read", (table, got)
