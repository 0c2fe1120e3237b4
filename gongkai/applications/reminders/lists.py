"""The due-soon, overdue, awaiting-confirmation and awaiting-closure lists (shared with the
dashboard). ``today`` and the working-day calendar are arguments, never read here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from gongkai.applications.models import OPEN_STATUSES, Application, ApplicationStatus
from gongkai.statute.workdays import UnknownCalendarYear, WorkdayCalendar

DUE_SOON_WORKDAYS = 5
_ONE_DAY = datetime.timedelta(days=1)


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
        due_on = application.due_on
        if due_on is None:  # excluded by the query; narrows the type
            continue
        overdue, workdays = classify_due(due_on, today, calendar)
        item = DueItem(application, due_on, overdue, workdays)
        (lists.overdue if overdue else lists.due_soon).append(item)
    return lists


def awaiting_confirmation(applications_qs: QuerySet[Application]) -> QuerySet[Application]:
    """Submissions not yet received (第31条: received on the day both sides confirm), oldest
    first: each day unconfirmed is a day the applicant's 20 working days have not started."""
    return applications_qs.filter(status=ApplicationStatus.SUBMITTED).order_by("submitted_at", "pk")


def awaiting_closure(applications_qs: QuerySet[Application]) -> QuerySet[Application]:
    """Lapsed applications (视为放弃: 第30条 / 109号) still to be filed as 其他处理."""
    return applications_qs.filter(status=ApplicationStatus.LAPSED).order_by("received_on", "pk")
