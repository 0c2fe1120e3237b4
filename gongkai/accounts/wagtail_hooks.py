"""Account-security screens in the back office: URLs and menu items (see ``views``)."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.accounts import views
from gongkai.backoffice.roles import is_security_admin


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [
        # Self-service: reachable before the second factor and a due password change
        # (gongkai.accounts.policy exempts everything under this prefix).
        path("security/me/", views.OtpStatusView.as_view(), name="accounts_self_service_prefix"),
        path("security/me/otp/verify/", views.OtpVerifyView.as_view(), name="accounts_otp_verify"),
        path("security/me/otp/enrol/", views.OtpEnrolView.as_view(), name="accounts_otp_enrol"),
        path(
            "security/me/otp/recovery-codes/",
            views.OtpRecoveryCodesView.as_view(),
            name="accounts_otp_recovery_codes",
        ),
        path(
            "security/me/password/",
            views.PasswordChangeView.as_view(),
            name="accounts_password_change",
        ),
        # 安全管理员
        path("security/locks/", views.LocksView.as_view(), name="accounts_locks"),
        path(
            "security/second-factors/",
            views.SecondFactorsView.as_view(),
            name="accounts_second_factors",
        ),
    ]


class SecurityAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return is_security_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_account_security_menu_item():
    return MenuItem("账户安全", reverse("accounts_self_service_prefix"), icon_name="key", order=950)


@hooks.register("register_admin_menu_item")
def register_security_admin_menu():
    menu = Menu(
        items=[
            SecurityAdminMenuItem("登录锁定", reverse("accounts_locks"), icon_name="lock"),
            SecurityAdminMenuItem(
                "双因素认证管理", reverse("accounts_second_factors"), icon_name="key"
            ),
        ]
    )
    return SecurityAdminSubmenu("安全管理", menu, icon_name="lock", order=960)


class SecurityAdminSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_security_admin(request.user)
