"""The reminder mail: its text, and sending it at most once per person and day."""

from __future__ import annotations

import datetime
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.applications.reminders.digest import Digest, reminder_digests
from gongkai.applications.reminders.lists import DUE_SOON_WORKDAYS
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.audit.services import audit_record
from gongkai.statute.clock import format_date_zh
from gongkai.statute.receipt import CONFIRMED_RULE
from gongkai.statute.workdays import UnknownCalendarYear, WorkdayCalendar

REMINDERS_SENT = AuditAction.APPLICATIONS_REMINDERS_SENT.value


def admin_detail_url(application: Application) -> str:
    """Absolute link to the application's back-office page, from ``WAGTAILADMIN_BASE_URL``
    (the back office's home page if the applications screens are not installed)."""
    try:
        path = reverse("applications_admin:detail", args=[application.pk])
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _line(application: Application, tail: str) -> str:
    return (
        f"  · {application.registration_number}  {application.name}  {tail}\n"
        f"    {admin_detail_url(application)}"
    )


def digest_subject(digest: Digest, today: datetime.date) -> str:
    return f"【政府信息公开】{format_date_zh(today)}待办提醒：{digest.summary()}"


def digest_body(
    digest: Digest, today: datetime.date, calendar: WorkdayCalendar, calendar_problem=None
) -> str:
    """The plain-text mail: one section per list, grouped by agency, one link per application."""
    user = digest.recipient
    name = user.get_full_name().strip() or user.get_username()
    parts = [
        f"{name}：",
        "",
        (
            f"截至{format_date_zh(today)}，您负责（或所在机关未指定经办人）的政府信息公开申请中"
            f"有以下事项需要办理：{digest.summary()}。"
        ),
    ]

    def section(title: str, note: str, entries: list[tuple[Application, str]]) -> None:
        if not entries:
            return
        parts.extend(["", f"【{title}】{note}"])
        by_agency: dict[str, list[str]] = defaultdict(list)
        for application, tail in entries:
            by_agency[application.agency.name].append(_line(application, tail))
        for agency_name, lines in by_agency.items():
            if len(by_agency) > 1:
                parts.append(f" {agency_name}")
            parts.extend(lines)

    section(
        "已逾期",
        "已超过答复期限（第三十三条），请尽快答复：",
        [(i.application, f"答复期限{_due(i)}，{i.label}") for i in digest.overdue],
    )
    section(
        "即将到期",
        f"{DUE_SOON_WORKDAYS}个工作日内到期：",
        [(i.application, f"答复期限{_due(i)}，{i.label}") for i in digest.due_soon],
    )
    section(
        "待确认接收",
        CONFIRMED_RULE + "，请及时确认：",
        [(a, _submitted_tail(a, today, calendar)) for a in digest.awaiting_confirmation],
    )
    section(
        "视为放弃待结案",
        "申请人逾期未补正或未缴费，视为放弃申请，请办结并告知：",
        [(a, _received_tail(a)) for a in digest.awaiting_closure],
    )
    section(
        "答复期限无法计算",
        "请管理员在“工作日历”中录入缺少的年度：",
        [(a, why) for a, why in digest.uncomputable],
    )
    if calendar_problem:
        parts.extend(["", f"注意：{calendar_problem}"])
    parts.extend(
        [
            "",
            f"后台：{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('wagtailadmin_home')}",
            "本邮件由公开 Gongkai 每日自动发送，请勿直接回复。",
        ]
    )
    return "\n".join(parts) + "\n"


def _submitted_tail(application: Application, today: datetime.date, calendar) -> str:
    submitted = timezone.localtime(application.submitted_at).date()
    text = f"{format_date_zh(submitted)}提交"
    try:
        waited = calendar.workdays_between(submitted, today)
    except UnknownCalendarYear:
        return text
    return f"{text}，已过{waited}个工作日" if waited else f"{text}（今天）"


def _received_tail(application: Application) -> str:
    if application.received_on is None:
        return "视为放弃申请"
    return f"{format_date_zh(application.received_on)}收到，视为放弃申请"


@dataclass
class ReminderRun:
    """What ``reminders_send`` did (or, with ``dry_run``, would do)."""

    day: datetime.date
    dry_run: bool
    sent: list[Digest] = field(default_factory=list)
    already_sent: list[Digest] = field(default_factory=list)
    no_email: list[Digest] = field(default_factory=list)
    errors: list[tuple[Digest, str]] = field(default_factory=list)
    unattended: list[Application] = field(default_factory=list)
    calendar_problem: str | None = None


def reminders_sent_to(day: datetime.date) -> set[int]:
    """Ids of the users already sent their reminder for ``day`` (from the audit log)."""
    user_type = _user_type()
    return {
        int(pk)
        for pk in AuditEvent.objects.filter(
            action=REMINDERS_SENT, target_type=user_type, detail__date=day.isoformat()
        ).values_list("target_id", flat=True)
    }


def _user_type() -> str:
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.label_lower


def reminders_send(
    day: datetime.date,
    calendar: WorkdayCalendar,
    *,
    dry_run: bool = False,
    uncomputable: dict[int, str] | None = None,
    within_workdays: int = DUE_SOON_WORKDAYS,
) -> ReminderRun:
    """Mail each member of staff their digest for ``day``, at most once per day.

    A recipient already recorded for ``day`` in the audit log is skipped; one without an e-mail
    address is listed in ``no_email``. Each mail is sent inside the transaction that writes its
    audit event, so a mail that fails to send is not recorded (and is tried again by the next
    run); a failure is reported in ``errors`` and the other recipients still get theirs.
    With ``dry_run`` nothing is sent or recorded.
    """
    digests = reminder_digests(
        day, calendar, uncomputable=uncomputable, within_workdays=within_workdays
    )
    run = ReminderRun(
        day=day,
        dry_run=dry_run,
        unattended=digests.unattended,
        calendar_problem=digests.calendar_problem,
    )
    done = reminders_sent_to(day)
    ordered = sorted(digests.by_recipient.values(), key=lambda d: d.recipient.get_username())
    for digest in ordered:
        user = digest.recipient
        if user.pk in done:
            run.already_sent.append(digest)
            continue
        if not user.email:
            run.no_email.append(digest)
            continue
        if dry_run:
            run.sent.append(digest)
            continue
        message = EmailMessage(
            subject=digest_subject(digest, day),
            body=digest_body(digest, day, calendar, digests.calendar_problem),
            to=[user.email],
        )
        agencies = {a.agency_id for a in digest.applications()}
        try:
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action=REMINDERS_SENT,
                    target=user,
                    agency=digest.applications()[0].agency if len(agencies) == 1 else None,
                    detail={
                        "date": day.isoformat(),
                        **digest.counts(),
                        "applications": sorted(a.pk for a in digest.applications()),
                    },
                    target_label=f"每日提醒：{user.get_username()}",
                    system=True,
                )
                message.send()
        except (smtplib.SMTPException, OSError) as exc:
            run.errors.append((digest, str(exc) or exc.__class__.__name__))
            continue
        run.sent.append(digest)
    return run


def _due(item) -> str:
    """The deadline as the mail states it, marked 暂定 when counted on the provisional calendar."""
    provisional = "（暂定）" if item.application.due_on_provisional else ""
    return format_date_zh(item.due_on) + provisional
