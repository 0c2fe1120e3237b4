"""A published report page and its files: ETag of what they show, Last-Modified, 304s."""

import datetime

import pytest

from gongkai.applications.models import Channel
from gongkai.reports.models import ReportBasis
from gongkai.reports.services import annual_report_update_sections
from gongkai.statute.outcomes import Outcome
from tests.applications.factories import ApplicationFactory
from tests.reports.factories import PublishedReportFactory

pytestmark = pytest.mark.django_db

DETAIL = "/gongkai/yanchi-kjj/reports/2020/"


def test_the_published_report_may_be_cached_for_a_minute_and_revalidated(client, demo):
    response = client.get(DETAIL)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith(" GMT")

    by_etag = client.get(DETAIL, HTTP_IF_NONE_MATCH=response["ETag"])
    by_date = client.get(DETAIL, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag["Cache-Control"] == "public, max-age=60"


def test_a_correction_changes_the_etag(client, demo):
    tag = client.get(DETAIL)["ETag"]
    annual_report_update_sections(
        report=demo, sections={**demo.sections, "other_matters": "更正：无其他需要报告的事项。"}
    )

    response = client.get(DETAIL, HTTP_IF_NONE_MATCH=tag)

    assert response.status_code == 200
    assert response["ETag"] != tag
    assert "更正：无其他需要报告的事项。" in response.content.decode()


def test_the_files_are_conditional_too(client, demo):
    url = f"{DETAIL}download/docx/"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    # Each file has its own tag.
    assert client.get(f"{DETAIL}download/pdf/")["ETag"] != first["ETag"]


def test_a_computed_report_changes_its_etag_when_its_records_do(client):
    report = PublishedReportFactory(year=2025, format_id="2021", basis=ReportBasis.COMPUTED)
    url = f"/gongkai/{report.agency.slug}/reports/2025/"
    tag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304

    ApplicationFactory(
        agency=report.agency,
        received_on=datetime.date(2025, 3, 3),
        channel=Channel.IN_PERSON,
        outcome=Outcome.GRANTED,
    )
    response = client.get(url, HTTP_IF_NONE_MATCH=tag)

    # 表三 counts the new application: what the page shows changed, so does its tag.
    assert response.status_code == 200
    assert "Last-Modified" not in response


def test_the_list_is_a_304_without_a_query_until_a_report_is_published(
    client, demo, django_assert_num_queries
):
    url = "/gongkai/yanchi-kjj/reports/"
    tag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304

    PublishedReportFactory(agency=demo.agency, year=2021, format_id="2021")

    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200
