"""Mails to applicants. Sent after the transaction that caused them commits, never inside it:
a rolled-back submission must not have told anyone it succeeded, and a mail server that is down
must not undo an application."""

from __future__ import annotations

import logging
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import RECEIPT_RULES, Application, Channel

logger = logging.getLogger(__name__)


def tracking_url(application: Application) -> str:
    """The absolute address of the progress query, with the query code filled in.

    The base is ``GONGKAI_BASE_URL`` (settings ``WAGTAILADMIN_BASE_URL``): the public address of
    the portal, not whatever Host header the submitting request carried.
    """
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return f"{base}{reverse('applications:track')}?{urlencode({'code': application.query_code})}"


def submitted_mail(application: Application) -> tuple[str, str]:
    """Subject and body of the mail confirming an online submission."""
    agency = application.agency
    submitted = timezone.localtime(application.submitted_at)
    subject = f"政府信息公开申请已提交（查询码 {application.query_code}）"
    lines = [
        f"{application.name}：",
        "",
        f"您于{submitted:%Y年%m月%d日 %H:%M}通过网上申请向{agency.name}提交了政府信息公开申请。",
        "",
        f"登记号：{application.registration_number}",
        f"查询码：{application.query_code}",
        "",
        RECEIPT_RULES[Channel.ONLINE] + "。工作人员确认后，"
        "本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
        "经政府信息公开工作机构负责人同意并告知您，延长的期限最长不超过20个工作日（第三十三条）。",
        "",
        "查询办理进度（需输入查询码和联系电话后四位）：",
        tracking_url(application),
        "",
        "请妥善保管查询码。本邮件由系统自动发送，请勿直接回复。",
    ]
    if agency.phone:
        lines.append(f"如有疑问，请致电{agency.disclosure_office or agency.name}：{agency.phone}")
    lines += ["", agency.name]
    return subject, "\n".join(lines) + "\n"


def _send_submitted(application_pk: int) -> None:
    application = Application.objects.select_related("agency").get(pk=application_pk)
    if not application.email:
        return
    subject, body = submitted_mail(application)
    send_mail(subject, body, None, [application.email])


def notify_applicant_submitted(application: Application) -> None:
    """Mail the applicant the query code and the tracking link, once the submission commits.

    Nothing is sent without an e-mail address. A failure to send is logged (for the
    administrator) and does not reach the applicant, whose application stands: the receipt page
    shows the same query code.
    """
    if not application.email:
        return
    transaction.on_commit(partial(_send_submitted, application.pk), robust=True)
