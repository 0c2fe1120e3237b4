"""Back-office forms of 文书设置 and 文书模板; the checks are the services' (one place)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from gongkai.agencies.permissions import agencies_visible_to
from gongkai.applications.letters.context import PLACEHOLDERS
from gongkai.applications.letters.numbering import PATTERN_FIELDS
from gongkai.applications.letters.services import check_template, template_keys
from gongkai.applications.models import LetterKind, LetterSettings, LetterTemplate

OWN_PATTERN_FIELDS = list(PATTERN_FIELDS[2:])
# The fields ``services.letter_settings_save`` takes by name; then the notice kinds' own
# 文号 patterns (``own_number_patterns``) and the delivery setting.
SERVICE_FIELDS = [
    "reply_number_pattern",
    "notice_number_pattern",
    "reconsideration_body",
    "court",
    "remedies_text",
    "seal_name",
]
# On screen the kinds' own patterns follow the two main ones.
SETTINGS_FIELDS = [
    *SERVICE_FIELDS[:2],
    *OWN_PATTERN_FIELDS,
    *SERVICE_FIELDS[2:],
    "electronic_delivery",
]
TEMPLATE_FIELDS = ["kind", "outcome", "title", "body"]

REMEDIES_HELP = (
    "写入每份答复书。可用 {reconsideration_body}（行政复议机关）和 {court}（管辖法院）。"
    "2024年1月1日起施行的《行政复议法》第二十三条规定，申请政府信息公开、行政机关不予公开的，"
    "应当先向行政复议机关申请行政复议；请结合本地做法和法律顾问意见调整表述。"
)
OUTCOME_HELP = (
    "只用于答复书：选择本模板适用的答复书种类，选“所有答复书”则用于没有专门模板的各类答复书。"
    "告知类文书请选“——”。"
)
BODY_HELP = (
    "每行为一段，称呼单独一行放在第一行；落款和日期由系统自动加在末尾。"
    "可用 {% if 占位符 %}…{% endif %} 按条件取舍文字。答复书必须保留 {{ remedies }}（救济途径告知）。"
)


class LetterSettingsForm(WagtailAdminModelForm):
    """文书设置; ``agency`` only when adding (limited to the user's agencies lacking settings)."""

    class Meta:
        model = LetterSettings
        fields = ["agency", *SETTINGS_FIELDS]
        widgets = {"remedies_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remedies_text"].help_text = REMEDIES_HELP
        if "agency" in self.fields:
            self.fields["agency"].queryset = agencies_visible_to(self.for_user).filter(
                letter_settings__isnull=True
            )
            self.fields["agency"].empty_label = None


class LetterSettingsEditForm(LetterSettingsForm):
    class Meta(LetterSettingsForm.Meta):
        fields = SETTINGS_FIELDS


class LetterTemplateForm(WagtailAdminModelForm):
    """文书模板: checked by rendering it for a sample application before it is saved."""

    outcome = forms.ChoiceField(
        label="适用的答复书种类", required=False, choices=(), help_text=OUTCOME_HELP
    )

    class Meta:
        model = LetterTemplate
        fields = ["agency", *TEMPLATE_FIELDS]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keys = template_keys(LetterKind.REPLY)
        self.fields["outcome"].choices = [("", "——（告知类文书）或所有答复书"), *keys[1:]]
        self.fields["body"].help_text = BODY_HELP
        self.fields[
            "title"
        ].help_text = "可使用占位符，例如“{{ agency_name }}政府信息公开申请答复书”。"
        if "agency" in self.fields:
            self.fields["agency"].queryset = agencies_visible_to(self.for_user)
            self.fields["agency"].empty_label = None
        self.preview: tuple[str, list[str]] | None = None

    def template_agency(self):
        if "agency" in self.fields:
            return self.cleaned_data.get("agency")
        return self.instance.agency

    def clean(self):
        cleaned = super().clean()
        agency = self.template_agency()
        if agency is None or self.errors:
            return cleaned
        try:
            self.preview = check_template(
                agency,
                cleaned.get("kind", ""),
                cleaned.get("outcome", ""),
                cleaned.get("title", ""),
                cleaned.get("body", ""),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class LetterTemplateEditForm(LetterTemplateForm):
    class Meta(LetterTemplateForm.Meta):
        fields = TEMPLATE_FIELDS


def placeholder_rows() -> list[tuple[str, str]]:
    """(``{{ name }}``, meaning) for the help table next to the template form."""
    return [("{{ " + name + " }}", label) for name, label in PLACEHOLDERS.items()]
