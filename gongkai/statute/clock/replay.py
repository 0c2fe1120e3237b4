"""Replaying an application's events, one article of the 条例 per handler."""

from __future__ import annotations

from datetime import date, datetime

from gongkai.statute.clock.types import (
    _ONE_DAY,
    Clock,
    ClockError,
    ClockEvent,
    ClockRules,
    ClockState,
    ClockStep,
    EventKind,
    format_date_zh,
)
from gongkai.statute.workdays import WorkdayCalendar


def _check_event(event: ClockEvent, rules: ClockRules) -> EventKind:
    kind = EventKind(event.kind)
    if isinstance(event.on, datetime) or not isinstance(event.on, date):
        raise TypeError(f"ClockEvent.on must be a datetime.date, got {event.on!r}")
    if kind in (EventKind.SUPPLEMENT_REQUESTED, EventKind.DEFERRED):
        if event.until is None:
            what = "补正期限" if kind is EventKind.SUPPLEMENT_REQUESTED else "延迟答复的期限"
            raise ClockError(f"{format_date_zh(event.on)}的「{kind.label}」没有填写{what}")
        if isinstance(event.until, datetime) or not isinstance(event.until, date):
            raise TypeError(f"ClockEvent.until must be a datetime.date, got {event.until!r}")
        if event.until < event.on:
            raise ClockError(
                f"{format_date_zh(event.on)}的「{kind.label}」期限{format_date_zh(event.until)}"
                "早于告知日期"
            )
    if kind is EventKind.EXTENDED:
        n = event.workdays
        if (
            isinstance(n, bool)
            or not isinstance(n, int)
            or not 1 <= n <= rules.extension_max_workdays
        ):
            raise ClockError(
                f"延长答复期限应为1至{rules.extension_max_workdays}个工作日（第三十三条），"
                f"{format_date_zh(event.on)}的延期为{n}个工作日"
            )
    return kind


