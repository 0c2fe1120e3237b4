"""The dates a letter states, and whether a later recomputation made them untrue.

A letter is frozen at issue (its text is stored), so when the calendar or a corrected receipt
date moves a deadline, the letter keeps saying the old date. Each letter therefore records the
computed dates it states (``Letter.stated_dates``, keyed by the ``Clock`` field) and whether
they were provisional (暂定: counted through a year whose holiday notice was not entered).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from gongkai.applications.models import Letter, LetterKind
from gongkai.statute.clock import Clock

# Which computed dates each kind of letter tells its reader. A 补正 deadline and a 第35条 date
# are the agency's own choice, not computed, so no recomputation can move them.
# Every letter to the applicant opens with the date of receipt ("本机关于…收到您提出的…申请"),
# which only a correction (``application_correct_receipt_date``) can move.
STATED_KEYS: dict[str, tuple[str, ...]] = {
    LetterKind.RECEIPT: ("received_on", "due_on"),
    LetterKind.SUPPLEMENT_NOTICE: ("received_on",),
    LetterKind.EXTENSION_NOTICE: ("received_on", "due_on"),
    LetterKind.DEADLINE_CHANGE_NOTICE: ("received_on", "due_on"),
    LetterKind.CONSULTATION_LETTER: ("consultation_reply_by",),
    LetterKind.FEE_NOTICE: ("received_on", "fee_payment_by"),
    LetterKind.DEFERRAL_NOTICE: ("received_on",),
    LetterKind.REPLY: ("received_on",),
}

KEY_LABELS = {
    "received_on": "收到申请之日",
    "due_on": "答复期限",
    "consultation_reply_by": "征求意见答复期限",
    "fee_payment_by": "缴费期限",
}


def stated_dates(kind: str, clock: Clock) -> dict[str, str]:
    """The dates a letter of ``kind`` states, as ISO strings, from the clock at issue."""
    values = {key: getattr(clock, key) for key in STATED_KEYS.get(kind, ())}
    return {key: value.isoformat() for key, value in values.items() if value is not None}


def provisional_explanation(years: Iterable[int]) -> str:
    """The sentence shown wherever a provisional date is (letters, the tracking page)."""
    names = "、".join(f"{year}年" for year in sorted(years))
    return (
        f"上述期限暂按法定节假日计算；国务院公布{names}节假日安排后，如期限有变化，"
        "本机关将另行书面告知。"
    )


def provisional_notice(clock: Clock, stated: dict[str, str]) -> str:
    """The sentence a letter adds when a date it states (``stated_dates``) is provisional,
    else ``""``."""
    counted = set(stated) - {"received_on"}  # only counted dates can be provisional
    if not clock.provisional or not counted:
        return ""
    return provisional_explanation(clock.provisional_years)


def stale_letters(
    letters: Iterable[Letter], *, old_due_on: datetime.date | None, clock: Clock
) -> list[dict]:
    """The letters among ``letters`` that state a date the new ``clock`` no longer gives.

    The reply deadline is compared with ``old_due_on`` (the value before the recomputation): a
    receipt that stated the first deadline is not made untrue by a later, lawful extension, only
    a letter that stated the date that has just moved. The consultation and payment dates are
    fixed by their own letter's date, so any difference from the clock means they moved.
    """
    stale = []
    for letter in letters:
        if letter.withdrawn_on is not None:
            continue
        for key, stated in sorted(letter.stated_dates.items()):
            value = getattr(clock, key, None)
            new = value.isoformat() if value is not None else None
            if key == "due_on":
                moved = old_due_on is not None and stated == old_due_on.isoformat()
                moved = moved and new != stated
            else:
                moved = new is not None and new != stated
            if moved:
                stale.append(
                    {
                        "id": letter.pk,
                        "number": letter.number,
                        "kind": letter.kind,
                        "key": key,
                        "stated": stated,
                        "now": new,
                    }
                )
    return stale
