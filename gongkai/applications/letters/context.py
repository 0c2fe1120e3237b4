"""What a letter template may say: the fixed set of placeholders and the engine that fills them.

Templates are staff-edited text, so they run in a Django template ``Engine`` of their own:
autoescape off (the output is plain text, not HTML), no template loaders, only the text-logic
tags of ``ALLOWED_TAGS`` (``{% load %}``, ``{% include %}``, ``{% debug %}``… do not compile), and a
context of plain strings, numbers and lists only (no model objects, so a template cannot reach
an applicant's encrypted ID number or anything else not listed in ``PLACEHOLDERS``). A misspelt
placeholder is an error, not an empty string: the engine marks unknown variables and
``render_text`` refuses output that contains the mark.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from django.template import Context, Engine, Library
from django.utils import timezone

from gongkai.applications.letters.defaults import DEFAULT_PAYMENT_INSTRUCTIONS, OUTCOME_REASONS
from gongkai.applications.letters.wording import (
    addressee_you,
    applicant_you,
    strip_sentence_end,
)
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationEventKind,
    ConsultationParty,
)
from gongkai.statute.clock import Clock, format_date_zh
from gongkai.statute.outcomes import OUTCOMES, Outcome

# Every placeholder a template may use, with what it holds (shown to staff as help text).
PLACEHOLDERS: dict[str, str] = {
    "agency_name": "本机关名称",
    "disclosure_office": "政府信息公开工作机构，例如“办公室”",
    "agency_address": "本机关办公地址",
    "agency_phone": "本机关联系电话",
    "applicant_name": "申请人姓名或名称",
    "applicant_you": "对申请人的称呼：公民为“您”，法人或者其他组织为“贵单位”",
    "registration_number": "申请登记号，例如“YANCHI-KJJ-2026-0003”",
    "query_code": "申请查询码",
    "tracking_check": "查询进度时与查询码一起核对的信息：“申请时所留联系电话的后四位”，"
    "未留电话的为“查询验证号××××”",
    "channel": "申请方式，例如“当面提交”",
    "submitted_on": "申请提交日期",
    "received_on": "收到申请之日（第三十一条）",
    "description": "所需信息的内容描述",
    "document_number": "所需信息的文号",
    "due_on": "答复期限（当前）",
    "issued_on": "本文书成文日期",
    "outcome": "办理结果代码（答复书）",
    "outcome_label": "办理结果，例如“不予公开：属于国家秘密”（答复书）",
    "outcome_reason": "办理结果对应的标准理由表述（不予公开、不予处理答复书）",
    "reply_article": "答复所依据的条款，例如“第三十六条第（三）项”（答复书）",
    "legal_ground": "不予公开的法律依据，例如“第十四条”（答复书）",
    "decision_text": "答复内容（答复书）",
    "remedies": "救济途径告知（来自文书设置，答复书必须包含）",
    "supplement_requested_on": "补正告知日期",
    "supplement_items": "需要补正的事项",
    "supplement_due": "补正期限",
    "supplement_received_on": "收到补正申请之日",
    "extension_workdays": "延长的工作日数",
    "extension_reason": "延期理由",
    "new_due_on": "延期后的答复期限",
    "previous_due_on": "此前文书告知的答复期限（答复期限变更告知书）",
    "change_reason": "期限变更的原因（答复期限变更告知书）",
    "provisional_notice": "期限暂定的说明：文书载明的期限按法定节假日暂定时自动填入，否则为空",
    "consulted": "被征求意见的第三方或机关",
    "consulted_you": "对被征求意见方的称呼：个人为“您”，单位为“贵单位”",
    "consulted_is_agency": "被征求意见方是否为其他机关（第三十四条），用于 {% if %}",
    "fee_method": "收费方式（按件计收或按量计收）",
    "fee_explanation": "信息处理费的计算过程",
    "fee_lines": "计费明细列表，每项有 description、quantity、unit_price、amount",
    "fee_amount": "信息处理费金额（元）",
    "fee_notice_on": "收费通知送达日期",
    "fee_payment_by": "缴费期限",
    "payment_instructions": "缴纳方式说明",
    "deferred_until": "第三十五条延迟答复期限",
    "deferral_reason": "延迟答复的情况说明",
}

# What the engine prints for a variable not in the context; ``render_text`` refuses it.
_UNKNOWN = "\x00UNKNOWN:%s\x00"
_UNKNOWN_RE = re.compile("\x00UNKNOWN:(.*?)\x00")
_SPACES = " \t\u3000"


class TemplateTextError(ValueError):
    """A letter template cannot be rendered; the message is in Chinese, for the clerk."""


# The built-in tags a letter may use: text logic only. Left out: {% load %}, {% include %},
# {% extends %}/{% block %}, {% url %}, {% csrf_token %}, {% debug %} (prints the context and
# the loaded modules), {% querystring %}, {% partial %}; a template using them does not compile.
ALLOWED_TAGS = frozenset(
    {
        "autoescape",
        "comment",
        "cycle",
        "filter",
        "firstof",
        "for",
        "if",
        "ifchanged",
        "lorem",
        "now",
        "regroup",
        "resetcycle",
        "spaceless",
        "templatetag",
        "verbatim",
        "widthratio",
        "with",
    }
)


@functools.cache
def letter_engine() -> Engine:
    """The sandbox the staff's letter templates run in (see the module docstring)."""
    engine = Engine(loaders=[], libraries={}, autoescape=False, string_if_invalid=_UNKNOWN)
    # Engine always adds Django's default libraries; the parser reads ``template_builtins``,
    # so this engine gets one library of its own with the allowed tags and every built-in
    # filter (filters only transform the values of the fixed context).
    sandbox = Library()
    for library in engine.template_builtins:
        sandbox.filters.update(library.filters)
        sandbox.tags.update({n: t for n, t in library.tags.items() if n in ALLOWED_TAGS})
    engine.template_builtins = [sandbox]
    return engine


