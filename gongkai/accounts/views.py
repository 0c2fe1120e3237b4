"""The back office's account-security screens (menu 账户安全, 安全管理).

Self-service (every signed-in user, under /admin/security/me/, reachable before the second
factor and a due password change, see ``policy``): 双因素认证 (status, enrolment with a QR
code, new recovery codes), 验证 (the sign-in's second step) and 修改密码.
For 安全管理员 (and superusers): 登录锁定 (current locks, unlock) and 双因素认证管理 (who has
an authenticator, reset). Every write is a service of ``gongkai.accounts.services``.
"""

from __future__ import annotations

import segno
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.accounts import policy, services
from gongkai.backoffice.roles import is_administrator, is_security_admin

RECOVERY_SESSION_KEY = "gongkai_new_recovery_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=20,
        help_text="手机身份验证器上显示的6位数字；手机不在身边时可输入一个恢复码。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "请输入验证码。"},
    )


class TokenFormView(WagtailAdminTemplateMixin, FormView):
    """A back-office page asking for a code from the authenticator."""

    header_icon = "key"
    form_class = TokenForm


class OtpVerifyView(TokenFormView):
    """The sign-in's second step for accounts with an authenticator."""

    page_title = "双因素认证"
    template_name = "accounts/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified() or not services.has_second_factor(request.user):
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if services.otp_verify(self.request, form.cleaned_data["token"]):
            return redirect(_next_url(self.request))
        form.add_error("token", "验证码不正确或已使用，请重试。多次错误后需等待片刻才能再次验证。")
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)


class OtpEnrolView(TokenFormView):
    """Set up an authenticator: scan the QR code (or type the key), confirm with a code."""

    page_title = "启用双因素认证"
    template_name = "accounts/otp_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if services.has_second_factor(request.user):
            return redirect("accounts_self_service_prefix")
        self.device = services.otp_enrol_start(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        uri = self.device.config_url
        return super().get_context_data(
            qr_svg=segno.make(uri, error="m").svg_inline(scale=4, title="双因素认证二维码"),
            secret=_base32(self.device),
            required=is_administrator(self.request.user)
            and settings.GONGKAI_OTP_REQUIRED_FOR_ADMINS,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            codes = services.otp_enrol_confirm(
                self.request, self.device, form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error.messages[0])
            return self.form_invalid(form)
        policy.otp_enrolled(self.request)
        self.request.session[RECOVERY_SESSION_KEY] = codes
        messages.success(self.request, "双因素认证已启用。")
        return redirect("accounts_otp_recovery_codes")


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class OtpStatusView(WagtailAdminTemplateMixin, TemplateView):
    """账户安全: the user's own second factor and password."""

    page_title = "账户安全"
    header_icon = "key"
    template_name = "accounts/otp_status.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            enrolled=services.has_second_factor(user),
            required=is_administrator(user) and settings.GONGKAI_OTP_REQUIRED_FOR_ADMINS,
            password_changed_at=policy.password_changed_at(user),
            max_age=settings.GONGKAI_PASSWORD_MAX_AGE_DAYS,
            **kwargs,
        )


class OtpRecoveryCodesView(WagtailAdminTemplateMixin, TemplateView):
    """Shows new recovery codes once (GET after enrolment; POST makes new ones)."""

    page_title = "恢复码"
    header_icon = "key"
    template_name = "accounts/otp_recovery_codes.html"

    def post(self, request, *args, **kwargs):
        if not services.has_second_factor(request.user) or not request.user.is_verified():
            raise PermissionDenied
        request.session[RECOVERY_SESSION_KEY] = services.otp_recovery_codes_renew(request)
        return redirect("accounts_otp_recovery_codes")

    def get_context_data(self, **kwargs):
        codes = self.request.session.pop(RECOVERY_SESSION_KEY, None)
        return super().get_context_data(codes=codes, **kwargs)


class StaffPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
    }


