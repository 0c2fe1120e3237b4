"""What the API shows of an item, and the list's query parameters (validated: a bad one is a 400).

Every field is named here: nothing of the page model reaches the API unless listed (the page's
owner, revisions and workflow stay inside). The Chinese ``help_text`` is the schema's description.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from dataclasses import dataclass

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from gongkai.agencies.models import Agency
from gongkai.catalog.models import (
    ARTICLE_20_CHOICES,
    TOPIC_CHOICES,
    VALIDITY_CHOICES,
    CatalogueItemPage,
)

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


def absolute(request, url: str | None) -> str | None:
    return request.build_absolute_uri(url) if url else None


class AgencySerializer(serializers.Serializer):
    name = serializers.CharField(help_text="机关全称")
    slug = serializers.CharField(help_text="机关简称（网址中使用），可作为 agency 参数")


class AttachmentSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField(help_text="附件名称")
    url = serializers.SerializerMethodField(help_text="下载地址")
    extension = serializers.CharField(
        source="document.file_extension", help_text="文件类型（扩展名）"
    )

    def get_title(self, attachment) -> str:
        return attachment.title or attachment.document.title

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment) -> str | None:
        return absolute(self.context["request"], attachment.document.url)


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="信息编号（本接口中唯一）")
    title = serializers.CharField(help_text="标题")
    index_number = serializers.CharField(help_text="索引号")
    url = serializers.SerializerMethodField(help_text="门户网站上的信息页面")
    agency = AgencySerializer(help_text="信息所属机关")
    publisher = serializers.CharField(source="publisher_name", help_text="发布机构")
    document_number = serializers.CharField(help_text="文号；没有文号的为空字符串")
    written_on = serializers.DateField(help_text="成文日期")
    published_on = serializers.DateField(help_text="发布日期")
    topic = serializers.CharField(help_text="主题分类")
    article_20_item = serializers.IntegerField(help_text="条例第二十条的事项序号（1至15）")
    article_20_item_label = serializers.CharField(
        source="get_article_20_item_display", help_text="第二十条事项的名称"
    )
    attribute = serializers.CharField(help_text="公开属性：本接口只有 proactive（主动公开）")
    validity = serializers.ChoiceField(
        choices=VALIDITY_CHOICES, help_text="有效性：in_force 有效，expired 失效，repealed 废止"
    )
    validity_label = serializers.CharField(source="get_validity_display", help_text="有效性名称")
    effective_on = serializers.DateField(allow_null=True, help_text="生效日期")
    invalid_on = serializers.DateField(allow_null=True, help_text="失效或废止日期")
    summary = serializers.CharField(help_text="内容概述")
    attachments = AttachmentSerializer(many=True, help_text="附件")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, item) -> str | None:
        return absolute(self.context["request"], item.get_url(self.context["request"]))


class ItemDetailSerializer(ItemSerializer):
    body = serializers.SerializerMethodField(help_text="正文（HTML）")

    def get_body(self, item: CatalogueItemPage) -> str:
        return expand_db_html(item.body) if item.body else ""


class ItemPageSerializer(serializers.Serializer):
    """The schema of a list response (the view builds it)."""

    results = ItemSerializer(many=True, help_text="本页的信息，按发布日期从新到旧")
    next = serializers.URLField(
        allow_null=True, help_text="下一页的地址（已带上筛选条件和 cursor）；没有下一页时为 null"
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="错误说明")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="每个有误的参数及其错误说明（仅 400）",
    )


@dataclass(frozen=True)
class Cursor:
    """The last item of a page: the next page starts after (published_on, id), newest first."""

    published_on: datetime.date
    pk: int

    _FORM = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,12})")

    def encode(self) -> str:
        raw = f"{self.published_on.isoformat()}.{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
            match = cls._FORM.fullmatch(raw)
            if match is None:
                raise ValueError(raw)
            return cls(datetime.date.fromisoformat(match[1]), int(match[2]))
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise serializers.ValidationError(
                "cursor 无效：请使用上一页返回的 next 地址，不要自行编写。"
            ) from error


class ItemListQuery(serializers.Serializer):
    """The list's query parameters; unknown parameters are ignored."""

    agency = serializers.SlugField(
        required=False, max_length=100, help_text="只列出这个机关的信息（机关简称，如 yanchi-kjj）"
    )
    article_20_item = serializers.ChoiceField(
        choices=ARTICLE_20_CHOICES, required=False, help_text="条例第二十条的事项序号（1至15）"
    )
    topic = serializers.ChoiceField(choices=TOPIC_CHOICES, required=False, help_text="主题分类")
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=9999, help_text="发布年份，如 2020"
    )
    validity = serializers.ChoiceField(
        choices=VALIDITY_CHOICES,
        required=False,
        help_text="有效性：in_force 有效，expired 失效，repealed 废止",
    )
    limit = serializers.IntegerField(
        required=False,
        default=DEFAULT_LIMIT,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=f"每页条数，1至{MAX_LIMIT}，默认{DEFAULT_LIMIT}",
    )
    cursor = serializers.CharField(
        required=False,
        max_length=64,
        help_text="翻页位置：取上一页返回的 next 地址即可，不要自行编写",
    )

    def validate_agency(self, slug: str) -> Agency:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise serializers.ValidationError(f"没有简称为“{slug}”的机关。")
        return agency

    def validate_cursor(self, value: str) -> Cursor:
        return Cursor.decode(value)
