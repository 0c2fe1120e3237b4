"""Reads of the catalogue for the portal: the filtered, paginated list of an agency's items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet

from gongkai.catalog.models import (
    ARTICLE_20_CHOICES,
    TOPIC_CHOICES,
    VALIDITY_CHOICES,
    CatalogueItemPage,
)
from gongkai.statute.proactive import Attribute

PER_PAGE = 20


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    choices: list[tuple[str, str]]
    selected: str = ""


@dataclass(frozen=True)
class Listing:
    page: PaginatorPage
    filters: list[Filter]
    query: str = ""  # the filters as a query string, for the pagination links
    active: list[str] = field(default_factory=list)  # labels of the filters in force


def published_items(under=None) -> QuerySet[CatalogueItemPage]:
    """The items the public sees: live, 主动公开, without a view restriction; below ``under``."""
    items = CatalogueItemPage.objects.live().public().filter(attribute=Attribute.PROACTIVE)
    if under is not None:
        items = items.descendant_of(under)
    return items


def _years(items: QuerySet[CatalogueItemPage]) -> list[tuple[str, str]]:
    years = items.dates("published_on", "year", order="DESC")
    return [(str(d.year), f"{d.year}年") for d in years]


def catalogue_listing(index_page, params: Mapping[str, str]) -> Listing:
    """The items under ``index_page`` filtered by the request's ``item``, ``topic``, ``year``
    and ``validity`` (unknown values are ignored, never an error), newest first, paginated."""
    items = published_items(under=index_page)
    choices = {
        "item": [(str(value), label) for value, label in ARTICLE_20_CHOICES],
        "topic": list(TOPIC_CHOICES),
        "year": _years(items),
        "validity": list(VALIDITY_CHOICES),
    }
    labels = {"item": "第二十条事项", "topic": "主题分类", "year": "发布年份", "validity": "有效性"}
    lookups = {
        "item": "article_20_item",
        "topic": "topic",
        "year": "published_on__year",
        "validity": "validity",
    }
    selected: dict[str, str] = {}
    for name, options in choices.items():
        value = str(params.get(name, ""))[:40]
        if value and value in dict(options):
            selected[name] = value
            items = items.filter(**{lookups[name]: value})
    items = items.order_by("-published_on", "-pk").only(
        "title",
        "url_path",
        "index_number",
        "document_number",
        "written_on",
        "published_on",
        "validity",
        "summary",
        "topic",
        "article_20_item",
    )
    paginator = Paginator(items, PER_PAGE)
    page = paginator.get_page(params.get("p"))
    filters = [
        Filter(name, labels[name], options, selected.get(name, ""))
        for name, options in choices.items()
    ]
    active = [f"{labels[n]}：{dict(choices[n])[v]}" for n, v in selected.items()]
    return Listing(page=page, filters=filters, query=urlencode(selected), active=active)
