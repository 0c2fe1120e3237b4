"""Issuing a letter: ``letter_issue`` freezes a numbered letter from the agency's template (or
the built-in text) and the application's recorded steps."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.applications.letters.context import (
    Steps,
    TemplateTextError,
    application_context,
    latest_steps,
    render_text,
    text_lines,
)
from gongkai.applications.letters.defaults import default_text
from gongkai.applications.letters.numbering import (
    ensure_letter_settings,
    remedies_sentence,
    save_numbered,
    sequence_for,
)
from gongkai.applications.letters.stated import provisional_notice, stated_dates
from gongkai.applications.letters.wording import tidy_line, tidy_lines
from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    Letter,
    LetterKind,
    LetterSettings,
    LetterTemplate,
)
from gongkai.applications.services.common import (
    actor_or_none,
    audit,
    compute,
    require_staff,
    today,
)
from gongkai.audit.models import AuditAction
from gongkai.statute.clock import format_date_zh
from gongkai.statute.fees import quote_by_pages
from gongkai.statute.outcomes import LETTER_KINDS, OUTCOMES, Outcome

# Letters an application gets at most once: one receipt, one 补正 (第30条 一次性告知), one
# extension (第33条), one fee notice, one 第35条 deferral, one reply. A second attempt (a
# double click) is refused instead of consuming a number. A withdrawn letter (作废) does not
# count: its replacement gets the next number.
ONCE_ONLY = frozenset(
    {
        LetterKind.RECEIPT,
        LetterKind.SUPPLEMENT_NOTICE,
        LetterKind.EXTENSION_NOTICE,
        LetterKind.FEE_NOTICE,
        LetterKind.DEFERRAL_NOTICE,
        LetterKind.REPLY,
    }
)

# What ``extra`` may carry: what the clerk decides at issue and the records do not hold.
EXTRA_KEYS = {
    "letter_kind": "答复书种类（同一办理结果有两种答复书时选择，例如予以公开或已主动公开）",
    "payment_instructions": "收费通知书的缴纳方式说明",
    "previous_due_on": "答复期限变更告知书：此前文书告知的答复期限（日期）",
    "change_reason": "答复期限变更告知书：期限变更的原因",
}


def _check_extra(extra: Mapping[str, Any] | None) -> dict[str, Any]:
    extra = dict(extra or {})
    unknown = set(extra) - set(EXTRA_KEYS)
    if unknown:
        raise ValidationError(f"不支持的文书参数：{'、'.join(sorted(unknown))}。")
    return extra


def reply_letter_kind(application: Application, chosen: str | None = None) -> str:
    """The reply letter (``LETTER_KINDS`` key) answering ``application``'s outcome: the
    outcome's default, or ``chosen`` when the outcome allows it (e.g. 已主动公开 for 予以公开)."""
    info = OUTCOMES[Outcome(application.outcome)]
    if not chosen:
        return info.letter_kind
    if chosen not in info.letter_kinds:
        allowed = "、".join(LETTER_KINDS[k] for k in info.letter_kinds)
        raise ValidationError({"letter_kind": f"该办理结果只能使用：{allowed}。"})
    return chosen


def template_source(agency: Agency, kind: str, letter_kind: str = "") -> tuple[str, str, str]:
    """``(title, body, source)`` for a letter: the agency's template for ``letter_kind``, its
    template for any reply (``outcome=""``), or the built-in text, in that order. ``source`` is
    a Chinese description of which one was used (for the audit log and the preview)."""
    keys = [letter_kind, ""] if kind == LetterKind.REPLY else [""]
    found = {
        t.outcome: t
        for t in LetterTemplate.objects.filter(agency=agency, kind=kind, outcome__in=keys)
    }
    for key in keys:
        if key in found:
            return found[key].title, found[key].body, f"本机关模板“{found[key].title}”"
    text = default_text(kind, letter_kind or None)
    return text.title, text.body, "内置文本"


