"""What needs a clerk's attention on a given day, and the daily reminder mail (每日提醒).

Two layers:

- Plain functions over a queryset and a working-day calendar: ``due_soon_and_overdue``,
  ``awaiting_confirmation`` and ``awaiting_closure``. ``today`` and the calendar are passed in,
  never read here, so the back-office dashboard and the daily job agree on every list.
- The digest (``reminder_digests``, ``reminders_send``): who answers for which application
  (its assignee; without one, the agency's clerks and office heads) and one mail per person and
  day. Each mail sent is recorded in the audit log (action ``applications.reminders_sent``,
  target the recipient, ``detail["date"]``), which is what makes a second run on the same day
  send nothing.

Why these lists: the reply is due within 20 working days of receipt (第33条) and a late reply is
a breach the applicant can take to 复议; an online submission is not received until both sides
confirm (第31条(三)), so a submission left unconfirmed silently delays the applicant; a lapsed
application (逾期不补正 第30条, 逾期不缴费 109号) still has to be filed as 其他处理 for 表三.
"""

from __future__ import annotations

import datetime
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.agencies.models import StaffMembership, StaffRole
from gongkai.applications.models import OPEN_STATUSES, Application, ApplicationStatus
from gongkai.applications.services import RecomputeResult, applications_recompute_deadlines
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.audit.services import audit_record
from gongkai.statute.clock import format_date_zh
from gongkai.statute.workdays import UnknownCalendarYear, WorkdayCalendar

DUE_SOON_WORKDAYS = 5
REMINDERS_SENT = AuditAction.APPLICATIONS_REMINDERS_SENT.value
# Who is reminded of an application nobody is assigned to (or whose assignee left the agency).
FALLBACK_ROLES = (StaffRole.CLERK, StaffRole.OFFICE_HEAD)
_ONE_DAY = datetime.timedelta(days=1)


# -- the lists (shared with the dashboard) ------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """An open application with a known reply deadline (``due_on``) near or past ``today``.

    ``workdays``: for a due-soon item the working days left (0 = due today); for an overdue one
    the working days since the deadline (0 when only a weekend or holiday has passed). None
    when the calendar does not know a year in between (the dates still say which list).
    """

    application: Application
    due_on: datetime.date
    overdue: bool
    workdays: int | None

    @property
    def label(self) -> str:
        """ "剩余3个工作日" / "今天到期" / "已逾期2个工作日" (Chinese, for lists and mails)."""
        if self.overdue:
            if self.workdays:
                return f"已逾期{self.workdays}个工作日"
            return "已超过答复期限"
        if self.workdays is None:
            return "即将到期"
        if self.workdays == 0:
            return "今天到期"
        return f"剩余{self.workdays}个工作日"


@dataclass
class DueLists:
    """``due_soon`` and ``overdue``, each sorted by deadline; ``problem`` is set (Chinese) when the
    calendar ran out of known years, so the due-soon list may miss applications."""

    due_soon: list[DueItem] = field(default_factory=list)
    overdue: list[DueItem] = field(default_factory=list)
    problem: str | None = None


def due_horizon(
    today: datetime.date, calendar: WorkdayCalendar, within_workdays: int = DUE_SOON_WORKDAYS
) -> tuple[datetime.date, str | None]:
    """The last day that counts as "due within ``within_workdays`` working days" of ``today``.

    ``calendar.add_workdays(today, n)``, with the 条例's counting (today not counted). When the
    calendar does not know a year on the way, the horizon stops at the last known day and the
    calendar's Chinese message is returned with it. No stored deadline can lie in an unknown
    year (the clock could not have computed it), so nothing due is missed by stopping there.
    """
    try:
        return calendar.add_workdays(today, within_workdays), None
    except UnknownCalendarYear as exc:
        if today.year not in calendar.known_years:
            return today, str(exc)
        day = today
        while (day + _ONE_DAY).year in calendar.known_years:
            day += _ONE_DAY
        return day, str(exc)


def classify_due(
    due_on: datetime.date, today: datetime.date, calendar: WorkdayCalendar
) -> tuple[bool, int | None]:
    """(overdue, working days left or late) for a deadline ``due_on`` seen on ``today``.

    The deadline day itself is still in time (第33条: "20个工作日内"); ``workdays`` is None
    when the calendar cannot count the days in between.
    """
    overdue = due_on < today
    try:
        if overdue:
            return True, calendar.workdays_between(due_on, today)
        return False, calendar.workdays_between(today, due_on)
    except UnknownCalendarYear:
        return overdue, 0 if due_on == today else None


def due_soon_and_overdue(
    applications_qs: QuerySet[Application],
    today: datetime.date,
    calendar: WorkdayCalendar,
    within_workdays: int = DUE_SOON_WORKDAYS,
) -> DueLists:
    """The open applications of ``applications_qs`` whose deadline is past or near, on ``today``.

    One query: open applications with a stored ``due_on`` up to the horizon (``due_horizon``).
    ``due_on`` is the clock's copy (kept by the services and the daily recomputation); while it
    is unknown (awaiting a 补正, or paused with days left) an application is on neither list.
    Overdue: ``due_on`` before ``today``. Due soon: from ``today`` to the horizon.
    """
    horizon, problem = due_horizon(today, calendar, within_workdays)
    lists = DueLists(problem=problem)
    candidates = applications_qs.filter(
        status__in=OPEN_STATUSES, due_on__isnull=False, due_on__lte=horizon
    ).order_by("due_on", "pk")
    for application in candidates:
        overdue, workdays = classify_due(application.due_on, today, calendar)
        item = DueItem(application, application.due_on, overdue, workdays)
        (lists.overdue if overdue else lists.due_soon).append(item)
    return lists


def awaiting_confirmation(applications_qs: QuerySet[Application]) -> QuerySet[Application]:
    """Submissions not yet received (第31条: received on the day both sides confirm), oldest
    first: each day unconfirmed is a day the applicant's 20 working days have not started."""
    return applications_qs.filter(status=ApplicationStatus.SUBMITTED).order_by("submitted_at", "pk")


