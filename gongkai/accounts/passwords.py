"""Password policy: two profiles of validators, chosen by ``GONGKAI_PASSWORD_POLICY``.

- ``dengbao`` (default), the profile 等保 assessors commonly expect (GB/T 22239-2019 8.1.4.1
  身份鉴别 a: 口令具有复杂度要求并定期更换): at least 10 characters from at least 3 of the 4
  classes (upper case, lower case, digits, symbols), not containing the username, changed every
  90 days (``GONGKAI_PASSWORD_MAX_AGE_DAYS``, forced at sign-in) and none of the last 5 reused.
- ``asvs`` (OWASP ASVS 4.0 V2.1 / NIST SP 800-63B 5.1.1.2): at least 12 characters, no
  composition rules and no periodic change, refused when on the breached/common list shipped
  offline (Django's 20,000 passwords, plus ``GONGKAI_PASSWORD_BREACHED_FILE`` if given).

Under both, a password made of one repeated or sequential run ("aaaaaaaaaaaa", "123456789012"),
or of a word of this site (agency abbreviations such as "yanchi", the system's name) padded
with digits and symbols ("yanchi123456") is refused. Messages are in Chinese.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import string
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum()),
)
# The system's own words; agency abbreviations are added from the database.
SITE_WORDS = ("gongkai", "zhengfu", "xinxi", "gov", "admin", "password", "mima", "wagtail")
SEQUENCES = (string.ascii_lowercase, string.digits, "qwertyuiopasdfghjklzxcvbnm")


class CharacterClassesValidator:
    """At least ``min_classes`` of upper case, lower case, digits and symbols (等保)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = [name for name, test in CLASSES if any(test(c) for c in password)]
        if len(used) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类"
                f"（现有 {len(used)} 类）。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class NotContainingUsernameValidator:
    """The password must not contain the username (等保; case ignored)."""

    def validate(self, password, user=None):
        username = (user.get_username() if user is not None else "") or ""
        if len(username) >= 3 and username.lower() in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "不能包含用户名。"


def _context_words() -> set[str]:
    from gongkai.agencies.models import Agency

    words = set(SITE_WORDS) | {w.lower() for w in settings.GONGKAI_PASSWORD_CONTEXT_WORDS}
    for slug in Agency.objects.values_list("slug", flat=True):
        words.update(part for part in slug.lower().split("-") if len(part) >= 4)
    return words


def _is_run(text: str) -> bool:
    """Two characters or fewer, or a stretch of a sequence, forwards or backwards, wrapping
    around ("123456789012", "zyxwvu", "qwertyuiop")."""
    if len(set(text)) <= 2:
        return True
    for sequence in SEQUENCES:
        cycle = sequence * (len(text) // len(sequence) + 2)
        if text in cycle or text in cycle[::-1]:
            return True
    return False


class GuessablePasswordValidator:
    """Repeated or sequential characters, or a site word padded with digits and symbols."""

    def validate(self, password, user=None):
        lowered = password.lower()
        if _is_run(lowered):
            raise ValidationError(
                "密码不能由重复或连续的字符组成（例如 aaaaaa、123456、abcdef）。",
                code="password_repetitive",
            )
        letters = re.sub(r"[^a-z]", "", lowered)
        for word in _context_words():
            if word in letters and len(letters) - len(word) < 4:
                raise ValidationError(
                    "密码不能由机关简称、系统名称等常见词加数字或符号构成，请换一个不易猜到的密码。",
                    code="password_context_word",
                )

    def get_help_text(self):
        return "不能是重复或连续的字符，也不能是机关简称、系统名称加数字。"


@functools.cache
def _breached(path: str) -> frozenset[str]:
    """The lines of a breached-password file: plain passwords or SHA-1 hashes ("HASH:count")."""
    file = Path(path)
    opener = gzip.open if file.suffix == ".gz" else open
    with opener(file, "rt", encoding="utf-8", errors="replace") as handle:
        return frozenset(line.strip().split(":")[0] for line in handle if line.strip())


class BreachedPasswordValidator:
    """A password on the operator's breached-password list (``GONGKAI_PASSWORD_BREACHED_FILE``).

    The file is read once per process; it may hold plain passwords or the upper-case SHA-1
    hashes of the Have I Been Pwned downloads (offline: nothing is sent anywhere).
    """

    def validate(self, password, user=None):
        path = settings.GONGKAI_PASSWORD_BREACHED_FILE
        if not path:
            return
        listed = _breached(str(path))
        sha1 = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
        if password in listed or sha1 in listed:
            raise ValidationError(
                "该密码出现在已泄露密码库中，请换一个密码。", code="password_breached"
            )

    def get_help_text(self):
        return "不能是已泄露的密码。"


class PasswordReuseValidator:
    """None of the last ``count`` passwords again (等保 profile); keeps the history as well.

    ``password_changed`` is Django's hook after a password is saved: the new hash goes into
    ``PasswordHistory`` (``gongkai.accounts.services.password_history_record``).
    """

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or user.pk is None or not self.count:
            return
        from gongkai.accounts.models import PasswordHistory

        recent = PasswordHistory.objects.for_user(user).values_list("password", flat=True)
        if any(check_password(password, encoded) for encoded in recent[: self.count]):
            raise ValidationError(
                f"新密码不能与最近使用过的 {self.count} 个密码相同。", code="password_reused"
            )

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            from gongkai.accounts.services import password_history_record

            password_history_record(user)

    def get_help_text(self):
        return f"不能与最近使用过的 {self.count} 个密码相同。"


class PasswordChangeRecorder(PasswordReuseValidator):
    """The ASVS profile: records each change (date, audit event), refuses no reuse."""

    def __init__(self):
        super().__init__(count=0)

    def get_help_text(self):
        return ""
