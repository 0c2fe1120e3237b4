"""The back-office page of one application: clock, applicant, files, timeline, letters, actions.

Everything is loaded through ``selectors.applications_visible_to(user)``: another agency's
application, attachment or letter is a 404. POSTs (an action, a delivery, revealing the
applicant's personal data) re-render the page with the bound form when the input or the step is
refused, so nothing typed is lost and nothing was changed; on success they redirect (PRG).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import escape_uri_path
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.applications import services
from gongkai.applications.forms.staff import UpdateApplicantForm, add_service_errors
from gongkai.applications.forms.staff_actions import (
    DeliveryForm,
    FeeNoticeForm,
    LetterWithdrawForm,
    reissuable_kinds,
)
from gongkai.applications.letters.changes import describe_stale
from gongkai.applications.letters.render import RenderError, letter_filename, render_letter
from gongkai.applications.letters.services import letter_record_delivery, letter_withdraw
from gongkai.applications.models import RECEIPT_RULES, ApplicationStatus, Carrier, DeliveryMethod
from gongkai.applications.selectors import (
    SUGGEST_FROM,
    PersonalData,
    applicant_personal_data,
    application_clock,
    applications_visible_to,
    similar_applications,
)
from gongkai.applications.services.applicant import application_missing_contents
from gongkai.applications.services.common import audit, today
from gongkai.applications.views.admin import StaffOnlyMixin
from gongkai.applications.views.admin_actions import (
    ACTIONS,
    Context,
    run_action,
)
from gongkai.applications.views.admin_common import admin_url, deadline_badge
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record
from gongkai.statute.fees import FeeQuote
from gongkai.statute.outcomes import OUTCOMES, Outcome
from gongkai.workdays.selectors import get_calendar

LETTER_FORMATS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
    "pdf": ("application/pdf", "PDF"),
}


def _attachment_disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"


def _labels(choices, values) -> list[str]:
    labels = dict(choices.choices)
    return [labels.get(value, value) for value in values or ()]


class ApplicationMixin(StaffOnlyMixin):
    """Loads ``self.application`` (404 unless it belongs to one of the user's agencies)."""

    def dispatch(self, request, *args, **kwargs):
        self.application = get_object_or_404(applications_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class DetailView(ApplicationMixin, WagtailAdminTemplateMixin, TemplateView):
    """申请详情: GET shows the page; POST ``action/<name>/`` runs one step (see ``ActionView``)."""

    template_name = "applications/admin/detail.html"
    bound_forms: dict | None = None
    delivery_forms: dict | None = None
    withdraw_forms: dict | None = None
    fee_quote: FeeQuote | None = None
    personal_data: PersonalData | None = None

    def get_page_title(self):
        return f"申请 {self.application.registration_number}"

    def get_page_subtitle(self):
        return self.application.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("index"), "label": "依申请公开"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        user = self.request.user
        clock, clock_error = None, ""
        try:
            clock = application_clock(application)
        except ValidationError as exc:
            clock_error = "；".join(exc.messages)
        calendar = get_calendar()
        on = today()
        issued = list(
            application.letters.select_related("issued_by", "withdrawn_by").order_by(
                "issued_on", "pk"
            )
        )
        action_context = Context(
            application,
            clock,
            user,
            # A withdrawn letter (作废) does not count: its kind may be issued again.
            frozenset(letter.kind for letter in issued if letter.withdrawn_on is None),
            tuple(reissuable_kinds((letter.kind, letter.withdrawn_on) for letter in issued)),
        )
        bound = self.bound_forms or {}
        actions = [
            {
                "action": action,
                "form": bound.get(name)
                or action.form_class(prefix=name, application=application, user=user),
                "url": admin_url("action", application.pk, name),
                "open": name in bound,
            }
            for name, action in ACTIONS.items()
            if action.offered(action_context) or name in bound
        ]
        deliveries = self.delivery_forms or {}
        withdrawals = self.withdraw_forms or {}
        letters = [
            {
                "letter": letter,
                "downloads": [
                    (label, admin_url("letter_download", application.pk, letter.pk, fmt))
                    for fmt, (_type, label) in LETTER_FORMATS.items()
                ],
                "delivery_form": deliveries.get(letter.pk)
                or DeliveryForm(prefix=f"delivery-{letter.pk}"),
                "delivery_url": admin_url("letter_delivery", application.pk, letter.pk),
                "delivery_open": letter.pk in deliveries,
                "withdraw_form": withdrawals.get(letter.pk)
                or LetterWithdrawForm(prefix=f"withdraw-{letter.pk}"),
                "withdraw_url": admin_url("letter_withdraw", application.pk, letter.pk),
                "withdraw_open": letter.pk in withdrawals,
            }
            for letter in issued
        ]
        outcome_label = ""
        if application.outcome:
            outcome_label = OUTCOMES[Outcome(application.outcome)].choice_label
        open_change = application.deadline_changes.unresolved().first()
        # 第29条 contents the application lacks (registered anyway; 补正 cures them, 第30条).
        missing = (
            []
            if application.status in (ApplicationStatus.CLOSED, ApplicationStatus.DISCARDED)
            else application_missing_contents(application)
        )
        similar = similar_applications(application)
        context.update(
            application=application,
            similar_applications=similar if len(similar) >= SUGGEST_FROM else [],
            open_change=open_change,
            missing_contents=[content.item for content in missing],
            supplement_offered=ACTIONS["request_supplement"].offered(action_context),
            open_change_lines=[describe_stale(e) for e in open_change.letters]
            if open_change
            else [],
            deadline_changes_url=admin_url("deadline_changes"),
            clock=clock,
            clock_error=clock_error,
            badge=deadline_badge(application, calendar, on),
            receipt_rule=RECEIPT_RULES.get(application.channel, ""),
            events=application.events.select_related("actor").order_by("on", "pk"),
            attachments=[
                (attachment, admin_url("attachment", application.pk, attachment.pk))
                for attachment in application.attachments.all()
            ],
            letters=letters,
            actions=actions,
            fee_quote=self.fee_quote,
            personal_data=self.personal_data,
            personal_data_url=admin_url("personal_data", application.pk),
            update_url=admin_url("update_applicant", application.pk)
            if application.status not in (ApplicationStatus.CLOSED, ApplicationStatus.DISCARDED)
            else "",
            outcome_label=outcome_label,
            carriers="、".join(_labels(Carrier, application.carriers)),
            delivery_methods="、".join(_labels(DeliveryMethod, application.delivery_methods)),
            queue_url=admin_url("index"),
        )
        return context

    def render_page(self, status: int = 200):
        if self.request.method == "POST":
            # A refused step rolled back in the database; drop what it set on this instance.
            self.application.refresh_from_db()
        response = self.render_to_response(self.get_context_data(), status=status)
        add_never_cache_headers(response)
        return response


class UpdateApplicantView(ApplicationMixin, WagtailAdminTemplateMixin, FormView):
    """更正申请人信息: correct what was typed wrong (same checks as at intake, audited)."""

    template_name = "applications/admin/update_applicant.html"

    def get_page_title(self):
        return f"更正申请人信息 {self.application.registration_number}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": admin_url("index"), "label": "依申请公开"},
            {
                "url": admin_url("detail", self.application.pk),
                "label": f"申请 {self.application.registration_number}",
            },
            {"url": "", "label": "更正申请人信息"},
        ]

    def get_form(self, form_class=None):
        return UpdateApplicantForm(self.request.POST or None, application=self.application)

    def form_valid(self, form):
        try:
            services.application_update_details(
                application=self.application,
                actor=self.request.user,
                data=form.applicant_data(),
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or "您无权更正该申请。")
            return self.form_invalid(form)
        messages.success(self.request, "申请人信息已更正。")
        return redirect(admin_url("detail", self.application.pk))

    def form_invalid(self, form):
        messages.error(self.request, "未作更正，请按提示修改。")
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        context["detail_url"] = admin_url("detail", self.application.pk)
        return context


