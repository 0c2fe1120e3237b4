"""The consistency checks R1-R9 and the narrative check, on hand-built reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.annual_report.checks import check_report, has_errors
from gongkai.annual_report.findings import RULE_NAMES, rule_label
from gongkai.annual_report.model import ReportData

DEMO = Path(__file__).resolve().parents[2] / "gongkai" / "demo" / "yanchi_kjj_2020.json"
APPLICANT_COLS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
)


def seed() -> ReportData:
    return ReportData.from_json(json.loads(DEMO.read_text(encoding="utf-8")))


def natural_only(report: ReportData, row: str, n: int) -> None:
    """Put ``n`` applications from natural persons into ``row`` (total column kept consistent)."""
    report.tables["applications"][row].update(natural_person=n, total=n)


def hongze_2023() -> ReportData:
    """The figures of 008 (淮安市洪泽区人民政府 2023) as EXPECTED.md reads them."""
    r = ReportData.empty(
        "2021", year=2023, agency="洪泽区人民政府", variants={"applications": "other_single"}
    )
    for row, n in {
        "received": 21,
        "partially_granted": 4,
        "withheld_state_secret": 1,
        "withheld_process_information": 1,
        "withheld_law_enforcement_files": 1,
        "unavailable_not_held": 10,
        "unavailable_needs_creation": 3,
        "not_processed_petition": 1,
        "total": 21,
    }.items():
        natural_only(r, row, n)
    appeals = r.tables["appeals"]
    appeals["reconsideration"].update(upheld=10, corrected=1, total=0)
    appeals["litigation_after_reconsideration"].update(upheld=5, total=0)
    return r


def rules(findings, severity="error"):
    return sorted((f.rule, f.table, f.row, f.column) for f in findings if f.severity == severity)


def test_seed_report_is_consistent():
    assert check_report(seed()) == []


def test_hongze_2023_table_four_totals_are_the_two_real_errors():
    findings = check_report(hongze_2023())
    assert rules(findings) == [
        ("R5", "appeals", "litigation_after_reconsideration", "total"),
        ("R5", "appeals", "reconsideration", "total"),
    ]
    by_row = {f.row: f for f in findings}
    assert (by_row["reconsideration"].expected, by_row["reconsideration"].actual) == (11, 0)
    assert (
        by_row["litigation_after_reconsideration"].expected,
        by_row["litigation_after_reconsideration"].actual,
    ) == (5, 0)
    assert (
        "行政复议" in by_row["reconsideration"].message
        and "总计为 0" in by_row["reconsideration"].message
    )


def test_r1_received_plus_carried_over_equals_finished_plus_carried_forward():
    r = seed()
    natural_only(r, "received", 5)
    natural_only(r, "granted", 4)
    natural_only(r, "total", 4)
    # 5 + 0 != 4 + 0: one application vanished.
    found = [f for f in check_report(r) if f.rule == "R1"]
    assert [(f.column, f.expected, f.actual) for f in found] == [
        ("natural_person", 5, 4),
        ("total", 5, 4),
    ]
    assert "第一项加第二项之和" in found[0].message


def test_r3_total_less_than_its_outcomes_and_r2_when_counted_twice():
    r = seed()
    r.sections["overview"] = ""  # its "无依申请公开件" would contradict the figures below
    natural_only(r, "received", 3)
    natural_only(r, "total", 3)
    natural_only(r, "granted", 1)
    natural_only(r, "partially_granted", 1)
    natural_only(r, "withheld_third_party_rights", 1)
    assert check_report(r) == []
    natural_only(r, "withheld_internal_affairs", 1)  # the 部分公开 one counted again under a reason
    r2 = [f for f in check_report(r) if f.rule == "R2"]
    assert [(f.row, f.column, f.expected, f.actual) for f in r2] == [
        ("total", "natural_person", 4, 3),
        ("total", "total", 4, 3),
    ]
    assert "区分处理" in r2[0].message
    natural_only(r, "withheld_internal_affairs", 0)
    natural_only(r, "granted", 0)
    assert rules(check_report(r)) == [
        ("R3", "applications", "total", "natural_person"),
        ("R3", "applications", "total", "total"),
    ]


def test_r4_row_total_is_the_sum_of_applicant_columns():
    r = seed()
    r.tables["applications"]["received"].update(natural_person=2, commercial=1, total=2)
    found = [f for f in check_report(r) if f.rule == "R4"]
    assert [(f.row, f.expected, f.actual) for f in found] == [("received", 3, 2)]


def test_blank_cells_are_warnings_and_counted_as_zero():
    r = seed()
    r.tables["appeals"]["reconsideration"].update(upheld=2, corrected=None, total=2)
    findings = check_report(r)
    assert rules(findings) == []
    assert rules(findings, "warning") == [("blank", "appeals", "reconsideration", "corrected")]
    r.tables["appeals"]["reconsideration"]["total"] = 3
    (r5,) = [f for f in check_report(r) if f.rule == "R5"]
    assert "空白单元格按 0 计算" in r5.message


def test_r6_counts_are_non_negative_integers_but_changes_may_be_negative():
    r = seed()
    r.tables["proactive"]["other_services"]["change"] = -2
    assert check_report(r) == []
    r.tables["proactive"]["penalties"]["decisions"] = -1
    assert rules(check_report(r)) == [("R6", "proactive", "penalties", "decisions")]


@pytest.mark.parametrize(
    ("carried_forward_last_year", "errors"),
    [
        (0, []),
        (
            2,
            [
                ("R7", "applications", "carried_over", "natural_person"),
                ("R7", "applications", "carried_over", "total"),
            ],
        ),
    ],
)
def test_r7_carried_over_equals_last_years_carried_forward(carried_forward_last_year, errors):
    last = seed()
    last.year = 2019
    natural_only(last, "carried_forward", carried_forward_last_year)
    assert rules([f for f in check_report(seed(), previous=last) if f.rule == "R7"]) == errors


def test_r8_project_stock_rolls_forward_in_the_2019_format():
    last = seed()
    last.year = 2019
    last.tables["proactive"]["other_services"].update(previous_count=1, change=2)  # 1 + 2 = 3 ✓
    last.tables["proactive"]["penalties"].update(previous_count=2, change=1)  # 2 + 1 = 3 ≠ 2
    found = [f for f in check_report(seed(), previous=last) if f.rule == "R8"]
    assert [(f.row, f.expected, f.actual) for f in found] == [("penalties", 3, 2)]


def test_r9_documents_in_force_roll_forward_is_only_a_warning():
    last = ReportData.empty("2021", year=2023)
    last.tables["proactive"]["normative_documents"].update(in_force=10)
    now = ReportData.empty("2021", year=2024)
    now.tables["proactive"]["normative_documents"].update(issued=3, repealed=1, in_force=11)
    (w,) = check_report(now, previous=last)
    assert (w.rule, w.severity, w.expected, w.actual) == ("R9", "warning", 12, 11)
    assert not has_errors([w])


def test_decimal_fee_amounts_are_accepted():
    r = ReportData.empty("2021", year=2023)
    r.tables["proactive"]["fees"]["amount_10k_yuan"] = Decimal("7730.28")
    assert check_report(r) == []


def test_narrative_statement_contradicting_table_three_is_an_error():
    r = ReportData.empty("2021", year=2024, variants={"applications": "other_single"})
    for row, n in {
        "received": 95,
        "granted": 50,
        "partially_granted": 9,
        "withheld_three_securities_one_stability": 1,
        "withheld_process_information": 1,
        "withheld_law_enforcement_files": 1,
        "unavailable_not_held": 31,
        "unavailable_needs_creation": 1,
        "not_processed_petition": 1,
        "total": 95,
    }.items():
        natural_only(r, row, n)
    r.sections["overview"] = (
        "2024 年，区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。"
    )
    (f,) = [f for f in check_report(r) if f.severity == "error"]
    assert (f.rule, f.table, f.row, f.column, f.expected, f.actual) == (
        "narrative",
        "applications",
        "received",
        "total",
        95,
        17,
    )
    assert "17" in f.message and "95" in f.message


def test_narrative_figures_that_agree_raise_nothing():
    r = ReportData.empty("2021", year=2024)
    apps = r.tables["applications"]
    apps["received"].update(natural_person=3119, total=3119)
    apps["carried_over"].update(natural_person=34, total=34)
    apps["granted"].update(natural_person=3050, total=3050)
    apps["total"].update(natural_person=3050, total=3050)
    apps["carried_forward"].update(natural_person=103, total=103)
    r.tables["appeals"]["reconsideration"].update(
        upheld=72, corrected=64, other=178, pending=37, total=351
    )
    r.tables["appeals"]["litigation_direct"].update(
        upheld=13, corrected=4, other=8, pending=1, total=26
    )
    r.tables["appeals"]["litigation_after_reconsideration"].update(
        upheld=12, corrected=1, other=1, pending=6, total=20
    )
    r.sections["overview"] = (
        "2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）。"
        "政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；"
        "政府信息公开行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
    )
    assert check_report(r) == []
    r.sections["overview"] = r.sections["overview"].replace("结果纠正 5 件", "结果纠正 6 件")
    (f,) = check_report(r)
    assert (f.table, f.column, f.expected, f.actual) == ("appeals", "corrected", 5, 6)


def test_the_year_must_have_a_format_and_match_it():
    r = seed()
    r.year = 2018
    (f,) = check_report(r)
    assert (f.rule, f.severity, f.actual) == ("format", "error", 2018)
    assert "2019" in f.message
    r.year = 2021  # a 2021 report printed in the 2019 format
    (f,) = check_report(r)
    assert (f.rule, f.severity) == ("format", "error")
    assert "国办公开办函〔2021〕30号" in f.message
    r.year = None
    assert [(f.rule, f.severity) for f in check_report(r)] == [("format", "warning")]


def test_a_layout_variant_is_a_warning_not_an_error():
    findings = check_report(hongze_2023())
    assert [(f.rule, f.table) for f in findings if f.severity == "warning"] == [
        ("layout", "applications")
    ]
    assert "其他处理只印了一行" in next(f.message for f in findings if f.rule == "layout")


@pytest.mark.parametrize(
    ("rule", "label"),
    [
        ("R1", "R1（收支平衡）"),
        ("narrative", "正文与表格一致"),
        ("blank", "空白单元格"),
        ("R99", "R99"),
    ],
)
def test_rules_have_chinese_labels(rule, label):
    assert rule_label(rule) == label


def test_every_rule_the_formats_declare_has_a_chinese_name():
    formats = Path(__file__).resolve().parents[2] / "gongkai/annual_report/formats"
    declared = {
        rule[key]
        for path in formats.glob("fmt*.json")
        for rule in json.loads(path.read_text(encoding="utf-8"))["rules"]
        for key in ("id", "over_rule")
        if key in rule
    }
    assert declared <= set(RULE_NAMES)
