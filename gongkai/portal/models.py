"""Page types of the public portal (信息公开门户)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from gongkai.httpcache.pages import ConditionalPageMixin


class HomePage(ConditionalPageMixin, Page):
    """The root of an agency's 信息公开 column: guide, catalogue, annual reports and applications
    hang below it. One per agency; the data migration creates the first one as the default site."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="本栏目所属的机关；页面底部显示其政府信息公开工作机构的联系方式。",
    )
    intro = RichTextField(
        "栏目简介",
        blank=True,
        features=["bold", "link", "ol", "ul"],
        help_text="显示在栏目首页顶部的一两段说明文字。",
    )

    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.ColumnPage", "portal.HomePage"]
    template = "portal/home_page.html"

    def get_context(self, request, *args, **kwargs):
        from gongkai.catalog.models import ColumnPage
        from gongkai.reports.selectors import published_reports_by_agency

        context = super().get_context(request, *args, **kwargs)
        context["annual_reports"] = published_reports_by_agency(within=self.agency)
        # Every agency's 政府信息公开 column under this page, and any other page beside them.
        children = list(self.get_children().live().public())
        column_type = ContentType.objects.get_for_model(ColumnPage)
        column_ids = [c.pk for c in children if c.content_type_id == column_type.pk]
        columns = ColumnPage.objects.filter(pk__in=column_ids)
        if self.agency_id is not None:
            # A government's page lists itself and its departments, like its annual reports.
            columns = columns.filter(
                Q(agency_id=self.agency_id) | Q(agency__parent_id=self.agency_id)
            )
        context["columns"] = (
            columns.select_related("agency").order_by("agency__name") if column_ids else []
        )
        context["sections"] = [c for c in children if c.content_type_id != column_type.pk]
        return context

    class Meta:
        verbose_name = "信息公开栏目首页"
        verbose_name_plural = "信息公开栏目首页"
