"""Document numbers (文号) of letters and the agency's letter settings they come from.

A number is "<pattern>" with ``{year}`` and ``{n}`` filled in, e.g. "盐科公复〔{year}〕{n}号" →
"盐科公复〔2026〕3号". Each agency numbers per year in sequences (``LetterNumbering``): replies
(答复书), the shared notice sequence (告知书), and a sequence of its own for each notice kind
whose own pattern is set in its settings (``sequence_for``; receipts by default: 盐科公收).

Settings an agency has not made yet are created on first use from the agency's name (our
choice: a clerk should be able to issue a receipt on day one; every value stays editable in
文书设置). The short name is the first character of the innermost place name and of the
department, as county documents abbreviate: 盐池县科学技术局 → 盐科, 盐池县人民政府 → 盐政.
"""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field, Max

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications.letters.defaults import DEFAULT_REMEDIES_TEXT
from gongkai.applications.models import Letter, LetterKind, LetterNumbering, LetterSettings

# One administrative place name at the start of an agency name: 宁夏回族自治区, 吴忠市, 盐池县 …
_PLACE = re.compile(r"^.{1,6}?(?:自治区|自治州|自治县|自治旗|省|市|县|区|旗|盟)")
_NUMBER_FIELDS = frozenset({"year", "n"})
_REMEDIES_FIELDS = frozenset({"reconsideration_body", "court"})
NUMBER_ATTEMPTS = 5

# The notice kinds that may have a sequence of their own: the sequence and the settings
# field holding its pattern (blank: the kind numbers in the shared 告知书 sequence).
OWN_SEQUENCES: dict[str, tuple[LetterNumbering, str]] = {
    LetterKind.RECEIPT: (LetterNumbering.RECEIPT, "receipt_number_pattern"),
    LetterKind.SUPPLEMENT_NOTICE: (LetterNumbering.SUPPLEMENT, "supplement_number_pattern"),
    LetterKind.EXTENSION_NOTICE: (LetterNumbering.EXTENSION, "extension_number_pattern"),
    LetterKind.CONSULTATION_LETTER: (LetterNumbering.CONSULTATION, "consultation_number_pattern"),
    LetterKind.FEE_NOTICE: (LetterNumbering.FEE, "fee_number_pattern"),
    LetterKind.DEFERRAL_NOTICE: (LetterNumbering.DEFERRAL, "deferral_number_pattern"),
}
# Every pattern field of the settings, in the order the settings screen shows them.
PATTERN_FIELDS = (
    "reply_number_pattern",
    "notice_number_pattern",
    *(field for _numbering, field in OWN_SEQUENCES.values()),
)


def split_place(name: str) -> tuple[str, str]:
    """``("盐池县", "科学技术局")`` for "盐池县科学技术局": the innermost place name and the rest
    ("" for the place when the name does not start with one)."""
    place, rest = "", name.strip()
    while (match := _PLACE.match(rest)) and len(match.group(0)) < len(rest):
        place, rest = match.group(0), rest[len(match.group(0)) :]
    return place, rest


def short_name(name: str) -> str:
    """The two-character abbreviation used in 文号: 盐池县科学技术局 → 盐科."""
    place, rest = split_place(name)
    if not place:
        return name.strip()[:2]
    rest = rest.removeprefix("人民")
    return place[0] + (rest[:1] or place[1:2])


def derived_settings(agency: Agency) -> dict[str, str]:
    """Settings derived from ``agency``: 文号 patterns, 复议机关, court, remedies sentence.

    A department's reconsideration body is its people's government (行政复议法 2023 第24条):
    the parent agency when it is one, else "<place>人民政府". Suits against a department go to
    the basic court of its place; suits against a county-level government go to the
    intermediate court (行政诉讼法 第15条), which the name does not tell, so it is left blank.
    """
    short = short_name(agency.name)
    place, _rest = split_place(agency.name)
    # Receipts have a sequence of their own (回执 are many and routine; a 告知书 number should
    # mean a step of the procedure); the other notices share the 告知书 sequence.
    is_government = agency.kind == AgencyKind.PEOPLES_GOVERNMENT
    parent = agency.parent
    if parent is not None and parent.kind == AgencyKind.PEOPLES_GOVERNMENT:
        reconsideration_body = parent.name
    elif place and not is_government:
        reconsideration_body = f"{place}人民政府"
    else:
        reconsideration_body = ""
    return {
        "reply_number_pattern": f"{short}公复〔{{year}}〕{{n}}号",
        "notice_number_pattern": f"{short}公告〔{{year}}〕{{n}}号",
        "receipt_number_pattern": f"{short}公收〔{{year}}〕{{n}}号",
        "reconsideration_body": reconsideration_body,
        "court": f"{place}人民法院" if place and not is_government else "",
        "remedies_text": DEFAULT_REMEDIES_TEXT,
        "seal_name": "",
    }


