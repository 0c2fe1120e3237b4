"""``MaskPersonalData``: a logging filter that keeps applicants' identifiers out of the server log.

The server log (stderr, ``GONGKAI_LOG_FILE``) is read by system administrators, shipped to log
collectors and kept for months: no ID number or phone number may reach it. The code never logs
them on purpose; this filter is for what it does not control — an exception message quoting a
value (``IntegrityError``, a ``ValueError`` from a library), a traceback's source lines. Every
record's final text (message, arguments, traceback) is rewritten with such numbers masked, in
the masked forms the public pages use (``gongkai.statute.identity``).

What is masked, wherever it stands in the text:

- an 18-character 居民身份证号码 (17 digits and a digit or X);
- a mobile number (11 digits starting with 1), with or without +86 and separators;
- a fixed-line number (area code 0xx(x) and 7-8 digits, with or without a hyphen).

Other personal data (names, addresses) cannot be recognised in free text; the code must not
log them, and does not.
"""

from __future__ import annotations

import logging
import re
import sys

from gongkai.statute.identity import mask_id_number, mask_phone

_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
_FIXED_LINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def mask_text(text: str) -> str:
    """``text`` with every ID number and phone number in it masked."""
    text = _RESIDENT_ID.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
    return _FIXED_LINE.sub(lambda m: mask_phone(m.group(0)), text)


class MaskPersonalData(logging.Filter):
    """Rewrites each record so that its formatted text carries no ID or phone number.

    The message is formatted once (with its arguments) and masked; the traceback is formatted
    and masked too and kept as ``exc_text``, which ``logging.Formatter`` prints instead of
    formatting ``exc_info`` again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


class ServerLogHandler(logging.StreamHandler):
    """The server log's stderr handler: writes to the process's stderr *of the moment*.

    A plain ``StreamHandler`` keeps the ``sys.stderr`` it was created with; when something
    replaces and closes it (a test runner's capture; ``django.setup()`` run again configures a
    new handler) the records would go nowhere. ``muted`` (class attribute) silences every
    instance: the tests record the log themselves.
    """

    muted = False

    def __init__(self) -> None:
        logging.Handler.__init__(self)
        self._stream = None

    @property
    def stream(self):
        return self._stream if self._stream is not None else sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        self._stream = value

    def emit(self, record: logging.LogRecord) -> None:
        if not self.muted:
            super().emit(record)