def render_text(source: str, context: dict) -> str:
    """``source`` rendered with ``context``; ``TemplateTextError`` with a Chinese message if it
    does not compile, fails while rendering, or uses a placeholder that does not exist."""
    try:
        template = letter_engine().from_string(source)
        out = template.render(Context(context, autoescape=False))
    # Any error raised by the staff's template code must reach them as a message, never as a
    # traceback: syntax errors, {% include %} of nothing, {% url %} without a match, bad filters.
    except Exception as exc:
        raise TemplateTextError(
            f"模板无法使用：{exc}。请检查 {{% %}} 标签和 {{{{ }}}} 占位符。"
        ) from exc
    unknown = sorted(set(_UNKNOWN_RE.findall(out)))
    if unknown:
        names = "、".join("{{ " + name + " }}" for name in unknown)
        raise TemplateTextError(f"模板中有不存在的占位符：{names}。可用的占位符见下方说明。")
    return out


def text_lines(text: str) -> list[str]:
    """The paragraphs of rendered text: one per non-blank line, indentation removed (the
    printed letter indents every paragraph by two characters itself)."""
    return [line.strip(_SPACES) for line in text.splitlines() if line.strip(_SPACES)]


def _date(d: datetime.date | None) -> str:
    return format_date_zh(d) if d else ""


def money(amount: Decimal | None) -> str:
    """``Decimal("500.00")`` → ``"500"``; ``Decimal("12.5")`` → ``"12.50"``."""
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return f"{int(amount)}"
    return f"{amount:.2f}"


@dataclass(frozen=True)
class Steps:
    """The latest recorded step of each kind a letter reports (from ``ApplicationEvent``)."""

    supplement_requested: ApplicationEvent | None = None
    supplement_received: ApplicationEvent | None = None
    extended: ApplicationEvent | None = None
    consultation: ApplicationEvent | None = None
    fee_notice: ApplicationEvent | None = None
    deferred: ApplicationEvent | None = None


