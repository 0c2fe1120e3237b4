"""Every URL pattern of the back office (≈290) needs a signed-in user with back-office access.

The URLconf is enumerated, each pattern turned into a sample URL (``1`` for numbers and ids,
``x`` for names), and requested as an anonymous visitor and as a signed-in account without
back-office access (a portal-only login): no back-office URL may answer either with a page
(200) or a file. The administrators' screens (users, groups, settings, security, audit) are
refused to a clerk. Object-level checks (one agency's staff and another agency's records) are
``test_other_agency_objects.py``.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from gongkai.agencies.models import StaffRole
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Open to everyone by design: signing in, resetting a forgotten password (the e-mailed link),
# and two static resources of the sign-in page itself (the icons, the script translations).
PUBLIC_ADMIN_PATTERNS = {
    "admin/login/",
    "admin/password_reset/",
    "admin/password_reset/done/",
    "admin/password_reset/confirm/<uidb64>/<token>/",
    "admin/password_reset/complete/",
    "admin/sprite/",
    "admin/jsi18n/",
}
# What a clerk must not open (administrators' screens).
ADMINISTRATOR_SCREENS = (
    "/admin/users/",
    "/admin/groups/",
    "/admin/sites/",
    "/admin/security/locks/",
    "/admin/security/second-factors/",
    "/admin/audit_log/",
)


def _walk(resolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _sample(pattern: str) -> str:
    """A URL that the pattern matches (or nearly: a guess is enough to reach its view)."""
    url = re.sub(r"\(\?P<\w+>[^)]*\)", "1", pattern)
    url = re.sub(r"<int:\w+>", "1", url)
    url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
    url = url.replace("^", "").replace("$", "").replace("\\", "").replace(".*", "x")
    return "/" + url


ADMIN_PATTERNS = sorted(
    p for p in _walk(get_resolver()) if p.startswith("admin/") and p not in PUBLIC_ADMIN_PATTERNS
)


def test_the_urlconf_is_enumerated():
    every = set(_walk(get_resolver()))
    assert len(ADMIN_PATTERNS) > 250
    assert every >= PUBLIC_ADMIN_PATTERNS  # the exceptions name real patterns


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(("/admin/login/", "/admin/"))


@pytest.mark.parametrize("who", ["anonymous", "portal account"])
def test_no_back_office_url_serves_someone_without_back_office_access(who):
    client = Client()
    if who == "portal account":
        client.force_login(UserFactory(username="gongzhong", is_staff=False, admin_access=False))
    served = []
    for pattern in ADMIN_PATTERNS:
        url = _sample(pattern)
        for method in (client.get, client.post):
            response = method(url)
            if not _refused(response):
                served.append(
                    f"{method.__name__.upper()} {url} ({pattern}) -> {response.status_code}"
                )
            elif response.status_code == 302:
                assert response["Location"].startswith("/admin/login/"), (url, response["Location"])
    assert served == [], "\n".join(served)


def test_a_clerk_is_refused_the_administrators_screens():
    clerk = StaffMembershipFactory(
        user=UserFactory(username="maxiaoyan"), agency=AgencyFactory(), role=StaffRole.CLERK
    ).user
    client = Client()
    client.force_login(clerk)
    opened = [url for url in ADMINISTRATOR_SCREENS if client.get(url).status_code == 200]
    assert opened == []
