"""Data migration portal.0002_create_homepage, run for real backwards and forwards."""

import pytest
from wagtail.models import Page, Site

from gongkai.portal.models import HomePage
from tests.migrations import back_to_the_latest_schema, migrate  # noqa: F401 - fixture

# transaction=True: migrations cannot run inside the test transaction (SQLite schema editor);
# serialized_rollback: the flush after this test must not take the home page from later tests.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("back_to_the_latest_schema"),
]

BEFORE = [("portal", "0001_initial")]
AFTER = [("portal", "0002_create_homepage")]


def test_create_homepage_replaces_the_welcome_page_and_becomes_default_site():
    migrate(BEFORE)
    assert not HomePage.objects.exists()
    assert not Site.objects.filter(root_page__depth=2).exists()

    # What wagtailcore.0002_initial_data leaves on a fresh database.
    root = Page.objects.get(depth=1)
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.create(hostname="localhost", root_page=welcome, is_default_site=True)

    migrate(AFTER)

    home = HomePage.objects.get()
    assert home.title == "信息公开"
    assert home.live
    assert home.get_parent().specific_class is Page
    assert not Page.objects.filter(pk=welcome.pk).exists()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert site.site_name == "政府信息公开"
    root.refresh_from_db()
    assert root.numchild == 1
    assert Page.find_problems() == ([], [], [], [], [])


def test_create_homepage_is_reversible_and_keeps_other_pages():
    migrate(BEFORE)
    assert not HomePage.objects.exists()
    root = Page.objects.get(depth=1)
    other = root.add_child(instance=Page(title="另一个站点", slug="other"))

    migrate(AFTER)

    home = HomePage.objects.get()
    assert Page.objects.filter(pk=other.pk).exists()
    assert home.path > other.path
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert Page.find_problems() == ([], [], [], [], [])
