"""Signals of the working-day calendar (工作日历).

The calendar is the lower layer: applications depend on it, never the reverse. What must happen
elsewhere when it changes (open applications' deadlines move, docs/disclosure-rules.md §6) is connected here by the
app that needs it, in its ``AppConfig.ready()``.

``calendar_changed`` is sent by ``gongkai.workdays.services`` after a calendar write has
committed (never inside the transaction), with ``sender=None`` and ``user``: the acting user,
or None for commands and code. A receiver may return a result (applications returns its
``RecomputeResult``); the services hand every non-None result to the writer's ``on_recomputed``
callback, so a back-office screen can say what moved.
"""

from typing import Protocol

from django.dispatch import Signal

calendar_changed = Signal()


class RecomputeReport(Protocol):
    """What a receiver returns (applications' ``RecomputeResult``), as the calendar's screens
    read it without importing the app: how many deadlines changed, and its own wording."""

    changed: int

    def describe(self) -> tuple[str, str | None]:
        """(what was recomputed, which could not be or None), in Chinese for staff."""
        ...
