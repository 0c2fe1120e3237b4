"""Who did and saw what (审计日志).

One ``AuditEvent`` per state change of an application or letter, and per view of personal data
(project rule: every view of personal data is audited). Rows are only ever created, by
``gongkai.audit.services.audit_record``; nothing in the code base edits or deletes them and
the back office shows them read-only.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    """Every action the audit log knows, with the label the back office shows.

    ``AuditEvent.action`` is a plain CharField without ``choices``: a new action is one line
    here and needs no migration. ``audit_record`` refuses codes that are not listed.
    """

    APPLICATION_SUBMIT = "application.submit", "公众提交申请"
    APPLICATION_REGISTER = "application.register", "登记申请"
    APPLICATION_CONFIRM_RECEIPT = "application.confirm_receipt", "确认收到申请"
    APPLICATION_DISCARD = "application.discard", "作废申请"
    APPLICATION_ASSIGN = "application.assign", "指派经办人"
    APPLICATION_VIEW_PERSONAL_DATA = "application.view_personal_data", "查看申请人个人信息"
    APPLICATION_UPDATE = "application.update", "修改申请"
    APPLICATION_REQUEST_SUPPLEMENT = "application.request_supplement", "告知补正"
    APPLICATION_RECEIVE_SUPPLEMENT = "application.receive_supplement", "收到补正"
    APPLICATION_CONSULTATION_START = "application.consultation_start", "征求意见"
    APPLICATION_CONSULTATION_END = "application.consultation_end", "收到意见"
    APPLICATION_FEE_NOTICE = "application.fee_notice", "发出收费通知"
    APPLICATION_FEE_PAID = "application.fee_paid", "缴费"
    APPLICATION_EXTEND = "application.extend", "延期答复"
    APPLICATION_DEFER = "application.defer", "第三十五条延迟答复"
    APPLICATION_DECIDE = "application.decide", "作出答复决定"
    APPLICATION_CLOSE_LAPSED = "application.close_lapsed", "视为放弃结案"
    APPLICATION_DOWNLOAD_ATTACHMENT = "application.download_attachment", "下载附件"
    APPLICATION_WITHDRAW_STEP = "application.withdraw_step", "撤销办理步骤"
    APPLICATION_CORRECT_RECEIPT_DATE = "application.correct_receipt_date", "更正收到申请日期"
    LETTER_ISSUE = "letter.issue", "制作文书"
    LETTER_DELIVER = "letter.deliver", "送达文书"
    LETTER_DOWNLOAD = "letter.download", "下载文书"
    LETTER_WITHDRAW = "letter.withdraw", "作废文书"
    LETTER_TEMPLATE_SAVE = "letter.template_save", "修改文书模板"
    LETTER_SETTINGS_SAVE = "letter.settings_save", "修改文书设置"
    DEADLINES_RECOMPUTE = "deadlines.recompute", "重新计算期限"
    DEADLINE_CHANGE_NOTIFY = "deadline_change.notify", "告知答复期限变更"
    DEADLINE_CHANGE_DISMISS = "deadline_change.dismiss", "期限变动无需告知"
    APPLICATIONS_REMINDERS_SENT = "applications.reminders_sent", "发送每日待办提醒"
    REPORT_PUBLISH = "report.publish", "发布年度报告"
    REPORT_CREATE = "report.create", "创建年度报告"
    REPORT_UPDATE_SECTIONS = "report.update_sections", "修改年度报告正文"
    REPORT_RECORD_FIGURES = "report.record_figures", "录入年度报告数据"
    WORK_LOG_RECORD = "work_log.record", "登记工作台账"
    WORK_LOG_UPDATE = "work_log.update", "修改工作台账"
    WORK_LOG_DELETE = "work_log.delete", "删除工作台账"
    CALENDAR_DAY_SAVE = "calendar.day_save", "保存放假或调休日"
    CALENDAR_DAY_DELETE = "calendar.day_delete", "删除放假或调休日"
    CALENDAR_YEAR_SAVE = "calendar.year_save", "确认工作日历年度"
    CALENDAR_YEAR_DELETE = "calendar.year_delete", "撤销工作日历年度"
    CALENDAR_ARRANGEMENT_CONFIRM = "calendar.arrangement_confirm", "确认节假日安排"
    # Writes through Wagtail's own screens (机关、工作人员、用户、文书模板…), copied from its log.
    ADMIN_CREATE = "admin.create", "后台新建"
    ADMIN_EDIT = "admin.edit", "后台修改"
    ADMIN_DELETE = "admin.delete", "后台删除"
    ADMIN_OTHER = "admin.other", "后台其他操作"
    # Accounts and access (gongkai.accounts): sign-in, sessions, lockout, passwords, 2FA, roles.
    LOGIN = "account.login", "登录"
    LOGIN_FAILED = "account.login_failed", "登录失败"
    LOGIN_LOCKED = "account.login_locked", "登录被锁定"
    LOGOUT = "account.logout", "退出登录"
    SESSION_EXPIRED = "account.session_expired", "会话超时退出"
    ACCESS_DENIED = "account.access_denied", "拒绝访问"
    ACCOUNT_UNLOCK = "account.unlock", "解除登录锁定"
    PASSWORD_CHANGE = "account.password_change", "修改密码"
    OTP_ENROL = "account.otp_enrol", "启用双因素认证"
    OTP_VERIFY = "account.otp_verify", "双因素认证通过"
    OTP_VERIFY_FAILED = "account.otp_verify_failed", "双因素认证失败"
    OTP_RECOVERY_CODES = "account.otp_recovery_codes", "生成恢复码"
    OTP_RECOVERY_USED = "account.otp_recovery_used", "使用恢复码"
    OTP_RESET = "account.otp_reset", "重置双因素认证"
    ROLES_ASSIGN = "account.roles_assign", "分配管理员角色"
    AUDIT_PURGE = "audit.purge", "清理过期审计日志"
    AUDIT_EXPORT = "audit.export", "导出审计日志"

    @classmethod
    def label_for(cls, code: str) -> str:
        """The Chinese label of ``code``; the code itself for one no longer listed."""
        try:
            return cls(code).label
        except ValueError:
            return code


class AuditEventQuerySet(models.QuerySet):
    def for_target(self, target: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=target._meta.label_lower, target_id=str(target.pk))


class AuditEvent(models.Model):
    """One entry of the audit log (审计事件): who did what to which record, when, from where.

    ``actor_name``, ``target_label`` and ``target_type``/``target_id`` are snapshots, so the
    entry still reads correctly after the user or the record is deleted. ``detail`` and
    ``target_label`` must not carry personal data themselves: the log is not encrypted.
    """

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(
        "操作人",
        max_length=200,
        help_text="记录时的姓名和用户名；公众提交的记为“公众”。",
    )
    # PROTECT: an agency with audit history cannot be deleted, or its log would lose its owner.
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=64)
    target_type = models.CharField(
        "对象类型", max_length=100, blank=True, help_text="例如“applications.application”。"
    )
    target_id = models.CharField("对象编号", max_length=64, blank=True)
    target_label = models.CharField(
        "对象", max_length=200, blank=True, help_text="例如“盐科申〔2026〕3号”。"
    )
    detail = models.JSONField("详情", default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    # The hash chain (gongkai.audit.chain): set once, when the event is sealed right after its
    # transaction commits; never changed after.
    chain_index = models.BigIntegerField("链序号", null=True, blank=True, unique=True)
    chain_hash = models.CharField("链散列", max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "at"], name="auditevent_agency_at_idx"),
            models.Index(fields=["target_type", "target_id"], name="auditevent_target_idx"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M")
        return f"{when} {self.actor_name} {self.action_label} {self.target_label}".rstrip()

    @property
    def action_label(self) -> str:
        return AuditAction.label_for(self.action)

    @property
    def local_time(self) -> str:
        """The time in Beijing time, as the listing and its export show it."""
        return timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M:%S")

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency is not None else ""

    @property
    def detail_text(self) -> str:
        """``detail`` as JSON text (the export's column); empty when there is none."""
        return json.dumps(self.detail, ensure_ascii=False, sort_keys=True) if self.detail else ""


class AuditChain(models.Model):
    """The head of the audit trail's hash chain (one row) and its anchor after a purge.

    ``last_index``/``last_hash``: the newest sealed event. ``anchor_index``/``anchor_hash``:
    the last event a purge removed (0 and the genesis hash before any purge): verification
    starts from there. Sealing locks this row, so events are chained one after another.
    """

    last_index = models.BigIntegerField("最新链序号", default=0)
    last_hash = models.CharField("最新链散列", max_length=64)
    anchor_index = models.BigIntegerField("锚点链序号", default=0)
    anchor_hash = models.CharField("锚点链散列", max_length=64)

    class Meta:
        verbose_name = "审计日志链"
        verbose_name_plural = "审计日志链"

    def __str__(self) -> str:
        return f"{self.anchor_index + 1}-{self.last_index}"
