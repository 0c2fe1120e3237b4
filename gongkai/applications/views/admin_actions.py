"""The steps a clerk takes on one application, as a table of actions the detail page offers.

Each action is one form and one call of a service (``gongkai.applications.services``); the
services issue the letter a step requires in the step's own transaction. Whether an action is
*offered* follows the transition table the services enforce (``services.transitions``), plus what
the page alone can see (the letters in force); whether it is *allowed* is decided by the service
alone (e.g. only the office head may extend: ``PermissionDenied``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.applications import services
from gongkai.applications.forms import staff_actions as forms
from gongkai.applications.letters.services import letter_issue
from gongkai.applications.models import Application, ApplicationStatus, LetterKind
from gongkai.applications.services.common import staff_refusal
from gongkai.applications.services.transitions import TRANSITIONS, Step, allows
from gongkai.statute.clock import Clock, ClockState
from gongkai.statute.receipt import CONFIRMED_RULE


def may_take(user, application: Application, step: Step) -> bool:
    """Whether ``user`` holds a role ``step`` needs: the services' own check, as a question."""
    return staff_refusal(user, application.agency_id, TRANSITIONS[step].roles) is None


@dataclass(frozen=True)
class Context:
    """What decides which actions the detail page offers."""

    application: Application
    clock: Clock | None
    user: object
    letter_kinds: frozenset[str] = frozenset()  # kinds of the letters in force
    reissuable: tuple[str, ...] = ()  # ``forms.reissuable_kinds``: withdrawn, not replaced

    @property
    def status(self) -> str:
        return self.application.status

    @property
    def state(self) -> ClockState | None:
        return self.clock.state if self.clock else None

    def allows(self, step: Step) -> bool:
        return allows(step, self.status, self.state) and may_take(self.user, self.application, step)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form_class: type[forms.ActionForm]
    run: Callable[[object, Application, dict], str]  # (request, application, data) → message
    # Offered when the transition table allows ``step``; actions that are not steps of the
    # procedure (letters) say when they are offered instead.
    step: Step | None = None
    offered_when: Callable[[Context], bool] | None = None
    submit_label: str = ""
    description: str = ""

    def offered(self, context: Context) -> bool:
        if self.step is not None:
            return context.allows(self.step)
        return self.offered_when is not None and self.offered_when(context)


def _issue_receipt(request, application, data) -> str:
    letter = letter_issue(
        application=application,
        kind=LetterKind.RECEIPT,
        actor=request.user,
        on=data["on"],
        request=request,
    )
    return f"已制作接收回执 {letter.number}，请交给申请人或登记送达。"


def _confirm(request, application, data) -> str:
    services.application_confirm_receipt(
        application=application,
        actor=request.user,
        received_on=data["received_on"],
        request=request,
    )
    return "已确认接收，答复期限从收到申请之日的次日起算。"


def _correct_receipt_date(request, application, data) -> str:
    change = services.application_correct_receipt_date(
        application=application,
        actor=request.user,
        received_on=data["received_on"],
        reason=data["reason"],
        request=request,
    )
    text = "已更正收到申请之日，答复期限已重新计算。"
    if change is not None and change.letters:
        text += "已发出文书载明的日期有变化，请在“期限变动”中发出答复期限变更告知书。"
    return text


def _discard(request, application, data) -> str:
    services.application_discard(
        application=application, actor=request.user, reason=data["reason"], request=request
    )
    return "该提交已作废。"


def _request_supplement(request, application, data) -> str:
    done = services.application_request_supplement(
        application=application,
        actor=request.user,
        on=data["on"],
        until=data["until"],
        items=data["items"],
        request=request,
    )
    return f"已告知补正，并制作补正告知书 {done.issued.number}。"


def _receive_supplement(request, application, data) -> str:
    services.application_receive_supplement(
        application=application,
        actor=request.user,
        on=data["on"],
        note=data.get("note", ""),
        request=request,
    )
    return "已登记收到补正，答复期限自收到补正之日起重新计算。"


