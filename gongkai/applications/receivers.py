"""What applications do when another app changes something they depend on (signal receivers).

Connected in ``ApplicationsConfig.ready()``; the senders never import applications.
"""

from __future__ import annotations

from gongkai.applications.reminders import deadlines_recompute
from gongkai.applications.services import RecomputeResult


def recompute_on_calendar_change(sender, *, user=None, **kwargs) -> RecomputeResult:
    """``gongkai.workdays.signals.calendar_changed``: recompute every open application's
    deadline from the new calendar (all agencies: the calendar is national), recorded as done
    by ``user``. Returns the ``RecomputeResult`` for the editor's message."""
    return deadlines_recompute(trigger="calendar", actor=user)
