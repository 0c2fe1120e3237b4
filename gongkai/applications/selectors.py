"""Reads of applications: who may see which, the clock, and the applicant's personal data.

Every rule about who sees what is here. Staff see their own agencies' applications
(``filter_by_agency``); the public sees one application through its query code and the last four
digits of the phone. Reading the plain ID number or contact data writes an audit event.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import filter_by_agency
from gongkai.applications.models import Application, Letter
from gongkai.applications.models.application import ApplicationQuerySet
from gongkai.applications.services.common import audit, compute, require_staff
from gongkai.audit.models import AuditAction
from gongkai.statute.clock import Clock


def applications_visible_to(user) -> ApplicationQuerySet:
    """The applications ``user`` may see in the back office (superusers: all)."""
    return filter_by_agency(Application.objects.select_related("agency", "assignee"), user)


# What a list of applications shows (the queue, the dashboard panels): nothing personal beyond
# the name and the masked ID number, so no encrypted column is read (nor decrypted) for a list.
# A column a list template shows must be here, or each row costs a query of its own.
LISTING_COLUMNS = (
    "id",
    "agency",
    "serial_year",
    "registration_number",
    "serial",
    "channel",
    "submitted_at",
    "received_on",
    "name",
    "id_number_masked",
    "status",
    "due_on",
    "due_on_provisional",
    "queue_rank",
    "queue_key",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


def queue_listing(queryset: ApplicationQuerySet) -> ApplicationQuerySet:
    """``queryset`` (from ``applications_visible_to``) reading only the listed columns, with
    the agency's name as ``agency_name``.

    The name comes from a subquery per listed row, not a join: with an inner join to the
    agencies SQLite's planner starts from the agencies and sorts every matching application
    (0.5 s at a million rows with a category filter) instead of reading the queue's index in
    order and stopping after one page.
    """
    name = Agency.objects.filter(pk=OuterRef("agency_id")).values("name")[:1]
    return (
        queryset.select_related(None)
        .select_related("assignee")
        .only(*LISTING_COLUMNS)
        .annotate(agency_name=Subquery(name))
    )


def application_for_staff(user, pk: int) -> Application:
    """One application of the user's agencies; ``Application.DoesNotExist`` otherwise."""
    return applications_visible_to(user).get(pk=pk)


def application_clock(application: Application, *, on=None) -> Clock:
    """The statutory clock of ``application`` today (``ValidationError`` if it can't be known)."""
    return compute(application, on=on)


def application_track(query_code: str, phone_last4: str) -> Application | None:
    """The application a member of the public asks about, or None (never says which part was
    wrong: a wrong code and a wrong phone look the same). ``phone_last4`` is the phone's last
    four digits or the receipt's 查询验证号 (``Application.tracking_pin``)."""
    code = (query_code or "").strip().upper()
    last4 = "".join(ch for ch in (phone_last4 or "") if ch.isdigit())
    if not code or len(last4) != 4:
        return None
    return (
        Application.objects.select_related("agency")
        .filter(Q(phone_last4=last4) | Q(tracking_pin=last4), query_code=code)
        .first()
    )


def public_letters(application: Application) -> QuerySet[Letter]:
    """The letters the tracking page lists (not third-party letters), each annotated with
    ``available_to_applicant``: whether the applicant may download it now (delivered, or the
    agency delivers electronically; not withdrawn). See ``LetterQuerySet``."""
    return (
        application.letters.filter(public=True).with_applicant_access().order_by("issued_on", "pk")
    )


@dataclass(frozen=True)
class PersonalData:
    id_number: str
    phone: str
    email: str
    address: str
    fax: str


def applicant_personal_data(application: Application, user, request=None) -> PersonalData:
    """The applicant's plain ID number and contact data, for a member of the agency.

    Every call is recorded in the audit log (who, when, which application). Raises
    ``PermissionDenied`` for anyone who does not work for the application's agency.
    """
    require_staff(user, application.agency)
    audit(user, AuditAction.APPLICATION_VIEW_PERSONAL_DATA, application, request)
    return PersonalData(
        id_number=application.id_number,
        phone=application.phone,
        email=application.email,
        address=application.address,
        fax=application.fax,
    )


# 第四十四条: 多个申请人就相同政府信息向同一行政机关提出公开申请，且该政府信息属于可以公开的，
# 行政机关可以纳入主动公开的范围。
SIMILAR_WITHIN_DAYS = 365
SIMILAR_CANDIDATES = 500
SIMILARITY = 0.5  # Jaccard of the descriptions' character pairs
SUGGEST_FROM = 2  # this application and at least two others: "多个申请人"


def _pairs(text: str) -> frozenset[str]:
    chars = [c for c in text if c.isalnum()]
    return frozenset(a + b for a, b in itertools.pairwise(chars))


def similar_applications(application: Application) -> list[Application]:
    """Other applications to the same agency in the past year that ask for much the same
    information (their descriptions share at least half their character pairs), most similar
    first; at most the ``SIMILAR_CANDIDATES`` most recent are compared, in one query."""
    mine = _pairs(application.description or "")
    if len(mine) < 2:
        return []
    since = timezone.now() - datetime.timedelta(days=SIMILAR_WITHIN_DAYS)
    candidates = (
        Application.objects.filter(agency_id=application.agency_id, submitted_at__gte=since)
        .exclude(pk=application.pk)
        .exclude(description="")
        .only("pk", "registration_number", "description", "submitted_at", "status")
        .order_by("-submitted_at")[:SIMILAR_CANDIDATES]
    )
    scored = []
    for other in candidates:
        theirs = _pairs(other.description)
        if theirs:
            score = len(mine & theirs) / len(mine | theirs)
            if score >= SIMILARITY:
                scored.append((score, other))
    return [other for _score, other in sorted(scored, key=lambda s: -s[0])]
