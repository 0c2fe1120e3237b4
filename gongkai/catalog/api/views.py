"""The API's views: the list (filters, keyset pages), one item by id or by 索引号, the schema.

Public and alike for everyone: no authentication (no session, no CSRF, no per-user content), so
every answer may sit in a shared cache (``conditional_output``: ETag, Last-Modified, 304). GET
and HEAD only; any other method is a 405.

The list pages by keyset, not by offset: the cursor is the last item's (发布日期, id), the next
page is the items strictly after it in the order (发布日期 desc, id desc). A page costs the same
at item 1,000,000 as at item 1, and an item published meanwhile never shifts a page.
"""

from __future__ import annotations

import datetime
from typing import cast

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Site

from gongkai.catalog.api.serializers import (
    Cursor,
    ErrorSerializer,
    ItemDetailSerializer,
    ItemListQuery,
    ItemPageSerializer,
    ItemSerializer,
)
from gongkai.catalog.models import CatalogueAttachment, CatalogueItemPage
from gongkai.catalog.selectors import published_items

INDEX_NUMBER_MAX = 80  # the model's max_length: anything longer names no item
PAGE_ID_MAX = 2**31 - 1  # Wagtail's page ids are 32-bit (a larger one would overflow the query)

# The item table's own key, not "pk" (which Django resolves to the page table's id): both columns
# of the order are then in one table, where one index can serve it.
NEWEST_FIRST = ("-published_on", "-page_ptr_id")

_ERRORS = {
    404: OpenApiResponse(ErrorSerializer, description="没有这条主动公开信息"),
    405: OpenApiResponse(ErrorSerializer, description="只支持 GET（和 HEAD）"),
}


class JSONOnly(BaseContentNegotiation):
    """Always JSON: neither ``Accept`` nor a ``?format=`` parameter picks another renderer
    (nor a 404 or 406 for one the API does not have)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PublicAPIView(APIView):
    """Read-only, anonymous, JSON."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    http_method_names = ["get", "head"]


def _items(request: Request) -> QuerySet[CatalogueItemPage]:
    """The public items of the request's site (every site's if it has none), with what the
    serializer shows joined or prefetched: a page of items is four queries, whatever its size."""
    site = Site.find_for_request(request)
    attachments = CatalogueAttachment.objects.select_related("document").order_by("sort_order")
    return (
        published_items(under=site.root_page if site else None)
        .filter(published_on__isnull=False)
        .select_related("agency")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
    )


def _bad_request(errors: dict) -> Response:
    parts = [f"{name}：{'；'.join(str(m) for m in messages)}" for name, messages in errors.items()]
    return Response(
        {"detail": "查询参数有误。" + " ".join(parts), "errors": errors},
        status=400,
    )


class ItemListView(PublicAPIView):
    @extend_schema(
        operation_id="catalogue_items_list",
        summary="主动公开信息列表",
        description=(
            "已发布的主动公开信息，按发布日期从新到旧（同一天的按编号从大到小）。"
            "用 next 地址翻页（游标分页：翻到第几页都一样快，翻页期间新发布的信息不会打乱页面）。"
            "参数有误时返回 400 和中文说明。"
        ),
        parameters=[ItemListQuery],
        responses={
            200: ItemPageSerializer,
            400: OpenApiResponse(ErrorSerializer, description="查询参数有误"),
            405: _ERRORS[405],
        },
        examples=[
            OpenApiExample(
                "参数有误",
                value={
                    "detail": "查询参数有误。year：请填写合法的整数值。",
                    "errors": {"year": ["请填写合法的整数值。"]},
                },
                response_only=True,
                status_codes=["400"],
            )
        ],
    )
    def get(self, request: Request) -> Response:
        query = ItemListQuery(data=request.query_params)
        if not query.is_valid():
            return _bad_request(query.errors)
        params = query.validated_data
        items = _items(request)
        if "agency" in params:
            items = items.filter(agency=params["agency"])
        if "article_20_item" in params:
            items = items.filter(article_20_item=params["article_20_item"])
        if "topic" in params:
            items = items.filter(topic=params["topic"])
        if "year" in params:
            items = items.filter(published_on__year=params["year"])
        if "validity" in params:
            items = items.filter(validity=params["validity"])
        after: Cursor | None = params.get("cursor")
        if after is not None:
            # (date, id) < (after's): the first condition alone bounds an index range scan,
            # the second only sorts out the cursor's own day.
            items = items.filter(published_on__lte=after.published_on).filter(
                Q(published_on__lt=after.published_on) | Q(page_ptr_id__lt=after.pk)
            )
        limit = params["limit"]
        page = list(items.defer("body").order_by(*NEWEST_FIRST)[: limit + 1])
        next_url = None
        if len(page) > limit:
            page = page[:limit]
            last = page[-1]
            following = request.query_params.copy()
            # published_on is never None here: the items without one are filtered out.
            following["cursor"] = Cursor(cast(datetime.date, last.published_on), last.pk).encode()
            next_url = request.build_absolute_uri(f"{request.path}?{following.urlencode()}")
        results = ItemSerializer(page, many=True, context={"request": request}).data
        return Response({"results": results, "next": next_url})


class ItemDetailView(PublicAPIView):
    @extend_schema(
        operation_id="catalogue_items_retrieve",
        summary="一条主动公开信息（按编号）",
        description="含正文（HTML）。未发布、已撤下或不属于主动公开的信息一律 404。",
        responses={200: ItemDetailSerializer, **_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        if pk > PAGE_ID_MAX:
            raise NotFound("没有这条主动公开信息。")
        return _detail(request, _items(request).filter(pk=pk))


class ItemByIndexNumberView(PublicAPIView):
    @extend_schema(
        operation_id="catalogue_items_by_index_number",
        summary="一条主动公开信息（按索引号）",
        description="索引号中的“/”照写，例如 /api/catalogue/index-numbers/11640323MB1E59422B/2020-00013/。",
        parameters=[
            OpenApiParameter(
                "index_number", str, OpenApiParameter.PATH, description="索引号", required=True
            )
        ],
        responses={200: ItemDetailSerializer, **_ERRORS},
    )
    def get(self, request: Request, index_number: str) -> Response:
        if len(index_number) > INDEX_NUMBER_MAX or "\x00" in index_number:
            raise NotFound("没有这条主动公开信息。")
        return _detail(request, _items(request).filter(index_number=index_number))


def _detail(request: Request, items: QuerySet[CatalogueItemPage]) -> Response:
    item = items.first()
    if item is None:
        raise NotFound("没有这条主动公开信息。")
    return Response(ItemDetailSerializer(item, context={"request": request}).data)


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI 3 schema (JSON) of this API alone, anonymous and GET only."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    http_method_names = ["get", "head"]
