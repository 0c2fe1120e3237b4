"""Every write of the accounts app, each with its audit event in the same transaction.

Sign-in events (login, logout, failures, locks, timeouts, refusals) are records of what
happened rather than state changes, but they go through the same ``audit_record``: the audit
trail is the one place an assessor reads who came in, from where, and what was refused.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import PasswordHistory
from gongkai.audit.admin_log import current_request
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_record
from gongkai.backoffice.roles import (
    APP_LABEL,
    GROUP_NAMES,
    AdminRole,
    duty_conflict,
    roles_from,
)

TOTP_DEVICE_NAME = "身份验证器"
RECOVERY_DEVICE_NAME = "恢复码"
RECOVERY_CODE_COUNT = 10


def _user_label(username: str) -> str:
    return f"账户：{username}"


def _account_event(action: AuditAction, user, *, actor, request=None, detail=None) -> None:
    """An audit event about the account ``user`` (the caller holds the transaction)."""
    audit_record(
        actor=actor,
        action=action,
        target=user,
        request=request,
        target_label=_user_label(user.get_username()),
        detail=detail,
    )


# ---------------------------------------------------------------- sign-in events


def record_login(request, user) -> None:
    with transaction.atomic():
        _account_event(AuditAction.LOGIN, user, actor=user, request=request)


def record_logout(request, user) -> None:
    if user is None or not user.is_authenticated:
        return
    with transaction.atomic():
        _account_event(AuditAction.LOGOUT, user, actor=user, request=request)


def record_login_failed(request, username: str, *, locked: bool) -> None:
    """A refused sign-in: wrong credentials, or (``locked``) refused by the lockout."""
    user = get_user_model()._default_manager.filter(username=username).first()
    with transaction.atomic():
        audit_record(
            actor=None,
            action=AuditAction.LOGIN_LOCKED if locked else AuditAction.LOGIN_FAILED,
            target=user,
            request=request,
            target_label=_user_label(username[:100]),
            detail={"username": username[:150]},
        )


def record_access_denied(request, *, status: int) -> None:
    """A request the back office refused (403, or Wagtail's "no permission" redirect)."""
    user = getattr(request, "user", None)
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.ACCESS_DENIED,
            request=request,
            # The address stays in the detail: a label is read as Chinese text in the listing.
            target_label="被拒绝的请求",
            detail={"method": request.method, "path": request.path[:500], "status": status},
        )


def session_expire(request, *, reason: str) -> None:
    """The session ran out (``reason``: "idle" or "lifetime"); the caller signs the user out."""
    user = request.user
    with transaction.atomic():
        _account_event(
            AuditAction.SESSION_EXPIRED,
            user,
            actor=user,
            request=request,
            detail={"reason": reason},
        )


# ---------------------------------------------------------------- lockout


def account_unlock(*, actor, username: str, request=None) -> int:
    """Lift the login lock of ``username`` (安全管理员); returns how many records were removed."""
    with transaction.atomic():
        deleted, _ = AccessAttempt.objects.filter(username=username).delete()
        user = get_user_model()._default_manager.filter(username=username).first()
        audit_record(
            actor=actor,
            action=AuditAction.ACCOUNT_UNLOCK,
            target=user,
            request=request,
            target_label=_user_label(username),
            detail={"username": username},
        )
    return deleted


def client_address_unlock(*, actor, ip_address: str, request=None) -> int:
    """Lift the per-address lock of ``ip_address`` (every account's failures from it)."""
    with transaction.atomic():
        deleted, _ = AccessAttempt.objects.filter(ip_address=ip_address).delete()
        audit_record(
            actor=actor,
            action=AuditAction.ACCOUNT_UNLOCK,
            request=request,
            target_label=f"地址：{ip_address}",
            detail={"ip_address": ip_address},
        )
    return deleted


# ---------------------------------------------------------------- passwords


def password_history_record(user) -> PasswordHistory:
    """Remember ``user``'s new password hash (called whenever a password is saved).

    Keeps the last ``GONGKAI_PASSWORD_HISTORY`` hashes (at least one: the change date).
    """
    with transaction.atomic():
        entry = PasswordHistory.objects.create(user=user, password=user.password)
        keep = max(settings.GONGKAI_PASSWORD_HISTORY, 1)
        old = PasswordHistory.objects.for_user(user).values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(old)).delete()
        # Who set it: the signed-in editor of the user screen, else the account itself (its own
        # change, a reset by e-mail link, a command).
        request = current_request()
        editor = getattr(request, "user", None)
        actor = editor if getattr(editor, "is_authenticated", False) else user
        _account_event(AuditAction.PASSWORD_CHANGE, user, actor=actor, request=request)
    return entry


