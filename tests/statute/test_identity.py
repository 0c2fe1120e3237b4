"""Tests of applicant identifiers (条例 第29条 身份证明; pure, no Django).

The check characters are recomputed here with the standards' iterative forms (ISO 7064
MOD 11-2 for GB 11643-1999, GB 32100-2015's formula) written independently of the module, and
checked against the standards' own examples and published codes.
"""

from __future__ import annotations

import pytest

from gongkai.statute.identity import (
    IdentityError,
    credit_code_check_char,
    mask_id_number,
    mask_phone,
    normalise_credit_code,
    normalise_resident_id,
    phone_last4,
    resident_id_check_char,
)


def iso7064_mod11_2(digits: str) -> str:
    """ISO 7064 MOD 11-2 by its iterative (pure system) definition."""
    p = 0
    for d in digits:
        p = (p + int(d)) * 2 % 11
    return "0123456789X"[(12 - p) % 11]


CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def gb32100_check(first17: str) -> str:
    total = 0
    for i, c in enumerate(first17):
        total += CREDIT_CHARSET.index(c) * pow(3, i, 31)
    c18 = 31 - total % 31
    return CREDIT_CHARSET[0 if c18 == 31 else c18]


def with_resident_check(first17: str) -> str:
    return first17 + iso7064_mod11_2(first17)


# -- 居民身份证号码 (GB 11643-1999) --------------------------------------------------------------

# GB 11643-1999's example and numbers built here with the reference check digit. (The
# standard's other example, 440524188001010014, is born 1880: see the birth-year test.)
VALID_RESIDENT_IDS = [
    "11010519491231002X",  # the standard's example: check character X
    with_resident_check("64032319900307123"),
    with_resident_check("31010420000229456"),  # 2000-02-29: a leap day
    with_resident_check("65010219991231000"),
    with_resident_check("81000020120101001"),  # 香港 residents' 居住证 format
]


@pytest.mark.parametrize(
    "number", [n for n in VALID_RESIDENT_IDS if not n.startswith("4405241880")]
)
def test_valid_resident_ids_gb11643(number: str) -> None:
    assert normalise_resident_id(number) == number
    assert resident_id_check_char(number[:17]) == number[17] == iso7064_mod11_2(number[:17])


def test_reference_check_digit_matches_the_standards_examples_gb11643() -> None:
    assert iso7064_mod11_2("11010519491231002") == "X"
    assert iso7064_mod11_2("44052418800101001") == "4"
    assert resident_id_check_char("44052418800101001") == "4"


def test_birth_year_before_1900_is_refused_gb11643() -> None:
    # The standard's 1880 example has a valid check digit but no living applicant was born then.
    with pytest.raises(IdentityError, match="出生日期（18800101）"):
        normalise_resident_id("440524188001010014")


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  # full-width
    ],
)
def test_resident_id_is_normalised(typed: str, canonical: str) -> None:
    assert normalise_resident_id(typed) == canonical


def test_every_wrong_check_digit_is_refused_gb11643() -> None:
    body = "64032319900307123"
    right = iso7064_mod11_2(body)
    for wrong in "0123456789X":
        if wrong != right:
            with pytest.raises(IdentityError, match="校验位不正确"):
                normalise_resident_id(body + wrong)


def test_single_digit_typo_is_caught_gb11643() -> None:
    number = with_resident_check("64032319900307123")
    for i in range(17):
        for d in "0123456789":
            if d == number[i]:
                continue
            typo = number[:i] + d + number[i + 1 :]
            with pytest.raises(IdentityError):
                normalise_resident_id(typo)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "请填写居民身份证号码"),
        ("   ", "请填写居民身份证号码"),
        ("110105491231002", "15位的旧身份证号码"),
        ("1101051949123100", "应为18位，现为16位"),
        ("11010519491231002X1", "应为18位，现为19位"),
        ("1101051949123100AX", "17位数字加1位数字或字母X"),
        ("11010519491231002Y", "17位数字加1位数字或字母X"),
        ("X10105194912310021", "17位数字加1位数字或字母X"),
        (with_resident_check("99010519491231002"), "省级行政区划代码"),
        (with_resident_check("00010519491231002"), "省级行政区划代码"),
        (with_resident_check("11010519490231002"), "出生日期（19490231）"),  # 2-31
        (with_resident_check("11010519491331002"), "出生日期（19491331）"),  # month 13
        (with_resident_check("11010519490001002"), "出生日期（19490001）"),
        (with_resident_check("11010519010229002"), "出生日期（19010229）"),  # 1901 not leap
        (with_resident_check("11010500000101002"), "出生日期（00000101）"),
    ],
)
def test_malformed_resident_ids_are_refused(value: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message):
        normalise_resident_id(value)


