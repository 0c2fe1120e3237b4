"""Where the public finds the application form and the progress query: the column's front page
and each agency's annual-report list link to them."""

import pytest

from gongkai.portal.models import HomePage
from tests.agencies.factories import AgencyFactory
from tests.reports.factories import PublishedReportFactory

pytestmark = pytest.mark.django_db


def test_front_page_links_the_columns_agency_form_and_the_query(client, agency):
    home = HomePage.objects.get()
    home.agency = agency
    home.save()

    html = client.get("/").content.decode()

    assert '<a href="/gongkai/yanchi-kjj/apply/">向盐池县科学技术局申请公开政府信息</a>' in html
    assert '<a href="/gongkai/track/">查询申请办理进度</a>' in html


def test_front_page_without_an_agency_still_links_the_query(client, db):
    html = client.get("/").content.decode()

    assert "/apply/" not in html
    assert '<a href="/gongkai/track/">查询申请办理进度</a>' in html


def test_front_page_links_each_reporting_agencys_form(client, db):
    bureau = AgencyFactory(name="盐池县农业农村局", slug="yanchi-nyj")
    PublishedReportFactory(agency=bureau, year=2020)

    html = client.get("/").content.decode()

    assert (
        '<a href="/gongkai/yanchi-nyj/apply/" aria-label="向盐池县农业农村局申请公开政府信息">'
        "申请公开</a>" in html
    )


def test_report_list_links_the_agencys_form_and_the_query(client, agency):
    html = client.get("/gongkai/yanchi-kjj/reports/").content.decode()

    assert '<a href="/gongkai/yanchi-kjj/apply/">向盐池县科学技术局申请公开政府信息</a>' in html
    assert '<a href="/gongkai/track/">查询申请办理进度</a>' in html
