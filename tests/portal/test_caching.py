"""Conditional GET of portal pages: ETag, 304 without a query, a new ETag after any change."""

import pytest
from wagtail.models import PageViewRestriction

from gongkai.portal.models import HomePage
from tests.agencies.factories import AgencyFactory
from tests.reports.factories import PublishedReportFactory

pytestmark = pytest.mark.django_db


def _etag(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return response["ETag"]


def test_home_page_carries_an_etag_and_may_be_kept_by_anyone_who_revalidates(client):
    response = client.get("/")

    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, no-cache"
    assert not response.cookies


def test_an_unchanged_page_is_a_304_without_a_query(client, django_assert_num_queries):
    tag = _etag(client)

    with django_assert_num_queries(0):
        response = client.get("/", HTTP_IF_NONE_MATCH=tag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == tag
    assert response["Cache-Control"] == "public, no-cache"


def test_a_stale_or_foreign_etag_gets_the_page(client):
    _etag(client)
    assert client.get("/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    # The tag of one page is not the tag of another.
    report_list = client.get("/gongkai/nowhere/reports/", HTTP_IF_NONE_MATCH=_etag(client))
    assert report_list.status_code == 404


def test_publishing_a_page_changes_the_etag(client):
    tag = _etag(client)
    home = HomePage.objects.get()
    home.title = "政府信息公开专栏"
    home.save_revision().publish()

    response = client.get("/", HTTP_IF_NONE_MATCH=tag)

    assert response.status_code == 200
    assert response["ETag"] != tag
    assert "<h1>政府信息公开专栏</h1>" in response.content.decode()


def test_an_agency_or_a_report_saved_changes_the_etag(client):
    home = HomePage.objects.get()
    home.agency = AgencyFactory(slug="yanchi-kjj", phone="0953-6012345")
    home.save()
    tag = _etag(client)

    home.agency.phone = "0953-6099999"
    home.agency.save()
    after_agency = client.get("/", HTTP_IF_NONE_MATCH=tag)
    assert after_agency.status_code == 200
    assert "0953-6099999" in after_agency.content.decode()

    PublishedReportFactory(agency=home.agency, year=2020)
    after_report = client.get("/", HTTP_IF_NONE_MATCH=after_agency["ETag"])
    assert after_report.status_code == 200
    assert "2020年" in after_report.content.decode()


def test_a_restricted_page_has_no_etag_and_its_restriction_invalidates_the_old_one(client):
    tag = _etag(client)
    PageViewRestriction.objects.create(
        page=HomePage.objects.get(), restriction_type=PageViewRestriction.PASSWORD, password="x1"
    )

    response = client.get("/", HTTP_IF_NONE_MATCH=tag)

    # Wagtail asks for the password; nothing cached is offered.
    assert response.status_code == 200
    assert "ETag" not in response
    assert "password" in response.content.decode()


def test_favicon_is_a_real_icon_at_the_root_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").content.decode()
