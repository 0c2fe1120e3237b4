"""Back-office screens of letters (menu 依申请公开 → 文书模板, 文书设置).

Both are Wagtail generic views narrowed to the user's agencies (``gongkai.agencies.permissions``):
another agency's settings or templates do not exist for a clerk (404). Saves go through
``letters.services``, so a template is rendered for a sample application before it is stored
and a broken one is refused with a Chinese message. ``gongkai/applications/wagtail_hooks.py``
registers ``register_letter_admin()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from gongkai.agencies.admin_views import AgencyScopedViewSet
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import (
    AgencyStaffPermissionPolicy,
    filter_by_agency,
    staff_agency_ids,
    user_sees_all_agencies,
)
from gongkai.applications.letters import services
from gongkai.applications.letters.defaults import NOTICE_TEXTS, REPLY_TEXTS, default_text
from gongkai.applications.letters.forms import (
    OWN_PATTERN_FIELDS,
    SERVICE_FIELDS,
    LetterSettingsEditForm,
    LetterSettingsForm,
    LetterTemplateEditForm,
    LetterTemplateForm,
    placeholder_rows,
)
from gongkai.applications.letters.numbering import ensure_letter_settings
from gongkai.applications.models import LetterKind, LetterSettings, LetterTemplate
from gongkai.statute.outcomes import LETTER_KINDS

# The hook of the 依申请公开 submenu (``gongkai.applications.wagtail_hooks.MENU_HOOK``), named
# here rather than imported: wagtail_hooks imports this module.
APPLICATIONS_MENU_HOOK = "register_applications_menu_item"
TEMPLATES_PREFIX = "letter_templates"
SETTINGS_PREFIX = "letter_settings"

register_permission_policy(
    LetterSettings, AgencyStaffPermissionPolicy(LetterSettings, staff_actions=("change", "view"))
)
register_permission_policy(
    LetterTemplate,
    AgencyStaffPermissionPolicy(LetterTemplate, staff_actions=("add", "change", "delete", "view")),
)


def _service_error(view, form, exc: ValidationError):
    """Show a service's ``ValidationError`` on the form (by field where it names one)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    view.produced_error_message = view.get_error_message()
    return view.form_invalid(form)


# ------------------------------------------------------------------ 文书设置


class LetterSettingsIndexView(generic.IndexView):
    def get(self, request, *args, **kwargs):
        # Every agency of the clerk has settings to edit (created from its name on first
        # visit, as ``letter_issue`` would on first use).
        if not user_sees_all_agencies(request.user):
            for agency in Agency.objects.filter(pk__in=staff_agency_ids(request.user)):
                ensure_letter_settings(agency)
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return filter_by_agency(super().get_base_queryset(), self.request.user).select_related(
            "agency"
        )


if TYPE_CHECKING:
    # Checked as the Wagtail model form views they are mixed into (Wagtail ships no types: Any).
    from wagtail.admin.views.generic.models import CreateView as _ModelFormView
else:
    _ModelFormView = object


