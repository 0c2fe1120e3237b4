"""The agency's own wording of its letters (文书模板): checked by rendering before it is saved."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.applications.letters.context import (
    TemplateTextError,
    render_text,
    sample_context,
    text_lines,
)
from gongkai.applications.letters.numbering import (
    ensure_letter_settings,
    remedies_sentence,
    validate_remedies_text,
)
from gongkai.applications.letters.wording import tidy_line, tidy_lines
from gongkai.applications.models import (
    LetterKind,
    LetterTemplate,
)
from gongkai.applications.services.common import (
    require_staff,
    today,
)
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record
from gongkai.statute.outcomes import LETTER_KINDS


def template_keys(kind: str) -> list[tuple[str, str]]:
    """The values a template's ``outcome`` field may take for ``kind``: for a reply, "" (any
    reply) or a reply letter kind of ``LETTER_KINDS``; for a notice only ""."""
    if kind == LetterKind.REPLY:
        return [("", "所有答复书"), *LETTER_KINDS.items()]
    return [("", "——")]


def check_template(
    agency: Agency, kind: str, outcome: str, title: str, body: str
) -> tuple[str, list[str]]:
    """Render ``title``/``body`` for a sample application; return them, or ``ValidationError``
    keyed by field (the check run before a template is saved, and the preview)."""
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "请选择文书种类。"})
    if outcome not in dict(template_keys(kind)):
        raise ValidationError(
            {"outcome": "答复书模板请选择适用的答复书种类；告知类文书不区分办理结果。"}
        )
    if not (title or "").strip():
        raise ValidationError({"title": "请填写标题。"})
    if not (body or "").strip():
        raise ValidationError({"body": "请填写正文。"})
    settings = ensure_letter_settings(agency)
    try:
        remedies = remedies_sentence(settings)
    except ValidationError:
        remedies = validate_remedies_text(settings.remedies_text)
    context = sample_context(agency, remedies=remedies, today=today())
    errors = {}
    rendered_title, lines = "", []
    try:
        rendered_title = tidy_line(" ".join(text_lines(render_text(title, context))))
    except TemplateTextError as exc:
        errors["title"] = str(exc)
    try:
        lines = tidy_lines(text_lines(render_text(body, context)))
    except TemplateTextError as exc:
        errors["body"] = str(exc)
    if "body" not in errors and kind == LetterKind.REPLY and remedies not in "\n".join(lines):
        errors["body"] = "答复书必须告知救济途径：请在正文中保留 {{ remedies }}。"
    if errors:
        raise ValidationError(errors)
    return rendered_title, lines


def letter_template_save(
    *,
    agency: Agency,
    actor,
    kind: LetterKind | str,
    outcome: str = "",
    title: str,
    body: str,
    template: LetterTemplate | None = None,
) -> LetterTemplate:
    """Create (``template=None``) or update the agency's wording of one kind of letter.

    Refused, with a Chinese message keyed by field, when the text does not render (syntax
    error, unknown tag or placeholder), a reply template drops the remedies sentence, or the
    agency already has a template for the same kind and reply letter.
    """
    require_staff(actor, agency)
    if template is not None and template.agency_id != agency.pk:
        raise ValidationError("不能把文书模板移到其他机关。")
    outcome = outcome or ""
    check_template(agency, kind, outcome, title, body)
    with transaction.atomic():
        clash = LetterTemplate.objects.filter(agency=agency, kind=kind, outcome=outcome)
        if template is not None:
            clash = clash.exclude(pk=template.pk)
        if clash.exists():
            raise ValidationError({"outcome": "本机关已有同一种类的文书模板，请修改原模板。"})
        template = template or LetterTemplate(agency=agency)
        template.kind = kind
        template.outcome = outcome
        template.title = title.strip()
        template.body = body.strip()
        created = template.pk is None
        template.save()
        audit_record(
            actor=actor,
            action=AuditAction.LETTER_TEMPLATE_SAVE,
            target=template,
            agency=agency,
            detail={"kind": str(kind), "reply_kind": outcome, "created": created},
            target_label=f"文书模板 {template.title}",
        )
    return template