def latest_steps(application: Application) -> Steps:
    """One query: the latest event of each kind a letter needs."""
    latest: dict[str, ApplicationEvent] = {}
    for event in application.events.order_by("on", "pk"):
        latest[event.kind] = event
    return Steps(
        supplement_requested=latest.get(ApplicationEventKind.SUPPLEMENT_REQUESTED),
        supplement_received=latest.get(ApplicationEventKind.SUPPLEMENT_RECEIVED),
        extended=latest.get(ApplicationEventKind.EXTENDED),
        consultation=latest.get(ApplicationEventKind.CONSULTATION_STARTED),
        fee_notice=latest.get(ApplicationEventKind.FEE_NOTICE_SENT),
        deferred=latest.get(ApplicationEventKind.DEFERRED),
    )


def _blank() -> dict:
    """Every placeholder present (so no known name is ever reported unknown), empty."""
    context: dict = dict.fromkeys(PLACEHOLDERS, "")
    context["consulted_is_agency"] = False
    context["fee_lines"] = []
    return context


def _agency_fields(agency) -> dict:
    return {
        "agency_name": agency.name,
        "disclosure_office": agency.disclosure_office,
        "agency_address": agency.address,
        "agency_phone": agency.phone,
    }


def _outcome_fields(outcome: str, legal_ground: str, decision_text: str, you: str) -> dict:
    if not outcome:
        return {}
    info = OUTCOMES[Outcome(outcome)]
    return {
        "outcome": info.outcome.value,
        "outcome_label": info.choice_label,
        "outcome_reason": OUTCOME_REASONS.get(info.outcome, "").format(you=you),
        "reply_article": info.reply_type,
        "legal_ground": legal_ground,
        "decision_text": decision_text,
    }


def application_context(
    application: Application,
    *,
    clock: Clock,
    steps: Steps,
    issued_on: datetime.date,
    remedies: str,
    fee_lines: list[dict] | None = None,
    payment_instructions: str = "",
) -> dict:
    """The placeholders of a letter about ``application`` (see ``PLACEHOLDERS``)."""
    context = _blank()
    context.update(_agency_fields(application.agency))
    you = applicant_you(application.applicant_kind)
    context.update(
        applicant_name=application.name,
        applicant_you=you,
        registration_number=application.registration_number,
        query_code=application.query_code,
        tracking_check=tracking_check(application),
        channel=application.get_channel_display(),
        submitted_on=_date(
            timezone.localtime(application.submitted_at).date()
            if application.submitted_at
            else None
        ),
        received_on=_date(application.received_on),
        # Printed inside quotes within a sentence: "申请获取“…”的政府信息".
        # A paper application may lack it (第29条, to be cured by 补正): never print "“”".
        description=strip_sentence_end(application.description) or "未写明所需信息的名称",
        document_number=application.document_number,
        due_on=_date(clock.due_on or application.due_on),
        issued_on=_date(issued_on),
        remedies=remedies,
    )
    context.update(
        _outcome_fields(
            application.outcome, application.legal_ground, application.decision_text, you
        )
    )
    if steps.supplement_requested is not None:
        event = steps.supplement_requested
        context.update(
            supplement_requested_on=_date(event.on),
            supplement_items=event.note,
            supplement_due=_date(event.until),
        )
    if steps.supplement_received is not None:
        context["supplement_received_on"] = _date(steps.supplement_received.on)
    if steps.extended is not None:
        context.update(
            extension_workdays=steps.extended.workdays or "",
            extension_reason=steps.extended.note.strip().rstrip("。"),
            new_due_on=_date(clock.due_on),
        )
    if steps.consultation is not None:
        consulted = steps.consultation.note.strip()
        context.update(
            consulted=consulted,
            consulted_you=addressee_you(consulted),
            consulted_is_agency=steps.consultation.party == ConsultationParty.OTHER_AGENCY,
        )
    if application.fee_method:
        context.update(
            fee_method=application.get_fee_method_display(),
            fee_amount=money(application.fee_amount),
            fee_lines=fee_lines or [],
            fee_payment_by=_date(clock.fee_payment_by),
            payment_instructions=payment_instructions
            or DEFAULT_PAYMENT_INSTRUCTIONS.format(
                office=application.agency.disclosure_office or "政府信息公开工作机构", you=you
            ),
        )
    if steps.fee_notice is not None:
        context.update(
            fee_notice_on=_date(steps.fee_notice.on), fee_explanation=steps.fee_notice.note
        )
    if steps.deferred is not None:
        context.update(
            deferred_until=_date(steps.deferred.until),
            deferral_reason=steps.deferred.note.strip(),
        )
    return context


