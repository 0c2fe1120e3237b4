"""The public side of 依申请公开: apply online, get a receipt, follow the application.

No account is needed. What protects the applicant instead:

- the receipt page is reached through a signed, expiring link made when the application was
  submitted (never by an enumerable id);
- progress is shown only to whoever knows the query code *and* the phone's last four digits,
  answered by a neutral "未查询到申请" otherwise, and rate-limited per IP;
- letter downloads go through a signed link that expires soon after the successful query;
- public pages show masked personal data only; every page with an applicant's data (receipt,
  progress, letters, the form sent back with errors) is never cached.

The blank 申请表 and the blank query form hold no one's data but a CSRF token, which belongs to
the client's CSRF cookie: they carry an ETag of the public version and that cookie's secret
(``Cache-Control: private, no-cache``), so a browser revalidates them for a 304, and one with
another cookie gets a fresh page. The blank form's fields are rendered once per release and
kept in the cache (``{% cache %}`` in apply.html); only the token and the submission token are
rendered per request.
"""

from __future__ import annotations

import functools
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.applications.blank_form import blank_form_docx
from gongkai.applications.forms.public import ApplicationForm, TrackForm
from gongkai.applications.letters.render import FORMATS as LETTER_FORMATS
from gongkai.applications.letters.render import RenderError, letter_filename, render_letter
from gongkai.applications.letters.stated import provisional_explanation
from gongkai.applications.models import (
    RECEIPT_RULES,
    Application,
    ApplicationStatus,
    Channel,
    Letter,
)
from gongkai.applications.notifications import notify_applicant_submitted
from gongkai.applications.selectors import application_clock, application_track, public_letters
from gongkai.applications.services import application_submit_online
from gongkai.applications.views import ratelimit
from gongkai.httpcache.conditional import (
    PRIVATE_REVALIDATE,
    csrf_secret,
    etag,
    finish,
    not_modified,
    release,
)
from gongkai.httpcache.version import public_version

logger = logging.getLogger(__name__)

RECEIPT_SALT = "gongkai.applications.receipt"
LETTER_SALT = "gongkai.applications.letter"
# The receipt link works for a day (long enough to print or save it; the query code and the
# tracking page work for ever). A letter link works for half an hour after the query.
RECEIPT_LINK_MAX_AGE = 24 * 60 * 60
LETTER_LINK_MAX_AGE = 30 * 60


# -- apply ---------------------------------------------------------------------------------------


def max_request_bytes() -> int:
    """The largest application request accepted: every attachment at its limit, plus the form.

    Django limits the non-file part (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not the files, which
    it would stream to disk however large; this bound is checked before anything is read.
    """
    configured = getattr(settings, "GONGKAI_APPLICATION_MAX_REQUEST_BYTES", None)
    if configured:
        return int(configured)
    files = settings.GONGKAI_ATTACHMENT_MAX_BYTES * settings.GONGKAI_ATTACHMENT_MAX_COUNT
    return files + 1024 * 1024


def receipt_url(application: Application) -> str:
    token = signing.dumps({"a": application.pk}, salt=RECEIPT_SALT, compress=True)
    return reverse("applications:receipt", args=[application.agency.slug, token])


def _blank_form_etag(request, *parts: object) -> str | None:
    """The ETag of a blank public form page: None while the client has no CSRF cookie (the
    response sets one; the next request can be conditional)."""
    secret = csrf_secret(request)
    return None if secret is None else etag("blank-form", public_version(), secret, *parts)


def _conditional_blank_form(view):
    """GET/HEAD of a blank form: 304 when the client's copy is current, else the page with its
    ETag. Anything else (a POST, an error page) is never cached."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        blank = request.method in ("GET", "HEAD")
        parts = (request.path, request.GET.get("code", "")[:32])
        if blank:
            unchanged = not_modified(
                request, _blank_form_etag(request, *parts), cache_control=PRIVATE_REVALIDATE
            )
            if unchanged is not None:
                return unchanged
        response = view(request, *args, **kwargs)
        if blank and response.status_code == 200:
            # After the render: the CSRF secret the page's token belongs to may be a new one.
            return finish(
                response, _blank_form_etag(request, *parts), cache_control=PRIVATE_REVALIDATE
            )
        add_never_cache_headers(response)
        return response

    return wrapped


@require_safe
def blank_form(request, agency_slug: str):
    """The agency's blank 申请表 as DOCX, to print, fill in by hand and post or hand in."""
    agency = get_object_or_404(Agency, slug=agency_slug)
    response = HttpResponse(
        blank_form_docx(agency),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{agency.name}政府信息公开申请表.docx"
    )
    return response


