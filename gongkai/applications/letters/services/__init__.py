"""Every write to letters, their templates and settings: one function per change.

``letter_issue`` freezes a numbered letter from the agency's template (or the built-in text)
and the application's recorded steps; ``letter_record_delivery`` records how and when it
reached its recipient; ``letter_withdraw`` voids (作废) one issued by mistake. Templates and settings are checked here before they are saved, so a
template that cannot render never reaches a clerk issuing a letter. Errors are Django
``ValidationError`` (Chinese, keyed by field where there is one) and ``PermissionDenied``.
"""

from gongkai.applications.letters.services.delivery import letter_record_delivery, letter_withdraw
from gongkai.applications.letters.services.issue import (
    EXTRA_KEYS,
    ONCE_ONLY,
    compose_body,
    letter_issue,
    reply_letter_kind,
    template_source,
)
from gongkai.applications.letters.services.settings import letter_settings_save
from gongkai.applications.letters.services.templates import (
    check_template,
    letter_template_save,
    template_keys,
)

__all__ = [
    "EXTRA_KEYS",
    "ONCE_ONLY",
    "check_template",
    "compose_body",
    "letter_issue",
    "letter_record_delivery",
    "letter_settings_save",
    "letter_template_save",
    "letter_withdraw",
    "reply_letter_kind",
    "template_keys",
    "template_source",
]
