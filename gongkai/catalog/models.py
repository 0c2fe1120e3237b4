"""主动公开: an agency's 政府信息公开 column and its catalogue (目录), as Wagtail pages.

The unified layout of 国办公开办函〔2019〕61号: under the region's home page
(``portal.HomePage``) each agency has one ``ColumnPage`` (政府信息公开), and below it the
``CatalogueIndexPage`` (法定主动公开内容) whose children are the ``CatalogueItemPage``\\ s. The
guide, the 制度 and the annual reports hang beside it. Columns are created by
``services.column_ensure`` when an agency is (receivers.py); items go through the agency's
sign-off chain (``RoleSignOffTask``, workflow.py) before they are published.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from gongkai.catalog.tokens import index_tokens
from gongkai.catalog.workflow import RoleSignOffTask  # noqa: F401 - a model of this app
from gongkai.httpcache.pages import ConditionalPageMixin
from gongkai.statute.proactive import (
    ARTICLE_20_ITEMS,
    ATTRIBUTE_LABELS,
    DEFAULT_INDEX_PATTERN,
    TOPICS,
    VALIDITY_LABELS,
    WITHHOLDING_REASONS,
    Attribute,
    IndexNumberPattern,
    Validity,
    article_20_label,
)

ARTICLE_20_CHOICES = [(number, article_20_label(number)) for number, _ in ARTICLE_20_ITEMS]
TOPIC_CHOICES = [(topic, topic) for topic in TOPICS]
ATTRIBUTE_CHOICES = [(a.value, label) for a, label in ATTRIBUTE_LABELS.items()]
VALIDITY_CHOICES = [(v.value, label) for v, label in VALIDITY_LABELS.items()]
# 第二十条第（一）项 as 表二 counts it: its rows "regulations" and "normative_documents".
DOCUMENT_TYPE_CHOICES = [("regulations", "规章"), ("normative_documents", "行政规范性文件")]


def _validate_index_pattern(value: str) -> None:
    problems = IndexNumberPattern(value).problems()
    if problems:
        raise ValidationError(problems)


class ColumnPage(ConditionalPageMixin, Page):
    """An agency's 政府信息公开 column: 指南, 制度, 法定主动公开内容, 年报, 依申请公开."""

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="column",
    )
    intro = RichTextField("栏目简介", blank=True, features=["bold", "link", "ol", "ul"])
    index_number_pattern = models.CharField(
        "索引号格式",
        max_length=60,
        default=DEFAULT_INDEX_PATTERN,
        validators=[_validate_index_pattern],
        help_text=(
            "{code} 为本机关统一社会信用代码，{year} 为发布年份，{month} 为月份，{n} 为当年序号"
            "（{n:05} 补足5位）。例如 {code}/{year}-{n:05} 生成 11640323MB1E59422B/2020-00013。"
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("index_number_pattern")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["catalog.GuidePage", "catalog.CatalogueIndexPage", "catalog.TextPage"]
    template = "catalog/column_page.html"
    max_count_per_parent = None

    class Meta:
        verbose_name = "政府信息公开栏目"
        verbose_name_plural = "政府信息公开栏目"


class TextPage(ConditionalPageMixin, Page):
    """A page of text in a column: 政府信息公开指南, 政府信息公开制度."""

    body = RichTextField("正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["catalog.ColumnPage"]
    subpage_types: list[str] = []
    template = "catalog/text_page.html"

    class Meta:
        verbose_name = "栏目文字页面"
        verbose_name_plural = "栏目文字页面"


class GuidePage(ConditionalPageMixin, Page):
    """政府信息公开指南 (第十二条): generated from the agency's record — its disclosure office,
    address, hours, phone, fax, e-mail, the channels it accepts with the day each counts as
    received (第三十一条), the deadlines and the fees — so it is never out of date; the office
    adds what it wants above and below (``intro``, ``body``)."""

    intro = RichTextField("导语", blank=True, features=["bold", "link", "ol", "ul"])
    body = RichTextField(
        "补充说明",
        blank=True,
        help_text="显示在自动生成的指南内容之后，例如本机关的特别说明。",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["catalog.ColumnPage"]
    subpage_types: list[str] = []
    template = "catalog/guide_page.html"

    def get_context(self, request, *args, **kwargs):
        from gongkai.statute.receipt import Channel

        context = super().get_context(request, *args, **kwargs)
        column = ColumnPage.objects.select_related("agency").get(path=self.path[: -self.steplen])
        agency = column.agency
        context["agency"] = agency
        context["column"] = column
        context["catalogue"] = column.get_children().type(CatalogueIndexPage).live().first()
        context["channels"] = [
            Channel(value) for value, _label in agency.accepted_channel_choices()
        ]
        context["article_20"] = [article_20_label(n) for n, _ in ARTICLE_20_ITEMS]
        return context

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"


class CatalogueIndexPage(ConditionalPageMixin, Page):
    """法定主动公开内容: the agency's catalogue, filtered by 第二十条 item, topic, year, validity."""

    parent_page_types = ["catalog.ColumnPage"]
    subpage_types = ["catalog.CatalogueItemPage"]
    template = "catalog/catalogue_index_page.html"

    def permissions_for_user(self, user):
        from gongkai.catalog.workflow import SignOffPermissionTester

        return SignOffPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from gongkai.catalog.selectors import catalogue_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = catalogue_listing(self, request.GET)
        return context

    class Meta:
        verbose_name = "法定主动公开内容"
        verbose_name_plural = "法定主动公开内容"


class CatalogueItemPage(ConditionalPageMixin, Page):
    """One catalogue record (目录条目) with the metadata real catalogues show (§5.1)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    index_number = models.CharField(
        "索引号",
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="首次发布时按本机关的索引号格式自动生成。",
    )
    publisher = models.CharField(
        "发布机构", max_length=200, blank=True, help_text="全称；留空时为本机关名称。"
    )
    document_number = models.CharField(
        "文号", max_length=100, blank=True, help_text="例如“盐科发〔2020〕12号”；没有文号的留空。"
    )
    written_on = models.DateField("成文日期", help_text="公文的签发日期；其他信息的形成日期。")
    changed_on = models.DateField(
        "变更日期",
        null=True,
        blank=True,
        help_text="信息变更的，填写变更之日：第二十六条的20个工作日自形成或者变更之日起计算。",
    )
    published_on = models.DateField("发布日期", null=True, blank=True, editable=False)
    topic = models.CharField("主题分类", max_length=40, choices=TOPIC_CHOICES)
    document_type = models.CharField(
        "文件类型",
        max_length=20,
        choices=DOCUMENT_TYPE_CHOICES,
        blank=True,
        help_text="规章、行政规范性文件计入年度报告表二第二十条第（一）项；其他信息留空。",
    )
    article_20_item = models.PositiveSmallIntegerField(
        "第二十条事项", choices=ARTICLE_20_CHOICES, help_text="本信息属于条例第二十条的哪一项。"
    )
    attribute = models.CharField(
        "公开属性",
        max_length=20,
        choices=ATTRIBUTE_CHOICES,
        default=Attribute.PROACTIVE.value,
        help_text="拟稿时确定（源头认定）。依申请公开、不予公开的须选择法律依据，审签后不在网站发布。",
    )
    withholding_reason = models.CharField(
        "不主动公开的理由", max_length=40, choices=WITHHOLDING_REASONS, blank=True
    )
    validity = models.CharField(
        "有效性", max_length=20, choices=VALIDITY_CHOICES, default=Validity.IN_FORCE.value
    )
    effective_on = models.DateField("生效日期", null=True, blank=True)
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    summary = models.TextField(
        "内容概述", max_length=300, help_text="一两句话概括信息内容（目录必备要素，第十二条）。"
    )
    body = RichTextField("正文", blank=True)

    content_panels = [
        # Not Wagtail's title panel: it copies the title into the slug field, which items lack.
        FieldPanel("title", classname="title"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("publisher"), FieldPanel("document_number")]),
                FieldRowPanel([FieldPanel("written_on"), FieldPanel("changed_on")]),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("article_20_item")]),
                FieldPanel("document_type"),
                FieldRowPanel([FieldPanel("attribute"), FieldPanel("withholding_reason")]),
                FieldRowPanel(
                    [FieldPanel("validity"), FieldPanel("effective_on"), FieldPanel("invalid_on")]
                ),
            ],
            heading="目录信息",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label="附件"),
        InlinePanel("interpretations", label="相关政策解读"),
    ]

    # Chinese search (tokens.py): the tokens of the title count double. Filters of the portal's
    # search and list. Another backend (Elasticsearch with a Chinese analyzer) would index the
    # plain ``title``/``summary``/``body`` instead.
    search_fields = [
        *Page.search_fields,
        index.SearchField("title_tokens", boost=2),
        index.SearchField("text_tokens"),
        index.FilterField("agency"),
        index.FilterField("attribute"),
        index.FilterField("article_20_item"),
        index.FilterField("topic"),
        index.FilterField("validity"),
        index.FilterField("published_on"),
    ]

    def title_tokens(self) -> str:
        return index_tokens(self.title)

    def text_tokens(self) -> str:
        text = " ".join(
            [
                self.summary,
                self.document_number,
                self.index_number or "",
                self.publisher,
                strip_tags(self.body or ""),
            ]
        )
        return index_tokens(text)

    # No slug field: the address is generated (``_generated_slug``).
    promote_panels = [FieldPanel("seo_title"), FieldPanel("search_description")]

    parent_page_types = ["catalog.CatalogueIndexPage"]
    subpage_types: list[str] = []
    template = "catalog/catalogue_item_page.html"
    # Recorded by ``services`` with their own audit events (gongkai.audit.admin_log).
    AUDITED_BY_SERVICES = (
        "wagtail.publish",
        "wagtail.unpublish",
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.workflow.reject",
    )

    @property
    def formed_on(self):
        """The day 第二十六条's 20 working days run from: the change, else the writing."""
        return self.changed_on or self.written_on

    @property
    def is_proactive(self) -> bool:
        return self.attribute == Attribute.PROACTIVE

    def publisher_name(self) -> str:
        return self.publisher or (self.agency.name if self.agency_id else "")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.attribute != Attribute.PROACTIVE and not self.withholding_reason:
            errors["withholding_reason"] = "依申请公开或者不予公开的信息，须选择法律依据（理由）。"
        if self.attribute == Attribute.PROACTIVE:
            self.withholding_reason = ""
        if self.changed_on and self.written_on and self.changed_on < self.written_on:
            errors["changed_on"] = "变更日期不能早于成文日期。"
        if self.validity != Validity.IN_FORCE and not self.invalid_on:
            errors["invalid_on"] = "失效或废止的信息，须填写失效或废止日期。"
        if self.validity == Validity.IN_FORCE:
            self.invalid_on = None
        if self.invalid_on and self.written_on and self.invalid_on < self.written_on:
            errors["invalid_on"] = "失效或废止日期不能早于成文日期。"
        if errors:
            raise ValidationError(errors)

    def _agency_from_column(self) -> None:
        # The agency is the column's (item → 法定主动公开内容 → column), fixed on the first save:
        # treebeard sets the path before it saves a new child.
        if self.__dict__.get("agency_id") is None and self.path:
            column_path = self.path[: -2 * self.steplen]
            self.agency_id = (
                ColumnPage.objects.filter(path=column_path)
                .values_list("agency_id", flat=True)
                .first()
            )

    def _generated_slug(self) -> None:
        # The address is the system's, not the clerk's: ASCII, short and unique however alike
        # the titles (e.g. /yanchi-kjj/fdzdgknr/20200302-a1b2c3/), fixed once given.
        if not self.__dict__.get("slug"):
            self.slug = f"{(self.written_on or timezone.localdate()):%Y%m%d}-{secrets.token_hex(3)}"

    def full_clean(self, *args, **kwargs):
        self._agency_from_column()
        self._generated_slug()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self._agency_from_column()
        self._generated_slug()
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # What the services set outside the editor survives publishing an older revision.
        obj = super().with_content_json(content)
        obj.agency_id = self.agency_id
        obj.index_number = self.index_number
        obj.published_on = self.published_on
        return obj

    def serve(self, request, *args, **kwargs):
        # Signed off as 依申请公开 / 不予公开: recorded in the catalogue, never shown publicly.
        if not self.is_proactive:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def permissions_for_user(self, user):
        from gongkai.catalog.workflow import SignOffPermissionTester

        return SignOffPermissionTester(user, self)

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        indexes = [
            models.Index(fields=["agency", "published_on"], name="catalogue_agency_pub_idx"),
        ]


class CatalogueAttachment(Orderable):
    item = ParentalKey(CatalogueItemPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(), verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("附件名称", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"


class CatalogueInterpretation(Orderable):
    """A 政策解读 linked to a policy item (both are catalogue items)."""

    item = ParentalKey(CatalogueItemPage, on_delete=models.CASCADE, related_name="interpretations")
    interpretation = models.ForeignKey(
        CatalogueItemPage,
        verbose_name="解读信息",
        on_delete=models.CASCADE,
        related_name="interpreted_by",
    )

    panels = [FieldPanel("interpretation")]

    class Meta(Orderable.Meta):
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"


class IndexNumberCounter(models.Model):
    """The last 索引号 serial an agency used in a year (locked while the next one is taken)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="indexcounter_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