def _require_steps(kind: LetterKind, application: Application, steps: Steps) -> None:
    """Refuse a notice whose step has not been recorded: the letter reports recorded facts."""
    if application.received_on is None:
        raise ValidationError("该申请尚未确认接收（第三十一条），不能制作文书。")
    missing = {
        LetterKind.SUPPLEMENT_NOTICE: (
            steps.supplement_requested,
            "请先登记“告知补正”（补正事项和期限）。",
        ),
        LetterKind.EXTENSION_NOTICE: (steps.extended, "请先登记经负责人同意的“延期答复”。"),
        LetterKind.CONSULTATION_LETTER: (
            steps.consultation,
            "请先登记“征求意见”（被征求意见方）。",
        ),
        LetterKind.FEE_NOTICE: (steps.fee_notice, "请先登记“收费通知”（计费方式和数量）。"),
        LetterKind.DEFERRAL_NOTICE: (steps.deferred, "请先登记第三十五条“延迟答复”期限。"),
    }.get(kind)
    if missing is not None and missing[0] is None:
        raise ValidationError(missing[1])
    if kind == LetterKind.REPLY and (
        application.status != ApplicationStatus.CLOSED or not application.outcome
    ):
        raise ValidationError("请先作出答复决定（办理结果），再制作答复书。")


def _fee_lines(application: Application) -> list[dict]:
    """Band lines of the fee, when they reproduce the stored amount.

    按量计收 depends on the page count alone; 按件计收 also on the applicant's other 件 of the
    month, which may have changed since the notice, so its lines are left to the stored
    explanation (the event note written when the fee was computed).
    """
    if application.fee_method != "by_pages" or not application.fee_quantity:
        return []
    quote = quote_by_pages(application.fee_quantity)
    if quote.amount != application.fee_amount:
        return []
    return [
        {
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": f"{line.unit_price:f}",
            "amount": f"{line.amount:f}",
        }
        for line in quote.lines
    ]


def _render(title_src: str, body_src: str, context: dict, source: str) -> tuple[str, list[str]]:
    try:
        title = tidy_line(" ".join(text_lines(render_text(title_src, context))))
        lines = tidy_lines(text_lines(render_text(body_src, context)))
    except TemplateTextError as exc:
        raise ValidationError(f"{source}无法生成文书：{exc} 请在“文书模板”中修改。") from exc
    if not title or not lines:
        raise ValidationError(f"{source}生成的标题或正文为空，请在“文书模板”中修改。")
    return title, lines


def compose_body(lines: list[str], signature: str, issued_on: datetime.date) -> str:
    """The frozen text: one paragraph per line, a blank line, the 落款 and the date.

    ``render.letter_layout`` reads this shape back (the date is always the last line).
    """
    return "\n".join(lines) + f"\n\n{signature}\n{format_date_zh(issued_on)}"


