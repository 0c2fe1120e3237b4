"""report_data and reports_visible_to."""

import pytest

from gongkai.annual_report.checks import check_report
from gongkai.reports.models import AnnualReport, ReportBasis
from gongkai.reports.selectors import ReportNotFound, report_data, reports_visible_to
from tests.agencies.factories import AgencyFactory, UserFactory
from tests.reports.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


def test_demo_report_data_equals_the_demo_json_cell_for_cell(demo, demo_json):
    report = report_data("yanchi-kjj", 2020)

    assert report.to_json()["tables"] == demo_json["tables"]
    assert report.sections == demo_json["sections"]
    assert report.preamble == demo_json["preamble"]
    assert report.title == demo_json["title"]
    assert report.agency == "盐池县科学技术局"


def test_demo_report_has_no_findings(demo):
    assert check_report(report_data("yanchi-kjj", 2020)) == []


def test_unknown_agency_and_unknown_year_say_which_in_chinese(demo):
    with pytest.raises(ReportNotFound, match=r"^未找到机关 nowhere$"):
        report_data("nowhere", 2020)
    with pytest.raises(ReportNotFound, match=r"^未找到机关 yanchi-kjj 的 2021 年度报告$"):
        report_data("yanchi-kjj", 2021)


def test_computed_report_has_zero_applications_and_appeals_and_ignores_typed_figures():
    report = AnnualReportFactory(
        basis=ReportBasis.COMPUTED,
        year=2022,
        format_id="2021",
        figures={"proactive": {"regulations": {"issued": 2, "repealed": 0, "in_force": 5}}},
    )

    data = report_data(report.agency.slug, 2022)

    # 表二 of a computed year comes from the records (none here), never from typed figures.
    assert data.cell("proactive", "regulations", "issued") == 0
    assert data.tables["applications"]["received"]["total"] == 0
    assert data.tables["appeals"]["reconsideration"]["total"] == 0
    assert set(data.sections) == {s.key for s in data.format.sections}


def test_reports_visible_to_a_clerk_are_their_agencys_only(kjj_clerk, other_clerk, demo):
    other = AnnualReportFactory(agency=other_clerk.agency_memberships.get().agency)
    # The demo bureau's 2020 report and its current year's draft (load_demo adds both).
    bureau_reports = list(AnnualReport.objects.filter(agency=demo.agency))
    assert demo in bureau_reports and other not in bureau_reports

    assert list(reports_visible_to(kjj_clerk)) == bureau_reports
    assert list(reports_visible_to(other_clerk)) == [other]
    assert set(reports_visible_to(UserFactory(is_superuser=True))) == {*bureau_reports, other}
    assert list(reports_visible_to(UserFactory())) == []


def test_inactive_member_sees_nothing(kjj_clerk):
    kjj_clerk.is_active = False
    kjj_clerk.save()
    AgencyFactory()

    assert list(reports_visible_to(kjj_clerk)) == []