class _Replay:
    """Mutable state while replaying the events of one application (private to this module).

    The current period is kept as running segments: closed ones ``(anchor, last)`` count the
    working days ``anchor < d <= last``; the open one counts from ``anchor`` on. The due date is
    the day the ``period_workdays``-th counted working day falls on.
    """

    def __init__(self, calendar: WorkdayCalendar, today: date, rules: ClockRules) -> None:
        self.cal = calendar
        self.today = today
        self.rules = rules
        self.received_on: date | None = None
        self.period_start: date | None = None
        self.segments: list[tuple[date, date]] = []
        self.anchor: date | None = None  # open running segment, None while stopped
        self.extension = 0
        self.deferred_until: date | None = None
        self.supplement_until: date | None = None
        self.supplement_requests = 0
        self.consultation_start: date | None = None
        self.consultation_reply_by: date | None = None
        self.fee_payment_by: date | None = None  # set while a notice is unpaid
        self.closed_on: date | None = None
        self.due_at_close: date | None = None
        self.lapsed: ClockState | None = None
        self.lapsed_on: date | None = None
        self.steps: list[ClockStep] = []
        self.problems: list[str] = []

    # -- derived ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self.rules.reply_workdays + self.extension

    def paused(self) -> bool:
        fee_pause = self.fee_payment_by is not None and self.rules.fee_notice_pauses
        return self.consultation_start is not None or fee_pause

    def counting(self) -> bool:
        return (
            self.period_start is not None
            and self.supplement_until is None
            and not self.paused()
            and self.closed_on is None
        )

    def _segment_days(self, anchor: date, last: date) -> int:
        return self.cal.workdays_between(anchor, last) if last > anchor else 0

    def used(self) -> int:
        """Working days of the period counted in closed segments."""
        return sum(self._segment_days(a, b) for a, b in self.segments)

    def due(self) -> date | None:
        """The due date if it is known now (see ``Clock``)."""
        if self.deferred_until is not None:
            return self.deferred_until  # 第35条: the agency's date replaces the arithmetic
        if self.period_start is None or self.supplement_until is not None:
            return None
        remaining = self.total
        for anchor, last in self.segments:
            n = self._segment_days(anchor, last)
            if remaining <= n:
                # The period ran out before a later pause began: the pause cannot move it.
                return self.cal.add_workdays(anchor, remaining)
            remaining -= n
        if self.anchor is not None:
            return self.cal.add_workdays(self.anchor, remaining)
        return None

    # -- transitions -----------------------------------------------------------------------

    def stop(self, on: date) -> None:
        """The clock stops at the start of ``on``: the days counted end the day before."""
        if self.anchor is not None:
            self.segments.append((self.anchor, on - _ONE_DAY))
            self.anchor = None

    def add_step(self, on: date | None, text: str) -> None:
        self.steps.append(ClockStep(on, text))

    def due_text(self) -> str:
        due = self.due()
        if due is not None:
            return f"应于{format_date_zh(due)}前答复"
        return f"剩余{max(self.total - self.used(), 0)}个工作日，暂停期间不计算"

    def apply(self, kind: EventKind, e: ClockEvent) -> None:
        d = format_date_zh(e.on)
        if self.received_on is None and kind is not EventKind.RECEIVED:
            raise ClockError(f"{d}的「{kind.label}」早于收到申请，或者没有记录收到申请")
        if self.closed_on is not None:
            raise ClockError(
                f"申请已于{format_date_zh(self.closed_on)}答复办结，不能再记录{d}的「{kind.label}」"
            )
        if e.on > self.today:
            self.problems.append(f"{d}的「{kind.label}」日期晚于今天，请核对")
        self._check_lapse(e.on)
        if self.lapsed is not None and kind is not EventKind.CLOSED:
            assert self.lapsed_on is not None  # noqa: S101 - set together with lapsed
            raise ClockError(
                f"申请人{'逾期未补正' if self.lapsed is ClockState.LAPSED_NO_SUPPLEMENT else '逾期未缴费'}，"
                f"自{format_date_zh(self.lapsed_on)}起视为放弃申请，不能再记录{d}的「{kind.label}」；"
                "如申请人有正当理由，请先更正期限"
            )
        handler = {
            EventKind.RECEIVED: self._on_received,
            EventKind.SUPPLEMENT_REQUESTED: self._on_supplement_requested,
            EventKind.SUPPLEMENT_RECEIVED: self._on_supplement_received,
            EventKind.CONSULTATION_STARTED: self._on_consultation_started,
            EventKind.CONSULTATION_ENDED: self._on_consultation_ended,
            EventKind.FEE_NOTICE_SENT: self._on_fee_notice_sent,
            EventKind.FEE_PAID: self._on_fee_paid,
            EventKind.EXTENDED: self._on_extended,
            EventKind.DEFERRED: self._on_deferred,
            EventKind.CLOSED: self._on_closed,
        }[kind]
        was_counting = self.counting()
        handler(e, d)
        if was_counting and not self.counting():
            self.stop(e.on)

    def _check_lapse(self, on: date) -> None:
        """Mark the application lapsed if ``on`` is after an unmet supplement/fee deadline."""
        if self.lapsed is not None or self.closed_on is not None:
            return
        if self.supplement_until is not None and on > self.supplement_until:
            # 第30条: 逾期不补正，视为放弃申请. The deadline day itself is still in time.
            self.lapsed = ClockState.LAPSED_NO_SUPPLEMENT
            self.lapsed_on = self.supplement_until + _ONE_DAY
        elif self.fee_payment_by is not None and on > self.fee_payment_by:
            # 109号: 逾期未缴纳，视为放弃申请.
            self.lapsed = ClockState.LAPSED_UNPAID_FEE
            self.lapsed_on = self.fee_payment_by + _ONE_DAY

    # -- one handler per event kind (dispatched from ``apply``) ---------------------------

    def _on_received(self, e: ClockEvent, d: str) -> None:
        if self.received_on is not None:
            raise ClockError(
                f"已于{format_date_zh(self.received_on)}收到申请，{d}不能再次记录「收到申请」"
            )
        self.received_on = self.period_start = self.anchor = e.on
        self.add_step(
            e.on,
            f"{d} 收到申请（第三十一条），次日起算{self.total}个工作日，{self.due_text()}",
        )

    def _on_supplement_requested(self, e: ClockEvent, d: str) -> None:
        assert e.until is not None  # noqa: S101 - checked in _check_event
        if self.supplement_until is not None:
            raise ClockError(
                f"已有未完成的补正告知（补正期限{format_date_zh(self.supplement_until)}），"
                f"{d}不能再次告知补正"
            )
        if self.deferred_until is not None:
            raise ClockError(f"已依第三十五条确定延迟答复期限，{d}不能再告知补正")
        assert self.received_on is not None  # noqa: S101 - checked in apply
        request_by = self.cal.add_workdays(self.received_on, self.rules.supplement_request_workdays)
        if e.on > request_by:
            self.problems.append(
                f"补正告知晚于收到申请后{self.rules.supplement_request_workdays}个工作日"
                f"（应于{format_date_zh(request_by)}前，实际{d}，第三十条）"
            )
        self.supplement_requests += 1
        if self.supplement_requests > 1:
            self.problems.append(
                f"第三十条要求一次性告知补正，{d}为第{self.supplement_requests}次补正告知"
            )
        self.supplement_until = e.until
        # 第30条: the period restarts from the corrected application, so whatever was counted of
        # the old period no longer matters.
        self.anchor = None
        self.segments = []
        self.add_step(
            e.on,
            f"{d} 发出补正告知书（第三十条），答复期限停止计算；申请人应于"
            f"{format_date_zh(e.until)}前补正，无正当理由逾期不补正的视为放弃申请",
        )

    def _on_supplement_received(self, e: ClockEvent, d: str) -> None:
        if self.supplement_until is None:
            raise ClockError(f"没有待补正的告知，{d}不能记录「收到补正」")
        self.supplement_until = None
        # 第30条 "答复期限自行政机关收到补正的申请之日起计算": a full new period from this day.
        # An extension granted earlier is kept (one extension per application, 第33条): the
        # applicant was notified of it and the law does not revoke it on a restart.
        self.period_start = e.on
        self.segments = []
        self.anchor = e.on if not self.paused() else None
        ext = f"（含已批准延长的{self.extension}个工作日）" if self.extension else ""
        self.add_step(
            e.on,
            f"{d} 收到补正后的申请（第三十条），答复期限自该日重新计算{self.total}个工作日{ext}，"
            f"{self.due_text()}",
        )

    def _pause_starts(self, e: ClockEvent, what: str) -> None:
        """Problem if the period had already run out before the pause began."""
        if self.counting():
            due = self.due()
            if due is not None and due < e.on and self.deferred_until is None:
                self.problems.append(
                    f"{format_date_zh(e.on)}{what}时答复期限已于{format_date_zh(due)}届满，"
                    "暂停不能顺延已届满的期限"
                )

    def _resume(self, on: date) -> None:
        """A pause ended on ``on``: counting resumes from the next day if nothing else pauses."""
        if self.counting() and self.anchor is None:
            self.anchor = on

    def _on_consultation_started(self, e: ClockEvent, d: str) -> None:
        if self.consultation_start is not None:
            raise ClockError(
                f"{format_date_zh(self.consultation_start)}开始的征求意见尚未结束，"
                f"{d}不能再开始征求意见；请先记录「征求意见结束」"
            )
        self._pause_starts(e, "征求意见")
        if self.counting():
            self.stop(e.on)  # now rather than in apply(): the step below shows the days used
        self.consultation_start = e.on
        self.consultation_reply_by = self.cal.add_workdays(e.on, self.rules.consultation_workdays)
        self.add_step(
            e.on,
            f"{d} 发出征求意见书（第三十二条、第三十四条），征求意见期间不计入答复期限"
            f"（第三十三条第二款），已用{self.used()}个工作日；对方应于"
            f"{format_date_zh(self.consultation_reply_by)}前答复",
        )

    def _on_consultation_ended(self, e: ClockEvent, d: str) -> None:
        if self.consultation_start is None or self.consultation_reply_by is None:
            raise ClockError(f"没有进行中的征求意见，{d}不能记录「征求意见结束」")
        start, reply_by = self.consultation_start, self.consultation_reply_by
        excluded = self.cal.workdays_between(start - _ONE_DAY, e.on)
        if e.on > reply_by:
            self.problems.append(
                f"征求意见于{d}结束，已超过对方答复期限{format_date_zh(reply_by)}"
                "（第三十二条、第三十四条），超期部分是否应扣除请核实"
            )
        self.consultation_start = self.consultation_reply_by = None
        self._resume(e.on)
        self.add_step(
            e.on,
            f"{d} 征求意见结束，{format_date_zh(start)}至{d}的{excluded}个工作日不计入答复期限，"
            f"次日起恢复计算，{self.due_text()}",
        )

    def _on_fee_notice_sent(self, e: ClockEvent, d: str) -> None:
        if self.fee_payment_by is not None:
            raise ClockError(
                f"此前的收费通知尚未缴费（缴费期限{format_date_zh(self.fee_payment_by)}），"
                f"{d}不能再发收费通知"
            )
        if self.rules.fee_notice_pauses:
            self._pause_starts(e, "发出收费通知")
        was_counting = self.counting()
        self.fee_payment_by = self.cal.add_workdays(e.on, self.rules.fee_payment_workdays)
        if was_counting and not self.counting():
            self.stop(e.on)
        pause = (
            f"缴费期间不计入答复期限，已用{self.used()}个工作日"
            if self.rules.fee_notice_pauses
            else "答复期限继续计算"
        )
        self.add_step(
            e.on,
            f"{d} 收费通知书送达申请人（国办函〔2020〕109号），{pause}；申请人应于"
            f"{format_date_zh(self.fee_payment_by)}前缴费，逾期未缴纳的视为放弃申请",
        )

    def _on_fee_paid(self, e: ClockEvent, d: str) -> None:
        if self.fee_payment_by is None:
            raise ClockError(f"没有待缴费的收费通知，{d}不能记录「缴纳费用」")
        self.fee_payment_by = None
        self._resume(e.on)
        resumed = "次日起恢复计算，" if self.rules.fee_notice_pauses else ""
        self.add_step(e.on, f"{d} 申请人缴纳信息处理费，{resumed}{self.due_text()}")

    def _on_extended(self, e: ClockEvent, d: str) -> None:
        assert e.workdays is not None  # noqa: S101 - checked in _check_event
        if self.extension:
            raise ClockError(f"答复期限只能延长一次（第三十三条），{d}不能再次延期")
        if self.deferred_until is not None:
            raise ClockError(
                f"已依第三十五条确定延迟答复期限（{format_date_zh(self.deferred_until)}），"
                f"{d}不能再依第三十三条延期"
            )
        due = self.due()
        if due is not None and e.on > due:
            self.problems.append(
                f"延期决定（{d}）晚于答复期限{format_date_zh(due)}，延期应在期限内作出（第三十三条）"
            )
        self.extension = e.workdays
        self.add_step(
            e.on,
            f"{d} 经政府信息公开工作机构负责人同意，延长答复期限{e.workdays}个工作日"
            f"（第三十三条），{self.due_text() if self.supplement_until is None else '补正后起算'}",
        )

    def _on_deferred(self, e: ClockEvent, d: str) -> None:
        assert e.until is not None  # noqa: S101 - checked in _check_event
        if self.deferred_until is not None:
            raise ClockError(
                f"已确定延迟答复期限（{format_date_zh(self.deferred_until)}），{d}不能再次确定"
            )
        if self.supplement_until is not None:
            raise ClockError(f"补正期间答复期限尚未起算，{d}不能确定延迟答复期限")
        due = self.due()
        if due is not None and e.until < due:
            self.problems.append(
                f"延迟答复期限{format_date_zh(e.until)}早于原答复期限{format_date_zh(due)}，请核对"
            )
        # 第35条: the agency's date is the deadline from now on; later pauses and extensions no
        # longer move it (an extension after it is refused above and in _on_extended).
        self.deferred_until = e.until
        self.add_step(
            e.on,
            f"{d} 申请数量、频次明显超过合理范围，依第三十五条确定延迟答复期限，"
            f"应于{format_date_zh(e.until)}前答复",
        )

    def _on_closed(self, e: ClockEvent, d: str) -> None:
        if self.lapsed is None and self.supplement_until is None:
            # A reply issued during a pause ends it that day (the agency stopped waiting).
            self.consultation_start = self.consultation_reply_by = None
            self.fee_payment_by = None
            self._resume(e.on)
            self.due_at_close = self.due()
        # Closed while awaiting a 补正 (e.g. withdrawn) or after a lapse (filed as 其他处理): no
        # period was running, so no deadline applies; nothing stays outstanding after closing.
        self.supplement_until = None
        self.consultation_start = self.consultation_reply_by = None
        self.fee_payment_by = None
        self.closed_on = e.on
        late = ""
        if self.due_at_close is not None and e.on > self.due_at_close:
            days = self.cal.workdays_between(self.due_at_close, e.on)
            late = f"，晚于答复期限{format_date_zh(self.due_at_close)}（逾期{days}个工作日）"
            self.problems.append(
                f"{d}答复，晚于答复期限{format_date_zh(self.due_at_close)}（第三十三条）"
            )
        self.add_step(e.on, f"{d} 作出答复，办结{late}")

    # -- result ----------------------------------------------------------------------------

    def result(self) -> Clock:
        if self.received_on is None:
            return Clock(
                state=ClockState.NOT_RECEIVED,
                received_on=None,
                period_start=None,
                due_on=None,
                remaining_workdays=None,
                supplement_request_by=None,
                supplement_due=None,
                consultation_reply_by=None,
                fee_payment_by=None,
                lapsed_on=None,
                extension_workdays=0,
                closed_on=None,
                overdue=False,
                steps=(ClockStep(None, "尚未收到申请"),),
                problems=(),
                period_workdays=self.total,
            )
        state = self._final_state()
        due: date | None
        remaining: int | None = None
        if state is ClockState.CLOSED:
            due = self.due_at_close
            if due is not None:
                assert self.closed_on is not None  # noqa: S101
                remaining = self.cal.workdays_between(self.closed_on, due)
        elif state in (ClockState.RUNNING, ClockState.PAUSED_CONSULTATION, ClockState.PAUSED_FEE):
            due = self.due()
            if due is not None:
                remaining = self.cal.workdays_between(self.today, due)
            else:
                remaining = max(self.total - self.used(), 0)
        else:
            due = None
        if state is ClockState.CLOSED:
            overdue = due is not None and self.closed_on is not None and self.closed_on > due
        else:
            overdue = due is not None and self.today > due
        if overdue and state is not ClockState.CLOSED:
            assert due is not None  # noqa: S101
            self.problems.append(f"已超过答复期限（应于{format_date_zh(due)}前答复，第三十三条）")
        if (
            state is ClockState.PAUSED_CONSULTATION
            and self.consultation_reply_by is not None
            and self.today > self.consultation_reply_by
        ):
            self.problems.append(
                f"征求意见已超过{self.rules.consultation_workdays}个工作日"
                f"（对方应于{format_date_zh(self.consultation_reply_by)}前答复）："
                "第三方逾期未答复，可依法自行决定（第三十二条）；"
                "其他机关逾期未答复的视为同意公开（第三十四条）"
            )
        supplement_request_by = self.cal.add_workdays(
            self.received_on, self.rules.supplement_request_workdays
        )
        provisional = self.cal.provisional_years(
            # A 第35条 date is the agency's own, not counted: it is not provisional itself.
            None if due == self.deferred_until else due,
            self.consultation_reply_by if state is ClockState.PAUSED_CONSULTATION else None,
            self.fee_payment_by if state is ClockState.PAUSED_FEE else None,
            supplement_request_by if state is not ClockState.CLOSED else None,
        )
        final_line = self._final_line(state, due)
        if provisional and due is not None and due != self.deferred_until:
            final_line += "（暂定：" + "、".join(f"{y}年" for y in sorted(provisional))
            final_line += "的节假日安排尚未公布，暂按法定节假日计算）"
        self.add_step(None, final_line)
        return Clock(
            state=state,
            received_on=self.received_on,
            period_start=self.period_start,
            due_on=due,
            remaining_workdays=remaining,
            supplement_request_by=supplement_request_by,
            supplement_due=self.supplement_until,
            consultation_reply_by=self.consultation_reply_by,
            fee_payment_by=self.fee_payment_by,
            lapsed_on=self.lapsed_on,
            extension_workdays=self.extension,
            closed_on=self.closed_on,
            overdue=overdue,
            steps=tuple(self.steps),
            problems=tuple(self.problems),
            period_workdays=self.total,
            deferred_until=self.deferred_until,
            provisional_years=provisional,
        )

    def _final_state(self) -> ClockState:
        if self.closed_on is not None:
            return ClockState.CLOSED
        # "today" is checked like the date of one more event: today == deadline is still in time.
        self._check_lapse(self.today)
        if self.lapsed is not None:
            return self.lapsed
        if self.supplement_until is not None:
            return ClockState.AWAITING_SUPPLEMENT
        if self.fee_payment_by is not None and self.rules.fee_notice_pauses:
            # The applicant's payment is what is awaited (and can lapse), so it is the state shown
            # even if a consultation is open at the same time.
            return ClockState.PAUSED_FEE
        if self.consultation_start is not None:
            return ClockState.PAUSED_CONSULTATION
        return ClockState.RUNNING

    def _final_line(self, state: ClockState, due: date | None) -> str:
        if due is not None:
            return f"应于{format_date_zh(due)}前答复"
        if state is ClockState.LAPSED_NO_SUPPLEMENT:
            return "申请人无正当理由逾期不补正，视为放弃申请（第三十条）"
        if state is ClockState.LAPSED_UNPAID_FEE:
            return "申请人逾期未缴纳信息处理费，视为放弃申请（国办函〔2020〕109号）"
        if state is ClockState.AWAITING_SUPPLEMENT:
            assert self.supplement_until is not None  # noqa: S101
            return (
                f"等待申请人补正（补正期限{format_date_zh(self.supplement_until)}），"
                "收到补正后重新计算答复期限"
            )
        if state is ClockState.CLOSED:
            return "已办结"
        return (
            f"{state.label}，剩余{max(self.total - self.used(), 0)}个工作日，恢复计算后确定答复期限"
        )
