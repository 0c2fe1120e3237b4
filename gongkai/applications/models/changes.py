"""Deadlines that moved after letters had stated them (期限变动).

A letter states dates (the receipt and the extension notice the reply deadline; the
consultation letter the other side's reply date; the fee notice the payment date). When a later
recomputation moves such a date — the calendar changed (a provisional year confirmed, a notice
corrected) or a mistyped receipt date was corrected — the applicant holds a letter that is no
longer true. A ``DeadlineChange`` records that, with the letters concerned, until a clerk
issues a corrected notice (a new numbered letter) or records why none is needed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class DeadlineChangeTrigger(models.TextChoices):
    CALENDAR = "calendar", "工作日历调整"
    RECEIPT_CORRECTION = "receipt_correction", "更正收到申请日期"
    DAILY = "daily", "每日重新计算"
    MANUAL = "manual", "手动重新计算"


class DeadlineChangeQuerySet(models.QuerySet["DeadlineChange"]):
    def unresolved(self) -> DeadlineChangeQuerySet:
        return self.filter(resolved_at__isnull=True)


class DeadlineChange(models.Model):
    """One application whose stated deadline moved, with the letters that stated the old date.

    At most one unresolved row per application: a second move updates it (``old_due_on`` stays
    what the letters said). ``letters`` lists ``{"id", "number", "kind", "key", "stated"}`` for
    each letter whose stated date (``key``, e.g. "due_on") is no longer the computed one.
    """

    application = models.ForeignKey(
        "applications.Application",
        verbose_name="申请",
        on_delete=models.CASCADE,
        related_name="deadline_changes",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    detected_at = models.DateTimeField("发现时间")
    trigger = models.CharField("原因", max_length=32, choices=DeadlineChangeTrigger.choices)
    old_due_on = models.DateField("原答复期限", null=True, blank=True)
    new_due_on = models.DateField("新答复期限", null=True, blank=True)
    old_provisional = models.BooleanField("原期限为暂定", default=False)
    new_provisional = models.BooleanField("新期限为暂定", default=False)
    letters = models.JSONField("载明原期限的文书", default=list, blank=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution_letter = models.ForeignKey(
        "applications.Letter",
        verbose_name="变更告知书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution_note = models.CharField("处理说明", max_length=300, blank=True)

    objects = DeadlineChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "期限变动"
        verbose_name_plural = "期限变动"
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(resolved_at__isnull=True),
                name="deadlinechange_one_unresolved",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | Q(resolution_letter__isnull=False)
                | ~Q(resolution_note=""),
                name="deadlinechange_resolved_has_letter_or_note",
            ),
        ]
        indexes = [models.Index(fields=["agency", "resolved_at"], name="deadlinechange_open_idx")]

    def __str__(self) -> str:
        return f"期限变动：申请 {self.application_id}"
