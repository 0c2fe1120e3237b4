"""Numbered documents sent to applicants and third parties (告知书、答复书) and their templates.

A letter is frozen when issued: its number, title and full text are stored, so a later change
of the agency's template or name never rewrites what was sent. DOCX and PDF are rendered from
the stored text on demand.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LetterKind(models.TextChoices):
    """Every document of the 依申请公开 procedure (宿政办函〔2021〕21号 set, 第36条 replies)."""

    RECEIPT = "receipt", "政府信息公开申请接收回执"
    SUPPLEMENT_NOTICE = "supplement_notice", "政府信息公开申请补正告知书"
    EXTENSION_NOTICE = "extension_notice", "政府信息公开申请延期答复告知书"
    CONSULTATION_LETTER = "consultation_letter", "政府信息公开第三方征求意见书"
    FEE_NOTICE = "fee_notice", "政府信息处理费收费通知书"
    DEFERRAL_NOTICE = "deferral_notice", "政府信息公开申请延迟答复告知书"
    # Tells the applicant that a date an earlier letter stated has moved: the calendar changed
    # (a provisional year confirmed, a notice corrected) or a mistyped receipt date was corrected.
    DEADLINE_CHANGE_NOTICE = "deadline_change_notice", "政府信息公开申请答复期限变更告知书"
    REPLY = "reply", "政府信息公开申请答复书"


class LetterNumbering(models.TextChoices):
    NOTICE = "notice", "告知类文书"
    REPLY = "reply", "答复书"


class LetterSettings(models.Model):
    """An agency's own document-number patterns and the remedies sentence of its replies.

    Patterns use ``{year}`` and ``{n}``, e.g. "盐科公复〔{year}〕{n}号" → 盐科公复〔2026〕3号.
    The remedies sentence is configurable because the law changed (行政复议法 2023 revision,
    in force 2024-01-01: refusals go to reconsideration first).
    """

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="letter_settings",
    )
    reply_number_pattern = models.CharField(
        "答复书文号格式",
        max_length=100,
        help_text="用 {year} 表示年份、{n} 表示序号，例如“盐科公复〔{year}〕{n}号”。",
    )
    notice_number_pattern = models.CharField(
        "告知书文号格式",
        max_length=100,
        help_text="补正、延期、征求意见、收费等告知书的文号，例如“盐科公告〔{year}〕{n}号”。",
    )
    reconsideration_body = models.CharField(
        "行政复议机关",
        max_length=200,
        blank=True,
        help_text="例如“盐池县人民政府”。",
    )
    court = models.CharField(
        "管辖法院", max_length=200, blank=True, help_text="例如“盐池县人民法院”。"
    )
    remedies_text = models.TextField(
        "救济途径告知",
        help_text="写入答复书末尾。可用 {reconsideration_body}、{court}。",
    )
    seal_name = models.CharField(
        "落款", max_length=200, blank=True, help_text="答复书落款单位，留空则用机关名称。"
    )

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return f"{self.agency} 文书设置"


class LetterTemplate(models.Model):
    """The agency's own wording of one kind of letter (replaces the built-in text).

    ``outcome`` narrows a reply template to one reply letter kind (``OutcomeInfo.letter_kind``,
    e.g. "reply_withheld"); blank: every reply. (The name predates the letter kinds.)
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    kind = models.CharField("文书种类", max_length=32, choices=LetterKind.choices)
    outcome = models.CharField(
        "适用的答复书种类",
        max_length=64,
        blank=True,
        default="",
        help_text="仅用于答复书：按答复书种类（如“不予公开”）使用不同正文；留空则适用于所有答复书。",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["agency", "kind", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "outcome"], name="lettertemplate_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.title}"


class DeliveryChannel(models.TextChoices):
    """送达方式 (国办公开办函〔2016〕235号)."""

    DIRECT = "direct", "直接送达"
    POST = "post", "邮寄送达"
    ENTRUSTED = "entrusted", "委托其他行政机关代为送达"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上平台"
    FAX = "fax", "传真"


class Letter(models.Model):
    """One numbered document issued for an application, frozen at issue.

    ``delivered_on`` is the day that counts for the deadline (235号): 直接/委托送达 the day signed
    for, 邮寄 the day posted. A withdrawn letter (``withdrawn_on`` set, 已作废) no longer counts
    for the once-per-application rules; see ``letters.services.letter_withdraw``.
    """

    application = models.ForeignKey(
        "applications.Application",
        verbose_name="申请",
        on_delete=models.PROTECT,
        related_name="letters",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文书种类", max_length=32, choices=LetterKind.choices)
    numbering = models.CharField("编号序列", max_length=16, choices=LetterNumbering.choices)
    number_year = models.PositiveSmallIntegerField("文号年份")
    number_seq = models.PositiveIntegerField("文号序号")
    number = models.CharField("文号", max_length=100)
    title = models.CharField("标题", max_length=200)
    recipient = models.CharField("收件人", max_length=200)
    body = models.TextField("正文")
    issued_on = models.DateField("成文日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delivery_channel = models.CharField(
        "送达方式", max_length=16, choices=DeliveryChannel.choices, blank=True, default=""
    )
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_note = models.CharField(
        "送达说明", max_length=300, blank=True, help_text="例如邮件号码、签收人。"
    )
    # The dates the letter tells its reader, as computed when it was issued ({"due_on":
    # "2027-01-13"}; keys are the clock's field names, see ``letters.stated``): when a later
    # recomputation moves one of them, the letter is listed as stating a date no longer true.
    stated_dates = models.JSONField("文书载明的期限", default=dict, blank=True)
    stated_provisional = models.BooleanField("载明的期限为暂定", default=False)
    public = models.BooleanField(
        "申请人可在查询页下载", default=True, help_text="给第三方的征求意见书不向申请人公开。"
    )
    # 作废: a letter issued by mistake is voided, never deleted; its number stays taken (a gap
    # in the 文号 sequence must be explained) and it still renders, marked, for the record.
    withdrawn_on = models.DateField("作废日期", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作废人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(
        "作废理由", blank=True, help_text="例如“补正事项写错，已重新制作”。"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "numbering", "number_year", "number_seq"],
                name="letter_unique_number",
            ),
            # A withdrawn letter always says when and why (the number gap must be explained).
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | ~models.Q(withdrawal_reason=""),
                name="letter_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None
