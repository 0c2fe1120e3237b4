"""Run-together cells: the pure splitter, and what the readers do with a unique or an
ambiguous split (a unique split is used and noted; an ambiguous one is an error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.annual_report.checks import table_arithmetic
from gongkai.annual_report.formats import get_format
from gongkai.annual_report.importer import ReportReadError, read_text
from gongkai.annual_report.importer.split import candidate_splits
from gongkai.annual_report.importer.tables import RowRec, read_table

REPORTS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reports"
FMT = get_format("2021")
_APPLICANTS = [c.key for c in FMT.table("applications").columns]
_APPEALS = FMT.table("appeals")


def row_total_ok(values: list[int]) -> bool:
    """R4 as the format file states it, on one 表三 row."""
    return len(values) == 7 and table_arithmetic(FMT, "applications").row_holds(
        dict(zip(_APPLICANTS, values, strict=True))
    )


def appeal_blocks_ok(values: list[int]) -> bool:
    """R5 as the format file states it, on 表四 printed as one run of 15 cells."""
    cols = [c.key for c in _APPEALS.columns]
    table = {
        r.key: dict(zip(cols, values[i * 5 : i * 5 + 5], strict=True))
        for i, r in enumerate(_APPEALS.rows)
    }
    return len(values) == 15 and table_arithmetic(FMT, "appeals").holds(table)


@pytest.mark.parametrize(
    ("runs", "cells", "check", "expected"),
    [
        # Nothing run together: the printed row itself, if it passes.
        (["21", "0", "0", "0", "0", "0", "21"], 7, row_total_ok, [[21, 0, 0, 0, 0, 0, 21]]),
        # The last two cells fused; "021" can only be 0|21 (no leading zeros).
        (["21", "0", "0", "0", "0", "021"], 7, row_total_ok, [[21, 0, 0, 0, 0, 0, 21]]),
        # 3001 53 0 0 61 4 3119 with 4 and 3119 fused: 43|119, 431|19, 4311|9 fail the total.
        (
            ["3001", "53", "0", "0", "61", "43119"],
            7,
            row_total_ok,
            [[3001, 53, 0, 0, 61, 4, 3119]],
        ),
        # Seven zeros printed as one run.
        (["0000000"], 7, row_total_ok, [[0, 0, 0, 0, 0, 0, 0]]),
        # Ambiguous: 1|10 and 11|0 both make the row add up.
        (
            ["110", "0", "0", "0", "0", "11"],
            7,
            row_total_ok,
            [[1, 10, 0, 0, 0, 0, 11], [11, 0, 0, 0, 0, 0, 11]],
        ),
        # No split makes the row add up.
        (["1", "0", "0", "0", "0", "11"], 7, row_total_ok, []),
        # Too few digits for the cells.
        (["1", "2"], 7, row_total_ok, []),
        # 表四: 10 1 0 0 11 | 0 0 0 0 0 | 5 0 0 0 5 with "11" and "0" fused into "110".
        (
            ["10", "1", "0", "0", "110", "0", "0", "0", "0", "5", "0", "0", "0", "5"],
            15,
            appeal_blocks_ok,
            [[10, 1, 0, 0, 11, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5]],
        ),
        # Not digits at all.
        (["1a"], 1, lambda v: True, []),
    ],
)
def test_candidate_splits(runs, cells, check, expected):
    assert candidate_splits(runs, cells, check) == expected


def _fuse(text: str, printed: str, fused: str) -> str:
    assert text.count(printed) == 1, printed
    return text.replace(printed, fused)


def test_unique_split_in_a_real_report_is_used_and_noted():
    text = (REPORTS / "010-huaian-shizhengfu-2024.txt").read_text(encoding="utf-8")
    text = _fuse(text, "3001 53 0 0 61 4 3119", "3001 53 0 0 61 43119")
    report = read_text(text)
    assert report.tables["applications"]["received"] == {
        "natural_person": 3001,
        "commercial": 53,
        "research": 0,
        "public_interest": 0,
        "legal_services": 61,
        "other": 4,
        "total": 3119,
    }
    assert any("43119" in n and "唯一读作" in n for n in report.notes)
    assert report.tables_status["applications"] == "read_with_assumptions"


def test_fused_table_four_is_split_by_its_block_totals():
    text = (REPORTS / "010-huaian-shizhengfu-2024.txt").read_text(encoding="utf-8")
    text = _fuse(text, "72 64 178 37 351 13 4", "72 64 178 37 35113 4")
    report = read_text(text)
    assert report.tables["appeals"]["reconsideration"]["total"] == 351
    assert report.tables["appeals"]["litigation_direct"]["upheld"] == 13
    assert any("表四" in n and "唯一读作" in n for n in report.notes)


def test_unsplittable_row_makes_only_its_table_unreadable_naming_the_row():
    text = (REPORTS / "009-huaian-hongzequ-2024.txt").read_text(encoding="utf-8")
    text = _fuse(text, "（一）予以公开 50 0 0 0 0 0 50", "（一）予以公开 50 0 0 0 0 051")
    report = read_text(text)
    assert report.tables_status == {
        "proactive": "read",
        "applications": "unreadable",
        "appeals": "read",
    }
    (reason,) = report.tables_reasons["applications"]
    assert reason.startswith("无法读取表三")
    assert "予以公开" in reason and "无法按表内的勾稽关系拆分" in reason
    assert "applications" not in report.tables
    assert report.tables["appeals"]["reconsideration"]["total"] == 2


def _rows(fused: dict[int, list[str]]) -> list[RowRec]:
    """23 records of a 2019 表三, all zero except the ``fused`` positions."""
    recs = [RowRec("", "", ["0"] * 7) for _ in range(23)]
    for i, values in fused.items():
        recs[i] = RowRec("", "", values)
    return recs


AMBIGUOUS = ["110", "0", "0", "0", "0", "11"]  # 1|10 or 11|0
CLEAR = ["11", "0", "0", "0", "0", "0", "11"]


def test_ambiguous_row_settled_by_the_column_totals():
    # received is ambiguous; granted and total say 11 natural persons: R1 picks 11|0.
    notes: list[str] = []
    table, variant, assumed = read_table(
        get_format("2019"), "applications", _rows({0: AMBIGUOUS, 2: CLEAR, 21: CLEAR}), notes
    )
    assert variant is None
    assert table["received"]["natural_person"] == 11
    assert table["received"]["commercial"] == 0
    assert len(assumed) == 1 and "唯一读作 11 0 0 0 0 0 11" in assumed[0]


def test_ambiguous_rows_the_totals_cannot_settle_are_an_error():
    recs = _rows({0: AMBIGUOUS, 2: AMBIGUOUS, 21: AMBIGUOUS})
    with pytest.raises(ReportReadError, match=r"有 2 种拆分都符合表内的勾稽关系") as err:
        read_table(get_format("2019"), "applications", recs, [])
    # The candidates are named, never one of them chosen.
    assert "1 10 0 0 0 0 11" in str(err.value) and "11 0 0 0 0 0 11" in str(err.value)