def ensure_letter_settings(agency: Agency) -> LetterSettings:
    """The agency's ``LetterSettings``, created from ``derived_settings`` if it has none.

    For the demo bureau 盐池县科学技术局 (parent 盐池县人民政府) this gives "盐科公复〔{year}〕{n}号",
    "盐科公告〔{year}〕{n}号", "盐科公收〔{year}〕{n}号" (receipts), 盐池县人民政府 and 盐池县人民法院.
    """
    settings, _created = LetterSettings.objects.get_or_create(
        agency=agency, defaults=derived_settings(agency)
    )
    return settings


def _fields(text: str) -> list[tuple[str, str]]:
    """(field name, format spec) of every ``{…}`` in ``text``; ``ValueError`` for stray braces."""
    return [
        (name, spec or "")
        for _literal, name, spec, _conversion in string.Formatter().parse(text)
        if name is not None
    ]


def validate_number_pattern(pattern: str) -> str:
    """``pattern`` stripped, or ``ValidationError`` saying what is wrong with it."""
    pattern = (pattern or "").strip()
    if not pattern:
        raise ValidationError("请填写文号格式。")
    try:
        fields = _fields(pattern)
        names = {name for name, _spec in fields}
        if not names <= _NUMBER_FIELDS:
            unknown = "、".join(sorted("{" + n + "}" for n in names - _NUMBER_FIELDS))
            raise ValidationError(f"文号格式中只能使用 {{year}} 和 {{n}}，不能使用 {unknown}。")
        if names != _NUMBER_FIELDS:
            raise ValidationError("文号格式必须同时包含年份 {year} 和序号 {n}。")
        example = format_number(pattern, 2026, 1)
    except (ValueError, IndexError) as exc:
        raise ValidationError(
            "文号格式有误：花括号只能用于 {year} 和 {n}，例如“盐科公复〔{year}〕{n}号”。"
        ) from exc
    max_length = Letter._meta.get_field("number").max_length
    if max_length is not None and len(example) > max_length - 6:
        raise ValidationError("文号格式过长。")
    return pattern


