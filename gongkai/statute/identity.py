"""Applicant identifiers: validation and masking (条例 第29条: an application carries the
applicant's 身份证明 and 联系方式).

- ``normalise_resident_id``: the 18-character 公民身份号码 of GB 11643-1999 (6-digit region
  code, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character).
- ``normalise_credit_code``: the 18-character 统一社会信用代码 of GB 32100-2015 (charset
  ``0-9A-HJ-NPQRTUWXY``, check character with weights 3^i mod 31).
- ``mask_id_number`` / ``mask_phone`` / ``phone_last4``: what lists, letters and the public
  progress query may show of personal data (the whole number stays in the encrypted record).

Errors raise ``IdentityError`` (a ``ValueError``) with a Chinese message fit to show next to the
form field. No Django import here; nothing reads the current date, so a birth date in the future
is not refused.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

__all__ = [
    "IdentityError",
    "credit_code_check_char",
    "mask_id_number",
    "mask_phone",
    "normalise_credit_code",
    "normalise_resident_id",
    "phone_last4",
    "resident_id_check_char",
]


class IdentityError(ValueError):
    """An identifier is malformed; the message (Chinese) says what is wrong."""


def _clean(value: str) -> str:
    """NFKC (full-width digits and letters become ASCII), upper case, spaces and hyphens out:
    people type "3101 0519 ..." or paste from documents with full-width characters."""
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}")
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value)).upper()


# -- 居民身份证号码, GB 11643-1999 ---------------------------------------------------------------

_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_ID_CHECK = "10X98765432"  # check character for (Σ digit × weight) mod 11 = 0..10
# GB/T 2260 province-level codes (first two digits); 71 台湾, 81 香港, 82 澳门, 83 is used by
# the 台湾居民居住证 numbers (which follow the same format).
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_EARLIEST_BIRTH_YEAR = 1900


def resident_id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise IdentityError("身份证号码前17位应为数字")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalise_resident_id(value: str) -> str:
    """The 18-character 居民身份证号码 in canonical form (final ``x`` upper-cased, spaces
    removed), or ``IdentityError``.

    Checked: length 18 (15-digit numbers from before 1999 are refused: they have no check digit
    and the cards were replaced), 17 digits then a digit or X, a province code, a real birth
    date from 1900 on, and the MOD 11-2 check character.
    """
    v = _clean(value)
    if not v:
        raise IdentityError("请填写居民身份证号码")
    if len(v) == 15 and v.isdigit():
        raise IdentityError("这是15位的旧身份证号码，已停止使用，请填写18位居民身份证号码")
    if len(v) != 18:
        raise IdentityError(f"居民身份证号码应为18位，现为{len(v)}位")
    body, check = v[:17], v[17]
    if not (body.isascii() and body.isdigit()) or not (check.isdigit() or check == "X"):
        raise IdentityError("居民身份证号码应为17位数字加1位数字或字母X")
    if int(v[:2]) not in _PROVINCES:
        raise IdentityError(f"居民身份证号码前两位（{v[:2]}）不是有效的省级行政区划代码")
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < _EARLIEST_BIRTH_YEAR:
        raise IdentityError(f"居民身份证号码中的出生日期（{v[6:14]}）不是有效日期")
    if resident_id_check_char(body) != check:
        raise IdentityError("居民身份证号码校验位不正确，请核对是否输错")
    return v


# -- 统一社会信用代码, GB 32100-2015 -------------------------------------------------------------

_CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I O S V Z
_CREDIT_VALUE = {c: i for i, c in enumerate(_CREDIT_CHARSET)}
_CREDIT_WEIGHTS = tuple(
    3**i % 31 for i in range(17)
)  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28


def credit_code_check_char(first17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters."""
    if len(first17) != 17 or any(c not in _CREDIT_VALUE for c in first17):
        raise IdentityError("统一社会信用代码前17位含有不允许的字符")
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    """The 18-character 统一社会信用代码 upper-cased with spaces removed, or ``IdentityError``.

    Checked: length 18, every character in the GB 32100-2015 set (digits and capital letters
    except I, O, S, V, Z) and the check character. The registration-authority and region parts
    are not checked against their code lists (they grow; the check character already catches
    typing errors).
    """
    v = _clean(value)
    if not v:
        raise IdentityError("请填写统一社会信用代码")
    if len(v) != 18:
        raise IdentityError(f"统一社会信用代码应为18位，现为{len(v)}位")
    bad = sorted({c for c in v if c not in _CREDIT_VALUE})
    if bad:
        raise IdentityError(
            f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用字母I、O、S、V、Z）"
        )
    if credit_code_check_char(v[:17]) != v[17]:
        raise IdentityError("统一社会信用代码校验位不正确，请核对是否输错")
    return v


# -- masking -----------------------------------------------------------------------------------


def mask_id_number(value: str) -> str:
    """Keep the first 6 and last 4 characters: ``"640323********1234"``.

    For any 证件号码 (no validation; surrounding whitespace removed). Values of 10 characters
    or fewer keep only the last 4 (the first 6 would then show almost everything); values of 4
    or fewer are masked entirely.
    """
    v = value.strip()
    n = len(v)
    if n <= 4:
        return "*" * n
    if n <= 10:
        return "*" * (n - 4) + v[-4:]
    return v[:6] + "*" * (n - 10) + v[-4:]


def _phone_digits(value: str) -> str:
    digits = "".join(c for c in unicodedata.normalize("NFKC", value) if c.isascii() and c.isdigit())
    # +86 / 0086 before a mobile number is the country code, not part of the number.
    for prefix in ("0086", "86"):
        if (
            digits.startswith(prefix)
            and len(digits) == len(prefix) + 11
            and digits[len(prefix)] == "1"
        ):
            return digits[len(prefix) :]
    return digits


def mask_phone(value: str) -> str:
    """Mask a phone number, digits only: ``"13800138000"`` → ``"138****8000"``.

    11 digits or more (a mobile number, or a landline with its area code) keep the first 3 and
    the last 4; shorter numbers keep only the last 4; 4 digits or fewer are masked entirely. A
    ``+86``/``0086`` country code before a mobile number is dropped; separators are dropped.
    """
    d = _phone_digits(value)
    n = len(d)
    if n <= 4:
        return "*" * n
    if n < 11:
        return "*" * (n - 4) + d[-4:]
    return d[:3] + "*" * (n - 7) + d[-4:]


def phone_last4(value: str) -> str:
    """The last 4 digits of a phone number (separators ignored).

    Raises ``IdentityError`` if it has fewer than 4 digits: the result is used to check who is
    asking (the public progress query), and an empty or short value must never match.
    """
    d = _phone_digits(value)
    if len(d) < 4:
        raise IdentityError("联系电话至少应有4位数字")
    return d[-4:]