class PersonalDataView(DetailView):
    """POST: the same page with the applicant's plain ID number and contact data, this response
    only. Each reveal is one audit event (``selectors.applicant_personal_data``)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        try:
            self.personal_data = applicant_personal_data(self.application, request.user, request)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or "您无权查看该申请人的个人信息。")
            return redirect(admin_url("detail", self.application.pk))
        return self.render_page()


class ActionView(DetailView):
    """POST one action of ``ACTIONS``: on success a message and back to the page; on a refusal
    the page again with the form and the Chinese reason, nothing recorded."""

    http_method_names = ["post"]

    def post(self, request, pk: int, name: str):
        action = ACTIONS.get(name)
        if action is None:
            raise Http404
        form = action.form_class(
            request.POST, prefix=name, application=self.application, user=request.user
        )
        self.bound_forms = {name: form}
        if not form.is_valid():
            messages.error(request, f"“{action.label}”未办理：请按提示修改。")
            return self.render_page(status=400)
        data = form.cleaned_data
        fee_form = form if isinstance(form, FeeNoticeForm) else None
        if fee_form is not None and data.get("confirmed_amount") is None:
            # The fee is recorded only after the clerk saw the computed amount: the first
            # submission shows the quote; the second carries the amount it showed back, and the
            # service refuses it if the amount is no longer the one the tiers give.
            self._show_fee_quote(fee_form)
            return self.render_page()
        try:
            message = run_action(action, request, self.application, data)
        except ValidationError as exc:
            # The amount now, to confirm again (before the errors clear the data).
            if fee_form is not None:
                self._show_fee_quote(fee_form)
            add_service_errors(form, exc)
            messages.error(request, f"“{action.label}”未办理：" + "；".join(exc.messages))
            return self.render_page(status=400)
        except PermissionDenied as exc:
            messages.error(request, f"“{action.label}”未办理：{exc or '您无权办理此事项。'}")
            return self.render_page(status=403)
        messages.success(request, message)
        return redirect(admin_url("detail", self.application.pk))

    def _show_fee_quote(self, form: FeeNoticeForm) -> None:
        """Put the amount the 109号 tiers give now beside the form, to confirm."""
        data = form.cleaned_data
        try:
            quote = services.fee_quote(self.application, data["method"], data["quantity"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return
        self.fee_quote = quote
        messages.info(
            self.request,
            f"按收费标准应收 {quote.amount} 元。请核对后点击“确认并发出收费通知书”。",
        )


class LetterDeliveryView(DetailView):
    """POST: record how and when a letter reached its recipient (235号)."""

    http_method_names = ["post"]

    def post(self, request, pk: int, letter_pk: int):
        letter = get_object_or_404(self.application.letters.all(), pk=letter_pk)
        form = DeliveryForm(request.POST, prefix=f"delivery-{letter.pk}")
        if form.is_valid():
            try:
                letter_record_delivery(
                    letter=letter,
                    actor=request.user,
                    channel=form.cleaned_data["channel"],
                    delivered_on=form.cleaned_data["delivered_on"],
                    note=form.cleaned_data.get("note", ""),
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or "您无权登记该文书的送达。")
        if not form.errors:
            messages.success(request, f"已登记 {letter.number} 的送达。")
            return redirect(admin_url("detail", self.application.pk) + f"#letter-{letter.pk}")
        messages.error(request, f"{letter.number} 的送达未登记：请按提示修改。")
        self.delivery_forms = {letter.pk: form}
        return self.render_page(status=400)


class LetterWithdrawView(DetailView):
    """POST: void (作废) a letter issued by mistake, after the clerk ticked the confirmation."""

    http_method_names = ["post"]

    def post(self, request, pk: int, letter_pk: int):
        letter = get_object_or_404(self.application.letters.all(), pk=letter_pk)
        form = LetterWithdrawForm(request.POST, prefix=f"withdraw-{letter.pk}")
        if form.is_valid():
            try:
                letter_withdraw(
                    letter=letter,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or "您无权作废该文书。")
        if not form.errors:
            messages.success(
                request, f"{letter.number} 已作废，文号不再使用。如需更正，请重新制作文书。"
            )
            return redirect(admin_url("detail", self.application.pk) + f"#letter-{letter.pk}")
        messages.error(request, f"{letter.number} 未作废：请按提示修改。")
        self.withdraw_forms = {letter.pk: form}
        return self.render_page(status=400)


class LetterDownloadView(ApplicationMixin, View):
    """GET: the letter as DOCX or PDF, rendered from its frozen text; audited."""

    http_method_names = ["get"]

    def get(self, request, pk: int, letter_pk: int, fmt: str):
        letter = get_object_or_404(self.application.letters.all(), pk=letter_pk)
        if fmt not in LETTER_FORMATS:
            raise Http404
        try:
            content = render_letter(letter, fmt)
        except RenderError as exc:
            messages.error(request, f"文书生成失败：{exc}")
            return redirect(admin_url("detail", self.application.pk))
        audit_record(
            actor=request.user,
            action=AuditAction.LETTER_DOWNLOAD,
            target=letter,
            agency=self.application.agency,
            detail={"format": fmt},
            request=request,
        )
        content_type, _label = LETTER_FORMATS[fmt]
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = _attachment_disposition(letter_filename(letter, fmt))
        add_never_cache_headers(response)
        return response


class AttachmentDownloadView(ApplicationMixin, View):
    """GET: an applicant's uploaded file, from private storage, as a download; audited."""

    http_method_names = ["get"]

    def get(self, request, pk: int, attachment_pk: int):
        attachment = get_object_or_404(self.application.attachments.all(), pk=attachment_pk)
        try:
            handle = attachment.file.open("rb")
        except OSError:
            messages.error(
                request, f"附件“{attachment.original_name}”的文件已不存在，请联系管理员。"
            )
            return redirect(admin_url("detail", self.application.pk))
        audit(
            request.user,
            AuditAction.APPLICATION_DOWNLOAD_ATTACHMENT,
            self.application,
            request,
            attachment=attachment.pk,
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        add_never_cache_headers(response)
        return response
