"""Back-office screens of 依申请公开: the queue (申请队列) and registering an application (登记申请).

The detail page and its actions are in ``admin_detail`` and ``admin_actions``. Every screen
reads through ``selectors.applications_visible_to(user)``: staff see their own agencies'
applications only; writes go through ``gongkai.applications.services``.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.agencies.permissions import (
    agencies_visible_to,
    staff_agency_ids,
    user_sees_all_agencies,
)
from gongkai.applications import services
from gongkai.applications.forms.staff import QueueFilterForm, RegisterForm, add_service_errors
from gongkai.applications.models import ApplicationStatus, AttachmentKind
from gongkai.applications.search import name_condition
from gongkai.applications.selectors import applications_visible_to, queue_listing
from gongkai.applications.services.applicant import application_missing_contents
from gongkai.applications.views.admin_common import (
    admin_url,
    awaiting_confirmation,
    deadline_badge,
    due_soon,
    due_window,
    overdue,
    with_status,
)
from gongkai.applications.views.admin_paging import queue_page
from gongkai.workdays.selectors import get_calendar

PAGE_SIZE = 50
AWAITING_CONFIRMATION_SHOWN = 10
_FULL_REGISTRATION_NUMBER = re.compile(r"^\s*[A-Za-z][A-Za-z0-9-]*-\d{4}-\d{4,6}\s*$")
_REGISTRATION_NUMBER = re.compile(r"^\s*(\d{4})\s*[-－—]\s*(\d{1,6})\s*$")


def user_is_staff(user) -> bool:
    """Works for at least one agency (any role), or is a superuser."""
    return user_sees_all_agencies(user) or bool(staff_agency_ids(user))


if TYPE_CHECKING:
    # Checked as the Wagtail admin view it is mixed into (Wagtail ships no types: Any).
    from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin as _AdminView
else:
    _AdminView = object


class StaffOnlyMixin(_AdminView):
    """The 依申请公开 screens are for agency staff; other admin users get 403."""

    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not user_is_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("index"), "label": "依申请公开"},
            {"url": "", "label": self.get_page_title()},
        ]


def search(queryset, text: str):
    """登记号 in full ("YANCHI-KJJ-2026-0003") or without the agency's code ("2026-0003"), a
    bare serial "3", or part of the applicant's name."""
    if _FULL_REGISTRATION_NUMBER.match(text):
        return queryset.filter(registration_number__iexact=text.strip())
    match = _REGISTRATION_NUMBER.match(text)
    if match:
        return queryset.filter(serial_year=int(match[1]), serial=int(match[2]))
    condition = name_condition(text)
    if text.strip().isdigit():
        condition |= Q(serial=int(text.strip()))
    return queryset.filter(condition)


class QueueView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """申请队列: the user's agencies' applications, awaiting confirmation first, then by due date.

    Queries do not grow with the rows, nor with the page number: one count and one page of
    rows (agency and assignee joined, only the columns shown, nothing decrypted; keyset pages,
    ``admin_paging``), plus the awaiting-confirmation box (one short list).
    """

    page_title = "申请队列"
    template_name = "applications/admin/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        agencies = agencies_visible_to(user)
        form = QueueFilterForm(self.request.GET or None, agencies=agencies)
        filters = form.filters()
        calendar = get_calendar()
        window = due_window(calendar)

        visible = queue_listing(applications_visible_to(user))
        if "agency" in filters:
            visible = visible.filter(agency=filters["agency"])
        queryset = visible
        status = filters.get("status")
        if status == QueueFilterForm.UNFINISHED:
            queryset = queryset.unfinished()
        elif status:
            queryset = with_status(queryset, status)
        if filters.get("due") == QueueFilterForm.DUE_SOON:
            queryset = due_soon(queryset, window)
        elif filters.get("due") == QueueFilterForm.OVERDUE:
            queryset = overdue(queryset, window.today)
        if "category" in filters:
            queryset = queryset.filter(applicant_category=filters["category"])
        if "channel" in filters:
            queryset = queryset.filter(channel=filters["channel"])
        if "q" in filters:
            queryset = search(queryset, filters["q"])

        page = queue_page(queryset, self.request.GET, PAGE_SIZE)
        rows = [
            {
                "application": application,
                "badge": deadline_badge(application, calendar, window.today),
                "url": admin_url("detail", application.pk),
            }
            for application in page.rows
        ]
        awaiting_list = list(awaiting_confirmation(visible)[: AWAITING_CONFIRMATION_SHOWN + 1])
        query = self.request.GET.copy()
        for name in ("p", "after", "before", "last"):
            query.pop(name, None)
        context.update(
            form=form,
            show_agency=form.show_agency,
            rows=rows,
            page=page,
            query_string=query.urlencode(),
            window=window,
            awaiting=awaiting_list[:AWAITING_CONFIRMATION_SHOWN],
            awaiting_more=len(awaiting_list) > AWAITING_CONFIRMATION_SHOWN,
            awaiting_url=admin_url("index") + f"?status={ApplicationStatus.SUBMITTED.value}",
            register_url=admin_url("register"),
            filtered=bool(filters),
        )
        return context


class RegisterView(StaffOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """登记申请: an application received in person, by post, fax, e-mail or online."""

    page_title = "登记申请"
    template_name = "applications/admin/register.html"

    def get_form(self, form_class=None):
        return RegisterForm(
            self.request.POST or None,
            self.request.FILES or None,
            agencies=agencies_visible_to(self.request.user),
            initial={"submission_token": uuid.uuid4()},
        )

    def form_valid(self, form):
        data = form.cleaned_data
        uploads = []
        if data.get("id_proof"):
            uploads.append(services.AttachmentUpload(data["id_proof"], AttachmentKind.ID_PROOF))
        uploads += [services.AttachmentUpload(f, AttachmentKind.OTHER) for f in data["attachments"]]
        try:
            application = services.application_register(
                agency=data["agency"],
                actor=self.request.user,
                channel=data["channel"],
                data=form.applicant_data(),
                received_on=data.get("received_on"),
                arrived_on=data.get("arrived_on"),
                attachments=uploads,
                assignee=data.get("assignee"),
                submission_token=data.get("submission_token"),
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or "您不能为该机关登记申请。")
            return self.form_invalid(form)
        if application.received_on:
            text = f"已登记申请 {application.registration_number}，答复期限已开始计算。"
        else:
            text = (
                f"已登记申请 {application.registration_number}。"
                "与申请人确认后请在本页“确认接收”，答复期限从确认之日起算。"
            )
        messages.success(self.request, text)
        missing = application_missing_contents(application)
        if missing:
            messages.warning(
                self.request,
                "申请内容不完整：缺少" + "、".join(content.item for content in missing) + "。"
                "已照常登记，请在详情页告知补正（第三十条）。",
            )
        return redirect(admin_url("detail", application.pk))

    def form_invalid(self, form):
        messages.error(self.request, "登记未完成，未保存任何内容，请按提示修改。")
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["receipt_rules"] = context["form"].receipt_rules()
        return context
