"""The work log (工作台账): the disclosure work an agency did, counted by kind and day.

Section 一、总体情况 of the annual report states these figures ("在政府门户网站公开信息13条，
微信公众号发布信息61条", "承担人大政协建议提案4件", the open day, "12345热线年内无办件").
Each entry is one event or an aggregated count for a period; the report adds them up per year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class WorkLogKind(models.TextChoices):
    PORTAL_ITEM = "portal_item", "政府网站公开信息"
    WECHAT_POST = "wechat_post", "政务新媒体（微信公众号）发布信息"
    HOTLINE_ITEM = "hotline_item", "12345热线办件"
    PROPOSAL_HANDLED = "proposal_handled", "人大代表建议和政协提案办理"
    OPEN_DAY = "open_day", "政府开放日活动"
    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    POLICY_INTERPRETATION = "policy_interpretation", "政策解读"
    OTHER = "other", "其他"


class WorkLogEntryQuerySet(models.QuerySet):
    def for_agency(self, agency) -> WorkLogEntryQuerySet:
        return self.filter(agency=agency)

    def in_year(self, year: int) -> WorkLogEntryQuerySet:
        return self.filter(date__year=year)


class WorkLogEntry(models.Model):
    """One line of the work log: ``count`` items of ``kind`` on ``date`` for ``agency``.

    No entry of a kind means zero for that year ("12345热线年内无办件" is the absence of entries,
    not an entry with count 0, which the constraint forbids).
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="work_log_entries",
    )
    kind = models.CharField("类别", max_length=32, choices=WorkLogKind.choices)
    date = models.DateField(
        "日期",
        help_text="事项发生的日期；按期间汇总登记的数量填该期间的最后一天（如全年汇总填12月31日）。",
    )
    count = models.PositiveIntegerField(
        "数量",
        default=1,
        help_text="条数或件数，至少为 1。一次登记一件事项时保持 1；汇总登记时填合计数。",
    )
    title = models.CharField(
        "标题",
        max_length=300,
        blank=True,
        help_text="例如信息标题、提案编号或活动名称；汇总登记时可写“2020年全年”。",
    )
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = WorkLogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "工作台账条目"
        verbose_name_plural = "工作台账"
        ordering = ["-date", "kind", "pk"]
        indexes = [models.Index(fields=["agency", "date"], name="worklog_agency_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gt=0),
                name="worklogentry_count_gt_0",
                violation_error_message="数量至少为 1；没有发生的事项不必登记。",
            ),
        ]

    def __str__(self) -> str:
        label = self.title or self.get_kind_display()
        return f"{self.date:%Y-%m-%d} {label}（{self.count}）"
