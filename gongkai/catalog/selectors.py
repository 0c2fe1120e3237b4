"""Reads of the catalogue for the portal: the filtered, paginated list of an agency's items."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
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


@dataclass(frozen=True)
class Hit:
    item: CatalogueItemPage
    title: str  # HTML: escaped, the query's words in <mark>
    summary: str


@dataclass(frozen=True)
class SearchResults:
    query: str
    page: PaginatorPage | None  # of Hit; None when nothing was searched
    filters: list[Filter]
    message: str = ""  # why nothing was searched (Chinese), e.g. a query with no word in it
    query_string: str = ""  # the query and filters, for the pagination links


def highlight(text: str, words: list[str]) -> str:
    """``text`` HTML-escaped with every occurrence of ``words`` wrapped in <mark>."""
    from django.utils.html import escape

    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def catalogue_search(params: Mapping[str, str]) -> SearchResults:
    """The portal's search: ``q`` over every published item (title, 内容概述, 文号, 索引号, body),
    ranked, optionally within one agency (``agency``, its slug) and one 第二十条 item."""
    from gongkai.agencies.models import Agency
    from gongkai.catalog.tokens import MAX_QUERY_CHARACTERS, query_tokens, terms

    raw = str(params.get("q", ""))
    query = " ".join(raw.split())[: MAX_QUERY_CHARACTERS * 2]
    agencies = list(
        Agency.objects.filter(column__live=True).order_by("name").values_list("slug", "name")
    )
    item_choices = [(str(value), label) for value, label in ARTICLE_20_CHOICES]
    agency = str(params.get("agency", ""))[:100]
    agency = agency if agency in dict(agencies) else ""
    item = str(params.get("item", ""))[:4]
    item = item if item in dict(item_choices) else ""
    filters = [
        Filter("agency", "机关", agencies, agency),
        Filter("item", "第二十条事项", item_choices, item),
    ]
    if not query:
        return SearchResults(query="", page=None, filters=filters)
    tokens = query_tokens(query)
    if not tokens:
        return SearchResults(
            query=query, page=None, filters=filters, message="请输入要查找的汉字、字母或数字。"
        )
    items = published_items()
    if agency:
        items = items.filter(agency_id=Agency.objects.get(slug=agency).pk)
    if item:
        items = items.filter(article_20_item=int(item))
    # Wagtail's PageQuerySet (untyped): ``search`` runs on the configured backend.
    searchable: Any = items
    results = searchable.search(" ".join(tokens), operator="and", order_by_relevance=True)
    page = Paginator(results, PER_PAGE).get_page(params.get("p"))
    words = terms(query)
    page.object_list = [
        Hit(item=hit, title=highlight(hit.title, words), summary=highlight(hit.summary, words))
        for hit in page.object_list
    ]
    selected = {k: v for k, v in (("q", query), ("agency", agency), ("item", item)) if v}
    return SearchResults(query=query, page=page, filters=filters, query_string=urlencode(selected))


@dataclass(frozen=True)
class PublicationDeadline:
    """An item the public should have within 20 working days of its forming (第二十六条)."""

    item: CatalogueItemPage
    formed_on: Any
    due_on: Any
    workdays_left: int | None  # negative once late; None when the calendar cannot count it
    provisional: bool
    state: str  # 草稿 / the step it waits on / 退回修改


def _signoff_states(items: list[CatalogueItemPage]) -> dict[str, str]:
    from wagtail.models import WorkflowState

    states = WorkflowState.objects.filter(
        object_id__in=[str(i.pk) for i in items],
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
    ).select_related("current_task_state__task")
    out = {}
    for state in states:
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            out[state.object_id] = "退回修改"
        elif state.current_task_state is not None:
            out[state.object_id] = f"待{state.current_task_state.task.name}"
    return out


def publication_deadlines(agency_ids, today) -> list[PublicationDeadline]:
    """The 主动公开 items of ``agency_ids`` (None: all) not yet published, with their 第二十六条
    due date, most urgent first. Provisional dates are marked; a date the calendar cannot count
    (a year it knows nothing of) is listed without a count rather than dropped."""
    from gongkai.statute.proactive import publication_due
    from gongkai.statute.workdays import UnknownCalendarYear
    from gongkai.workdays.selectors import get_calendar

    items = CatalogueItemPage.objects.filter(live=False, attribute=Attribute.PROACTIVE)
    if agency_ids is not None:
        items = items.filter(agency_id__in=agency_ids)
    items_list = list(items.select_related("agency").order_by("written_on", "pk")[:500])
    states = _signoff_states(items_list)
    calendar = get_calendar()
    rows = []
    for item in items_list:
        formed = item.formed_on
        try:
            due = publication_due(formed, calendar)
            left = calendar.workdays_between(today, due)
            provisional = bool(calendar.provisional_years(formed, due))
        except UnknownCalendarYear:
            due, left, provisional = None, None, True
        rows.append(
            PublicationDeadline(
                item=item,
                formed_on=formed,
                due_on=due,
                workdays_left=left,
                provisional=provisional,
                state=states.get(str(item.pk), "草稿"),
            )
        )
    return sorted(rows, key=lambda r: (r.workdays_left is None, r.workdays_left or 0))


def normative_document_counts(agency_id: int, year: int) -> dict[str, dict[str, int]]:
    """第二十条第（一）项 for 表二: per document type (``regulations``, ``normative_documents``),
    the number made (成文) in ``year``, published in it, repealed or expired in it, and in
    force and public at its end. Only 主动公开 items count. One query."""
    import datetime

    from django.db.models import Count, Q

    end = datetime.date(year, 12, 31)
    in_force = Q(live=True, published_on__lte=end) & (
        Q(validity="in_force") | Q(invalid_on__gt=end)
    )
    rows = (
        CatalogueItemPage.objects.filter(
            agency_id=agency_id, attribute=Attribute.PROACTIVE, document_type__gt=""
        )
        .values("document_type")
        .annotate(
            made=Count("pk", filter=Q(written_on__year=year)),
            published=Count("pk", filter=Q(published_on__year=year)),
            repealed=Count("pk", filter=Q(invalid_on__year=year)),
            in_force=Count("pk", filter=in_force),
        )
        .order_by()
    )
    counts = {
        kind: {"made": 0, "published": 0, "repealed": 0, "in_force": 0}
        for kind in ("regulations", "normative_documents")
    }
    for row in rows:
        counts[row["document_type"]] = {k: row[k] for k in counts["regulations"]}
    return counts
