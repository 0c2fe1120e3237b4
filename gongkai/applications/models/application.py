"""An application for government information (政府信息公开申请) and what happened to it.

The statutory clock is never stored as truth: it is recomputed from ``ApplicationEvent`` rows by
``gongkai.statute.clock.compute_clock``. ``status`` and ``due_on`` on ``Application`` are a
denormalised copy of that result (kept by ``services``, recomputed after a calendar change), so
the queue can filter and sort in SQL; ``queue_rank`` and ``queue_key`` copy them once more into
the queue's indexed order (``status.queue_position``).
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q

from gongkai.applications.models.status import (
    OPEN_STATUSES,
    UNFINISHED_RANKS,
    ApplicationStatus,
    QueueRank,
)
from gongkai.privacy.fields import EncryptedTextField
from gongkai.statute import receipt
from gongkai.statute.clock import EventKind
from gongkai.statute.outcomes import ApplicantCategory

# Query codes avoid letters and digits that are easy to misread (0/O, 1/I/L).
_QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 12


def new_query_code() -> str:
    """A random 12-character 查询码 (about 59 bits): unguessable, readable over the phone."""
    return "".join(secrets.choice(_QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def new_tracking_pin() -> str:
    """The 4-digit 查询验证号 that stands in for the phone's last four digits on the tracking page
    for an applicant who left no phone number (a letter by post); printed on the receipt."""
    return f"{secrets.randbelow(10_000):04d}"


class PrivateStorage(FileSystemStorage):
    """Storage of applicants' uploads (ID proofs), outside MEDIA_ROOT: never served by URL.

    Files are read back only through the back-office download view, which checks the agency and
    writes an audit event. The location is read from ``GONGKAI_PRIVATE_DIR`` on every use (not
    at import time, and tests can point it elsewhere).
    """

    @property
    def base_location(self):
        return settings.GONGKAI_PRIVATE_DIR

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> FileSystemStorage:
    """A callable, so the migration records a reference instead of this machine's path."""
    return PrivateStorage()


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", "公民"
    ORGANISATION = "organisation", "法人或者其他组织"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT_ID = "foreign_permanent_id", "外国人永久居留身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


# How the application arrived decides the date of receipt (第31条): the channels and their
# rules live in the pure core (``statute.receipt``); these are its Django choices, each value and
# label taken from it (written out, not built in a loop, so the type checker knows the members;
# tests/applications/test_models.py checks that every channel of the core is here, in order).
class Channel(models.TextChoices):
    IN_PERSON = receipt.Channel.IN_PERSON.value, receipt.Channel.IN_PERSON.label
    POST = receipt.Channel.POST.value, receipt.Channel.POST.label
    REGISTERED_MAIL = receipt.Channel.REGISTERED_MAIL.value, receipt.Channel.REGISTERED_MAIL.label
    ORDINARY_MAIL = receipt.Channel.ORDINARY_MAIL.value, receipt.Channel.ORDINARY_MAIL.label
    FAX = receipt.Channel.FAX.value, receipt.Channel.FAX.label
    ONLINE = receipt.Channel.ONLINE.value, receipt.Channel.ONLINE.label
    EMAIL = receipt.Channel.EMAIL.value, receipt.Channel.EMAIL.label


# 第31条: what the date of receipt is for each channel (shown next to the date field).
RECEIPT_RULES: dict[str, str] = {c.value: c.receipt_rule for c in receipt.Channel}


class Carrier(models.TextChoices):
    """所需信息的指定提供载体形式（可多选）."""

    PAPER = "paper", "纸面"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    DISK = "disk", "磁盘"


class DeliveryMethod(models.TextChoices):
    """获取信息的方式."""

    POST = "post", "邮寄"
    EXPRESS = "express", "快递"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    PICKUP = "pickup", "自行领取"
    ON_SITE = "on_site", "当场阅读、抄录"


