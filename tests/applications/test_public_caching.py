"""The blank 申请表 and query form: conditional GET tied to the CSRF cookie; nothing else cached.

The CSRF token in a page belongs to the client's CSRF cookie. A 304 tells the browser to show the
page it kept; that page's token must still pass, and a client whose cookie changed must never
get a 304 for a page with the old token.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from gongkai.applications.models import Application
from gongkai.applications.views import ratelimit
from tests.applications.factories import travel
from tests.applications.test_public_apply import APPLY_URL, TODAY, citizen

pytestmark = pytest.mark.django_db
TRACK_URL = "/gongkai/track/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    with travel(TODAY):
        yield
    cache.clear()


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


@pytest.mark.parametrize("url", [APPLY_URL, f"{TRACK_URL}?code=ABCD2345EFGH"])
def test_the_first_visit_sets_the_cookie_and_the_next_one_is_a_304(agency, url):
    client = Client(enforce_csrf_checks=True)
    first = client.get(url)
    assert first.status_code == 200
    assert settings.CSRF_COOKIE_NAME in first.cookies
    assert first["Cache-Control"] == "private, no-cache"

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert not again.cookies


def test_the_token_of_the_kept_page_still_submits(agency):
    client = Client(enforce_csrf_checks=True)
    first = client.get(APPLY_URL)
    assert client.get(APPLY_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # The browser shows the kept page and the applicant submits it.
    response = client.post(APPLY_URL, {**citizen(), "csrfmiddlewaretoken": _token(first)})

    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_another_cookie_gets_a_fresh_page_not_a_304(agency):
    one, other = Client(), Client()
    tag = one.get(APPLY_URL)["ETag"]
    other.get(TRACK_URL)  # has a CSRF cookie of its own

    response = other.get(APPLY_URL, HTTP_IF_NONE_MATCH=tag)

    assert response.status_code == 200
    assert response["ETag"] != tag


def test_the_agency_changed_is_a_fresh_page(agency):
    client = Client()
    tag = client.get(APPLY_URL)["ETag"]
    agency.disclosure_office = "综合办公室"
    agency.save()

    response = client.get(APPLY_URL, HTTP_IF_NONE_MATCH=tag)

    assert response.status_code == 200
    assert "综合办公室" in response.content.decode()


def test_a_form_sent_back_with_errors_is_never_cached(agency):
    client = Client()
    client.get(APPLY_URL)

    response = client.post(APPLY_URL, citizen(name=""))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_the_blank_fields_are_rendered_once_and_the_tokens_every_time(agency):
    client = Client()
    first = client.get(APPLY_URL).content.decode()
    cached = [key for key in cache._cache if "applications_blank_form" in key]
    second = Client().get(APPLY_URL).content.decode()

    assert len(cached) == 1
    submission = re.compile(r'name="submission_token" value="([^"]+)"')
    assert submission.search(first)[1] != submission.search(second)[1]
    blank = re.compile(r'name="(?:csrfmiddlewaretoken|submission_token)" value="[^"]+"')
    assert blank.sub("", first) == blank.sub("", second)
    assert 'id="id_id_number"' in second


# -- the rate limit counts before the work --------------------------------------------------------


def test_take_counts_atomically_and_give_back_uncounts(rf, settings):
    settings.GONGKAI_APPLY_RATE_LIMIT = (2, 3600)
    request = rf.post(APPLY_URL, REMOTE_ADDR="203.0.113.7")

    first, second = ratelimit.take("apply", request), ratelimit.take("apply", request)
    assert not first.limited
    assert not second.limited
    ratelimit.give_back(second)  # its work was not done
    assert not ratelimit.take("apply", request).limited

    refused = ratelimit.take("apply", request)
    assert refused.limited
    assert 0 < refused.retry_after <= 3600


def test_an_application_with_errors_does_not_use_up_the_limit(agency, settings):
    settings.GONGKAI_APPLY_RATE_LIMIT = (1, 3600)
    client = Client()

    for _ in range(3):
        assert client.post(APPLY_URL, citizen(name="")).status_code == 200
    assert client.post(APPLY_URL, citizen()).status_code == 302
    assert client.post(APPLY_URL, citizen()).status_code == 429
