"""Render a report with the project's renderers, read the file back with the importer.

What goes out must come back: every cell of the three tables, the format, the year and the
agency. The 2019 case is the demo report (the seed); the 2021 case carries the 010 figures
(淮安市人民政府 2024, （六） in three rows) as EXPECTED.md lists them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("gongkai.annual_report.render")

from gongkai.annual_report.importer import read_bytes
from gongkai.annual_report.model import ReportData
from gongkai.annual_report.render import render

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "gongkai" / "demo" / "yanchi_kjj_2020.json"
COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other")


def demo() -> ReportData:
    return ReportData.from_json(json.loads(DEMO.read_text(encoding="utf-8")))


def huaian_2024() -> ReportData:
    """The 2021-format report of 010 (淮安市人民政府 2024), built from its figures."""
    r = ReportData.empty("2021", year=2024, agency="淮安市人民政府")
    r.title = "淮安市人民政府2024年政府信息公开工作年度报告"
    r.sections["overview"] = "2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件。"
    p = r.tables["proactive"]
    p["regulations"].update(issued=1, repealed=0, in_force=11)
    p["normative_documents"].update(issued=8, repealed=26, in_force=66)
    p["licensing"]["decisions"] = 447228
    p["penalties"]["decisions"] = 3985758
    p["enforcement"]["decisions"] = 88283
    from decimal import Decimal

    p["fees"]["amount_10k_yuan"] = Decimal("96171.6")
    rows = {  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他
        "received": (3001, 53, 0, 0, 61, 4),
        "carried_over": (34, 0, 0, 0, 0, 0),
        "granted": (1288, 21, 0, 0, 50, 3),
        "partially_granted": (447, 7, 0, 0, 0, 0),
        "withheld_state_secret": (2, 0, 0, 0, 0, 0),
        "withheld_prohibited_by_law": (30, 1, 0, 0, 0, 0),
        "withheld_three_securities_one_stability": (5, 0, 0, 0, 0, 0),
        "withheld_third_party_rights": (6, 0, 0, 0, 0, 0),
        "withheld_internal_affairs": (7, 1, 0, 0, 0, 0),
        "withheld_process_information": (12, 0, 0, 0, 0, 0),
        "withheld_law_enforcement_files": (9, 0, 0, 0, 0, 0),
        "withheld_administrative_inquiry": (105, 0, 0, 0, 0, 0),
        "unavailable_not_held": (746, 12, 0, 0, 10, 1),
        "unavailable_needs_creation": (11, 0, 0, 0, 0, 0),
        "unavailable_still_unclear": (1, 0, 0, 0, 0, 0),
        "not_processed_petition": (56, 6, 0, 0, 0, 0),
        "not_processed_duplicate": (25, 0, 0, 0, 0, 0),
        "not_processed_confirmation": (1, 0, 0, 0, 0, 0),
        "other_no_supplement": (67, 3, 0, 0, 1, 0),
        "other_unpaid_fee": (6, 0, 0, 0, 0, 0),
        "other_other": (108, 2, 0, 0, 0, 0),
        "total": (2932, 53, 0, 0, 61, 4),
        "carried_forward": (103, 0, 0, 0, 0, 0),
    }
    for row, values in rows.items():
        r.tables["applications"][row].update(
            dict(zip(COLS, values, strict=True)), total=sum(values)
        )
    a = r.tables["appeals"]
    for row, values in zip(
        a, ((72, 64, 178, 37, 351), (13, 4, 8, 1, 26), (12, 1, 1, 6, 20)), strict=True
    ):
        a[row] = dict(
            zip(("upheld", "corrected", "other", "pending", "total"), values, strict=True)
        )
    return r


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("make", [demo, huaian_2024], ids=["2019-seed", "2021-010"])
def test_render_then_read_gives_the_same_report(make, fmt):
    report = make()
    back = read_bytes(render(report, fmt), f".{fmt}")
    assert back.tables == report.tables
    assert (back.format_id, back.year, back.agency) == (
        report.format_id,
        report.year,
        report.agency,
    )
    assert back.variants == report.variants
    assert back.title == report.title


def test_the_010_figures_add_up():
    t = huaian_2024().tables["applications"]
    assert (t["received"]["total"], t["total"]["total"], t["carried_forward"]["total"]) == (
        3119,
        3050,
        103,
    )
