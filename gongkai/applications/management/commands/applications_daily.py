"""``manage.py applications_daily [--date YYYY-MM-DD] [--dry-run]``: the daily job (每日提醒).

1. Recomputes the stored deadline and status of every open application as of the day: time
   alone moves them (a 补正 or fee deadline passes and the application lapses, 第30条 / 109号).
2. Mails each responsible member of staff one digest: applications overdue or due within 5
   working days, submissions awaiting confirmation (第31条) and lapsed applications awaiting
   closure (``gongkai.applications.reminders``). At most one mail per person and day: a second
   run on the same day sends only what the first could not.

Run it once a day from cron or a systemd timer (README "每日提醒 / daily job"). Why not
Django's task framework: ``django.tasks`` (Django 6.x, with the django-tasks backport installed
by Wagtail) enqueues work for a worker but has no schedule of its own, so something outside
Django would still have to start it every morning; cron/systemd is that something, and
a management command needs no worker process on a county server.

On a day that is not a working day (weekend, 放假) the job only recomputes: the office is closed,
so the reminders wait for the next working day, which lists everything still due or overdue.
Run it every day all the same: a lapse recorded on Sunday is right on Monday morning.

``--date`` runs the job as of another day (not in the future), e.g. to catch up after the
server was down. ``--dry-run`` computes and prints everything but sends no mail and changes
nothing (the recomputation is rolled back). Exit status 1 when a mail could not be sent.
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from gongkai.applications.reminders import (
    Digest,
    ReminderRun,
    deadlines_recompute,
    describe_recompute,
    reminders_send,
)
from gongkai.statute.clock import format_date_zh
from gongkai.statute.workdays import UnknownCalendarYear
from gongkai.workdays.selectors import get_calendar, missing_year_warning, next_year_missing


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD，例如 2026-03-20（收到 {value!r}）"
        ) from None


def _is_workday(day: datetime.date) -> bool:
    """Whether reminders go out on ``day``; a day the calendar does not know counts as one (better
    a mail on a holiday than none for weeks)."""
    try:
        return get_calendar().is_workday(day)
    except UnknownCalendarYear:
        return True


def _who(digest: Digest) -> str:
    user = digest.recipient
    full = user.get_full_name().strip()
    return f"{full}（{user.get_username()}）" if full else user.get_username()


class Command(BaseCommand):
    help = (
        "每日任务：重新计算办理中申请的答复期限，并给经办人发送待办提醒邮件"
        "（已逾期、5个工作日内到期、待确认接收、视为放弃待结案）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=_date,
            metavar="YYYY-MM-DD",
            help="按哪一天运行（默认今天；不能晚于今天）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="试运行：只显示结果，不发邮件、不修改数据"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        day: datetime.date = options["date"] or today
        dry_run: bool = options["dry_run"]
        if day > today:
            raise CommandError(f"日期 {day.isoformat()} 晚于今天，不能提前运行每日任务。")
        title = f"每日提醒 {format_date_zh(day)}"
        if dry_run:
            title += "（试运行：不发送邮件，不修改数据）"
        self.stdout.write(title)
        if (missing := next_year_missing(day)) is not None:
            self.stdout.write(f"注意：{missing_year_warning(missing)}")
        workday = _is_workday(day)
        run: ReminderRun | None = None
        with transaction.atomic():
            recompute = deadlines_recompute(trigger="daily", on=day)
            if dry_run:
                # Preview against the recomputed state, then undo the recomputation.
                if workday:
                    run = self._send(day, recompute.failed, dry_run=True)
                transaction.set_rollback(True)
        if workday and not dry_run:
            run = self._send(day, recompute.failed, dry_run=False)
        done, failed = describe_recompute(recompute)
        self.stdout.write(f"答复期限：{done}")
        if failed:
            self.stdout.write(f"  {failed}")
        if run is None:
            self.stdout.write("今天不是工作日，不发送提醒邮件；下一个工作日一并提醒。")
            return
        self._report(run)
        if run.errors:
            raise CommandError(f"{len(run.errors)} 封提醒邮件发送失败，下次运行时会重新发送。")

    def _send(self, day: datetime.date, failed: dict[int, str], *, dry_run: bool) -> ReminderRun:
        # The calendar is read after the recomputation committed, like the deadlines it wrote.
        return reminders_send(day, get_calendar(), dry_run=dry_run, uncomputable=failed)

    def _report(self, run: ReminderRun) -> None:
        out = self.stdout
        verb = "将发送" if run.dry_run else "已发送"
        out.write(f"提醒邮件：{verb} {len(run.sent)} 封")
        for digest in run.sent:
            out.write(f"  {_who(digest)} <{digest.recipient.email}>：{digest.summary()}")
        if run.already_sent:
            out.write(f"今天已经提醒过，不再发送：{len(run.already_sent)} 人")
            for digest in run.already_sent:
                out.write(f"  {_who(digest)}")
        if run.no_email:
            out.write(f"没有电子邮箱，未能提醒：{len(run.no_email)} 人（请在后台“用户”中填写邮箱）")
            for digest in run.no_email:
                out.write(f"  {_who(digest)}：{digest.summary()}")
        if run.errors:
            out.write(f"发送失败：{len(run.errors)} 人")
            for digest, why in run.errors:
                out.write(f"  {_who(digest)} <{digest.recipient.email}>：{why}")
        if run.unattended:
            out.write(
                f"无人负责：{len(run.unattended)} 件（所属机关没有经办人或公开工作机构负责人，"
                "请在后台为其添加工作人员）"
            )
            for application in run.unattended:
                out.write(f"  {application.registration_number}（{application.agency.name}）")
        if run.calendar_problem:
            out.write(f"注意：{run.calendar_problem}")
