"""表三 of a computed annual report comes from the agency's applications (``report_data_for``)."""

import datetime

import pytest

from gongkai.annual_report.checks import check_report
from gongkai.reports.models import AnnualReport, ReportBasis
from gongkai.reports.selectors import report_data, report_data_for
from gongkai.statute.outcomes import Outcome
from tests.agencies.factories import AgencyFactory
from tests.applications.factories import ApplicationFactory
from tests.reports.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    bureau = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    other = AgencyFactory(name="盐池县农业农村局", slug="yanchi-nyj")
    d = datetime.date
    ApplicationFactory(agency=bureau, received_on=d(2024, 12, 20))  # 二 and 四
    ApplicationFactory(
        agency=bureau,
        received_on=d(2025, 2, 10),
        applicant_category="research",
        outcome=Outcome.OTHER_UNPAID_FEE,
        closed_on=d(2025, 3, 30),
    )
    ApplicationFactory(
        agency=bureau,
        received_on=d(2025, 5, 6),
        applicant_category="commercial",
        outcome=Outcome.WITHHELD_THIRD_PARTY_RIGHTS,
    )
    ApplicationFactory(agency=other, received_on=d(2025, 5, 6))  # not the bureau's
    return bureau


def test_computed_2021_report_counts_the_agencys_applications_in_three_other_rows(
    agency, django_assert_num_queries
):
    report = AnnualReport.objects.select_related("agency").get(
        pk=AnnualReportFactory(
            agency=agency, year=2025, format_id="2021", basis=ReportBasis.COMPUTED
        ).pk
    )

    # 表三 in one query, however many applications; 表二 in four (the catalogue's documents,
    # the lists of matters at both year ends, the year's tallies: tests/reports/test_proactive.py).
    with django_assert_num_queries(5):
        table = report_data_for(report).tables["applications"]

    assert table["received"] == {
        "natural_person": 0,
        "commercial": 1,
        "research": 1,
        "public_interest": 0,
        "legal_services": 0,
        "other": 0,
        "total": 2,
    }
    assert table["carried_over"]["natural_person"] == 1
    assert table["other_unpaid_fee"]["research"] == 1
    assert table["withheld_third_party_rights"]["commercial"] == 1
    assert table["total"]["total"] == 2
    assert table["carried_forward"]["total"] == 1
    assert "other" not in table


def test_computed_report_respects_the_single_other_row_variant(agency):
    AnnualReportFactory(
        agency=agency,
        year=2025,
        format_id="2021",
        basis=ReportBasis.COMPUTED,
        variants={"applications": "other_single"},
    )

    data = report_data("yanchi-kjj", 2025)

    assert data.tables["applications"]["other"]["research"] == 1
    assert "other_unpaid_fee" not in data.tables["applications"]
    assert [f.rule for f in check_report(data) if f.table == "applications"] == ["layout"]


def test_recorded_report_keeps_its_entered_table3(agency):
    AnnualReportFactory(agency=agency, year=2025, format_id="2021", basis=ReportBasis.RECORDED)

    data = report_data("yanchi-kjj", 2025)

    # Entered figures (none here), not the three applications on record.
    assert "applications" not in data.tables or data.tables["applications"] == {}
