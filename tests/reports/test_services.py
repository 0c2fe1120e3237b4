"""Services of the annual report: creating, narrative, entered figures, publishing."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.reports.models import ReportBasis, ReportStatus
from gongkai.reports.services import (
    annual_report_create,
    annual_report_publish,
    annual_report_record_figures,
    annual_report_update_sections,
)
from tests.agencies.factories import AgencyFactory
from tests.reports.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "format_id"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")]
)
def test_create_picks_the_format_in_force_for_the_year(year, format_id):
    report = annual_report_create(agency=AgencyFactory(), year=year)

    assert report.format_id == format_id
    assert report.status == ReportStatus.DRAFT
    assert report.basis == ReportBasis.COMPUTED


def test_create_refuses_a_year_before_the_formats_and_a_second_report():
    agency = AgencyFactory()
    with pytest.raises(ValidationError, match="2018 年没有适用的年度报告格式"):
        annual_report_create(agency=agency, year=2018)
    annual_report_create(agency=agency, year=2021)
    with pytest.raises(ValidationError):
        annual_report_create(agency=agency, year=2021)


def test_update_sections_keeps_other_sections_and_refuses_unknown_keys():
    report = AnnualReportFactory()

    annual_report_update_sections(report=report, sections={"problems": " 问题 "}, preamble="开头")

    report.refresh_from_db()
    assert report.sections["problems"] == "问题"
    assert report.sections["overview"] == "总体情况正文。"
    assert report.preamble == "开头"
    with pytest.raises(ValidationError, match="没有这些部分：summary"):
        annual_report_update_sections(report=report, sections={"summary": "x"})


def test_record_figures_saves_inconsistent_appeals_and_returns_r5():
    report = AnnualReportFactory()

    findings = annual_report_record_figures(
        report=report,
        tables={
            "appeals": {
                "reconsideration": {
                    "upheld": "1",
                    "corrected": 0,
                    "other": 0,
                    "pending": 0,
                    "total": 2,
                }
            }
        },
    )

    report.refresh_from_db()
    assert report.figures["appeals"]["reconsideration"]["total"] == 2
    assert report.figures["appeals"]["litigation_direct"]["total"] is None  # missing row: blank
    assert [f.rule for f in findings if f.severity == "error"] == ["R5"]
    assert "总计为 2" in next(f.message for f in findings if f.rule == "R5")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ({"appeals": {"reconsideration": {"total": "abc"}}}, "“abc”不是非负整数"),
        ({"appeals": {"reconsideration": {"total": "-1"}}}, "“-1”不是非负整数"),
        ({"appeals": {"reconsideration": {"total": "1.5"}}}, "“1.5”不是非负整数"),
        ({"appeals": {"reconsideration": {"nonsense": 1}}}, "没有“nonsense”这一列"),
        ({"appeals": {"nowhere": {"total": 1}}}, "没有“nowhere”这一行"),
        ({"tables": {}}, "没有表格“tables”"),
        ({"proactive": {"procurement": {"amount": "十万"}}}, "“十万”不是数字"),
        ({"proactive": {"fees": {"change": "+-3"}}}, "不是整数（可带 + 或 - 号）"),
    ],
)
def test_record_figures_refuses_bad_input_in_chinese_and_saves_nothing(cell, message):
    report = AnnualReportFactory(figures={"appeals": {}})

    with pytest.raises(ValidationError) as caught:
        annual_report_record_figures(report=report, tables=cell)

    assert any(message in m for m in caught.value.messages), caught.value.messages
    report.refresh_from_db()
    assert report.figures == {"appeals": {}}


def test_record_figures_accepts_signs_decimals_full_width_digits_and_blanks():
    report = AnnualReportFactory()

    annual_report_record_figures(
        report=report,
        tables={
            "proactive": {
                "other_services": {"previous_count": "３", "change": "+3", "decisions": ""},
                "procurement": {"projects": 1, "amount": "12.50"},
            }
        },
    )

    report.refresh_from_db()
    table = report.figures["proactive"]
    assert table["other_services"] == {"previous_count": 3, "change": 3, "decisions": None}
    assert table["procurement"] == {"projects": 1, "amount": 12.5}


def test_computed_report_takes_only_the_proactive_table():
    report = AnnualReportFactory(basis=ReportBasis.COMPUTED)

    with pytest.raises(ValidationError, match="由系统根据办理记录生成，不能录入"):
        annual_report_record_figures(report=report, tables={"applications": {}})


def test_publish_sets_the_date_once():
    report = AnnualReportFactory()

    annual_report_publish(report=report)
    first = report.published_at
    annual_report_publish(report=report)

    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_at == first
