"""The text reader on the seed report and the three real reports of tests/fixtures/reports.

Every figure asserted here is the hand-checked reading of EXPECTED.md (or, for the seed, the
demo JSON that is its canonical form); every other cell of 表三 must be 0.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.annual_report.importer import read_report, read_text
from gongkai.annual_report.model import ReportData
from tests.annual_report.render_data import TOTALS_2024

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "fixtures" / "reports"
DEMO = ROOT / "gongkai" / "demo" / "yanchi_kjj_2020.json"
COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other")


def demo() -> ReportData:
    return ReportData.from_json(json.loads(DEMO.read_text(encoding="utf-8")))


def read(name: str) -> ReportData:
    return read_report(REPORTS / name)


def applications_nonzero(report: ReportData) -> dict[str, dict[str, int]]:
    return {
        row: {c: v for c, v in cols.items() if v}
        for row, cols in report.tables["applications"].items()
        if any(cols.values())
    }


def natural(n: int) -> dict[str, int]:
    return {"natural_person": n, "total": n}


# ------------------------------------------------------------------------------------- seed


def test_seed_tables_equal_the_demo_json_cell_for_cell():
    report = read("yanchi-kjj-2020-annual-report.txt")
    expected = demo()
    assert report.tables == expected.tables
    assert (report.format_id, report.year, report.agency, report.title) == (
        "2019",
        2020,
        "盐池县科学技术局",
        "盐池县科学技术局2020年政府信息公开工作年度报告",
    )
    assert report.variants == {}


def test_seed_sections_and_preamble_equal_the_demo_json():
    report = read("yanchi-kjj-2020-annual-report.txt")
    expected = demo()
    assert report.sections == expected.sections
    assert report.preamble == expected.preamble


def test_seed_notes_the_misspelt_column_and_the_extra_zero_of_table_four():
    notes = read("yanchi-kjj-2020-annual-report.txt").notes
    assert any("商业机构" in n and "商业企业" in n for n in notes)
    assert any("表四" in n and "16 个数" in n for n in notes)


def test_seed_signed_change_is_an_int():
    row = read("yanchi-kjj-2020-annual-report.txt").tables["proactive"]["other_services"]
    assert row == {"previous_count": 3, "change": 3, "decisions": 0}


# ------------------------------------------------------------------------------------- 008


def test_008_hongze_2023():
    r = read("008-huaian-hongzequ-2023.txt")
    assert (r.format_id, r.year) == ("2021", 2023)
    assert r.agency == "淮安市洪泽区人民政府"  # the preamble names it with its city
    assert r.title == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert r.variants == {"applications": "other_single"}
    assert applications_nonzero(r) == {
        "received": natural(21),
        "partially_granted": natural(4),
        "withheld_state_secret": natural(1),
        "withheld_process_information": natural(1),
        "withheld_law_enforcement_files": natural(1),
        "unavailable_not_held": natural(10),
        "unavailable_needs_creation": natural(3),
        "not_processed_petition": natural(1),
        "total": natural(21),
    }
    assert set(r.tables["applications"]) >= {"other", "carried_over", "carried_forward"}
    a = r.tables["appeals"]
    assert [list(a[k].values()) for k in a] == [
        [10, 1, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [5, 0, 0, 0, 0],
    ]
    p = r.tables["proactive"]
    assert p["normative_documents"] == {"issued": 0, "repealed": 5, "in_force": 5}
    assert p["licensing"] == {"decisions": 550}
    assert p["penalties"] == {"decisions": 4119}
    assert p["enforcement"] == {"decisions": 195}
    assert p["fees"] == {"amount_10k_yuan": Decimal("7730.28")}
    assert any("其他法律行政止公开" in n and "其他法律行政法规禁止公开" in n for n in r.notes)
    assert "21 件" in r.sections["overview"]


# ------------------------------------------------------------------------------------- 009


def test_009_hongze_2024():
    r = read("009-huaian-hongzequ-2024.txt")
    assert (r.format_id, r.year, r.agency) == ("2021", 2024, "淮安市洪泽区人民政府")
    assert r.variants == {"applications": "other_single"}
    assert applications_nonzero(r) == {
        "received": natural(95),
        "granted": natural(50),
        "partially_granted": natural(9),
        "withheld_three_securities_one_stability": natural(1),
        "withheld_process_information": natural(1),
        "withheld_law_enforcement_files": natural(1),
        "unavailable_not_held": natural(31),
        "unavailable_needs_creation": natural(1),
        "not_processed_petition": natural(1),
        "total": natural(95),
    }
    a = r.tables["appeals"]
    assert [list(a[k].values()) for k in a] == [
        [1, 1, 0, 0, 2],
        [1, 0, 0, 0, 1],
        [2, 0, 1, 0, 3],
    ]
    # The narrative's 17 contradicts the table's 95: the importer keeps both as printed.
    assert "17 件" in r.sections["overview"]


# ------------------------------------------------------------------------------------- 010


def test_010_huaian_city_2024():
    r = read("010-huaian-shizhengfu-2024.txt")
    assert (r.format_id, r.year, r.agency) == ("2021", 2024, "淮安市人民政府")
    assert r.variants == {}  # （六） printed as three rows: the 2021 layout itself
    t = r.tables["applications"]
    totals = {row: cols["total"] for row, cols in t.items()}
    assert totals == TOTALS_2024  # EXPECTED.md's 总计 column of 010, row by row
    assert t["total"]["natural_person"] == 2932
    for row, cols in t.items():  # R4 holds on every printed row
        assert cols["total"] == sum(cols[c] for c in COLS), row
    a = r.tables["appeals"]
    assert [list(a[k].values()) for k in a] == [
        [72, 64, 178, 37, 351],
        [13, 4, 8, 1, 26],
        [12, 1, 1, 6, 20],
    ]
    assert r.tables["proactive"]["fees"] == {"amount_10k_yuan": Decimal("96171.6")}
    assert r.notes == []


@pytest.mark.parametrize(
    "name",
    [
        "yanchi-kjj-2020-annual-report.txt",
        "008-huaian-hongzequ-2023.txt",
        "009-huaian-hongzequ-2024.txt",
        "010-huaian-shizhengfu-2024.txt",
    ],
)
def test_read_text_equals_read_report_and_sections_have_no_page_footers(name):
    text = (REPORTS / name).read_text(encoding="utf-8")
    r = read_text(text)
    assert r.to_json() == read(name).to_json()
    for body in r.sections.values():
        assert "- 3 -" not in body
        assert "# source" not in body
    assert r.sections["overview"] and r.sections["problems"] and r.sections["other_matters"]


def test_page_breaks_and_footers_inside_tables_are_ignored():
    text = (REPORTS / "010-huaian-shizhengfu-2024.txt").read_text(encoding="utf-8")
    broken = text.replace("\n- 4 -\n", "\n- 4 -\f第 4 页 共 6 页\n").replace("\n- 3 -\n", "\f")
    assert broken.count("\f") == 2
    assert read_text(broken).tables == read_text(text).tables


def test_title_is_found_without_section_headings():
    text = (REPORTS / "yanchi-kjj-2020-annual-report.txt").read_text(encoding="utf-8")
    text = text.replace("一、总体情况", "总体情况")
    r = read_text(text)
    assert (r.year, r.agency) == (2020, "盐池县科学技术局")
