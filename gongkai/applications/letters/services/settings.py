"""The agency's letter settings (文书设置): 文号 patterns and sequences, remedies, delivery."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.letters.numbering import (
    PATTERN_FIELDS,
    check_distinct_patterns,
    validate_number_pattern,
    validate_remedies_text,
)
from gongkai.applications.models import (
    LetterSettings,
)
from gongkai.applications.services.common import (
    require_staff,
)
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record


def letter_settings_save(
    *,
    settings: LetterSettings,
    actor,
    reply_number_pattern: str,
    notice_number_pattern: str,
    reconsideration_body: str,
    court: str,
    remedies_text: str,
    seal_name: str = "",
    own_number_patterns: Mapping[str, str] | None = None,
    electronic_delivery: bool | None = None,
) -> LetterSettings:
    """Change an agency's 文号 patterns, remedies sentence, 落款 and delivery; checked as a whole.

    ``own_number_patterns`` maps fields of ``numbering.OWN_SEQUENCES`` (e.g.
    ``"receipt_number_pattern"``) to a notice kind's own pattern, "" to number that kind in
    the shared 告知书 sequence; fields left out, and ``electronic_delivery=None``, keep their
    value (so callers written before these settings existed change nothing of them). No two
    sequences may share a pattern (they would print the same 文号).
    """
    require_staff(actor, settings.agency)
    own = dict(own_number_patterns or {})
    unknown = set(own) - set(PATTERN_FIELDS[2:])
    if unknown:
        raise ValidationError(f"不支持的文号设置：{'、'.join(sorted(unknown))}。")
    errors = {}
    values: dict[str, Any] = {
        "reconsideration_body": (reconsideration_body or "").strip(),
        "court": (court or "").strip(),
        "seal_name": (seal_name or "").strip(),
    }
    if electronic_delivery is not None:
        values["electronic_delivery"] = bool(electronic_delivery)
    for name, value, check in (
        ("reply_number_pattern", reply_number_pattern, validate_number_pattern),
        ("notice_number_pattern", notice_number_pattern, validate_number_pattern),
        ("remedies_text", remedies_text, validate_remedies_text),
    ):
        try:
            values[name] = check(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    for name in PATTERN_FIELDS[2:]:
        value = (own[name] if name in own else getattr(settings, name)) or ""
        try:
            values[name] = validate_number_pattern(value) if value.strip() else ""
        except ValidationError as exc:
            errors[name] = exc.messages
    if not errors:
        errors = check_distinct_patterns(values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changed = sorted(n for n, v in values.items() if getattr(settings, n) != v)
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save()
        audit_record(
            actor=actor,
            action=AuditAction.LETTER_SETTINGS_SAVE,
            target=settings,
            agency=settings.agency,
            detail={"fields": changed},
            target_label="文书设置",
        )
    return settings
