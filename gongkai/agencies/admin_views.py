"""Wagtail's object screens narrowed to the user's agencies.

Wagtail's generic history and usage views check the model permission only ("may this user
change annual reports?"), not the object's agency, so staff of one bureau could read another
bureau's record titles and history by its id. A viewset of a model with an ``agency`` mixes in
``AgencyScopedViewSet``: those screens then look the object up among the user's agencies' rows
(404 otherwise), like every other screen of the back office.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from gongkai.agencies.permissions import filter_by_agency

if TYPE_CHECKING:
    # Checked as the Wagtail object views it is mixed into (Wagtail ships no types: Any).
    from wagtail.admin.views.generic.history import HistoryView as _ObjectView
else:
    _ObjectView = object


class AgencyObjectMixin(_ObjectView):
    """``get_object`` finds only rows of the agencies the user works for."""

    def get_base_object_queryset(self):
        return filter_by_agency(super().get_base_object_queryset(), self.request.user)


class AgencyHistoryView(AgencyObjectMixin, HistoryView):
    pass


class AgencyUsageView(AgencyObjectMixin, UsageView):
    pass


class AgencyScopedViewSet:
    """Mix into a ``ModelViewSet`` of a model with an ``agency`` foreign key."""

    history_view_class = AgencyHistoryView
    usage_view_class = AgencyUsageView
