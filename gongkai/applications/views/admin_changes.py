"""期限变动: deadlines that moved under letters already sent, and the clerk's answer to each.

Lists the user's agencies' ``DeadlineChange`` rows — open ones first (a letter states a date
that no longer holds), then the last 30 days' resolved ones — and takes two POSTs per row:
issue the 答复期限变更告知书 (``deadline_change_notify``) or record why none is needed
(``deadline_change_dismiss``). Reached from the 依申请公开 menu, the dashboard and the message
shown after a calendar change.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.agencies.permissions import filter_by_agency, user_sees_all_agencies
from gongkai.applications.letters.changes import (
    deadline_change_dismiss,
    deadline_change_notify,
    describe_stale,
)
from gongkai.applications.models import DeadlineChange
from gongkai.applications.views.admin import StaffOnlyMixin
from gongkai.applications.views.admin_common import admin_url

RECENT_DAYS = 30
PAGE_LIMIT = 200


def changes_visible_to(user):
    return filter_by_agency(DeadlineChange.objects.all(), user)


class DeadlineChangesView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """期限变动: open changes to answer, and the recent resolved ones."""

    page_title = "期限变动"
    template_name = "applications/admin/deadline_changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = changes_visible_to(self.request.user).select_related(
            "application", "agency", "resolution_letter"
        )
        since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
        open_changes = list(visible.unresolved().order_by("new_due_on", "pk")[:PAGE_LIMIT])
        recent = list(
            visible.filter(resolved_at__gte=since).order_by("-resolved_at", "-pk")[:PAGE_LIMIT]
        )
        for change in [*open_changes, *recent]:
            change.stale_lines = [describe_stale(entry) for entry in change.letters]
        context.update(
            open_changes=open_changes,
            recent=recent,
            recent_days=RECENT_DAYS,
            show_agency=user_sees_all_agencies(self.request.user)
            or len({c.agency_id for c in [*open_changes, *recent]}) > 1,
        )
        return context


class DeadlineChangeActionView(StaffOnlyMixin, View):
    """POST ``notify`` (issue the 变更告知书) or ``dismiss`` (with ``note``) for one change."""

    http_method_names = ["post"]

    def post(self, request, pk: int, name: str):
        change = changes_visible_to(request.user).filter(pk=pk).first()
        if change is None or name not in ("notify", "dismiss"):
            raise Http404
        try:
            if name == "notify":
                letter = deadline_change_notify(change=change, actor=request.user, request=request)
                messages.success(
                    request,
                    f"已制作答复期限变更告知书（{letter.number}），请送达申请人并登记送达。",
                )
                return redirect(admin_url("detail", change.application_id))
            deadline_change_dismiss(
                change=change,
                actor=request.user,
                note=request.POST.get("note", ""),
                request=request,
            )
            messages.success(request, "已记录：该期限变动无需另行告知。")
        except ValidationError as exc:
            messages.error(request, "未办理：" + "；".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, f"未办理：{exc or '您无权办理此事项。'}")
        return redirect(admin_url("deadline_changes"))