def _start_consultation(request, application, data) -> str:
    done = services.application_start_consultation(
        application=application,
        actor=request.user,
        on=data["on"],
        party=data["party"],
        consulted=data["consulted"],
        request=request,
    )
    return (
        f"已登记征求意见，并制作征求意见书 {done.issued.number}；征求意见期间不计算在答复期限内。"
    )


def _end_consultation(request, application, data) -> str:
    services.application_end_consultation(
        application=application,
        actor=request.user,
        on=data["on"],
        opinion=data.get("opinion", ""),
        request=request,
    )
    return "已登记征求意见结果，答复期限继续计算。"


def _fee_notice(request, application, data) -> str:
    done = services.application_send_fee_notice(
        application=application,
        actor=request.user,
        on=data["on"],
        method=data["method"],
        quantity=data["quantity"],
        confirmed_amount=data["confirmed_amount"],
        payment_instructions=data.get("payment_instructions", ""),
        request=request,
    )
    return f"已登记收费通知（{done.fee_quote.amount} 元），并制作收费通知书 {done.issued.number}。"


def _fee_paid(request, application, data) -> str:
    services.application_record_fee_paid(
        application=application, actor=request.user, on=data["on"], request=request
    )
    return "已登记缴费，答复期限继续计算。"


def _extend(request, application, data) -> str:
    done = services.application_extend(
        application=application,
        actor=request.user,
        on=data["on"],
        workdays=data["workdays"],
        reason=data["reason"],
        request=request,
    )
    return f"已延期{data['workdays']}个工作日，并制作延期答复告知书 {done.issued.number}。"


def _defer(request, application, data) -> str:
    done = services.application_defer(
        application=application,
        actor=request.user,
        on=data["on"],
        until=data["until"],
        reason=data["reason"],
        request=request,
    )
    return f"已确定延迟答复期限，并制作延迟答复告知书 {done.issued.number}。"


def _decide(request, application, data) -> str:
    done = services.application_decide(
        application=application,
        actor=request.user,
        on=data["on"],
        outcome=data["outcome"],
        decision_text=data["decision_text"],
        legal_ground=data.get("legal_ground", ""),
        letter_kind=data.get("letter_kind") or None,
        request=request,
    )
    return f"已作出答复并办结，答复书 {done.issued.number} 已制作，请登记送达。"


def _close_lapsed(request, application, data) -> str:
    done = services.application_close_lapsed(
        application=application, actor=request.user, on=data["on"], request=request
    )
    return f"已视为放弃申请并结案，告知书 {done.issued.number} 已制作。"


def _withdraw(request, application, data) -> str:
    removed = services.application_withdraw_last_step(
        application=application, actor=request.user, reason=data["reason"], request=request
    )
    return f"已撤销“{removed.get_kind_display()}”（{removed.on:%Y-%m-%d}），答复期限已重新计算。"


def _reissue(request, application, data) -> str:
    kind = LetterKind(data["kind"])
    # A reply is dated the day of the decision (``letter_issue`` refuses any other date).
    on = None if kind == LetterKind.REPLY else data["on"]
    letter = letter_issue(
        application=application, kind=kind, actor=request.user, on=on, request=request
    )
    return f"已重新制作{letter.get_kind_display()} {letter.number}，请登记送达。"


def _assign(request, application, data) -> str:
    services.application_assign(
        application=application, actor=request.user, assignee=data["assignee"], request=request
    )
    assignee = data["assignee"]
    return f"经办人已改为{assignee.get_full_name() or assignee.get_username()}。"


