"""Every back-office page each role can reach speaks Chinese and stays on the site.

As each role of ``StaffRole`` and as a superuser, the test client starts at the dashboard and
follows every same-site /admin/ link and menu entry breadth-first (``tests.back_office.crawl``),
failing on English text, on the framework's name and on links to other hosts. Anonymous, the
sign-in page is checked the same way. The bureau's staff must also never see the other agency.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from gongkai.agencies.models import StaffRole
from tests.agencies.factories import UserFactory
from tests.applications.factories import travel
from tests.back_office.conftest import OTHER_AGENCY_NAME, TODAY
from tests.back_office.crawl import crawl, inspect_page

pytestmark = pytest.mark.django_db

# Identifiers a clerk types into letter templates, listed by the placeholder help of the letter
# template screen (gongkai/applications/letters/context.py: fee_lines' item keys).
LETTER_TEMPLATE_IDENTIFIERS = {"description", "quantity", "unit_price", "amount", "unit", "price"}
ROLES = [*StaffRole.values, "superuser"]
# Enough for every screen of a role (each URL pattern once, each application); the superuser reaches Wagtail's
# own screens (pages, images, documents, users, groups, workflows, sites, …) too.
PAGE_LIMIT = {"superuser": 200}
STAFF_PAGE_LIMIT = 80
# The smallest crawl that still reaches the screens each role has (a regression that hides the
# menu must not pass as "no English found").
MINIMUM_PAGES = {"superuser": 100}
STAFF_MINIMUM_PAGES = 30
# Each application's page offers the actions of its state: the clerk, who works them, and the
# superuser visit all of them (the demo's 15); the other roles a few (time: ~0.2 s a page).
APPLICATION_PAGE = "/admin/applications/N/"
PATTERN_BUDGET = {
    StaffRole.CLERK: {APPLICATION_PAGE: 20},
    "superuser": {APPLICATION_PAGE: 20},
}
OTHER_ROLES_BUDGET = {APPLICATION_PAGE: 5}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_page_each_role_reaches_is_chinese_and_on_site(back_office):
    """One test for all roles: the data is built once (the crawl is the slow part)."""
    problems: list[str] = []
    for role in ROLES:
        limit = PAGE_LIMIT.get(role, STAFF_PAGE_LIMIT)
        with travel(TODAY):
            result = crawl(
                _client(back_office["users"][role]),
                allowed_words=back_office["words"] | LETTER_TEMPLATE_IDENTIFIERS,
                limit=limit,
                per_pattern=1,
                pattern_budget=PATTERN_BUDGET.get(role, OTHER_ROLES_BUDGET),
            )
        if not MINIMUM_PAGES.get(role, STAFF_MINIMUM_PAGES) <= len(result.visited) < limit:
            problems.append(f"{role}: {len(result.visited)} pages visited: {result.visited}")
        problems += [f"{role}: {finding}" for finding in result.findings]
        # The screens every role works with were reached.
        for prefix in ("/admin/applications/", "/admin/annual_reports/", "/admin/work_log/"):
            if not any(url.startswith(prefix) for url in result.visited):
                problems.append(f"{role}: no page under {prefix}")
        if role != "superuser":
            problems += [
                f"{role}: {url} shows {OTHER_AGENCY_NAME}"
                for url, html in result.pages.items()
                if OTHER_AGENCY_NAME in html
            ]
    assert problems == []


def test_the_sign_in_pages_are_chinese_and_name_the_platform(client):
    result = crawl(client, start=("/admin/login/",))

    assert result.visited == ["/admin/login/", "/admin/password_reset/"]
    assert [str(f) for f in result.findings] == []
    html = result.pages["/admin/login/"]
    assert "<title>登录 - 政府信息公开工作平台</title>" in html
    assert "登录政府信息公开工作平台" in html
    assert "<label" in html and "密码" in html


def test_the_crawl_finds_english_the_framework_and_offsite_links():
    """The checker itself: what it must report on a page, and what it must let pass."""
    html = """<html><head><title>控制面板 - Wagtail</title></head><body>
        <p>There are no 机关 to display.</p>
        <input type="submit" value="Search"> <button value="action-publish">发布</button>
        <a href="https://guide.wagtail.org/en/">编辑指南</a> <img src="https://gravatar.com/a.png" alt="头像">
        <a href="/admin/agencies/">机关</a> <a href="mailto:a@b.cn">信箱</a>
        <p>下载 DOCX（Word 文档）；统一社会信用代码 916403********B2CE；{{ applicant_name }}</p>
        <kbd>Ctrl + s</kbd> <span title="Toggle sidebar">≡</span>
        </body></html>"""

    findings, links = inspect_page(
        "/admin/", html, allowed_words=frozenset(), own_hosts=frozenset({"testserver"})
    )

    assert {(f.kind, f.where, f.text) for f in findings} == {
        ("framework", "<title>", "控制面板 - Wagtail"),
        ("english", "<p> text", "There are no 机关 to display."),
        ("english", "<input value>", "Search"),
        ("offsite", "<a href>", "https://guide.wagtail.org/en/"),
        ("offsite", "<img src>", "https://gravatar.com/a.png"),
        ("english", "<span title>", "Toggle sidebar"),
    }
    assert links == ["/admin/agencies/"]


def test_permissions_are_named_in_chinese(back_office):
    english = [p.name for p in Permission.objects.all() if p.name.startswith("Can ")]

    assert english == []
    assert Permission.objects.get(codename="add_agency").name == "可以添加机关"
    assert Permission.objects.get(codename="publish_page").name == "发布任何页面"
    assert Permission.objects.get(codename="add_user").name == "可以添加用户"


# What each administrator role may open besides the dashboard and its own account pages.
ADMIN_ROLE_SCREENS = {
    "审计管理员": ("/admin/audit_log/",),
    "安全管理员": ("/admin/security/locks/", "/admin/security/second-factors/"),
}
ADMIN_ROLE_USERNAMES = {"审计管理员": "shenji", "安全管理员": "anquan"}
OWN_ACCOUNT_SCREENS = ("/admin/", "/admin/account/", "/admin/security/me/")


@pytest.mark.parametrize("group", list(ADMIN_ROLE_SCREENS))
def test_the_administrator_roles_reach_their_screens_only_and_in_chinese(back_office, group):
    """三员: the auditor reads the audit trail and nothing else; the security administrator
    manages locks and second factors; neither reaches an agency's casework."""
    username = ADMIN_ROLE_USERNAMES[group]
    user = UserFactory(username=username, first_name=group, admin_access=False)
    user.groups.add(Group.objects.get(name=group))
    with travel(TODAY):
        result = crawl(
            _client(user),
            allowed_words=back_office["words"] | LETTER_TEMPLATE_IDENTIFIERS | {username},
            limit=40,
            per_pattern=1,
        )
    assert [str(f) for f in result.findings] == []
    allowed = ADMIN_ROLE_SCREENS[group] + OWN_ACCOUNT_SCREENS
    assert [url for url in result.visited if not url.startswith(allowed)] == []
    for screen in ADMIN_ROLE_SCREENS[group]:
        assert any(url.startswith(screen) for url in result.visited), screen
    assert not any(
        OTHER_AGENCY_NAME in html and group != "审计管理员" for html in result.pages.values()
    )
