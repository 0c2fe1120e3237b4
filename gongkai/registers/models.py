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


# -- 第二十条 registers (表二) ----------------------------------------------------------------


class MatterKind(models.TextChoices):
    """The lists of 第二十条第（五）（六）（八）项 an agency keeps (表二's rows)."""

    LICENSING = "licensing", "行政许可"
    OTHER_SERVICE = "other_services", "其他对外管理服务事项"
    PENALTY = "penalties", "行政处罚"
    ENFORCEMENT = "enforcement", "行政强制"
    FEE = "fees", "行政事业性收费"


class Matter(models.Model):
    """One item on an agency's list of matters (事项清单), in force from ``listed_on`` until
    ``removed_on``. 表二 (2019 format) counts the list at the end of the year before
    (上一年项目数量) and its change over the year (本年增/减)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=32, choices=MatterKind.choices)
    name = models.CharField("事项名称", max_length=300)
    basis = models.CharField("设定依据", max_length=300, blank=True)
    listed_on = models.DateField("列入清单日期")
    removed_on = models.DateField(
        "取消日期", null=True, blank=True, help_text="事项被取消或调出清单的日期；仍在实施的留空。"
    )

    class Meta:
        verbose_name = "事项清单条目"
        verbose_name_plural = "事项清单"
        ordering = ["kind", "listed_on", "pk"]
        indexes = [models.Index(fields=["agency", "kind"], name="matter_agency_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(removed_on__isnull=True)
                | models.Q(removed_on__gte=models.F("listed_on")),
                name="matter_removed_after_listed",
                violation_error_message="取消日期不能早于列入清单日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class RegisterEntryKind(models.TextChoices):
    """What an agency tallies over the year for 表二: decisions per list, procurement, fees."""

    LICENSING_DECISIONS = "licensing", "行政许可处理决定"
    OTHER_SERVICE_DECISIONS = "other_services", "其他对外管理服务事项处理决定"
    PENALTY_DECISIONS = "penalties", "行政处罚决定"
    ENFORCEMENT_DECISIONS = "enforcement", "行政强制决定"
    PROCUREMENT = "procurement", "政府集中采购项目"
    FEE_INCOME = "fee_income", "行政事业性收费收入"


class RegisterEntry(models.Model):
    """``count`` decisions (or procurement projects) of ``kind`` on ``date``, and an amount in
    元 where the kind has one (procurement, fees); like the work log, one event or a tally."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=32, choices=RegisterEntryKind.choices)
    date = models.DateField("日期", help_text="汇总登记的，填期间的最后一天。")
    count = models.PositiveIntegerField("件数", default=0)
    amount_yuan = models.DecimalField(
        "金额（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    title = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "登记台账条目"
        verbose_name_plural = "第二十条登记台账"
        ordering = ["-date", "kind", "pk"]
        indexes = [models.Index(fields=["agency", "date"], name="register_agency_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gt=0) | models.Q(amount_yuan__gt=0),
                name="registerentry_count_or_amount",
                violation_error_message="件数或金额至少填写一项。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.count}）"