def validate_remedies_text(text: str) -> str:
    """The remedies sentence stripped; only ``{reconsideration_body}`` and ``{court}`` allowed."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写救济途径告知。")
    try:
        names = {name for name, _spec in _fields(text)}
    except ValueError as exc:
        raise ValidationError(
            "救济途径告知中的花括号只能用于 {reconsideration_body} 和 {court}。"
        ) from exc
    if not names <= _REMEDIES_FIELDS or any(not name for name in names):
        raise ValidationError(
            "救济途径告知中只能使用 {reconsideration_body}（行政复议机关）和 {court}（管辖法院）。"
        )
    return text


def remedies_sentence(settings: LetterSettings) -> str:
    """The remedies sentence with 复议机关 and court filled in.

    ``ValidationError`` if the sentence names one of them and the setting is blank: a reply
    must tell the applicant where to turn (docs/disclosure-rules.md §4.2).
    """
    text = validate_remedies_text(settings.remedies_text)
    names = {name for name, _spec in _fields(text)}
    missing = [
        label
        for name, label in (("reconsideration_body", "行政复议机关"), ("court", "管辖法院"))
        if name in names and not getattr(settings, name).strip()
    ]
    if missing:
        raise ValidationError(f"请先在“文书设置”中填写{'和'.join(missing)}，答复书要告知救济途径。")
    return text.format(
        reconsideration_body=settings.reconsideration_body.strip(), court=settings.court.strip()
    )


def format_number(pattern: str, year: int, n: int) -> str:
    """``format_number("盐科公复〔{year}〕{n}号", 2026, 3)`` → ``"盐科公复〔2026〕3号"``."""
    return pattern.format(year=year, n=n)


def sequence_for(settings: LetterSettings, kind: LetterKind | str) -> tuple[LetterNumbering, str]:
    """The sequence a letter of ``kind`` numbers in and its pattern: replies their own, a
    notice kind its own when its pattern is set, else the shared 告知书 sequence."""
    if kind == LetterKind.REPLY:
        return LetterNumbering.REPLY, settings.reply_number_pattern
    numbering, field = OWN_SEQUENCES.get(kind, (LetterNumbering.NOTICE, ""))
    own = getattr(settings, field).strip() if field else ""
    if own:
        return numbering, own
    # The other notices (e.g. 答复期限变更告知书) number in the shared 告知书 sequence.
    return LetterNumbering.NOTICE, settings.notice_number_pattern


def _verbose_name(name: str) -> str:
    field = LetterSettings._meta.get_field(name)  # a pattern field: never a relation
    return str(field.verbose_name) if isinstance(field, Field) else name


def check_distinct_patterns(values: dict[str, str]) -> dict[str, list[str]]:
    """Errors keyed by field for patterns (``PATTERN_FIELDS`` → text, blank = unused) that
    repeat an earlier one: two sequences printing the same 文号 would give one number twice."""
    labels = {name: _verbose_name(name) for name in values}
    seen: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name in PATTERN_FIELDS:
        pattern = (values.get(name) or "").strip()
        if not pattern:
            continue
        if pattern in seen:
            hint = "；要与告知书共用序号，请留空" if name in PATTERN_FIELDS[2:] else ""
            message = (
                f"与“{labels[seen[pattern]]}”相同。不同序列的文号格式不能相同，"
                f"否则会出现重复文号{hint}。"
            )
            errors[name] = [message]
        else:
            seen[pattern] = name
    return errors


def next_seq(agency_id: int, numbering: str, year: int) -> int:
    """The next free number of the sequence (numbers are never reused, gaps never filled)."""
    current = Letter.objects.filter(
        agency_id=agency_id, numbering=numbering, number_year=year
    ).aggregate(m=Max("number_seq"))["m"]
    return (current or 0) + 1


def save_numbered(letter: Letter, pattern: str) -> Letter:
    """Give ``letter`` the next number of its sequence and insert it.

    Call inside a transaction that holds the agency's ``LetterSettings`` row locked
    (``select_for_update``), which serialises issuers on PostgreSQL. Where that lock does not
    exist (SQLite) or another writer skipped it, two issuers can read the same maximum: the
    unique constraint refuses the second insert, which is retried in a savepoint with the next
    number.
    """
    for _attempt in range(NUMBER_ATTEMPTS):
        seq = next_seq(letter.agency_id, letter.numbering, letter.number_year)
        letter.number_seq = seq
        letter.number = format_number(pattern, letter.number_year, seq)
        # Another sequence may have printed the same text (a pattern changed to one another
        # sequence used before): refuse rather than send two letters with one 文号.
        # (The letter holding this very slot of this sequence is a race, retried below.)
        clash = Letter.objects.filter(agency_id=letter.agency_id, number=letter.number).exclude(
            numbering=letter.numbering, number_year=letter.number_year, number_seq=seq
        )
        if clash.exists():
            raise ValidationError(
                f"文号“{letter.number}”已被本机关其他文书使用，请在“文书设置”中修改文号格式。"
            )
        try:
            with transaction.atomic():
                letter.save(force_insert=True)
            return letter
        except IntegrityError:
            letter.pk = None
            taken = Letter.objects.filter(
                agency_id=letter.agency_id,
                numbering=letter.numbering,
                number_year=letter.number_year,
                number_seq=seq,
            ).exists()
            if not taken:  # another constraint failed: not ours to hide
                raise
    raise ValidationError("文号分配冲突，请稍后重试。")
