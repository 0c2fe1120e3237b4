"""What needs a clerk's attention on a given day, and the daily reminder mail (每日提醒).

- ``lists``: plain functions over a queryset and a working-day calendar (``due_soon_and_overdue``,
  ``awaiting_confirmation``, ``awaiting_closure``). ``today`` and the calendar are passed in,
  never read there, so the back-office dashboard and the daily job agree on every list.
- ``recompute``: recomputing the stored deadlines (after a calendar change, daily, on demand)
  with one audit event per run, and the Chinese summary staff read.
- ``digest``: who answers for which application (its assignee; without one, or once the
  assignee has left the agency, the agency's clerks and office heads).
- ``mail``: one mail per person and day. Each mail sent is recorded in the audit log (action
  ``applications.reminders_sent``, target the recipient, ``detail["date"]``), which is what makes
  a second run on the same day send nothing.

Why these lists: the reply is due within 20 working days of receipt (第33条) and a late reply is
a breach the applicant can take to 复议; an online submission is not received until both sides
confirm (第31条(三)), so a submission left unconfirmed silently delays the applicant; a lapsed
application (逾期不补正 第30条, 逾期不缴费 109号) still has to be filed as 其他处理 for 表三.
The daily job is ``manage.py applications_daily`` (``gongkai applications remind``).
"""

from gongkai.applications.reminders.digest import Digest, Digests, reminder_digests
from gongkai.applications.reminders.lists import (
    DUE_SOON_WORKDAYS,
    DueItem,
    DueLists,
    awaiting_closure,
    awaiting_confirmation,
    classify_due,
    due_horizon,
    due_soon_and_overdue,
)
from gongkai.applications.reminders.mail import (
    REMINDERS_SENT,
    ReminderRun,
    admin_detail_url,
    digest_body,
    digest_subject,
    reminders_send,
    reminders_sent_to,
)
from gongkai.applications.reminders.recompute import deadlines_recompute, describe_recompute

__all__ = [
    "DUE_SOON_WORKDAYS",
    "REMINDERS_SENT",
    "Digest",
    "Digests",
    "DueItem",
    "DueLists",
    "ReminderRun",
    "admin_detail_url",
    "awaiting_closure",
    "awaiting_confirmation",
    "classify_due",
    "deadlines_recompute",
    "describe_recompute",
    "digest_body",
    "digest_subject",
    "due_horizon",
    "due_soon_and_overdue",
    "reminder_digests",
    "reminders_send",
    "reminders_sent_to",
]
