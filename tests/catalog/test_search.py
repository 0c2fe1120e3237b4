"""检索: Chinese queries over the published catalogue on SQLite FTS5 and PostgreSQL full text."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest

from gongkai.catalog.models import CatalogueItemPage
from gongkai.catalog.selectors import catalogue_search, highlight
from gongkai.catalog.tokens import index_tokens, query_tokens
from tests.catalog.conftest import draft
from tests.catalog.test_portal_pages import published

pytestmark = pytest.mark.django_db

ON = datetime.date(2020, 3, 6)


@pytest.fixture
def items(catalogue, clerk, other_agency):
    from gongkai.catalog.models import CatalogueIndexPage, ColumnPage

    made = {
        "budget": published(catalogue, clerk, ON, title="2020年部门预算", summary="部门收支预算。"),
        "procurement": published(
            catalogue,
            clerk,
            ON,
            title="政府集中采购目录",
            article_20_item=9,
            summary="本年度政府集中采购目录及限额标准。",
        ),
        "projects": published(
            catalogue,
            clerk,
            ON,
            title="科技项目资金安排",
            summary="项目采购按规定执行。",
            body="<p>资金安排见附件。</p>",
        ),
    }
    draft(catalogue, clerk, title="预算草稿（未发布）", summary="预算")
    other = ColumnPage.objects.get(agency=other_agency)
    other_catalogue = other.get_children().type(CatalogueIndexPage).get().specific
    made["other"] = published(
        other_catalogue, clerk, ON, title="教育经费预算", summary="教育经费预算。"
    )
    return made


def titles(params) -> list[str]:
    results = catalogue_search(params)
    return [re.sub("<[^>]+>", "", hit.title) for hit in results.page.object_list]


def test_a_two_character_query_finds_every_published_item_containing_it(items):
    assert sorted(titles({"q": "预算"})) == ["2020年部门预算", "教育经费预算"]
    assert sorted(titles({"q": "采购"})) == ["政府集中采购目录", "科技项目资金安排"]
    # The title counts more than the summary.
    assert titles({"q": "采购"})[0] == "政府集中采购目录"
    assert titles({"q": "资金安排"}) == ["科技项目资金安排"]
    assert titles({"q": "附件"}) == ["科技项目资金安排"]  # the body is searched too
    assert titles({"q": "预"}) == titles({"q": "预"}) and len(titles({"q": "预"})) == 2


def test_filters_by_agency_and_item(items, other_agency):
    assert titles({"q": "预算", "agency": other_agency.slug}) == ["教育经费预算"]
    assert titles({"q": "采购", "item": "9"}) == ["政府集中采购目录"]
    assert sorted(titles({"q": "预算", "agency": "nonexistent"})) == [
        "2020年部门预算",
        "教育经费预算",
    ]


def test_drafts_and_withheld_items_are_never_found(items, catalogue, clerk):
    withheld = draft(
        catalogue,
        clerk,
        title="预算内部测算",
        attribute="withheld",
        withholding_reason="state_secret",
    )
    CatalogueItemPage.objects.filter(pk=withheld.pk).update(live=True)
    assert "预算内部测算" not in titles({"q": "预算"})
    assert "预算草稿（未发布）" not in titles({"q": "预算"})


def test_recall_against_a_substring_scan(items):
    everything = CatalogueItemPage.objects.live().filter(attribute="proactive")
    for query in ("预算", "采购", "目录", "资金", "部门预算", "2020"):
        scan = {i.title for i in everything if query in i.title or query in i.summary}
        assert scan <= set(titles({"q": query})), query


@pytest.mark.parametrize(
    "query", ["<script>alert(1)</script>", "%%%", "'; DROP TABLE x;--", "！？。", "预" * 10_000]
)
def test_odd_queries_get_an_answer_not_an_error(client, items, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    text = unescape(response.content.decode())
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "共找到" in text or "请输入要查找的汉字、字母或数字。" in text


def test_the_page_highlights_and_pages(client, items):
    html = client.get("/search/", {"q": "预算"}).content.decode()
    assert "<mark>预算</mark>" in html
    assert "“预算”共找到 2 条信息" in unescape(html)
    assert client.post("/search/", {"q": "预算"}).status_code == 405


def test_tokens():
    assert index_tokens("部门预算PDF") == "部 门 预 算 部门 门预 预算 pdf"
    assert query_tokens("部门预算") == ["部门", "门预", "预算"]
    assert query_tokens("  ！") == []
    assert highlight("<b>预算</b>", ["预算"]) == "&lt;b&gt;<mark>预算</mark>&lt;/b&gt;"
