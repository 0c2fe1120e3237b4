"""Intake: an application arrives (online from the public, or registered by a clerk)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import staff_agency_ids
from gongkai.applications.models import (
    Application,
    ApplicationEventKind,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    Channel,
    RegistrationCounter,
)
from gongkai.applications.search import index_name
from gongkai.applications.services.applicant import clean_applicant, missing_contents
from gongkai.applications.services.common import (
    actor_or_none,
    append_event,
    audit,
    require_staff,
    require_step,
    set_queue_position,
    start_of_day,
    today,
)
from gongkai.applications.services.transitions import Step
from gongkai.audit.models import AuditAction
from gongkai.statute import receipt

# What an attachment may be: PDF or a photo/scan. Checked by content, not by the file name.
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}


@dataclass(frozen=True)
class AttachmentUpload:
    file: UploadedFile
    kind: AttachmentKind = AttachmentKind.OTHER


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The attachment's type from its first bytes (PDF/JPEG/PNG), or None if not allowed."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, signatures in ATTACHMENT_SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            return content_type
    return None


def validate_attachments(uploads: Iterable[AttachmentUpload]) -> list[tuple[AttachmentUpload, str]]:
    """Each upload with its sniffed type; ``ValidationError`` (field "attachments") otherwise."""
    uploads = list(uploads)
    limit = settings.GONGKAI_ATTACHMENT_MAX_COUNT
    if len(uploads) > limit:
        raise ValidationError({"attachments": f"附件最多 {limit} 个。"})
    max_bytes = settings.GONGKAI_ATTACHMENT_MAX_BYTES
    checked = []
    for upload in uploads:
        name = upload.file.name or "附件"
        if (upload.file.size or 0) > max_bytes:
            raise ValidationError(
                {"attachments": f"附件“{name}”超过 {max_bytes // (1024 * 1024)} MB。"}
            )
        content_type = sniff_content_type(upload.file)
        if content_type is None:
            raise ValidationError({"attachments": f"附件“{name}”不是 PDF、JPG 或 PNG 文件。"})
        checked.append((upload, content_type))
    return checked


def take_registration_serial(agency: Agency, year: int) -> int:
    """The next 登记序号 of ``agency`` in ``year``, from its locked counter row.

    Call inside the registering transaction: the row stays locked until it commits, so two
    submissions never get the same number (and a rolled-back one gives its number back). The
    first number of a year starts after any serial already stored (data from before the
    counter, or imported).
    """
    counter = RegistrationCounter.objects.select_for_update().filter(agency=agency, year=year)
    row = counter.first()
    if row is None:
        stored = Application.objects.filter(agency=agency, serial_year=year).aggregate(
            m=Max("serial")
        )["m"]
        try:
            # A savepoint: a concurrent first registration of the year may insert the row first;
            # then wait for its lock like everyone else.
            with transaction.atomic():
                RegistrationCounter.objects.create(
                    agency=agency, year=year, last_serial=stored or 0
                )
        except IntegrityError:
            pass
        row = counter.get()
    row.last_serial += 1
    row.save(update_fields=["last_serial"])
    return row.last_serial


def _create(agency: Agency, values: dict[str, Any], **fields) -> Application:
    """Insert with the next serial of the year (taken from the locked counter)."""
    year = fields["submitted_at"].astimezone(timezone.get_current_timezone()).year
    serial = take_registration_serial(agency, year)
    application = Application(
        agency=agency,
        serial_year=year,
        serial=serial,
        registration_number=Application.format_registration_number(agency.slug, year, serial),
        **values,
        **fields,
    )
    # The serial is unique by construction and the database enforces it: no unique-check query
    # (whose ValidationError a concurrent insert used to turn into a refused submission).
    application.full_clean(
        exclude=["query_code", "submission_token"],
        validate_unique=False,
        validate_constraints=False,
    )
    application.save()
    index_name(application)
    return application


@contextmanager
def _files_removed_on_failure() -> Iterator[list]:
    """Collect the files written by ``_attach``; delete them if the block fails.

    The database rolls back on failure, the disk does not: without this a failed submission
    would leave an applicant's ID proof on disk with no row pointing to it.
    """
    stored: list = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _attach(
    application: Application, uploads: list[tuple[AttachmentUpload, str]], stored: list
) -> None:
    for upload, content_type in uploads:
        attachment = Attachment(
            application=application,
            kind=upload.kind,
            original_name=(upload.file.name or "附件")[:255],
            content_type=content_type,
            size=upload.file.size or 0,
        )
        attachment.file.save(upload.file.name or "附件", upload.file, save=False)
        stored.append(attachment.file)
        attachment.save()


def _require_accepted_channel(agency: Agency, channel: str) -> None:
    """Refuse a channel the agency's 指南 does not list (``Agency.accepted_channels``)."""
    if not agency.accepts(channel):
        raise ValidationError(
            {
                "channel": f"{agency.name}不受理以“{Channel(channel).label}”方式提交的申请"
                "（见本机关政府信息公开指南）。"
            }
        )


