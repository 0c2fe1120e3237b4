"""Items the catalogue's public outputs (feeds, API, sitemap) must never show, built for tests."""

from __future__ import annotations

import datetime

from wagtail.models import PageViewRestriction

from gongkai.catalog.models import CatalogueItemPage
from gongkai.catalog.services import item_unpublish
from tests.catalog.conftest import draft
from tests.catalog.test_portal_pages import published


def non_public_items(catalogue, clerk) -> list[CatalogueItemPage]:
    """A draft; an item signed off as 不予公开 (even if it were live); a published item
    withdrawn (撤下); a published item behind a view restriction."""
    never_signed = draft(catalogue, clerk, title="草稿：尚未审签")
    withheld = draft(
        catalogue,
        clerk,
        title="不予公开：涉及国家秘密",
        attribute="withheld",
        withholding_reason="state_secret",
    )
    CatalogueItemPage.objects.filter(pk=withheld.pk).update(live=True)
    withdrawn = published(catalogue, clerk, datetime.date(2020, 6, 1), title="已撤下的信息")
    item_unpublish(item=withdrawn, actor=clerk, reason="误发布")
    restricted = published(catalogue, clerk, datetime.date(2020, 6, 2), title="限制访问的信息")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return [never_signed, withheld, withdrawn, restricted]
