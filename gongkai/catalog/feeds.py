"""Atom feeds of the catalogue: the region's latest published items, and one per agency.

``/gongkai/feed/`` (every agency under the request's site) and ``/gongkai/<agency-slug>/feed/``;
``?item=7`` keeps one 第二十条 item. An entry is one published 主动公开 item
(``selectors.published_items``): its title, 内容概述 as the summary, the 发布日期 as published
and updated, the item page as link and id, the 发布机构 as author, the 主题分类 and the 第二十条
item as categories.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from wagtail.models import Site

from gongkai.catalog.conditional import conditional_output
from gongkai.catalog.models import ColumnPage
from gongkai.catalog.selectors import published_items
from gongkai.statute.proactive import ARTICLE_20_ITEMS, article_20_label

FEED_LENGTH = 50


class BadFeedParameter(ValueError):
    """A query parameter the feed cannot use; the message (Chinese) is the 400's body."""


@dataclass(frozen=True)
class FeedScope:
    site: Site | None
    column: ColumnPage | None  # None: the whole region
    article_20_item: int | None


def _article_20_item(request: HttpRequest) -> int | None:
    value = request.GET.get("item", "")
    if value == "":
        return None
    if not (value.isascii() and value.isdigit()) or int(value) not in dict(ARTICLE_20_ITEMS):
        raise BadFeedParameter(
            f"参数 item 应为条例第二十条的事项序号（1至{len(ARTICLE_20_ITEMS)}的整数）。"
        )
    return int(value)


class CatalogueFeed(Feed):
    feed_type = Atom1Feed
    language = "zh-CN"

    def get_object(self, request, agency_slug=None):
        site = Site.find_for_request(request)
        column = None
        if agency_slug is not None:
            column = (
                ColumnPage.objects.live()
                .public()
                .select_related("agency")
                .filter(agency__slug=agency_slug)
                .first()
            )
            if column is None:
                raise Http404("没有这个机关的政府信息公开栏目。")
        return FeedScope(site=site, column=column, article_20_item=_article_20_item(request))

    def __call__(self, request, *args, **kwargs):
        self.request = request  # item_link needs it (Wagtail's per-request site root cache)
        return super().__call__(request, *args, **kwargs)

    def _region_name(self, scope: FeedScope) -> str:
        return scope.site.site_name if scope.site and scope.site.site_name else "政府信息公开"

    def title(self, scope: FeedScope) -> str:
        name = scope.column.agency.name if scope.column else self._region_name(scope)
        title = f"{name}主动公开信息"
        if scope.article_20_item is not None:
            title += f"：{article_20_label(scope.article_20_item)}"
        return title

    def subtitle(self, scope: FeedScope) -> str:
        return f"依据《中华人民共和国政府信息公开条例》主动公开的政府信息，最新{FEED_LENGTH}条。"

    def link(self, scope: FeedScope) -> str:
        if scope.column is not None:
            return scope.column.get_url(self.request) or "/"
        return "/"

    def feed_url(self, scope: FeedScope) -> str:
        return self.request.get_full_path()

    def author_name(self, scope: FeedScope) -> str:
        return scope.column.agency.name if scope.column else self._region_name(scope)

    def items(self, scope: FeedScope):
        under = scope.column or (scope.site.root_page if scope.site else None)
        items = published_items(under=under).select_related("agency")
        if scope.article_20_item is not None:
            items = items.filter(article_20_item=scope.article_20_item)
        return items.order_by("-published_on", "-page_ptr_id")[:FEED_LENGTH]

    def item_title(self, item) -> str:
        return item.title  # Atom escapes it; Django's default escapes twice (for RSS)

    def item_description(self, item) -> str:
        return escape(item.summary)  # Atom's summary is type="html": the text stays text

    def item_link(self, item) -> str:
        return item.get_url(self.request) or "/"

    def item_pubdate(self, item) -> datetime.datetime | None:
        return _published_at(item)

    def item_updateddate(self, item) -> datetime.datetime | None:
        return _published_at(item)

    def item_author_name(self, item) -> str:
        return item.publisher_name()

    def item_categories(self, item) -> list[str]:
        return [item.topic, article_20_label(item.article_20_item)]


def _published_at(item) -> datetime.datetime | None:
    """The 发布日期 as a moment: the publication's own time when it was that day, else the
    day's start (a past year's records entered later carry their recorded date)."""
    if item.published_on is None:
        return item.last_published_at
    published = item.last_published_at
    if published is not None and timezone.localdate(published) == item.published_on:
        return published
    return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))


@conditional_output("catalogue-feed")
def catalogue_feed(request: HttpRequest, agency_slug: str | None = None) -> HttpResponse:
    """The region's feed, or ``agency_slug``'s; 400 for a bad ``item``, 404 for no such column."""
    try:
        return CatalogueFeed()(request, agency_slug=agency_slug)
    except BadFeedParameter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