class _SettingsSaveMixin(_ModelFormView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            return _service_error(self, form, exc)

    def save_instance(self) -> LetterSettings:
        data = self.form.cleaned_data
        return services.letter_settings_save(
            settings=self.form.instance,
            actor=self.request.user,
            **{name: data.get(name, "") for name in SERVICE_FIELDS},
            own_number_patterns={name: data.get(name, "") for name in OWN_PATTERN_FIELDS},
            electronic_delivery=bool(data.get("electronic_delivery")),
        )


class LetterSettingsCreateView(_SettingsSaveMixin, generic.CreateView):
    pass


class LetterSettingsEditView(_SettingsSaveMixin, generic.EditView):
    def get_queryset(self):
        return filter_by_agency(LetterSettings.objects.select_related("agency"), self.request.user)


class LetterSettingsViewSet(AgencyScopedViewSet, ModelViewSet):
    model = LetterSettings
    icon = "cog"
    menu_label = "文书设置"
    menu_hook = APPLICATIONS_MENU_HOOK
    menu_order = 210
    add_view_class = LetterSettingsCreateView
    edit_view_class = LetterSettingsEditView
    index_view_class = LetterSettingsIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["agency", "reply_number_pattern", "notice_number_pattern", "court"]

    def get_form_class(self, for_update=False):
        return LetterSettingsEditForm if for_update else LetterSettingsForm


# ------------------------------------------------------------------ 文书模板


def _kind_label(kind: str, outcome: str) -> str:
    label = LetterKind(kind).label
    if kind == LetterKind.REPLY:
        return f"{label}（{LETTER_KINDS[outcome]}）" if outcome else f"{label}（所有答复书）"
    return label


def builtin_links() -> list[tuple[str, str]]:
    """(label, add URL) for starting a template from each built-in text."""
    add = reverse(f"{TEMPLATES_PREFIX}:add")
    links = [(LetterKind(kind).label, f"{add}?kind={kind}") for kind in NOTICE_TEXTS]
    links += [
        (LETTER_KINDS[key], f"{add}?kind={LetterKind.REPLY}&outcome={key}") for key in REPLY_TEXTS
    ]
    return links


class LetterTemplateIndexView(generic.IndexView):
    def get_base_queryset(self):
        return filter_by_agency(super().get_base_queryset(), self.request.user).select_related(
            "agency"
        )


class _TemplateFormMixin(_ModelFormView):
    """Preview (render for a sample application without saving) and save via the service."""

    preview = None

    def form_valid(self, form):
        if self.request.POST.get("preview"):
            self.form = form
            self.preview = form.preview
            return self.render_to_response(self.get_context_data())
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            return _service_error(self, form, exc)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview or self.saved_preview()
        context["placeholders"] = placeholder_rows()
        context["builtin_links"] = builtin_links()
        return context

    def saved_preview(self):
        return None


class LetterTemplateCreateView(_TemplateFormMixin, generic.CreateView):
    def get_initial(self):
        """``?kind=reply&outcome=reply_granted`` starts from that built-in text."""
        initial = super().get_initial()
        kind = self.request.GET.get("kind", "")
        outcome = self.request.GET.get("outcome", "")
        if kind in NOTICE_TEXTS or (kind == LetterKind.REPLY and outcome in REPLY_TEXTS):
            text = default_text(kind, outcome or None)
            initial.update(kind=kind, outcome=outcome, title=text.title, body=text.body)
        return initial

    def save_instance(self) -> LetterTemplate:
        data = self.form.cleaned_data
        return services.letter_template_save(
            agency=data["agency"],
            actor=self.request.user,
            kind=data["kind"],
            outcome=data.get("outcome", ""),
            title=data["title"],
            body=data["body"],
        )


class LetterTemplateEditView(_TemplateFormMixin, generic.EditView):
    def get_queryset(self):
        return filter_by_agency(LetterTemplate.objects.select_related("agency"), self.request.user)

    def saved_preview(self):
        if self.request.method != "GET":
            return None
        template = self.object
        try:
            return services.check_template(
                template.agency, template.kind, template.outcome, template.title, template.body
            )
        except ValidationError:
            return None

    def save_instance(self) -> LetterTemplate:
        data = self.form.cleaned_data
        return services.letter_template_save(
            agency=self.object.agency,
            actor=self.request.user,
            kind=data["kind"],
            outcome=data.get("outcome", ""),
            title=data["title"],
            body=data["body"],
            template=self.object,
        )


class LetterTemplateDeleteView(generic.DeleteView):
    def get_queryset(self):
        return filter_by_agency(LetterTemplate.objects.all(), self.request.user)


class LetterTemplateViewSet(AgencyScopedViewSet, ModelViewSet):
    model = LetterTemplate
    icon = "doc-full"
    menu_label = "文书模板"
    menu_hook = APPLICATIONS_MENU_HOOK
    menu_order = 200
    index_view_class = LetterTemplateIndexView
    add_view_class = LetterTemplateCreateView
    edit_view_class = LetterTemplateEditView
    delete_view_class = LetterTemplateDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    create_template_name = "applications/letters/admin/template_form.html"
    edit_template_name = "applications/letters/admin/template_form.html"
    list_display = [
        "title",
        Column("kind", label="文书种类", accessor=lambda t: _kind_label(t.kind, t.outcome)),
        "agency",
        "updated_at",
    ]
    list_filter = ["kind"]

    def get_form_class(self, for_update=False):
        return LetterTemplateEditForm if for_update else LetterTemplateForm


def register_letter_admin() -> list[ModelViewSet]:
    """The viewsets to return from a ``register_admin_viewset`` hook; their menu items go into
    the 依申请公开 submenu (``APPLICATIONS_MENU_HOOK``)."""
    return [LetterTemplateViewSet(TEMPLATES_PREFIX), LetterSettingsViewSet(SETTINGS_PREFIX)]