def application_submit_online(
    *,
    agency: Agency,
    data: Mapping[str, Any],
    submission_token: uuid.UUID,
    attachments: Iterable[AttachmentUpload] = (),
    request=None,
) -> tuple[Application, bool]:
    """Take an application from the public portal; return it and whether it is new.

    The application is *submitted*, not yet *received*: for the internet channel the date of
    receipt is the day both sides confirm (第31条(三)), which ``application_confirm_receipt``
    records. A second submit with the same ``submission_token`` (double click, browser retry)
    returns the first application instead of creating another. All or nothing: the row, its
    attachments and its audit event commit together.
    """
    existing = Application.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    _require_accepted_channel(agency, Channel.ONLINE)
    values = clean_applicant(data, online=True)
    uploads = validate_attachments(attachments)
    try:
        with _files_removed_on_failure() as stored, transaction.atomic():
            application = _create(
                agency,
                values,
                channel=Channel.ONLINE,
                submitted_at=timezone.now(),
                submission_token=submission_token,
                status=ApplicationStatus.SUBMITTED,
            )
            _attach(application, uploads, stored)
            append_event(application, kind=ApplicationEventKind.SUBMITTED, on=today(), actor=None)
            audit(None, AuditAction.APPLICATION_SUBMIT, application, request)
    except IntegrityError:
        existing = Application.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing, False
    return application, True


def application_register(
    *,
    agency: Agency,
    actor,
    channel: Channel | str,
    data: Mapping[str, Any],
    received_on: datetime.date | None,
    attachments: Iterable[AttachmentUpload] = (),
    assignee=None,
    submission_token: uuid.UUID | None = None,
    arrived_on: datetime.date | None = None,
    arrived_at: datetime.datetime | None = None,
    request=None,
) -> Application:
    """Register an application that reached the office by any channel (clerk's intake).

    ``arrived_on``: the day it reached the office (Monday's clerk registers Friday's post); by
    default the date of receipt, or today while receipt is still to be confirmed.
    ``arrived_at``: the moment, when known (the online form, the demo); its local date is the
    arrival day. The arrival day may not be after today, and the date of receipt not before the
    arrival day (the post is received when signed for, in person the day it is handed in, the
    other channels when both sides confirm: never before it arrived). The moment of typing is
    never compared with either.

    ``submission_token`` (the register form's hidden token): a second call with the same token
    (a double click) returns the application the first one registered instead of another.

    ``received_on`` is the date of receipt under 第31条 for ``channel``. It may be left empty
    only for the channels where receipt is the day both sides confirm (平信、传真、网上、电子邮件)
    and the confirmation has not happened yet; ``application_confirm_receipt`` sets it later.
    """
    if submission_token is not None:
        existing = Application.objects.filter(
            submission_token=submission_token, agency=agency
        ).first()
        if existing is not None:
            return existing
    require_staff(actor, agency)
    _require_member(assignee, agency)
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择申请方式。"})
    _require_accepted_channel(agency, channel)
    if received_on is None and channel not in receipt.CONFIRMED_CHANNELS:
        raise ValidationError({"received_on": "请填写收到申请之日（第三十一条）。"})
    if received_on is not None and received_on > today():
        raise ValidationError({"received_on": "收到申请之日不能晚于今天。"})
    arrived_on, arrived_at = _arrival(arrived_on, arrived_at, received_on)
    # What arrived is recorded; a content 第29条 asks for and the application lacks is cured by
    # 补正 (第30条), listed on the detail page (``applicant.application_missing_contents``).
    values = clean_applicant(data, online=False)
    uploads = validate_attachments(attachments)
    try:
        with _files_removed_on_failure() as stored, transaction.atomic():
            application = _create(
                agency,
                values,
                channel=channel,
                submitted_at=arrived_at,
                status=ApplicationStatus.SUBMITTED,
                submission_token=submission_token,
                created_by=actor_or_none(actor),
                assignee=assignee or actor_or_none(actor),
            )
            _attach(application, uploads, stored)
            append_event(
                application, kind=ApplicationEventKind.SUBMITTED, on=arrived_on, actor=actor
            )
            if received_on is not None:
                _receive(application, actor, received_on)
            audit(
                actor,
                AuditAction.APPLICATION_REGISTER,
                application,
                request,
                channel=str(channel),
                # Field names only: what the 补正 will have to ask for.
                missing_contents=[content.field for content in missing_contents(values)],
            )
    except IntegrityError:
        # The same form submitted twice at the same moment: the other request registered it.
        existing = (
            Application.objects.filter(submission_token=submission_token).first()
            if submission_token is not None
            else None
        )
        if existing is None:
            raise
        return existing
    return application


