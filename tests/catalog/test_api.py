"""The catalogue's JSON API over HTTP: fields, filters, keyset pages, 400/404/405, the schema,
conditional GET, and that nothing non-public ever appears."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from wagtail.documents import get_document_model

from gongkai.catalog.models import CatalogueAttachment
from gongkai.catalog.services import item_signed_off, item_unpublish, recorded_on
from tests.catalog.conftest import draft
from tests.catalog.public_outputs import non_public_items
from tests.catalog.test_portal_pages import published

pytestmark = pytest.mark.django_db

ITEMS = "/api/catalogue/items/"

ITEM_FIELDS = {
    "id",
    "title",
    "index_number",
    "url",
    "agency",
    "publisher",
    "document_number",
    "written_on",
    "published_on",
    "topic",
    "article_20_item",
    "article_20_item_label",
    "attribute",
    "validity",
    "validity_label",
    "effective_on",
    "invalid_on",
    "summary",
    "attachments",
}


def get_json(client, path, params=None, status=200, **headers):
    response = client.get(path, params or {}, **headers)
    assert response.status_code == status, response.content.decode()
    return response.json()


def titles(client, **params) -> list[str]:
    return [item["title"] for item in get_json(client, ITEMS, params)["results"]]


def test_an_item_shows_its_catalogue_metadata_and_nothing_else(client, catalogue, clerk):
    document = get_document_model().objects.create(
        title="预算表", file=ContentFile(b"%PDF-1.4 budget", name="budget.pdf")
    )
    item = draft(
        catalogue,
        clerk,
        title="2020年部门预算",
        document_number="盐科发〔2020〕3号",
        body='<p>详见<a href="https://example.org/x">附件</a>。</p>',
    )
    item.attachments = [CatalogueAttachment(document=document, title="")]
    item.save_revision(user=clerk)
    with recorded_on(datetime.date(2020, 3, 6)):
        item_signed_off(item=item, actor=clerk)
    item.refresh_from_db()

    listed = get_json(client, ITEMS)["results"]
    assert len(listed) == 1 and set(listed[0]) == ITEM_FIELDS
    detail = get_json(client, f"{ITEMS}{item.pk}/")
    assert set(detail) == ITEM_FIELDS | {"body"}
    assert detail == {**listed[0], "body": detail["body"]}
    assert detail["index_number"] == "11640323MB1E59422B/2020-00001"
    assert detail["agency"] == {"name": "盐池县科学技术局", "slug": "yanchi-kjj"}
    assert detail["publisher"] == "盐池县科学技术局"
    assert detail["document_number"] == "盐科发〔2020〕3号"
    assert (detail["written_on"], detail["published_on"]) == ("2020-03-02", "2020-03-06")
    assert (detail["article_20_item"], detail["article_20_item_label"]) == (
        7,
        "（七）财政预算、决算信息",
    )
    assert (detail["attribute"], detail["validity"], detail["validity_label"]) == (
        "proactive",
        "in_force",
        "有效",
    )
    assert detail["url"] == f"http://testserver{item.url}"
    assert detail["summary"] == "本局2020年部门预算及说明。"
    assert 'href="https://example.org/x"' in detail["body"]
    (attachment,) = detail["attachments"]
    assert attachment["title"] == "预算表" and attachment["extension"] == "pdf"
    assert attachment["url"] == f"http://testserver{document.url}"

    # The same item by its 索引号, "/" and all.
    by_number = get_json(client, f"/api/catalogue/index-numbers/{detail['index_number']}/")
    assert by_number == detail

    # No personal data: the clerk who drafted it is nowhere in the answer.
    text = json.dumps(detail, ensure_ascii=False)
    for personal in (clerk.username, clerk.email, clerk.get_full_name()):
        assert not personal or personal not in text


def test_nothing_non_public_is_ever_listed_or_found(client, catalogue, clerk):
    shown = published(catalogue, clerk, datetime.date(2020, 3, 6), title="公开的信息")
    hidden = non_public_items(catalogue, clerk)

    assert titles(client) == [shown.title]
    assert titles(client, year="2020", limit="100") == [shown.title]
    for item in hidden:
        assert client.get(f"{ITEMS}{item.pk}/").status_code == 404
        if item.index_number:
            url = f"/api/catalogue/index-numbers/{item.index_number}/"
            assert client.get(url).status_code == 404
    assert get_json(client, f"{ITEMS}{hidden[0].pk}/", status=404) == {
        "detail": "没有这条主动公开信息。"
    }


def test_the_list_filters_by_agency_item_topic_year_and_validity(
    client, catalogue, clerk, other_agency
):
    published(catalogue, clerk, datetime.date(2020, 3, 6), title="2020年部门预算")
    published(
        catalogue,
        clerk,
        datetime.date(2021, 1, 10),
        title="机构职能",
        article_20_item=2,
        topic="综合政务",
    )
    published(
        catalogue,
        clerk,
        datetime.date(2020, 5, 1),
        title="旧的管理办法",
        article_20_item=1,
        topic="综合政务",
        validity="repealed",
        invalid_on=datetime.date(2021, 6, 1),
    )

    assert titles(client) == ["机构职能", "旧的管理办法", "2020年部门预算"]
    assert titles(client, agency="yanchi-kjj") == ["机构职能", "旧的管理办法", "2020年部门预算"]
    assert titles(client, agency=other_agency.slug) == []
    assert titles(client, article_20_item="7") == ["2020年部门预算"]
    assert titles(client, topic="综合政务") == ["机构职能", "旧的管理办法"]
    assert titles(client, year="2020") == ["旧的管理办法", "2020年部门预算"]
    assert titles(client, validity="repealed") == ["旧的管理办法"]
    assert titles(client, topic="综合政务", year="2021", validity="in_force") == ["机构职能"]
    # Parameters the API does not know are ignored.
    assert len(titles(client, page="2", format="xml")) == 3


def test_the_list_pages_by_cursor_through_every_item_once_with_the_filters_kept(
    client, catalogue, clerk
):
    days = [datetime.date(2020, 3, d) for d in (2, 2, 2, 5, 9, 9, 20)]
    items = [published(catalogue, clerk, day, title=f"信息{n}") for n, day in enumerate(days)]
    expected = [i.title for i in sorted(items, key=lambda i: (i.published_on, i.pk), reverse=True)]

    seen: list[str] = []
    page = get_json(client, ITEMS, {"limit": "3", "year": "2020"})
    pages = 1
    while page["next"]:
        seen += [item["title"] for item in page["results"]]
        assert "year=2020" in page["next"] and "limit=3" in page["next"]
        page = get_json(client, page["next"].removeprefix("http://testserver"))
        pages += 1
    seen += [item["title"] for item in page["results"]]
    assert seen == expected and pages == 3

    # An item published meanwhile does not shift the pages after the cursor.
    first = get_json(client, ITEMS, {"limit": "3"})
    published(catalogue, clerk, datetime.date(2020, 12, 1), title="新发布")
    second = get_json(client, first["next"].removeprefix("http://testserver"))
    assert [i["title"] for i in second["results"]] == expected[3:6]


def test_a_page_costs_the_same_queries_whatever_its_size(
    client, catalogue, clerk, django_assert_num_queries
):
    document = get_document_model().objects.create(
        title="附件", file=ContentFile(b"x", name="a.pdf")
    )
    for n in range(6):
        item = published(catalogue, clerk, datetime.date(2020, 4, 1), title=f"信息{n}")
        CatalogueAttachment.objects.create(item=item, document=document)
    client.get(ITEMS)  # the site's root paths are cached per request; warm nothing else
    with django_assert_num_queries(5):
        small = get_json(client, ITEMS, {"limit": "1"})
    with django_assert_num_queries(5):
        large = get_json(client, ITEMS, {"limit": "6"})
    assert len(small["results"]) == 1 and len(large["results"]) == 6


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "abc"}, "year", "请填写合法的整数值。"),
        ({"year": "20200"}, "year", "9999"),
        ({"limit": "0"}, "limit", "1"),
        ({"limit": "101"}, "limit", "100"),
        ({"article_20_item": "99"}, "article_20_item", "不是合法选项"),
        ({"topic": "体育\x00"}, "topic", "不是合法选项"),
        ({"validity": "valid"}, "validity", "不是合法选项"),
        ({"agency": "no-such-agency"}, "agency", "没有简称为“no-such-agency”的机关。"),
        ({"agency": "盐池/../x"}, "agency", "合法"),
        ({"cursor": "!!!"}, "cursor", "cursor 无效"),
        ({"cursor": "MjAyMC0xMy0wMS4x"}, "cursor", "cursor 无效"),  # 2020-13-01.1
        ({"cursor": "x" * 65}, "cursor", "64"),
    ],
)
def test_a_bad_parameter_is_a_400_saying_what_is_wrong(client, params, field, message):
    body = get_json(client, ITEMS, params, status=400)
    assert list(body["errors"]) == [field]
    assert message in body["errors"][field][0]
    assert body["detail"].startswith("查询参数有误。") and message in body["detail"]


def test_the_api_is_read_only(client, catalogue, clerk):
    item = published(catalogue, clerk, datetime.date(2020, 3, 6))
    for method in ("post", "put", "patch", "delete", "options"):
        for path in (ITEMS, f"{ITEMS}{item.pk}/", "/api/catalogue/schema/"):
            response = getattr(client, method)(path, "{}", content_type="application/json")
            assert response.status_code == 405, (method, path)
            assert response["Allow"] == "GET, HEAD"
    assert client.post(ITEMS).json() == {"detail": "方法 “POST” 不被允许。"}
    assert client.head(ITEMS).status_code == 200


def test_an_unknown_or_overlong_id_or_index_number_is_a_404(client, catalogue):
    for path in (
        f"{ITEMS}0/",
        f"{ITEMS}99999999999999999999/",
        "/api/catalogue/index-numbers/nope/",
        "/api/catalogue/index-numbers/%00/",
        f"/api/catalogue/index-numbers/{'9' * 81}/",
    ):
        assert client.get(path).status_code == 404, path


def test_the_schema_is_valid_openapi_in_chinese_and_get_only(client):
    response = client.get("/api/catalogue/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert set(schema["paths"]) == {
        "/api/catalogue/items/",
        "/api/catalogue/items/{id}/",
        "/api/catalogue/index-numbers/{index_number}/",
    }
    for operations in schema["paths"].values():
        assert set(operations) - {"parameters"} == {"get"}
    listing = schema["paths"]["/api/catalogue/items/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert names == {"agency", "article_20_item", "topic", "year", "validity", "limit", "cursor"}
    assert {"200", "400"} <= set(listing["responses"])
    assert listing["summary"] == "主动公开信息列表"
    item = schema["components"]["schemas"]["Item"]["properties"]
    assert item["index_number"]["description"] == "索引号"
    assert item["summary"]["description"] == "内容概述"


def test_an_unchanged_answer_is_a_304_and_a_publication_or_withdrawal_changes_it(
    client, catalogue, clerk, django_assert_num_queries
):
    item = published(catalogue, clerk, datetime.date(2020, 3, 6))
    detail_url = f"{ITEMS}{item.pk}/"
    listing = client.get(ITEMS)
    detail = client.get(detail_url)
    for response in (listing, detail):
        assert response["Cache-Control"] == "public, no-cache"
        assert response["ETag"].startswith('"') and response["Last-Modified"]
        assert not response.cookies
    assert listing["ETag"] != detail["ETag"]

    with django_assert_num_queries(0):
        unchanged = client.get(ITEMS, HTTP_IF_NONE_MATCH=listing["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""
    since = client.get(detail_url, HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"])
    assert since.status_code == 304

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        published(catalogue, clerk, datetime.date(2020, 3, 9), title="新发布的信息")
    relisted = client.get(ITEMS, HTTP_IF_NONE_MATCH=listing["ETag"])
    assert relisted.status_code == 200 and len(relisted.json()["results"]) == 2
    assert client.get(ITEMS, HTTP_IF_MODIFIED_SINCE=listing["Last-Modified"]).status_code == 200

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        item_unpublish(item=item, actor=clerk, reason="误发布")
    assert client.get(detail_url, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 404
    assert client.get(detail_url, HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"]).status_code == 404
    assert client.get(ITEMS, HTTP_IF_NONE_MATCH=relisted["ETag"]).status_code == 200
