"""A person's name as written (姓名), stored in Django's ``first_name``/``last_name`` pair.

Chinese names are written family name first and as one word ("马晓燕"). Django's
``User.get_full_name()`` joins ``first_name`` and ``last_name`` with a space, which turns a name
typed into Wagtail's 名/姓 fields into "晓燕 马". The back office therefore keeps the whole name
as written in ``first_name`` and leaves ``last_name`` empty: ``get_full_name()``, Wagtail's
sidebar and every listing then show "马晓燕".
"""

from __future__ import annotations

import re

# CJK Unified Ideographs (with extension A) and the middle dot of transcribed names (·).
_CJK_NAME = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff·•]+$")


def name_as_written(first_name: str, last_name: str) -> str:
    """The one name to show for a ``first_name``/``last_name`` pair.

    A pair entered in Wagtail's separate fields (名 = given name, 姓 = family name) becomes the
    Chinese order, family name first without a space ("晓燕", "马" -> "马晓燕"); other scripts
    keep "given family" ("Anna", "Li" -> "Anna Li"). A single part is returned as it is.
    """
    first, last = first_name.strip(), last_name.strip()
    if not first or not last:
        return first or last
    if _CJK_NAME.match(first) and _CJK_NAME.match(last):
        return f"{last}{first}"
    return f"{first} {last}"
