"""sitemap.xml, robots.txt and the item pages' search-engine metadata, over HTTP."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from gongkai.catalog.models import CatalogueItemPage
from tests.catalog.public_outputs import non_public_items
from tests.catalog.test_portal_pages import published

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(client, path) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 - our own answer


def urls(client, path) -> dict[str, str | None]:
    """The addresses of a sitemap file (without the host) and their lastmod."""
    return {
        url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"): url.findtext(
            f"{SITEMAP}lastmod"
        )
        for url in xml(client, path).findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_every_public_page_and_published_item(client, catalogue, clerk):
    shown = published(catalogue, clerk, datetime.date(2020, 3, 6), title="公开的信息")
    hidden = non_public_items(catalogue, clerk)

    index = xml(client, "/sitemap.xml")
    sections = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
    assert sections == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-items.xml",
    ]
    assert all(s.findtext(f"{SITEMAP}lastmod") for s in index.findall(f"{SITEMAP}sitemap"))

    pages = urls(client, "/sitemap-pages.xml")
    for path in ("/", "/yanchi-kjj/", "/yanchi-kjj/guide/", "/yanchi-kjj/rules/", catalogue.url):
        assert path in pages, path
    assert pages["/yanchi-kjj/"]  # lastmod; a page never published through Wagtail has none

    items = urls(client, "/sitemap-items.xml")
    shown.refresh_from_db()
    assert items == {shown.url: f"{timezone.localdate(shown.last_published_at):%Y-%m-%d}"}
    for item in hidden:
        assert item.url not in pages and item.url not in items
    assert not any(url.startswith(catalogue.url) for url in pages if url != catalogue.url)


def test_a_sitemap_file_costs_the_same_queries_whatever_its_size(
    client, catalogue, clerk, django_assert_num_queries
):
    for n in range(5):
        published(catalogue, clerk, datetime.date(2020, 4, 1), title=f"信息{n}")
    client.get("/sitemap-items.xml")
    # The site, the view restrictions, the count, the items, the log's last change.
    with django_assert_num_queries(5):
        assert len(urls(client, "/sitemap-items.xml")) == 5
    published(catalogue, clerk, datetime.date(2020, 4, 2), title="又一条")
    with django_assert_num_queries(5):
        assert len(urls(client, "/sitemap-items.xml")) == 6


def test_an_unknown_section_or_page_is_a_404_and_an_unchanged_sitemap_a_304(client, catalogue):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-items.xml", {"p": "9"}).status_code == 404
    assert client.get("/sitemap-items.xml", {"p": "x"}).status_code == 404
    first = client.get("/sitemap.xml")
    assert first["Cache-Control"] == "public, no-cache"
    assert client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /gongkai/track/", "Disallow: /search/"} <= set(lines)


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.metas: list[tuple[str, str]] = []
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in values:
            self.metas.append((values["name"], values.get("content", "")))
        if tag == "link":
            self.links.append(values)

    @property
    def meta(self) -> dict[str, str]:
        return dict(self.metas)


def head(client, url) -> _Head:
    parser = _Head()
    parser.feed(client.get(url).content.decode())
    return parser


def test_an_item_page_carries_its_search_engine_metadata(client, catalogue, clerk):
    item = published(
        catalogue,
        clerk,
        datetime.date(2020, 3, 6),
        title="2020年部门预算",
        summary="本局2020年部门预算及说明。",
        publisher="盐池县科学技术局办公室",
    )
    page = head(client, item.url)
    assert page.meta["description"] == "本局2020年部门预算及说明。"
    assert page.meta["ArticleTitle"] == "2020年部门预算"
    assert page.meta["PubDate"] == "2020-03-06"
    assert page.meta["ContentSource"] == "盐池县科学技术局办公室"
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == [item.full_url]
    feeds = [link for link in page.links if link.get("type") == "application/atom+xml"]
    assert [link["href"] for link in feeds] == ["/gongkai/yanchi-kjj/feed/"]

    # A description the editor wrote (推广 → 搜索描述) wins, and there is only one.
    CatalogueItemPage.objects.filter(pk=item.pk).update(search_description="编辑写的描述")
    page = head(client, item.url)
    assert [c for name, c in page.metas if name == "description"] == ["编辑写的描述"]

    for url in ("/yanchi-kjj/", catalogue.url):
        links = head(client, url).links
        assert {"rel": "alternate", "type": "application/atom+xml"}.items() <= next(
            link for link in links if link.get("type") == "application/atom+xml"
        ).items()
