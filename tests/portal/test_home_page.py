"""The portal home page, end to end through HTTP on the migrated database."""

import pytest

from gongkai.agencies.models import Agency
from gongkai.portal.models import HomePage
from tests.agencies.factories import AgencyFactory
from tests.reports.factories import AnnualReportFactory, PublishedReportFactory

pytestmark = pytest.mark.django_db


def test_root_url_serves_the_chinese_disclosure_column(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "<h1>信息公开</h1>" in html
    assert "《中华人民共和国政府信息公开条例》" in html
    assert '<main id="main"' in html
    assert 'href="#main">跳到主要内容</a>' in html
    assert "尚未发布年度报告。" in html


def test_home_page_lists_published_annual_reports_by_agency(client, django_assert_num_queries):
    county = AgencyFactory(name="盐池县人民政府", slug="yanchi")
    bureau = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj", parent=county)
    PublishedReportFactory(agency=bureau, year=2020)
    PublishedReportFactory(agency=bureau, year=2021, format_id="2021")
    AnnualReportFactory(agency=bureau, year=2022, format_id="2021")  # a draft: not public
    PublishedReportFactory(agency=AgencyFactory(name="外县某局", slug="elsewhere"), year=2020)

    html = client.get("/").content.decode()
    assert '<a href="/gongkai/yanchi-kjj/reports/">盐池县科学技术局</a>' in html
    assert '<a href="/gongkai/yanchi-kjj/reports/2021/">2021年</a>、' in html
    assert "/gongkai/yanchi-kjj/reports/2022/" not in html
    assert "外县某局" in html

    # A county government's column lists only itself and its departments.
    home = HomePage.objects.get()
    home.agency = county
    home.save()
    # Wagtail's own five (site, page, ancestors, view restrictions twice), the page's agency,
    # one for every report listed, however many there are, whether the page is restricted (no
    # public ETag then: gongkai.httpcache.pages), the child pages, the agencies' columns (one
    # query however many) and the site of their links.
    PublishedReportFactory(agency=AgencyFactory(slug="yanchi-x", parent=county), year=2020)
    with django_assert_num_queries(11):
        html = client.get("/").content.decode()
    assert "盐池县科学技术局" in html
    # Every agency's 政府信息公开 column is linked from the region's page.
    assert '<a href="/yanchi-kjj/">盐池县科学技术局</a>' in html
    assert "外县某局" not in html


def test_home_page_shows_the_agency_guide_contacts(client):
    agency = Agency.objects.create(
        name="盐池县科学技术局",
        slug="yanchi-kjj",
        disclosure_office="办公室",
        phone="0953-6012345",
        email="kjj@example.gov.cn",
    )
    home = HomePage.objects.get()
    home.agency = agency
    home.save()

    html = client.get("/").content.decode()

    assert "盐池县科学技术局政府信息公开" in html
    assert "<dt>政府信息公开工作机构</dt><dd>办公室</dd>" in html
    assert 'href="tel:0953-6012345"' in html
    assert "mailto:kjj@example.gov.cn" in html


def test_unknown_url_gives_a_chinese_404_without_details(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "Traceback" not in html