class FeeMethod(models.TextChoices):
    """109号第3条: charged by the 件 (第4条) or by the 页 (第5条) of one application."""

    BY_ITEMS = "by_items", "按件计收"
    BY_PAGES = "by_pages", "按量计收"

    @property
    def unit(self) -> str:
        """What ``Application.fee_quantity`` counts: 件 (items) or 页 (pages)."""
        return "件" if self is FeeMethod.BY_ITEMS else "页"


def applicant_category_choices() -> list[tuple[str, str]]:
    return [(c.value, c.label) for c in ApplicantCategory]


def outcome_choices() -> list[tuple[str, str]]:
    from gongkai.statute.outcomes import outcome_choices as choices

    return choices()


# The queue's order, as index columns (``models.status``).
_QUEUE = ("queue_rank", "queue_key", "id")
_AGENCY_QUEUE = ("agency", *_QUEUE)


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        """Received and not yet finished (the 结转 population at any moment)."""
        return self.filter(status__in=OPEN_STATUSES)

    def unfinished(self) -> ApplicationQuerySet:
        """Not finished, received or not: open ones and those awaiting confirmation (the
        queue's 未办结（全部）). Reads the stored queue rank, so the queue's index serves it."""
        return self.filter(queue_rank__in=UNFINISHED_RANKS)

    def received(self) -> ApplicationQuerySet:
        return self.filter(received_on__isnull=False)

    def awaiting_confirmation(self) -> ApplicationQuerySet:
        return self.filter(status=ApplicationStatus.SUBMITTED)