def letter_issue(
    *,
    application: Application,
    kind: LetterKind | str,
    actor,
    on: datetime.date | None = None,
    recipient: str | None = None,
    extra: Mapping[str, Any] | None = None,
    request=None,
) -> Letter:
    """Issue one numbered letter of ``kind`` for ``application`` and return it, frozen.

    - ``on``: the 成文日期 (default today; for a reply the day the decision was recorded, which
      is the day the clock counts as replied, so a reply dated otherwise is refused).
    - ``recipient``: defaults to the applicant, or to the consulted party of a 征求意见书.
    - ``extra``: see ``EXTRA_KEYS``.

    The text is the agency's template (``LetterTemplate``) or the built-in one, filled from the
    application and its recorded steps; the number comes from the agency's pattern (settings
    created on first use). Writes an audit event (``LETTER_ISSUE``). Raises ``PermissionDenied``
    for anyone not working for the agency, ``ValidationError`` when the step the letter reports
    is not recorded, the date is impossible, the letter exists already or the template fails.
    """
    require_staff(actor, application.agency)
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "请选择文书种类。"})
    kind = LetterKind(kind)
    extra = _check_extra(extra)
    with transaction.atomic():
        # ``of=("self",)``: lock this application only, not the joined agency row (which would
        # serialise every write of the agency); numbering has its own lock below.
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=application.pk)
        )
        agency = application.agency
        settings = ensure_letter_settings(agency)
        # Serialises issuers of this agency (PostgreSQL); see ``numbering.save_numbered``.
        settings = LetterSettings.objects.select_for_update().get(pk=settings.pk)
        steps = latest_steps(application)
        _require_steps(kind, application, steps)
        issued_on = on or (application.closed_on if kind == LetterKind.REPLY else today())
        if issued_on is None:  # not for a closed application (its CheckConstraint)
            raise ValidationError("请先作出答复决定（办结日期），再制作答复书。")
        _check_issue_date(kind, application, issued_on)
        if kind in ONCE_ONLY:
            existing = application.letters.filter(kind=kind, withdrawn_on__isnull=True).first()
            if existing is not None:
                raise ValidationError(
                    f"该申请已制作{existing.get_kind_display()}（{existing.number}），不能重复制作。"
                )
        letter_kind = ""
        remedies = ""
        if kind == LetterKind.REPLY:
            letter_kind = reply_letter_kind(application, extra.get("letter_kind"))
            remedies = remedies_sentence(settings)
        clock = compute(application)
        context = application_context(
            application,
            clock=clock,
            steps=steps,
            issued_on=issued_on,
            remedies=remedies,
            fee_lines=_fee_lines(application),
            payment_instructions=str(extra.get("payment_instructions") or "").strip(),
        )
        stated = stated_dates(kind, clock)
        context["provisional_notice"] = provisional_notice(clock, stated)
        if kind == LetterKind.DEADLINE_CHANGE_NOTICE:
            previous = extra.get("previous_due_on")
            if not isinstance(previous, datetime.date):
                raise ValidationError("答复期限变更告知书需要写明此前告知的答复期限。")
            context["previous_due_on"] = format_date_zh(previous)
            context["change_reason"] = str(extra.get("change_reason") or "").strip()
        if kind == LetterKind.CONSULTATION_LETTER:
            _check_consultation_once(application, context["consulted"], steps)
        title_src, body_src, source = template_source(agency, kind, letter_kind)
        title, lines = _render(title_src, body_src, context, source)
        if kind == LetterKind.REPLY and remedies not in "\n".join(lines):
            raise ValidationError(
                f"{source}缺少救济途径告知，请在“文书模板”中保留 {{{{ remedies }}}}。"
            )
        recipient = (recipient or "").strip() or (
            context["consulted"] if kind == LetterKind.CONSULTATION_LETTER else application.name
        )
        signature = settings.seal_name.strip() or agency.name
        numbering, pattern = sequence_for(settings, kind)
        letter = Letter(
            application=application,
            agency=agency,
            kind=kind,
            numbering=numbering,
            number_year=issued_on.year,
            title=title[: Letter._meta.get_field("title").max_length],
            recipient=recipient[: Letter._meta.get_field("recipient").max_length],
            body=compose_body(lines, signature, issued_on),
            issued_on=issued_on,
            issued_by=actor_or_none(actor),
            # Third parties' letters are not the applicant's to download (第32条 concerns
            # their rights, and the letter names them).
            public=kind != LetterKind.CONSULTATION_LETTER,
            stated_dates=stated,
            stated_provisional=bool(context["provisional_notice"]),
        )
        save_numbered(letter, pattern)
        audit(
            actor,
            AuditAction.LETTER_ISSUE,
            application,
            request,
            letter=letter.pk,
            number=letter.number,
            kind=kind.value,
            letter_kind=letter_kind,
            source=source,
        )
    return letter


def _check_issue_date(kind: str, application: Application, issued_on: datetime.date) -> None:
    if issued_on > today():
        raise ValidationError({"on": "成文日期不能晚于今天。"})
    # ``_require_steps`` refused an application not yet received.
    if application.received_on is not None and issued_on < application.received_on:
        raise ValidationError({"on": "成文日期不能早于收到申请之日。"})
    closed_on = application.closed_on
    if kind == LetterKind.REPLY and closed_on is not None and issued_on != closed_on:
        raise ValidationError(
            {
                "on": f"答复书的成文日期应为办结日期（{format_date_zh(closed_on)}），"
                "答复期限按这一天计算。"
            }
        )


def _check_consultation_once(application: Application, consulted: str, steps: Steps) -> None:
    """One 征求意见书 per consultation: refuse a second letter to the same party for the
    latest recorded consultation (a withdrawn one does not count)."""
    if steps.consultation is None:  # refused before by ``_require_steps``
        raise ValidationError("请先登记“征求意见”（被征求意见方）。")
    if application.letters.filter(
        kind=LetterKind.CONSULTATION_LETTER,
        recipient=consulted,
        issued_on__gte=steps.consultation.on,
        withdrawn_on__isnull=True,
    ).exists():
        raise ValidationError(f"已就本次征求意见向“{consulted}”制作征求意见书，不能重复制作。")
