"""Wagtail's user screens and the account page, with the staff name forms of ``forms``.

Users are saved by Wagtail's own generic views (they write Wagtail's log entries); these
classes only swap the forms and the templates that lay the fields out.
"""

from __future__ import annotations

from wagtail.admin.views.account import (
    AccountView,
    NameEmailSettingsPanel,
    email_management_enabled,
)
from wagtail.users.views.users import UserViewSet

from gongkai.backoffice.forms import (
    StaffNameEmailForm,
    StaffUserCreationForm,
    StaffUserEditForm,
)


class StaffUserViewSet(UserViewSet):
    create_template_name = "backoffice/users/create.html"
    edit_template_name = "backoffice/users/edit.html"

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm


class StaffNameEmailSettingsPanel(NameEmailSettingsPanel):
    form_class = StaffNameEmailForm

    @property
    def title(self):
        return "姓名和电子邮箱" if email_management_enabled() else "姓名"


class StaffAccountView(AccountView):
    """The account page with the 姓名 panel instead of Wagtail's 名/姓 panel.

    Wagtail builds its panel list in code (no hook replaces a built-in panel), so the project's
    URLconf routes /admin/account/ to this view ahead of Wagtail's.
    """

    def get_panels(self):
        return [
            StaffNameEmailSettingsPanel(self.request, self.request.user, panel.profile)
            if type(panel) is NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]