_S = ApplicationStatus

ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "confirm",
            "确认接收",
            forms.ConfirmReceiptForm,
            _confirm,
            step=Step.CONFIRM,
            description=CONFIRMED_RULE + "。",
        ),
        Action(
            "issue_receipt",
            "制作接收回执",
            forms.ReceiptForm,
            _issue_receipt,
            offered_when=lambda c: (
                c.application.received_on is not None
                and c.status != _S.DISCARDED
                and LetterKind.RECEIPT not in c.letter_kinds
            ),
            description="政府信息公开申请接收回执，写明收到申请之日和答复期限。",
        ),
        Action(
            "request_supplement",
            "告知补正",
            forms.SupplementRequestForm,
            _request_supplement,
            step=Step.REQUEST_SUPPLEMENT,
            submit_label="告知补正并制作补正告知书",
        ),
        Action(
            "receive_supplement",
            "收到补正",
            forms.SupplementReceiveForm,
            _receive_supplement,
            step=Step.RECEIVE_SUPPLEMENT,
        ),
        Action(
            "start_consultation",
            "征求意见",
            forms.ConsultationStartForm,
            _start_consultation,
            step=Step.START_CONSULTATION,
            submit_label="登记并制作征求意见书",
        ),
        Action(
            "end_consultation",
            "收到意见",
            forms.ConsultationEndForm,
            _end_consultation,
            step=Step.END_CONSULTATION,
        ),
        Action(
            "fee_notice",
            "收费",
            forms.FeeNoticeForm,
            _fee_notice,
            step=Step.FEE_NOTICE,
            submit_label="计算费用",
            description="按国办函〔2020〕109号标准计算，先核对金额再确认发出收费通知书。",
        ),
        Action("fee_paid", "已缴费", forms.FeePaidForm, _fee_paid, step=Step.FEE_PAID),
        Action(
            "extend",
            "延期答复",
            forms.ExtendForm,
            _extend,
            step=Step.EXTEND,
            submit_label="批准延期并制作延期答复告知书",
            description="须经政府信息公开工作机构负责人同意（第三十三条第二款）。",
        ),
        Action(
            "defer",
            "第三十五条延迟答复",
            forms.DeferForm,
            _defer,
            step=Step.DEFER,
            submit_label="确定期限并制作延迟答复告知书",
            description="申请数量、频次明显超过合理范围的，可以确定延迟答复的合理期限（第三十五条）。",
        ),
        Action(
            "decide",
            "作出答复",
            forms.DecideForm,
            _decide,
            step=Step.DECIDE,
            submit_label="作出答复并制作答复书",
        ),
        Action(
            "close_lapsed",
            "视为放弃结案",
            forms.CloseLapsedForm,
            _close_lapsed,
            step=Step.CLOSE_LAPSED,
            description="申请人逾期未补正或未缴费，视为放弃申请，按“其他处理”结案。",
        ),
        Action(
            "discard",
            "作废",
            forms.DiscardForm,
            _discard,
            step=Step.DISCARD,
            description="作废不计入年度报告；已确认接收的申请不能作废，只能作出答复。",
        ),
        Action(
            "correct_receipt_date",
            "更正收到申请日期",
            forms.CorrectReceiptDateForm,
            _correct_receipt_date,
            step=Step.CORRECT_RECEIPT_DATE,
            submit_label="更正并重新计算期限",
            description="收到申请之日录入有误时更正，记入审计日志。",
        ),
        Action(
            "withdraw",
            "撤销上一步",
            forms.WithdrawStepForm,
            _withdraw,
            step=Step.WITHDRAW,
            description="误登记的步骤可以撤销，撤销记入审计日志。",
        ),
        Action(
            "reissue",
            "重新制作文书",
            forms.ReissueForm,
            _reissue,
            offered_when=lambda c: bool(c.reissuable) and c.status != _S.DISCARDED,
            description="文书作废后，按已登记的办理步骤重新制作，取得新的文号。"
            "办理步骤本身有误的，请先撤销该步骤再重新登记。",
        ),
        Action("assign", "指定经办人", forms.AssignForm, _assign, step=Step.ASSIGN),
    )
}


def run_action(action: Action, request, application: Application, data: dict) -> str:
    """Run the action's service (which records the step and its letter all or nothing);
    return the success message.

    Raises the services' ``ValidationError`` / ``PermissionDenied`` unchanged.
    """
    return action.run(request, application, data)