@csrf_exempt  # CSRF is checked in _apply_post, after the size check (see apply)
@_conditional_blank_form
def apply(request, agency_slug: str):
    """GET: the blank 申请表 of the agency. POST: submit it (→ receipt) or show what is wrong.

    CSRF middleware would read (and spool to disk) the whole body before any view runs, so this
    view is exempt from it and checks the declared size first, then the CSRF token (the pattern
    Django documents for views that must act before the upload is read).
    """
    agency = get_object_or_404(Agency, slug=agency_slug)
    if not agency.accepts_online:
        return _apply_closed(request, agency)
    if request.method == "POST":
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_request_bytes():
            return _too_large(request, agency)
        try:
            return csrf_protect(_apply_post)(request, agency)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return _too_large(request, agency)
        except MultiPartParserError:
            # A broken upload (cut connection, a client that is not a browser): nothing stored.
            return render(
                request, "applications/portal/unreadable.html", {"agency": agency}, status=400
            )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return _render_form(request, agency, ApplicationForm())


def _apply_closed(request, agency: Agency):
    """An agency that does not take applications through this site (``Agency.accepts_online``).

    GET shows, instead of the form, how the agency does take applications and its contact
    data. Anything else (a POST from a stale page or a script) gets the same page with status
    403 Forbidden — the agency exists, it refuses this channel — and nothing is read or stored.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    channels = [(label, RECEIPT_RULES[value]) for value, label in agency.accepted_channel_choices()]
    return render(
        request,
        "applications/portal/apply_closed.html",
        {"agency": agency, "channels": channels, "refused": request.method == "POST"},
        status=403 if request.method == "POST" else 200,
    )


def _apply_post(request, agency: Agency):
    form = ApplicationForm(request.POST, request.FILES)
    token = form.token
    if token is None:
        # Tampered with or lost: a new token for the corrected form, nothing submitted.
        data = request.POST.copy()
        data["submission_token"] = str(uuid.uuid4())
        form = ApplicationForm(data, request.FILES)
        form.is_valid()
        form.add_error(None, "表单已失效，请核对内容后重新提交。")
        return _render_form(request, agency, form)

    # A second click, or the browser resending: the same receipt, nothing new.
    existing = Application.objects.select_related("agency").filter(submission_token=token).first()
    if existing is not None:
        return redirect(receipt_url(existing))

    # Counted before the work (atomically, across servers), given back if nothing is submitted.
    use = ratelimit.take("apply", request)
    if use.retry_after is not None:
        return _rate_limited(request, "apply", use.retry_after, agency=agency)

    if not form.is_valid():
        ratelimit.give_back(use)
        return _render_form(request, agency, form)
    data = form.cleaned_data
    try:
        application, created = application_submit_online(
            agency=agency,
            data=form.service_data(data),
            submission_token=data["submission_token"],
            attachments=form.attachments(data),
            request=request,
        )
    except ValidationError as exc:
        ratelimit.give_back(use)
        form.add_service_errors(exc)
        return _render_form(request, agency, form)
    if created:
        notify_applicant_submitted(application)
    else:
        ratelimit.give_back(use)
    return redirect(receipt_url(application))


def _render_form(request, agency: Agency, form: ApplicationForm):
    return render(
        request,
        "applications/portal/apply.html",
        {
            "agency": agency,
            "form": form,
            "receipt_rule": RECEIPT_RULES[Channel.ONLINE],
            "has_files": bool(request.FILES) if request.method == "POST" else False,
            # The blank form's fields are the same for everyone: rendered once per release.
            "blank_form_key": "" if form.is_bound else release(),
        },
    )


def _too_large(request, agency: Agency):
    return render(
        request,
        "applications/portal/too_large.html",
        {
            "agency": agency,
            "max_bytes": settings.GONGKAI_ATTACHMENT_MAX_BYTES,
            "max_count": settings.GONGKAI_ATTACHMENT_MAX_COUNT,
        },
        status=413,
    )


def _rate_limited(request, scope: str, retry_after: int, *, agency: Agency | None = None):
    minutes = max(1, -(-retry_after // 60))
    response = render(
        request,
        "applications/portal/rate_limited.html",
        {
            "agency": agency,
            "scope": scope,
            "limit": ratelimit.limit_for(scope),
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@never_cache
def receipt(request, agency_slug: str, token: str):
    """回执: registration number, query code, time, what happens next (signed link only)."""
    try:
        payload = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return _link_expired(request, "回执页面的链接已超过有效期。")
    except signing.BadSignature:
        raise Http404 from None
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int):
        raise Http404
    application = get_object_or_404(
        Application.objects.select_related("agency"), pk=payload["a"], agency__slug=agency_slug
    )
    return render(
        request,
        "applications/portal/receipt.html",
        {
            "agency": application.agency,
            "application": application,
            "receipt_rule": RECEIPT_RULES[Channel.ONLINE],
            "track_url": f"{reverse('applications:track')}?code={application.query_code}",
        },
    )


def _link_expired(request, message: str):
    return render(
        request, "applications/portal/link_expired.html", {"message": message}, status=410
    )


# -- track ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicLetter:
    """A letter on the tracking page. A withdrawn one (已作废) is listed, marked, and one not
    yet delivered as 待送达, both without a download link (``token`` is "")."""

    letter: Letter
    token: str


@_conditional_blank_form
def track(request):
    """查询办理进度 by query code and the phone's last four digits (POST, so the code never
    lands in a URL, a log or the browser history)."""
    if request.method == "POST":
        use = ratelimit.take("track", request)
        if use.retry_after is not None:
            return _rate_limited(request, "track", use.retry_after)
        form = TrackForm(request.POST)
        if not form.is_valid():
            return render(request, "applications/portal/track.html", {"form": form})
        application = application_track(
            form.cleaned_data["query_code"], form.cleaned_data["phone_last4"]
        )
        if application is None:
            return render(
                request,
                "applications/portal/track.html",
                {"form": form, "not_found": True},
            )
        return render(
            request,
            "applications/portal/track.html",
            {"form": TrackForm(), **_progress(application)},
        )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    code = request.GET.get("code", "")[:32]
    return render(
        request,
        "applications/portal/track.html",
        {"form": TrackForm(initial={"query_code": code} if code else None)},
    )


def _progress(application: Application) -> dict:
    """What the tracking page shows of one application."""
    clock = None
    clock_unknown = False
    received = application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.DISCARDED)
    if received:
        try:
            clock = application_clock(application)
        except ValidationError:
            # The stored history is one the clock refuses (the staff see why on the detail
            # page); the public gets the stored due date and a plain explanation.
            clock_unknown = True
    letters = [
        PublicLetter(
            letter=letter,
            token=signing.dumps({"a": application.pk, "l": letter.pk}, salt=LETTER_SALT)
            # Annotated by ``LetterQuerySet.with_applicant_access``.
            if getattr(letter, "available_to_applicant", False)
            else "",
        )
        for letter in public_letters(application)
    ]
    return {
        "application": application,
        "clock": clock,
        "clock_unknown": clock_unknown,
        "provisional_notice": (
            provisional_explanation(clock.provisional_years) if clock is not None else ""
        ),
        "letters": letters,
        "any_withdrawn": any(item.letter.withdrawn_on for item in letters),
        "any_pending": any(not item.token and not item.letter.withdrawn_on for item in letters),
        "letter_formats": [(key, output.label) for key, output in LETTER_FORMATS.items()],
        "receipt_rule": RECEIPT_RULES.get(application.channel, ""),
    }


@never_cache
def letter_download(request, token: str, fmt: str):
    """A letter of the tracked application as DOCX or PDF, through the link the query made."""
    if fmt not in LETTER_FORMATS:
        raise Http404
    try:
        payload = signing.loads(token, salt=LETTER_SALT, max_age=LETTER_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return _link_expired(request, "下载链接已超过有效期。")
    except signing.BadSignature:
        raise Http404 from None
    if not isinstance(payload, dict) or not all(
        isinstance(payload.get(k), int) for k in ("a", "l")
    ):
        raise Http404
    letter = get_object_or_404(
        Letter.objects.select_related("application", "agency").with_applicant_access(),
        pk=payload["l"],
        application_id=payload["a"],
        public=True,
        # A link made before the letter was withdrawn no longer works.
        withdrawn_on__isnull=True,
    )
    if not letter.available_to_applicant:
        # Not delivered yet (the agency changed its delivery setting after the query, or the
        # link was made by other means): the letter exists but is not the applicant's yet.
        return render(
            request,
            "applications/portal/link_expired.html",
            {"message": f"“{letter.title}”尚未送达，送达后方可下载。"},
            status=403,
        )
    output = LETTER_FORMATS[fmt]
    try:
        content = render_letter(letter, fmt)
    except RenderError as exc:
        return _download_failed(request, letter, str(exc))
    except Exception:
        # The applicant gets a plain message; the administrator gets the traceback in the log.
        logger.exception("rendering letter %s as %s failed", letter.pk, fmt)
        return _download_failed(
            request,
            letter,
            f"生成“{letter.title}”的{output.label}时出错，请稍后重试，或联系{letter.agency.name}索取。",
        )
    response = HttpResponse(content, content_type=output.media_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=letter_filename(letter, fmt)
    )
    return response


def _download_failed(request, letter: Letter, message: str):
    return render(
        request,
        "applications/portal/download_failed.html",
        {"letter": letter, "message": message},
        status=503,
    )