def awaiting_closure(applications_qs: QuerySet[Application]) -> QuerySet[Application]:
    """Lapsed applications (视为放弃: 第30条 / 109号) still to be filed as 其他处理."""
    return applications_qs.filter(status=ApplicationStatus.LAPSED).order_by("received_on", "pk")


# -- recomputing deadlines ----------------------------------------------------------------------

# How many unrecomputable applications a message names before it says "等N件".
NAMED_FAILURES = 10


def deadlines_recompute(
    *, trigger: str, actor=None, agency=None, on: datetime.date | None = None
) -> RecomputeResult:
    """Recompute the stored deadline and status of open applications and record that it ran.

    ``trigger`` says why ("calendar": the working-day calendar changed; "daily": the daily job;
    "command": ``gongkai applications recompute``). One audit event per run (action
    ``deadlines.recompute``, not one per application) with the counts and the ids that could
    not be computed; ``actor`` is the user who changed the calendar, None for the jobs.
    """
    result = applications_recompute_deadlines(agency=agency, on=on)
    audit_record(
        actor=actor,
        action=AuditAction.DEADLINES_RECOMPUTE,
        agency=agency,
        detail={
            "trigger": trigger,
            "on": (on.isoformat() if on else None),
            "checked": result.checked,
            "changed": result.changed,
            "failed": sorted(result.failed)[:100],
        },
        target_label=f"{agency.name if agency else ''}办理中申请的答复期限",
        system=actor is None,
    )
    return result


def describe_recompute(result: RecomputeResult) -> tuple[str, str | None]:
    """Chinese lines for staff: what was recomputed, and (or None) which could not be.

    The second line names up to ``NAMED_FAILURES`` applications by registration number and
    agency (no personal data) with the calendar's reason; it costs one query.
    """
    done = f"已重新计算 {result.checked} 件办理中申请的答复期限，其中 {result.changed} 件有变化。"
    if not result.failed:
        return done, None
    ids = sorted(result.failed)
    named = Application.objects.filter(pk__in=ids[:NAMED_FAILURES]).select_related("agency")
    names = "、".join(f"{a.registration_number}（{a.agency.name}）" for a in named.order_by("pk"))
    more = f"等 {len(ids)} 件" if len(ids) > NAMED_FAILURES else f"共 {len(ids)} 件"
    reasons = "；".join(sorted(set(result.failed.values()))[:3])
    return done, f"以下申请的答复期限无法计算，仍保留原期限：{names}{more}。原因：{reasons}"


# -- the digest ---------------------------------------------------------------------------------


@dataclass
class Digest:
    """What one member of staff is reminded of on one day."""

    recipient: object  # the user
    due_soon: list[DueItem] = field(default_factory=list)
    overdue: list[DueItem] = field(default_factory=list)
    awaiting_confirmation: list[Application] = field(default_factory=list)
    awaiting_closure: list[Application] = field(default_factory=list)
    # Open applications whose deadline could not be recomputed: (application, why).
    uncomputable: list[tuple[Application, str]] = field(default_factory=list)

    def applications(self) -> list[Application]:
        return [
            *(i.application for i in self.overdue),
            *(i.application for i in self.due_soon),
            *self.awaiting_confirmation,
            *self.awaiting_closure,
            *(a for a, _ in self.uncomputable),
        ]

    def __len__(self) -> int:
        return len(self.applications())

    def counts(self) -> dict[str, int]:
        return {
            "overdue": len(self.overdue),
            "due_soon": len(self.due_soon),
            "awaiting_confirmation": len(self.awaiting_confirmation),
            "awaiting_closure": len(self.awaiting_closure),
            "uncomputable": len(self.uncomputable),
        }

    def summary(self) -> str:
        """E.g. "已逾期1件，即将到期2件，待确认接收1件" (the non-empty lists only)."""
        names = {
            "overdue": "已逾期",
            "due_soon": "即将到期",
            "awaiting_confirmation": "待确认接收",
            "awaiting_closure": "视为放弃待结案",
            "uncomputable": "期限无法计算",
        }
        return "，".join(f"{names[k]}{n}件" for k, n in self.counts().items() if n)


