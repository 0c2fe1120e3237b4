"""The per-IP limit of the public forms: what counts as one client, and how the limit reads."""

import pytest
from django.core.cache import cache
from django.test import Client

from gongkai.applications.views.ratelimit import Limit

pytestmark = pytest.mark.django_db

TRACK_URL = "/gongkai/track/"
GUESS = {"query_code": "ABCDEFGHJKMN", "phone_last4": "1234"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.GONGKAI_TRACK_RATE_LIMIT = (1, 600)
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("count", "period", "words"),
    [
        (5, 3600, "每小时 5 次"),
        (20, 7200, "每 2 小时 20 次"),
        (10, 600, "每 10 分钟 10 次"),
        (3, 60, "每分钟 3 次"),
        (2, 45, "每 45 秒 2 次"),
    ],
)
def test_limit_reads_in_chinese(count, period, words):
    assert Limit(count, period).description == words


def test_a_forged_forwarded_for_header_does_not_make_a_new_client(db):
    client = Client(REMOTE_ADDR="203.0.113.9")

    assert client.post(TRACK_URL, GUESS, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.post(TRACK_URL, GUESS, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_counts(db, settings):
    settings.GONGKAI_TRUSTED_PROXIES = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    # The proxy appends the address it saw; anything further left is the client's own claim.
    assert (
        proxy.post(TRACK_URL, GUESS, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1").status_code
        == 200
    )
    assert (
        proxy.post(TRACK_URL, GUESS, HTTP_X_FORWARDED_FOR="2.2.2.2, 198.51.100.1").status_code
        == 429
    )
    assert proxy.post(TRACK_URL, GUESS, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_the_form_and_the_query_are_limited_apart(db, agency, settings):
    settings.GONGKAI_APPLY_RATE_LIMIT = (1, 3600)
    client = Client()
    client.post(TRACK_URL, GUESS)
    assert client.post(TRACK_URL, GUESS).status_code == 429

    assert client.get("/gongkai/yanchi-kjj/apply/").status_code == 200
    assert client.post("/gongkai/yanchi-kjj/apply/", {"name": ""}).status_code == 200