def _arrival(
    arrived_on: datetime.date | None,
    arrived_at: datetime.datetime | None,
    received_on: datetime.date | None,
) -> tuple[datetime.date, datetime.datetime]:
    """The arrival day and the moment stored as ``submitted_at``, checked (see the caller).

    A day without a moment is stored as the start of that day in local time, except today,
    which keeps the present moment (the queue orders same-day submissions by it).
    """
    if arrived_at is not None:
        arrived_on = timezone.localdate(arrived_at)
    elif arrived_on is None:
        arrived_on = received_on or today()
    if arrived_on > today():
        raise ValidationError({"arrived_on": "申请到达本机关之日不能晚于今天。"})
    if received_on is not None and received_on < arrived_on:
        raise ValidationError(
            {"received_on": "收到申请之日不能早于申请到达本机关之日，请核对两个日期。"}
        )
    if arrived_at is None:
        arrived_at = timezone.now() if arrived_on == today() else start_of_day(arrived_on)
    return arrived_on, arrived_at


def _receive(application: Application, actor, received_on: datetime.date) -> None:
    application.received_on = received_on
    application.save(update_fields=["received_on", "updated_at"])
    append_event(application, kind=ApplicationEventKind.RECEIVED, on=received_on, actor=actor)


def application_confirm_receipt(
    *, application: Application, actor, received_on: datetime.date, request=None
) -> Application:
    """Record the day both sides confirmed the application (第31条(二)(三)): the clock starts."""
    require_staff(actor, application.agency)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        require_step(application, Step.CONFIRM)
        if received_on > today():
            raise ValidationError({"received_on": "确认之日不能晚于今天。"})
        # Local dates: between 00:00 and 08:00 Beijing time the UTC date is the day before.
        if received_on < timezone.localdate(application.submitted_at):
            raise ValidationError({"received_on": "确认之日不能早于申请提交之日。"})
        _receive(application, actor, received_on)
        audit(
            actor,
            AuditAction.APPLICATION_CONFIRM_RECEIPT,
            application,
            request,
            on=str(received_on),
        )
    return application


def application_discard(
    *, application: Application, actor, reason: str, request=None
) -> Application:
    """Set aside a submission that was never received (test, duplicate click, not an application).

    Only before receipt: a received application is finished with an outcome, never discarded.
    """
    require_staff(actor, application.agency)
    if not reason.strip():
        raise ValidationError({"reason": "请写明作废理由。"})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        require_step(application, Step.DISCARD)
        application.status = ApplicationStatus.DISCARDED
        application.save(update_fields=["status", *set_queue_position(application), "updated_at"])
        append_event(
            application, kind=ApplicationEventKind.DISCARDED, on=today(), actor=actor, note=reason
        )
        audit(actor, AuditAction.APPLICATION_DISCARD, application, request, reason=reason)
    return application


def _require_member(assignee, agency: Agency) -> None:
    """Refuse an assignee who does not work for ``agency`` (the form's choice is not trusted)."""
    if assignee is None:
        return
    if not getattr(assignee, "is_active", False) or not (
        assignee.is_superuser or agency.pk in staff_agency_ids(assignee)
    ):
        raise ValidationError({"assignee": "经办人须是本机关的工作人员。"})


def application_assign(*, application: Application, actor, assignee, request=None) -> Application:
    """Make ``assignee`` (a member of the agency) the responsible clerk."""
    require_staff(actor, application.agency)
    _require_member(assignee, application.agency)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        require_step(application, Step.ASSIGN)
        application.assignee = assignee
        application.save(update_fields=["assignee", "updated_at"])
        append_event(
            application,
            kind=ApplicationEventKind.ASSIGNED,
            on=today(),
            actor=actor,
            note=assignee.get_full_name() or assignee.get_username(),
        )
        audit(actor, AuditAction.APPLICATION_ASSIGN, application, request, assignee=assignee.pk)
    return application