class Application(models.Model):
    """One 政府信息公开申请 to one agency (第29条 contents), from intake to reply.

    Personal data is minimised: only what 第29条 and the delivery need. ID number, phone, e-mail,
    address and fax are encrypted at rest; lists show ``id_number_masked`` and ``phone_last4``;
    every view of the plain values goes through a selector that writes an audit event.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    serial_year = models.PositiveSmallIntegerField("登记年度")
    serial = models.PositiveIntegerField("登记序号")
    # 登记号: carries the agency's code, so two bureaus of one county never share a number.
    registration_number = models.CharField("登记号", max_length=120, unique=True, editable=False)
    query_code = models.CharField("查询码", max_length=16, unique=True, default=new_query_code)
    # A random token the public form carries, so a twice-clicked submit creates one application.
    submission_token = models.UUIDField("提交令牌", null=True, blank=True, unique=True)

    channel = models.CharField("申请方式", max_length=32, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间")
    received_on = models.DateField(
        "收到申请之日",
        null=True,
        blank=True,
        help_text="按第三十一条确定：当面提交为提交之日，邮寄、挂号信为签收之日，"
        f"{receipt.channel_names(receipt.CONFIRMED_CHANNELS)}为双方确认之日。",
    )

    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    applicant_category = models.CharField(
        "申请人类别（表三）",
        max_length=32,
        choices=applicant_category_choices,
        help_text="公民为“自然人”；法人或其他组织按商业企业、科研机构、社会公益组织、"
        "法律服务机构、其他分类，决定年度报告表三的列。",
    )
    name = models.CharField("申请人姓名或名称", max_length=200)
    legal_representative = models.CharField("法定代表人", max_length=100, blank=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    # Blank only in an application registered by a clerk with a content missing (第29条): its
    # 补正 (第30条) asks for it (``services.applicant``); an online one always has them.
    id_type = models.CharField("证件类型", max_length=32, choices=IdType.choices, blank=True)
    id_number = EncryptedTextField("证件号码", blank=True)
    id_number_masked = models.CharField("证件号码（隐去部分）", max_length=40, blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    phone_last4 = models.CharField("联系电话后四位", max_length=4, db_index=True, blank=True)
    # Checked with the query code like ``phone_last4`` (either one), so a phone added later by a
    # clerk does not invalidate the receipt an applicant without a phone holds.
    tracking_pin = models.CharField(
        "查询验证号", max_length=4, default=new_tracking_pin, editable=False
    )
    email = EncryptedTextField("电子邮箱", blank=True, default="")
    address = EncryptedTextField("通信地址", blank=True, default="")
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)
    fax = EncryptedTextField("传真", blank=True, default="")

    description = models.TextField(
        "所需信息的内容描述",
        blank=True,
        help_text="信息名称、文号或者便于查询的其他特征性描述（第二十九条）。",
    )
    document_number = models.CharField("所需信息的文号", max_length=200, blank=True)
    index_number = models.CharField("所需信息的索引号", max_length=200, blank=True)
    carriers = models.JSONField("载体形式", default=list, blank=True)
    delivery_methods = models.JSONField("获取方式", default=list, blank=True)
    accept_other_methods = models.BooleanField("无法按指定方式提供时可接受其他方式", default=True)

    status = models.CharField(
        "状态",
        max_length=32,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    # The queue's order, stored so an index serves it (``status.queue_position`` of status,
    # due_on and closed_on; set by every service that writes one of them).
    queue_rank = models.PositiveSmallIntegerField(
        "队列分组", choices=QueueRank.choices, default=QueueRank.AWAITING_CONFIRMATION
    )
    queue_key = models.IntegerField("队列排序键", default=0)
    due_on_provisional = models.BooleanField(
        "答复期限为暂定",
        default=False,
        help_text="答复期限跨入国务院尚未公布节假日安排的年度，暂按法定节假日计算。",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )

    outcome = models.CharField(
        "办理结果", max_length=64, choices=outcome_choices, blank=True, default=""
    )
    legal_ground = models.CharField(
        "法律依据",
        max_length=200,
        blank=True,
        help_text="不予公开、部分公开必须写明依据，例如“第十四条”“第十六条第二款”。",
    )
    decision_text = models.TextField("答复内容", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)

    fee_method = models.CharField(
        "收费方式", max_length=16, choices=FeeMethod.choices, blank=True, default=""
    )
    fee_quantity = models.PositiveIntegerField("计费件数或页数", null=True, blank=True)
    fee_amount = models.DecimalField(
        "信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "serial_year", "serial"], name="application_unique_serial"
            ),
            # A finished application has exactly one statistical outcome (one row of 表三).
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="application_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted")
                | Q(status="discarded")
                | Q(received_on__isnull=False),
                name="application_received_has_date",
            ),
            # The queue's group follows the status (a write that forgot it fails loudly).
            models.CheckConstraint(
                condition=Q(status="submitted", queue_rank=QueueRank.AWAITING_CONFIRMATION)
                | Q(status__in=OPEN_STATUSES, due_on__isnull=False, queue_rank=QueueRank.DUE)
                | Q(status__in=OPEN_STATUSES, due_on__isnull=True, queue_rank=QueueRank.NO_DUE_DATE)
                | Q(status="closed", queue_rank=QueueRank.CLOSED)
                | Q(status="discarded", queue_rank=QueueRank.DISCARDED),
                name="application_queue_rank_follows_status",
            ),
        ]
        indexes = [
            # The queue in its stored order (``models.status``): one agency's rows, and
            # everyone's for a superuser; with the status, category and channel filters. Each
            # filter both counts and reads its page (keyset) from one of these, never sorting.
            # The applications table is written a few thousand times a day at most, read far
            # more: the extra index work per write is worth it.
            models.Index(fields=[*_AGENCY_QUEUE], name="application_queue_order_idx"),
            models.Index(fields=[*_QUEUE], name="application_queue_all_idx"),
            models.Index(fields=["agency", "status", *_QUEUE], name="application_queue_idx"),
            models.Index(fields=["status", *_QUEUE], name="application_status_ord_idx"),
            models.Index(fields=["applicant_category", *_QUEUE], name="application_category_idx"),
            models.Index(
                fields=["agency", "applicant_category", *_QUEUE],
                name="application_agency_categ_idx",
            ),
            models.Index(fields=["channel", *_QUEUE], name="application_channel_idx"),
            models.Index(fields=["agency", "channel", *_QUEUE], name="application_agency_chan_idx"),
            # The queue's search by 登记号 across agencies (the unique key starts with the agency).
            models.Index(fields=["serial_year", "serial"], name="application_serial_idx"),
            # 表三 (statistics.applications_table) reads only these columns: a covering index
            # keeps a region's year (a million rows) within ~1.3× of a bare GROUP BY on SQLite.
            models.Index(
                fields=[
                    "agency",
                    "received_on",
                    "closed_on",
                    "applicant_category",
                    "outcome",
                    "status",
                ],
                name="application_table3_idx",
            ),
            models.Index(fields=["agency", "closed_on"], name="application_closed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.name}"

    @staticmethod
    def format_registration_number(agency_code: str, year: int, serial: int) -> str:
        """登记号, e.g. "YANCHI-KJJ-2026-0003": the agency's code (its 标识), year, serial."""
        return f"{agency_code.upper()}-{year}-{serial:04d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def fee_quantity_display(self) -> str:
        """ "150 页" / "12 件": the charged quantity with its unit; "" when no fee was set."""
        if not self.fee_method or self.fee_quantity is None:
            return ""
        return f"{self.fee_quantity} {FeeMethod(self.fee_method).unit}"


