"""Back-office screens for agencies and staff roles (机关管理)."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from gongkai.agencies.models import Agency, StaffMembership


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
    ]
    inspect_view_enabled = True


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