# ---------------------------------------------------------------- second factor (TOTP)


def otp_enrol_start(user) -> TOTPDevice:
    """The unconfirmed authenticator ``user`` is setting up (a new secret unless one is pending)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def otp_enrol_confirm(request, device: TOTPDevice, token: str) -> list[str]:
    """Confirm ``device`` with a code from the app; returns new recovery codes.

    Raises ``ValidationError`` (Chinese) when the code is wrong. The session counts as
    verified from then on.
    """
    user = request.user
    with transaction.atomic():
        if device.user_id != user.pk or not device.verify_token(_digits(token)):
            raise ValidationError("验证码不正确，请核对手机上身份验证器显示的6位数字后重试。")
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _account_event(AuditAction.OTP_ENROL, user, actor=user, request=request)
        codes = _new_recovery_codes(user)
    otp_login(request, device)
    return codes


def otp_recovery_codes_renew(request) -> list[str]:
    """New recovery codes for ``request.user`` (the old ones stop working)."""
    user = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        _account_event(AuditAction.OTP_RECOVERY_CODES, user, actor=user, request=request)
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(token: str) -> str:
    return "".join(str(token).split())


def otp_verify(request, token: str) -> bool:
    """Second step of the sign-in: a code from the authenticator or an unused recovery code.

    On success the session is verified (``django_otp.login``); every attempt is audited.
    django-otp throttles each device after failures (growing delays).
    """
    user = request.user
    token = _digits(token).lower()
    with transaction.atomic():
        device = None
        for candidate in TOTPDevice.objects.filter(user=user, confirmed=True):
            if candidate.verify_token(token):
                device = candidate
                break
        recovery = False
        if device is None:
            for static in StaticDevice.objects.filter(user=user, confirmed=True):
                if static.verify_token(token):
                    device, recovery = static, True
                    break
        action = (
            AuditAction.OTP_VERIFY_FAILED
            if device is None
            else AuditAction.OTP_RECOVERY_USED
            if recovery
            else AuditAction.OTP_VERIFY
        )
        _account_event(action, user, actor=user, request=request)
    if device is None:
        return False
    otp_login(request, device)
    return True


def otp_reset(*, actor, user, request=None) -> None:
    """Remove ``user``'s authenticator and recovery codes (安全管理员: a lost phone).

    The user sets up a new authenticator at the next sign-in (required for administrators).
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _account_event(AuditAction.OTP_RESET, user, actor=actor, request=request)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# ---------------------------------------------------------------- administrator roles


def user_set_admin_roles(*, actor, user, roles: Iterable[AdminRole | str], request=None) -> None:
    """Give ``user`` exactly these administrator roles (their groups); other groups stay.

    Raises ``ValidationError`` when the result would break the separation of duties
    (``gongkai.backoffice.roles``), and changes nothing then.
    """
    wanted = frozenset(AdminRole(role) for role in roles)
    conflict = duty_conflict(
        roles_from(
            is_superuser=user.is_superuser,
            codenames=[role.value for role in wanted],
            agency_roles=user.agency_memberships.values_list("role", flat=True),
        )
    )
    if conflict:
        raise ValidationError(conflict)
    with transaction.atomic():
        role_groups = Group.objects.filter(
            permissions__content_type__app_label=APP_LABEL,
            permissions__codename__in=[role.value for role in AdminRole],
        )
        kept = list(user.groups.exclude(pk__in=role_groups.values("pk")))
        added = [_role_group(role) for role in wanted]
        user.groups.set([*kept, *added])
        _account_event(
            AuditAction.ROLES_ASSIGN,
            user,
            actor=actor,
            request=request,
            detail={"roles": sorted(role.value for role in wanted)},
        )


def _role_group(role: AdminRole) -> Group:
    """The group carrying ``role``'s permission (created with it if an operator removed it)."""
    permission = Permission.objects.get(content_type__app_label=APP_LABEL, codename=role.value)
    group = (
        Group.objects.filter(permissions=permission).order_by("pk").first()
        or Group.objects.get_or_create(name=GROUP_NAMES[role])[0]
    )
    group.permissions.add(permission)
    return group
