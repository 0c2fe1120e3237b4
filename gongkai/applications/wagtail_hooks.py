"""Back-office screens of 依申请公开 (menu "依申请公开").

URLs live under /admin/applications/ in the namespace ``applications_admin``:
``index`` (申请队列), ``register`` (登记申请), ``detail`` (one application, ``args=[pk]``), its
POST endpoints and downloads. The menu is a submenu whose items are registered with the hook
``register_applications_menu_item``: other parts of the app (letters) add their own items there
with ``@hooks.register("register_applications_menu_item")`` returning a ``MenuItem``.
Dashboard panels are in ``gongkai.applications.panels``.
"""

from __future__ import annotations

from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.applications import panels
from gongkai.applications.views import admin, admin_changes, admin_detail
from gongkai.applications.views.admin_common import URL_NAMESPACE

MENU_HOOK = "register_applications_menu_item"

urlpatterns = [
    path("", admin.QueueView.as_view(), name="index"),
    path("register/", admin.RegisterView.as_view(), name="register"),
    path("<int:pk>/", admin_detail.DetailView.as_view(), name="detail"),
    path(
        "deadline-changes/",
        admin_changes.DeadlineChangesView.as_view(),
        name="deadline_changes",
    ),
    path(
        "deadline-changes/<int:pk>/<slug:name>/",
        admin_changes.DeadlineChangeActionView.as_view(),
        name="deadline_change_action",
    ),
    path("<int:pk>/edit/", admin_detail.UpdateApplicantView.as_view(), name="update_applicant"),
    path(
        "<int:pk>/personal-data/",
        admin_detail.PersonalDataView.as_view(),
        name="personal_data",
    ),
    path("<int:pk>/action/<slug:name>/", admin_detail.ActionView.as_view(), name="action"),
    path(
        "<int:pk>/attachment/<int:attachment_pk>/",
        admin_detail.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(
        "<int:pk>/letter/<int:letter_pk>/delivery/",
        admin_detail.LetterDeliveryView.as_view(),
        name="letter_delivery",
    ),
    path(
        "<int:pk>/letter/<int:letter_pk>/withdraw/",
        admin_detail.LetterWithdrawView.as_view(),
        name="letter_withdraw",
    ),
    path(
        "<int:pk>/letter/<int:letter_pk>/<str:fmt>/",
        admin_detail.LetterDownloadView.as_view(),
        name="letter_download",
    ),
]


@hooks.register("register_admin_urls")
def register_applications_urls():
    return [path("applications/", include((urlpatterns, URL_NAMESPACE)))]


class StaffMenuItem(MenuItem):
    """Shown to users who work for an agency (any role) and to superusers."""

    def is_shown(self, request):
        return admin.user_is_staff(request.user)


applications_menu = Menu(register_hook_name=MENU_HOOK)


@hooks.register("register_admin_menu_item")
def register_applications_menu():
    return SubmenuMenuItem(
        "依申请公开", applications_menu, name="applications", icon_name="form", order=320
    )


@hooks.register(MENU_HOOK)
def register_queue_menu_item():
    return StaffMenuItem(
        "申请队列",
        reverse_lazy(f"{URL_NAMESPACE}:index"),
        name="applications-queue",
        icon_name="list-ul",
        order=100,
    )


@hooks.register(MENU_HOOK)
def register_register_menu_item():
    return StaffMenuItem(
        "登记申请",
        reverse_lazy(f"{URL_NAMESPACE}:register"),
        name="applications-register",
        icon_name="plus",
        order=110,
    )


@hooks.register(MENU_HOOK)
def register_deadline_changes_menu_item():
    return StaffMenuItem(
        "期限变动",
        reverse_lazy(f"{URL_NAMESPACE}:deadline_changes"),
        name="applications-deadline-changes",
        icon_name="date",
        order=120,
    )


@hooks.register("construct_homepage_panels")
def add_application_panels(request, panel_list):
    panel_list[:0] = panels.panels_for(request)


# Letters: 文书模板 and 文书设置 (gongkai.applications.letters.admin), in the 依申请公开 submenu.
@hooks.register("register_admin_viewset")
def register_letter_viewsets():
    from gongkai.applications.letters.admin import register_letter_admin

    return register_letter_admin()
