"""The back office's sign-in form and the staff name (姓名) in the user and account forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.forms.auth import LoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm, standard_fields

from gongkai.backoffice.names import name_as_written
from gongkai.backoffice.roles import APP_LABEL, duty_conflict, roles_from

User = get_user_model()
# The user forms' model fields, with the name pair replaced by the one ``full_name`` field.
USER_FORM_FIELDS = (standard_fields - {"first_name", "last_name"}) | {User.USERNAME_FIELD}


class StaffLoginForm(LoginForm):
    """Wagtail's sign-in form with a Chinese label on the password field.

    Wagtail 8.0 gives the password field no label, so Django falls back to the field name,
    "Password", which no catalogue translates.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = "密码"


class FullNameMixin(forms.ModelForm):
    """One 姓名 field for the person's name as written, e.g. "马晓燕".

    Stored whole in ``first_name`` with ``last_name`` empty (see ``gongkai.backoffice.names``).
    The e-mail address is optional: many offices give their staff none, and a clerk's account
    must not depend on one.
    """

    full_name = forms.CharField(
        label="姓名",
        max_length=User._meta.get_field("first_name").max_length,
        help_text="按书写习惯填写完整姓名，例如“马晓燕”。",
        error_messages={"required": "请填写姓名。"},
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="选填。用于接收后台的通知邮件。",
        error_messages={"invalid": "请输入有效的电子邮箱地址。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None and not self.is_bound:
            self.initial["full_name"] = name_as_written(instance.first_name, instance.last_name)
        self.order_fields(["username", "full_name", "email"])

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def _post_clean(self):
        # Before the model's own validation, so that the name reaches the instance like the
        # other fields do.
        if "full_name" in self.cleaned_data:
            self.instance.first_name = self.cleaned_data["full_name"]
            self.instance.last_name = ""
        # django-stubs leaves out the private ``BaseModelForm._post_clean`` this overrides.
        super()._post_clean()  # type: ignore[misc]


class SeparationOfDutiesMixin(forms.ModelForm):
    """Refuses a superuser flag and groups that together break the separation of duties.

    The roles the account would hold after the save: from the form's ``is_superuser`` and
    ``groups`` (or the account's own when the editor may not change them), its direct
    permissions and its agency roles (``gongkai.backoffice.roles``).
    """

    def clean(self):
        cleaned = super().clean() or {}
        instance = self.instance
        if "is_superuser" in self.fields:
            is_superuser = bool(cleaned.get("is_superuser"))
        else:
            is_superuser = bool(instance.is_superuser)
        saved = instance.pk is not None
        if "groups" in self.fields:
            groups = list(cleaned.get("groups") or [])
        else:
            groups = list(instance.groups.all()) if saved else []
        codenames = set(
            Permission.objects.filter(
                group__in=groups, content_type__app_label=APP_LABEL
            ).values_list("codename", flat=True)
        )
        if saved:
            codenames |= set(
                instance.user_permissions.filter(content_type__app_label=APP_LABEL).values_list(
                    "codename", flat=True
                )
            )
        agency_roles = instance.agency_memberships.values_list("role", flat=True) if saved else []
        conflict = duty_conflict(
            roles_from(is_superuser=is_superuser, codenames=codenames, agency_roles=agency_roles)
        )
        if conflict:
            raise forms.ValidationError(conflict)
        return cleaned


class StaffUserCreationForm(SeparationOfDutiesMixin, FullNameMixin, UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = USER_FORM_FIELDS


class StaffUserEditForm(SeparationOfDutiesMixin, FullNameMixin, UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = USER_FORM_FIELDS | {"is_active"}


class StaffNameEmailForm(FullNameMixin, NameEmailForm):
    """The account page's 姓名 and e-mail panel."""

    first_name = None
    last_name = None

    class Meta(NameEmailForm.Meta):
        fields = ["email"]
