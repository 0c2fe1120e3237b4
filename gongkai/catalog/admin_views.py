"""Back-office screens of the catalogue beyond Wagtail's page editor: the 第二十六条 deadlines
of unpublished items, and withdrawing (撤下) a published item with its reason."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.agencies.permissions import staff_agency_ids, user_sees_all_agencies
from gongkai.catalog.models import VALIDITY_CHOICES, CatalogueItemPage
from gongkai.catalog.selectors import publication_deadlines
from gongkai.catalog.services import (
    item_draft_from_application,
    item_set_validity,
    item_unpublish,
)


def _visible_agency_ids(user):
    """None (every agency) for a superuser; else the agencies the user works for."""
    if user_sees_all_agencies(user):
        return None
    ids = staff_agency_ids(user)
    if not ids:
        raise PermissionDenied
    return ids


class PublicationDeadlinesView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "主动公开时限"
    header_icon = "time"
    template_name = "catalog/admin/deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency_ids = _visible_agency_ids(self.request.user)
        rows = publication_deadlines(agency_ids, timezone.localdate())
        context.update(
            rows=rows,
            late=[r for r in rows if r.workdays_left is not None and r.workdays_left < 0],
            show_agency=agency_ids is None or len(agency_ids) > 1,
        )
        return context


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label="撤下理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：公开属性认定有误、内容有误需更正后重新发布。理由记入审计日志。",
        error_messages={"required": "请填写撤下理由。"},
    )


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=VALIDITY_CHOICES)
    invalid_on = forms.DateField(
        label="失效或废止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请按“年-月-日”填写日期，例如 2026-12-31。"},
    )
    reason = forms.CharField(
        label="依据或理由",
        max_length=500,
        help_text="例如：被《关于废止……的通知》（盐科发〔2026〕5号）废止。记入审计日志。",
        error_messages={"required": "请填写依据或理由。"},
    )


class ValidityView(WagtailAdminTemplateMixin, FormView):
    page_title = "变更有效性"
    header_icon = "date"
    template_name = "catalog/admin/validity.html"
    form_class = ValidityForm

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(CatalogueItemPage, pk=kwargs["pk"])
        agency_ids = _visible_agency_ids(request.user)
        if agency_ids is not None and self.item.agency_id not in agency_ids:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"validity": self.item.validity, "invalid_on": self.item.invalid_on}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "item": self.item}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            item_set_validity(
                item=self.item,
                actor=self.request.user,
                validity=data["validity"],
                invalid_on=data["invalid_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"“{self.item.title}”的有效性已变更并发布。")
        return redirect("wagtailadmin_explore", self.item.get_parent().pk)


class UnpublishView(WagtailAdminTemplateMixin, FormView):
    page_title = "撤下已发布的信息"
    header_icon = "cross"
    template_name = "catalog/admin/unpublish.html"
    form_class = UnpublishForm

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(CatalogueItemPage, pk=kwargs["pk"])
        agency_ids = _visible_agency_ids(request.user)
        if agency_ids is not None and self.item.agency_id not in agency_ids:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "item": self.item}

    def form_valid(self, form):
        try:
            item_unpublish(
                item=self.item, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已撤下“{self.item.title}”，网站不再显示该信息。")
        return redirect("wagtailadmin_explore", self.item.get_parent().pk)


class DraftFromApplicationView(View):
    """POST from an application's page (第四十四条): start a catalogue draft, open it."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        from gongkai.applications.selectors import applications_visible_to

        application = get_object_or_404(applications_visible_to(request.user), pk=pk)
        try:
            item = item_draft_from_application(application=application, actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("applications_admin:detail", pk)
        messages.success(request, "已起草主动公开信息，请补充完整后提交审签。")
        return redirect("wagtailadmin_pages:edit", item.pk)
