"""The catalogue's Atom feeds over HTTP: the region's and an agency's, the 第二十条 filter,
400/404, conditional GET, and that nothing non-public ever appears."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest

from gongkai.catalog.models import CatalogueIndexPage, ColumnPage
from gongkai.catalog.services import item_unpublish
from tests.agencies.factories import StaffMembershipFactory
from tests.catalog.public_outputs import non_public_items
from tests.catalog.test_portal_pages import published

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, path, **params) -> ET.Element:
    response = client.get(path, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own answer
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ET.Element) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "published": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_the_agency_feed_has_one_entry_per_published_item_newest_first(client, catalogue, clerk):
    budget = published(
        catalogue,
        clerk,
        datetime.date(2020, 3, 6),
        title="2020年部门预算 & 说明",
        summary="本局2020年部门预算<及说明>。",
        publisher="盐池县科学技术局办公室",
    )
    published(catalogue, clerk, datetime.date(2021, 1, 10), title="机构职能", article_20_item=2)

    root = feed(client, "/gongkai/yanchi-kjj/feed/")
    assert root.findtext(f"{ATOM}title") == "盐池县科学技术局主动公开信息"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "盐池县科学技术局"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/yanchi-kjj/",
        "self": "http://testserver/gongkai/yanchi-kjj/feed/",
    }
    newest, oldest = entries(root)
    assert newest["title"] == "机构职能"
    assert oldest == {
        "title": "2020年部门预算 & 说明",
        # Atom's summary is HTML: the text's own "<" comes back as text, not as markup.
        "summary": "本局2020年部门预算&lt;及说明&gt;。",
        "link": f"http://testserver{budget.url}",
        "id": f"http://testserver{budget.url}",
        "published": "2020-03-06T00:00:00+08:00",
        "updated": "2020-03-06T00:00:00+08:00",
        "author": "盐池县科学技术局办公室",
        "categories": ["财政、金融、审计", "（七）财政预算、决算信息"],
    }


def test_the_region_feed_has_every_agency_and_an_agency_feed_only_its_own(
    client, catalogue, clerk, other_agency
):
    published(catalogue, clerk, datetime.date(2020, 3, 6), title="科技局的信息")
    other_catalogue = (
        ColumnPage.objects.get(agency=other_agency)
        .get_children()
        .type(CatalogueIndexPage)
        .get()
        .specific
    )
    other_clerk = StaffMembershipFactory(agency=other_agency).user
    published(other_catalogue, other_clerk, datetime.date(2020, 4, 1), title="教体局的信息")

    region = feed(client, "/gongkai/feed/")
    assert [e["title"] for e in entries(region)] == ["教体局的信息", "科技局的信息"]
    assert region.findtext(f"{ATOM}title").endswith("主动公开信息")
    own = feed(client, f"/gongkai/{other_agency.slug}/feed/")
    assert [e["title"] for e in entries(own)] == ["教体局的信息"]


def test_the_feed_keeps_one_article_20_item_and_refuses_a_bad_one(client, catalogue, clerk):
    published(catalogue, clerk, datetime.date(2020, 3, 6), title="预算")
    published(catalogue, clerk, datetime.date(2020, 3, 7), title="职能", article_20_item=2)

    root = feed(client, "/gongkai/yanchi-kjj/feed/", item="7")
    assert [e["title"] for e in entries(root)] == ["预算"]
    assert root.findtext(f"{ATOM}title") == "盐池县科学技术局主动公开信息：（七）财政预算、决算信息"
    for bad in ("99", "0", "x", "７"):
        response = client.get("/gongkai/feed/", {"item": bad})
        assert response.status_code == 400, bad
        assert "参数 item 应为条例第二十条的事项序号" in response.content.decode()
    assert client.get("/gongkai/no-such-agency/feed/").status_code == 404


def test_nothing_non_public_is_in_a_feed(client, catalogue, clerk):
    published(catalogue, clerk, datetime.date(2020, 3, 6), title="公开的信息")
    non_public_items(catalogue, clerk)
    for path in ("/gongkai/feed/", "/gongkai/yanchi-kjj/feed/"):
        assert [e["title"] for e in entries(feed(client, path))] == ["公开的信息"]


def test_an_unchanged_feed_is_a_304_and_a_withdrawal_changes_it(
    client, catalogue, clerk, django_assert_num_queries
):
    item = published(catalogue, clerk, datetime.date(2020, 3, 6))
    first = client.get("/gongkai/yanchi-kjj/feed/")
    assert first["Cache-Control"] == "public, no-cache" and first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get("/gongkai/yanchi-kjj/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    item_unpublish(item=item, actor=clerk, reason="误发布")
    changed = client.get("/gongkai/yanchi-kjj/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert entries(ET.fromstring(changed.content)) == []  # noqa: S314 - our own answer
