"""The annual report (政府信息公开工作年度报告, 条例第49-50条) of one agency for one year.

The tables are computed from the records wherever the records exist (DESIGN: "the report is
computed, never typed in twice"). A year from before the agency adopted Gongkai is entered as
figures instead and marked ``basis=recorded``. See ``gongkai.reports.selectors.report_data`` for
how a ``ReportData`` is assembled from this row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.annual_report.formats import all_formats


def format_choices() -> list[tuple[str, str]]:
    """One choice per format file (a callable: a new format file needs no migration)."""
    return [(f.id, f"{f.id} 年格式（{f.document}）") for f in all_formats()]


class ReportBasis(models.TextChoices):
    RECORDED = "recorded", "录入数据（本机关启用系统前的年度）"
    COMPUTED = "computed", "系统生成"


# The tables a clerk types in: all three for a year recorded as figures; none for a computed
# year (表二 from the catalogue and registers, 表三 from the applications, 表四 from the appeals).
ENTERED_TABLES: dict[str, tuple[str, ...]] = {
    ReportBasis.RECORDED: ("proactive", "applications", "appeals"),
    ReportBasis.COMPUTED: (),
}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SIGNED = "signed", "已审签"
    PUBLISHED = "published", "已发布"


class AnnualReportQuerySet(models.QuerySet):
    def published(self) -> AnnualReportQuerySet:
        return self.filter(status=ReportStatus.PUBLISHED)

    def for_agency_slug(self, slug: str) -> AnnualReportQuerySet:
        return self.filter(agency__slug=slug)


class AnnualReport(models.Model):
    """One agency's annual report for one year: narrative, figures, status.

    ``figures`` holds tables in the canonical JSON shape of ``ReportData.tables``
    (``{"proactive": {row: {column: value}}, "applications": …, "appeals": …}``): all three
    for a recorded year, only 表二 (``proactive``) for a computed one, where 表三 and 表四 come
    from the application and appeal records. ``sections`` maps section keys of the format
    (``overview``, ``proactive``, …) to narrative text.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(
        "报告年度", help_text="报告所反映的年度，例如 2020（2021年1月公布的报告）。"
    )
    format_id = models.CharField(
        "报告格式",
        max_length=16,
        choices=format_choices,
        help_text="2019、2020年度用国办公开办函〔2019〕60号格式；2021年度起用〔2021〕30号格式。",
    )
    basis = models.CharField(
        "数据来源",
        max_length=16,
        choices=ReportBasis.choices,
        default=ReportBasis.COMPUTED,
        help_text="启用本系统以前的年度选“录入数据”，表二至表四按已公布的报告录入；"
        "其后的年度由系统根据办理记录生成表三、表四。",
    )
    figures = models.JSONField("统计数据", default=dict, blank=True)
    variants = models.JSONField(
        "表格版式",
        default=dict,
        blank=True,
        help_text="个别表格按其他版式印制时的说明（一般留空）。",
    )
    sections = models.JSONField("正文", default=dict, blank=True)
    preamble = models.TextField(
        "开头语",
        blank=True,
        help_text="正文前的说明，例如“根据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。”",
    )
    notes = models.JSONField(
        "录入说明",
        default=list,
        blank=True,
        help_text="录入时所作的判断，例如原报告中的误写及其处理方式。",
    )
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="annualreport_unique_agency_year"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="annualreport_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED
