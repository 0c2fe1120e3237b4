"""The public pages of the annual reports: published ones only."""

import io

import docx
import pytest

from gongkai.reports.models import ReportStatus
from tests.reports.factories import AnnualReportFactory, PublishedReportFactory

pytestmark = pytest.mark.django_db

# The agency, its published reports, and Wagtail's site lookup for the page title.
PUBLIC_LIST_QUERIES = 3


def test_list_shows_the_published_demo_report(client, demo):
    response = client.get("/gongkai/yanchi-kjj/reports/")

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<a href="/gongkai/yanchi-kjj/reports/2020/">盐池县科学技术局2020年政府信息公开工作年度报告</a>'
        in page
    )


def test_detail_shows_the_report_as_html_with_docx_and_pdf_links(client, demo):
    page = client.get("/gongkai/yanchi-kjj/reports/2020/").content.decode()

    assert "一、总体情况" in page
    assert "在政府门户网站公开信息 13 条" in page
    assert 'href="/gongkai/yanchi-kjj/reports/2020/download/docx/"' in page
    assert 'href="/gongkai/yanchi-kjj/reports/2020/download/pdf/"' in page
    assert '<html lang="zh-CN">' in page
    assert page.count("<h1") == 1


def test_public_docx_download_is_the_report(client, demo):
    response = client.get("/gongkai/yanchi-kjj/reports/2020/download/docx/")

    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "一、总体情况" in text


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.SIGNED])
def test_unpublished_report_is_404_everywhere(client, status):
    report = AnnualReportFactory(status=status)
    slug = report.agency.slug

    assert client.get(f"/gongkai/{slug}/reports/2020/").status_code == 404
    assert client.get(f"/gongkai/{slug}/reports/2020/download/docx/").status_code == 404
    listing = client.get(f"/gongkai/{slug}/reports/")
    assert listing.status_code == 200
    assert "尚未发布年度报告" in listing.content.decode()


def test_unknown_agency_year_and_public_format_are_404(client, demo):
    assert client.get("/gongkai/nowhere/reports/").status_code == 404
    assert client.get("/gongkai/yanchi-kjj/reports/2019/").status_code == 404
    assert client.get("/gongkai/yanchi-kjj/reports/2020/download/json/").status_code == 404


def test_public_list_query_count_is_pinned(client, demo, django_assert_num_queries):
    for year in (2021, 2022):
        PublishedReportFactory(agency=demo.agency, year=year, format_id="2021")
    client.get("/gongkai/yanchi-kjj/reports/")

    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        response = client.get("/gongkai/yanchi-kjj/reports/")

    assert response.content.decode().count('href="/gongkai/yanchi-kjj/reports/20') == 3


def test_public_render_failure_is_a_chinese_page(client, demo, monkeypatch):
    from gongkai.annual_report.render import RenderError
    from gongkai.reports.views import downloads

    def no_font(report, fmt):
        raise RenderError("本机未安装中文字体，无法生成 PDF。")

    monkeypatch.setattr(downloads, "render", no_font)

    response = client.get("/gongkai/yanchi-kjj/reports/2020/download/pdf/")

    assert response.status_code == 503
    assert "本机未安装中文字体" in response.content.decode()