class ApplicationEventKind(models.TextChoices):
    """What can happen to an application. The first group drives the statutory clock."""

    RECEIVED = EventKind.RECEIVED.value, "收到申请"
    SUPPLEMENT_REQUESTED = EventKind.SUPPLEMENT_REQUESTED.value, "告知补正"
    SUPPLEMENT_RECEIVED = EventKind.SUPPLEMENT_RECEIVED.value, "收到补正"
    CONSULTATION_STARTED = EventKind.CONSULTATION_STARTED.value, "征求意见"
    CONSULTATION_ENDED = EventKind.CONSULTATION_ENDED.value, "收到意见或征求意见结束"
    FEE_NOTICE_SENT = EventKind.FEE_NOTICE_SENT.value, "送达收费通知"
    FEE_PAID = EventKind.FEE_PAID.value, "缴纳费用"
    EXTENDED = EventKind.EXTENDED.value, "延期答复"
    DEFERRED = EventKind.DEFERRED.value, "延迟答复（第三十五条）"
    CLOSED = EventKind.CLOSED.value, "办结"
    # Not part of the clock:
    SUBMITTED = "submitted", "提交申请"
    ASSIGNED = "assigned", "指定经办人"
    DISCARDED = "discarded", "作废"
    NOTE = "note", "备注"


CLOCK_EVENT_KINDS = frozenset(k.value for k in EventKind)


class ConsultationParty(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方（第三十二条）"
    OTHER_AGENCY = "other_agency", "其他机关（第三十四条）"


class ApplicationEvent(models.Model):
    """One dated step of an application; the clock is a function of these rows.

    Append-only: a wrong step is corrected by a service that removes it and writes an audit event,
    never by editing it in place.
    """

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("事项", max_length=32, choices=ApplicationEventKind.choices)
    on = models.DateField("日期")
    until = models.DateField("期限", null=True, blank=True)
    workdays = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    party = models.CharField(
        "征求意见对象", max_length=16, choices=ConsultationParty.choices, blank=True, default=""
    )
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理事项"
        verbose_name_plural = "办理事项"
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["application", "on"], name="appevent_app_on_idx")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class AttachmentKind(models.TextChoices):
    ID_PROOF = "id_proof", "身份证明"
    OTHER = "other", "其他材料"


class Attachment(models.Model):
    """A file the applicant sent with the application (ID proof, supporting material)."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类型", max_length=16, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to="applications/%Y/%m/", storage=private_storage)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
