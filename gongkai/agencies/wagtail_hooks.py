"""Back-office screens for agencies and staff roles (机关管理)."""

from django import forms
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from gongkai.agencies.models import Agency, StaffMembership
from gongkai.statute.receipt import Channel


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = "机关"
    add_to_admin_menu = False
    list_display = ["name", "parent", "kind", "disclosure_office", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    form_fields = [
        "name",
        "slug",
        "parent",
        "kind",
        "disclosure_office",
        "address",
        "postal_code",
        "office_hours",
        "phone",
        "fax",
        "email",
        "website",
        "online_applications",
        "accepted_channels",
    ]
    inspect_view_enabled = True

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "accepted_channels":
            # Checkboxes with the Chinese channel names instead of a JSON text box.
            return forms.MultipleChoiceField(
                label=db_field.verbose_name,
                choices=[(c.value, c.label) for c in Channel],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=db_field.help_text,
                error_messages={"invalid_choice": "请从列出的申请方式中选择（“%(value)s”无效）。"},
            )
        return super().formfield_for_dbfield(db_field, **kwargs)


class StaffMembershipViewSet(ModelViewSet):
    model = StaffMembership
    icon = "user"
    menu_label = "工作人员"
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    form_fields = ["user", "agency", "role"]


class AgencyViewSetGroup(ModelViewSetGroup):
    menu_label = "机关管理"
    menu_icon = "site"
    menu_order = 300
    items = (AgencyViewSet("agencies"), StaffMembershipViewSet("agency_staff"))


@hooks.register("register_admin_viewset")
def register_agency_viewsets():
    return AgencyViewSetGroup()