@dataclass
class Digests:
    """Every digest of a day, by recipient, and the applications nobody could be reminded of
    (their agency has no clerk or office head): the job prints those."""

    by_recipient: dict[int, Digest] = field(default_factory=dict)
    unattended: list[Application] = field(default_factory=list)
    calendar_problem: str | None = None


def _recipients_resolver(applications: Iterable[Application]):
    """A function application → list of users to remind, built with two queries.

    The assignee counts only while active and still a member of the application's agency (so a
    clerk who moved to another agency stops receiving its applications); otherwise the agency's
    active clerks and office heads.
    """
    applications = list(applications)
    agency_ids = {a.agency_id for a in applications}
    fallback: dict[int, list] = defaultdict(list)
    for membership in (
        StaffMembership.objects.filter(
            agency_id__in=agency_ids, role__in=FALLBACK_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("user__username", "pk")
    ):
        users = fallback[membership.agency_id]
        if all(u.pk != membership.user_id for u in users):
            users.append(membership.user)
    assignee_ids = {a.assignee_id for a in applications if a.assignee_id is not None}
    members = set(
        StaffMembership.objects.filter(
            user_id__in=assignee_ids, agency_id__in=agency_ids
        ).values_list("user_id", "agency_id")
    )

    def recipients(application: Application) -> list:
        assignee = application.assignee
        if (
            assignee is not None
            and assignee.is_active
            and (assignee.pk, application.agency_id) in members
        ):
            return [assignee]
        return fallback.get(application.agency_id, [])

    return recipients


def reminder_digests(
    today: datetime.date,
    calendar: WorkdayCalendar,
    *,
    uncomputable: dict[int, str] | None = None,
    within_workdays: int = DUE_SOON_WORKDAYS,
) -> Digests:
    """Every member of staff's reminders on ``today`` (about six queries, whatever the volume).

    ``uncomputable`` maps application ids to the reason their deadline could not be recomputed
    (``RecomputeResult.failed``); those are listed for their clerks too, so a year missing from
    the calendar is noticed rather than silently leaving deadlines stale.
    """
    base = Application.objects.select_related("agency", "assignee")
    due = due_soon_and_overdue(base, today, calendar, within_workdays)
    confirm = list(awaiting_confirmation(base))
    closure = list(awaiting_closure(base))
    failed = uncomputable or {}
    stuck = list(base.filter(pk__in=list(failed), status__in=OPEN_STATUSES).order_by("pk"))
    every = [
        *(i.application for i in due.overdue),
        *(i.application for i in due.due_soon),
        *confirm,
        *closure,
        *stuck,
    ]
    recipients = _recipients_resolver(every)
    result = Digests(calendar_problem=due.problem)
    unattended: dict[int, Application] = {}

    def add(application: Application, attr: str, entry) -> None:
        users = recipients(application)
        if not users:
            unattended[application.pk] = application
        for user in users:
            digest = result.by_recipient.setdefault(user.pk, Digest(recipient=user))
            getattr(digest, attr).append(entry)

    for item in due.overdue:
        add(item.application, "overdue", item)
    for item in due.due_soon:
        add(item.application, "due_soon", item)
    for application in confirm:
        add(application, "awaiting_confirmation", application)
    for application in closure:
        add(application, "awaiting_closure", application)
    for application in stuck:
        add(application, "uncomputable", (application, failed[application.pk]))
    result.unattended = sorted(unattended.values(), key=lambda a: (a.agency.name, a.pk))
    return result


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
        [(i.application, f"答复期限{format_date_zh(i.due_on)}，{i.label}") for i in digest.overdue],
    )
    section(
        "即将到期",
        f"{DUE_SOON_WORKDAYS}个工作日内到期：",
        [
            (i.application, f"答复期限{format_date_zh(i.due_on)}，{i.label}")
            for i in digest.due_soon
        ],
    )
    section(
        "待确认接收",
        "网上、传真、电子邮件、平信提交的申请以双方确认之日为收到申请之日（第三十一条），"
        "请及时确认：",
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


# -- sending ------------------------------------------------------------------------------------


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