def test_future_birth_date_is_not_checked_without_today() -> None:
    number = with_resident_check("11010521000101002")
    assert normalise_resident_id(number) == number


def test_identity_error_is_a_value_error() -> None:
    assert issubclass(IdentityError, ValueError)
    with pytest.raises(TypeError):
        normalise_resident_id(11010519491231002)  # type: ignore[arg-type]


def test_check_char_helpers_refuse_bad_input() -> None:
    with pytest.raises(IdentityError):
        resident_id_check_char("1234")
    with pytest.raises(IdentityError):
        credit_code_check_char("91350100M000100YI")  # I is not in the charset


# -- 统一社会信用代码 (GB 32100-2015) ------------------------------------------------------------

PUBLISHED_CREDIT_CODES = [
    "91350100M000100Y43",  # the example widely cited with GB 32100-2015
    "914403001922038216",
    "91440300708461136T",
    "91110000710925462X",
    "91330100799655058B",
    "91110108551385082Q",
]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_published_credit_codes_are_valid_gb32100(code: str) -> None:
    assert normalise_credit_code(code) == code
    assert credit_code_check_char(code[:17]) == code[17] == gb32100_check(code[:17])


@pytest.mark.parametrize(
    "first17",
    ["12640300MB1234567", "51640000MJ0000000", "Y1640323000000000", "11100000000013127"],
)
def test_constructed_credit_codes_agree_with_reference_gb32100(first17: str) -> None:
    code = first17 + gb32100_check(first17)
    assert normalise_credit_code(code) == code


def test_check_character_0_when_sum_is_a_multiple_of_31_gb32100() -> None:
    # Σ = 0 (all zeros) gives 31 - 0 = 31, which the standard maps to 0.
    assert credit_code_check_char("0" * 17) == "0"
    assert normalise_credit_code("0" * 18) == "0" * 18


def test_credit_code_is_normalised() -> None:
    assert normalise_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert normalise_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


def test_every_wrong_credit_check_character_is_refused_gb32100() -> None:
    for wrong in CREDIT_CHARSET:
        if wrong != "3":
            with pytest.raises(IdentityError, match="校验位不正确"):
                normalise_credit_code("91350100M000100Y4" + wrong)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "请填写统一社会信用代码"),
        ("91350100M000100Y4", "应为18位，现为17位"),
        ("91350100M000100Y433", "应为18位，现为19位"),
        ("91350100I000100Y43", "不允许的字符：I"),
        ("91350100O000100Y43", "不允许的字符：O"),
        ("9135010SZ000100Y43", "不允许的字符：S、Z"),
        ("91350100V000100Y4#", "不允许的字符：#、V"),
        ("91350100M000100Y44", "校验位不正确"),
    ],
)
def test_malformed_credit_codes_are_refused(value: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message):
        normalise_credit_code(value)


# -- masking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("640323199003071234", "640323********1234"),
        ("11010519491231002X", "110105********002X"),
        (" 640323199003071234 ", "640323********1234"),
        ("E12345678", "*****5678"),  # passport: too short to keep the first 6
        ("12345678901", "123456*8901"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_id_number_keeps_first_6_and_last_4(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0086 13812345678", "138****5678"),
        ("0951-6012345", "095****2345"),  # landline with area code: 11 digits
        ("010-12345678", "010****5678"),  # Beijing: 11 digits too
        ("0951-60123456", "095*****3456"),  # 12 digits
        ("6012345", "***2345"),  # local number: last 4 only
        ("12345", "*2345"),
        ("110", "***"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "last4"),
    [
        ("13812345678", "5678"),
        ("+86 138-1234-5678", "5678"),
        ("0951-6012345", "2345"),
        ("1234", "1234"),
    ],
)
def test_phone_last4(value: str, last4: str) -> None:
    assert phone_last4(value) == last4


@pytest.mark.parametrize("value", ["", "123", "tel: none", "--"])
def test_phone_last4_refuses_short_numbers_so_nothing_matches_empty(value: str) -> None:
    with pytest.raises(IdentityError, match="至少应有4位数字"):
        phone_last4(value)