class PasswordChangeView(WagtailAdminTemplateMixin, FormView):
    """修改密码, forced when the 等保 profile's period has run out."""

    page_title = "修改密码"
    header_icon = "key"
    template_name = "accounts/password_change.html"
    form_class = StaffPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        state = self.request.session.get(policy.POLICY_KEY) or {}
        return super().get_context_data(
            expired=state.get("password_expired", False),
            max_age=settings.GONGKAI_PASSWORD_MAX_AGE_DAYS,
            **kwargs,
        )

    def form_valid(self, form):
        # The form saves through User.save(): the password history records the change and
        # its audit event (gongkai.accounts.passwords.PasswordReuseValidator.password_changed).
        form.save()
        update_session_auth_hash(self.request, form.user)
        policy.password_renewed(self.request)
        messages.success(self.request, "密码已修改。")
        return redirect("wagtailadmin_home")


# ---------------------------------------------------------------- 安全管理员


class SecurityAdminMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_security_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class LocksView(SecurityAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """登录锁定: accounts and addresses with recent failures, and whether they are locked."""

    page_title = "登录锁定"
    header_icon = "lock"
    template_name = "accounts/locks.html"

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "").strip()
        ip_address = request.POST.get("ip_address", "").strip()
        if username:
            services.account_unlock(actor=request.user, username=username, request=request)
            messages.success(request, f"已解除账户“{username}”的登录锁定。")
        elif ip_address:
            services.client_address_unlock(
                actor=request.user, ip_address=ip_address, request=request
            )
            messages.success(request, f"已解除地址 {ip_address} 的登录锁定。")
        else:
            messages.error(request, "请选择要解除锁定的账户或地址。")
        return redirect("accounts_locks")

    def get_context_data(self, **kwargs):
        threshold = timezone.now() - settings.AXES_COOLOFF_TIME
        recent = AccessAttempt.objects.filter(attempt_time__gte=threshold)
        accounts = (
            recent.values("username")
            .annotate(
                failures=Sum("failures_since_start"),
                last=Max("attempt_time"),
                addresses=Count("ip_address", distinct=True),
            )
            .order_by("-last")
        )
        addresses = (
            recent.values("ip_address")
            .annotate(
                failures=Sum("failures_since_start"),
                last=Max("attempt_time"),
                accounts=Count("username", distinct=True),
            )
            .order_by("-last")
        )
        for row in accounts:
            row["locked"] = row["failures"] >= settings.AXES_FAILURE_LIMIT
            row["until"] = row["last"] + settings.AXES_COOLOFF_TIME
        for row in addresses:
            row["locked"] = row["failures"] >= settings.GONGKAI_LOGIN_IP_FAILURE_LIMIT
            row["until"] = row["last"] + settings.AXES_COOLOFF_TIME
        return super().get_context_data(
            accounts=accounts,
            addresses=addresses,
            account_limit=settings.AXES_FAILURE_LIMIT,
            address_limit=settings.GONGKAI_LOGIN_IP_FAILURE_LIMIT,
            minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            **kwargs,
        )


class SecondFactorsView(SecurityAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """双因素认证管理: every back-office account, its authenticator, and a reset."""

    page_title = "双因素认证管理"
    header_icon = "key"
    template_name = "accounts/second_factors.html"

    def post(self, request, *args, **kwargs):
        user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
        services.otp_reset(actor=request.user, user=user, request=request)
        messages.success(
            request, f"已重置“{user.get_username()}”的双因素认证，其下次登录时需重新设置。"
        )
        return redirect("accounts_second_factors")

    def get_context_data(self, **kwargs):
        users = (
            get_user_model()
            ._default_manager.filter(is_active=True)
            .filter(
                Q(is_superuser=True) | Q(agency_memberships__isnull=False) | Q(groups__isnull=False)
            )
            .annotate(
                devices=Count("totpdevice", filter=Q(totpdevice__confirmed=True), distinct=True)
            )
            .distinct()
            .order_by("username")
        )
        return super().get_context_data(users=users, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout page (``AXES_LOCKOUT_CALLABLE``), in Chinese, status 429."""
    from django.template.response import TemplateResponse

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = TemplateResponse(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
    return response.render()