_PHONE_CHECK = "申请时所留联系电话的后四位"


def tracking_check(application) -> str:
    """What the applicant types beside the query code on the tracking page."""
    if application.phone_last4:
        return _PHONE_CHECK
    return f"查询验证号{application.tracking_pin}"


def sample_context(agency, *, remedies: str, today: datetime.date) -> dict:
    """A fictitious application of ``agency`` with every placeholder filled, for the preview
    and for checking a template before it is saved (no real applicant's data is shown)."""
    year = today.year
    context = _blank()
    context.update(_agency_fields(agency))
    context.update(
        applicant_name="张三",
        applicant_you="您",
        registration_number=f"{agency.slug.upper()}-{year}-0001",
        query_code="ABCD2345EFGH",
        tracking_check=_PHONE_CHECK,
        channel="当面提交",
        submitted_on=f"{year}年3月2日",
        received_on=f"{year}年3月2日",
        description=f"{year - 1}年度本机关科技计划项目立项名单",
        document_number="",
        due_on=f"{year}年3月30日",
        issued_on=format_date_zh(today),
        outcome=Outcome.WITHHELD_PROCESS_INFORMATION.value,
        outcome_label=OUTCOMES[Outcome.WITHHELD_PROCESS_INFORMATION].choice_label,
        outcome_reason=OUTCOME_REASONS[Outcome.WITHHELD_PROCESS_INFORMATION].format(you="您"),
        reply_article=OUTCOMES[Outcome.WITHHELD_PROCESS_INFORMATION].reply_type,
        legal_ground="第十六条第二款",
        decision_text="您申请的信息为项目评审过程中的专家讨论记录，属于过程性信息。",
        remedies=remedies,
        supplement_requested_on=f"{year}年3月4日",
        supplement_items="1. 请写明所需信息的名称或文号；\n2. 请提供身份证明复印件。",
        supplement_due=f"{year}年3月18日",
        supplement_received_on=f"{year}年3月10日",
        extension_workdays=20,
        extension_reason="所需信息涉及多个科室，需要检索和汇总的档案较多",
        new_due_on=f"{year}年4月28日",
        consulted="某科技有限公司",
        consulted_you="贵单位",
        consulted_is_agency=False,
        fee_method="按量计收",
        fee_explanation="按量计收（国办函〔2020〕109号第五条）：本次申请共120页：第1-30页（免费）30页，"
        "0元；第31-100页（10元/页）70页，700元；第101-120页（20元/页）20页，400元。合计1100元。",
        fee_lines=[
            {"description": "第1-30页（免费）", "quantity": 30, "unit_price": "0", "amount": "0"},
            {"description": "第31-100页（10元/页）", "quantity": 70, "unit_price": "10"},
        ],
        fee_amount="1100",
        fee_notice_on=f"{year}年3月5日",
        fee_payment_by=f"{year}年4月2日",
        payment_instructions=DEFAULT_PAYMENT_INSTRUCTIONS.format(
            office=agency.disclosure_office or "政府信息公开工作机构", you="您"
        ),
        deferred_until=f"{year}年6月30日",
        deferral_reason="您本月提出的申请达40件，需逐件检索。",
    )
    context["fee_lines"][1]["amount"] = "700"
    return context


def placeholder_help() -> str:
    """The placeholder list as one line of help text for the template form."""
    return "；".join(f"{{{{ {name} }}}} {label}" for name, label in PLACEHOLDERS.items())
