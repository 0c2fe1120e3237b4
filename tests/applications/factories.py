"""Factories and helpers for applications (依申请公开).

Two ways to make an application, for two purposes:

- **Through the services** (``register``, ``register_online`` and the ``services`` module with
  ``travel``): what a clerk does, with every check, event, clock computation and audit row.
  Use it whenever the path matters (the clock, the status, letters, permissions). It costs a few
  milliseconds per step.
- **Directly** (``ApplicationFactory``): one row with *consistent* fields — received, open
  (``in_progress`` with ``due_on`` from the clock) or closed (``closed_on``, an outcome, a legal
  ground where the outcome needs one), with the queue's position of that status and dates — plus its ``received``/``closed`` events, so the clock of
  the row agrees with its stored status. ``due_on`` comes from the working-day calendar of the
  ``chinesecalendar`` package (staff overrides in the database are ignored). No audit rows, no
  serial-number race handling. Use it for volume (statistics, queues); with
  ``ApplicationFactory.build(...)`` and ``Application.objects.bulk_create`` for hundreds.

Applicant data is fictional: names from a fixed list, ID numbers with a valid GB 11643 check
digit in the 盐池县 region code (640323), credit codes with a valid GB 32100 check character.
"""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

import factory
import time_machine
from django.db import transaction

from gongkai.applications import services
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    ApplicationEvent,
    ApplicationEventKind,
    ApplicationStatus,
    Channel,
    IdType,
    queue_position,
)
from gongkai.applications.search import index_name
from gongkai.applications.services.common import STATUS_FOR_STATE
from gongkai.applications.services.intake import take_registration_serial
from gongkai.statute.clock import ClockEvent, EventKind, compute_clock
from gongkai.statute.identity import (
    credit_code_check_char,
    mask_id_number,
    resident_id_check_char,
)
from gongkai.statute.outcomes import OUTCOMES, ApplicantCategory, Outcome
from gongkai.workdays.selectors import package_calendar
from tests.agencies.factories import AgencyFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ("建国", "秀英", "志强", "丽娟", "海燕", "文博", "晓东", "春梅", "永红", "子涵")
ORGANISATION_NAMES = {
    ApplicantCategory.COMMERCIAL: "盐池县{n}号滩羊科技有限公司",
    ApplicantCategory.RESEARCH: "宁夏草原生态研究所第{n}课题组",
    ApplicantCategory.PUBLIC_INTEREST: "盐池县绿色家园公益协会第{n}分会",
    ApplicantCategory.LEGAL_SERVICES: "宁夏某律师事务所第{n}分所",
    ApplicantCategory.OTHER: "花马池镇第{n}村民委员会",
}


def travel(day: datetime.date, hour: int = 10):
    """Make ``day`` today (Asia/Shanghai) for the services, which refuse future dates."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), SHANGHAI), tick=False
    )


def resident_id(n: int, birth: datetime.date = datetime.date(1980, 1, 1)) -> str:
    """A fictional 居民身份证号码 with a valid check digit (盐池县, sequence ``n``)."""
    first17 = f"640323{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def credit_code(n: int) -> str:
    """A fictional 统一社会信用代码 with a valid check character (91 = 企业, 640323)."""
    first17 = f"91640323{n % 10**9:09d}"
    return first17 + credit_code_check_char(first17)


def applicant_data(
    category: ApplicantCategory | str = ApplicantCategory.NATURAL_PERSON,
    n: int = 0,
    description: str = "2025年度盐池县科技计划项目立项名单",
) -> dict:
    """The form data of an applicant of ``category`` (``n`` varies name, ID and phone)."""
    category = ApplicantCategory(category)
    phone = f"139{n % 10**8:08d}"
    common = {
        "phone": phone,
        "email": f"applicant{n}@example.org",
        "address": f"宁夏回族自治区吴忠市盐池县花马池镇{n % 200 + 1}号",
        "description": description,
        "carriers": ["paper"],
        "delivery_methods": ["post"],
    }
    if category is ApplicantCategory.NATURAL_PERSON:
        name = SURNAMES[n % len(SURNAMES)] + GIVEN_NAMES[n // len(SURNAMES) % len(GIVEN_NAMES)]
        return {
            **common,
            "applicant_kind": ApplicantKind.CITIZEN,
            "name": name,
            "id_type": IdType.RESIDENT_ID,
            "id_number": resident_id(n),
        }
    return {
        **common,
        "applicant_kind": ApplicantKind.ORGANISATION,
        "applicant_category": category.value,
        "name": ORGANISATION_NAMES[category].format(n=n),
        "legal_representative": "马" + GIVEN_NAMES[n % len(GIVEN_NAMES)],
        "contact_person": "李" + GIVEN_NAMES[(n + 3) % len(GIVEN_NAMES)],
        "id_type": IdType.CREDIT_CODE,
        "id_number": credit_code(n),
    }


def register(agency, clerk, received_on: datetime.date, *, data=None, channel="in_person"):
    """Register an application received on ``received_on`` through the services (on that day)."""
    with travel(received_on):
        return services.application_register(
            agency=agency,
            actor=clerk,
            channel=channel,
            data=data or applicant_data(),
            received_on=received_on,
        )


def register_online(agency, submitted_on: datetime.date, *, data=None) -> Application:
    """Submit an application on the public form on ``submitted_on`` (not yet received)."""
    with travel(submitted_on):
        application, _created = services.application_submit_online(
            agency=agency, data=data or applicant_data(), submission_token=uuid.uuid4()
        )
    return application


def _clock_fields(received_on, closed_on) -> dict:
    events = [ClockEvent(EventKind.RECEIVED, received_on)]
    if closed_on is not None:
        events.append(ClockEvent(EventKind.CLOSED, closed_on))
    clock = compute_clock(events, package_calendar(), closed_on or received_on)
    return {"status": STATUS_FOR_STATE[clock.state], "due_on": clock.due_on}


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A received application, registered in person, open unless ``outcome`` is given.

    ``ApplicationFactory(received_on=d)``: open (``in_progress``), due 20 working days later.
    ``ApplicationFactory(received_on=d, outcome=Outcome.GRANTED, closed_on=d2)``: closed;
    ``closed_on`` defaults to 10 days after receipt. ``events=False`` skips the event rows
    (``build()`` never creates them: pass the rows to ``bulk_create`` yourself).
    """

    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        n = factory.Sequence(lambda n: n)

    agency = factory.SubFactory(AgencyFactory)
    received_on = datetime.date(2025, 3, 3)
    serial_year = factory.LazyAttribute(lambda o: o.received_on.year)
    # None: the next free serial of the agency and year, looked up in ``_create`` (so rows made
    # here and by the services never collide). ``build()`` callers pass ``serial`` themselves.
    serial = None
    registration_number = factory.LazyAttribute(
        lambda o: (
            ""
            if o.serial is None
            else Application.format_registration_number(o.agency.slug, o.serial_year, o.serial)
        )
    )
    channel = Channel.IN_PERSON
    submitted_at = factory.LazyAttribute(
        lambda o: datetime.datetime.combine(o.received_on, datetime.time(9), SHANGHAI)
    )
    applicant_category = ApplicantCategory.NATURAL_PERSON
    applicant_kind = factory.LazyAttribute(
        lambda o: (
            ApplicantKind.CITIZEN
            if o.applicant_category == ApplicantCategory.NATURAL_PERSON
            else ApplicantKind.ORGANISATION
        )
    )
    name = factory.LazyAttribute(lambda o: applicant_data(o.applicant_category, o.n)["name"])
    id_type = factory.LazyAttribute(
        lambda o: (
            IdType.RESIDENT_ID if o.applicant_kind == ApplicantKind.CITIZEN else IdType.CREDIT_CODE
        )
    )
    id_number = factory.LazyAttribute(
        lambda o: resident_id(o.n) if o.id_type == IdType.RESIDENT_ID else credit_code(o.n)
    )
    id_number_masked = factory.LazyAttribute(lambda o: mask_id_number(o.id_number))
    phone = factory.LazyAttribute(lambda o: f"139{o.n % 10**8:08d}")
    phone_last4 = factory.LazyAttribute(lambda o: o.phone[-4:])
    description = "2025年度盐池县科技计划项目立项名单"
    carriers = factory.LazyFunction(lambda: ["paper"])
    delivery_methods = factory.LazyFunction(lambda: ["post"])

    outcome = ""
    closed_on = factory.LazyAttribute(
        lambda o: o.received_on + datetime.timedelta(days=10) if o.outcome else None
    )
    legal_ground = factory.LazyAttribute(
        lambda o: (
            OUTCOMES[Outcome(o.outcome)].legal_grounds[0]
            if o.outcome and OUTCOMES[Outcome(o.outcome)].requires_legal_ground
            else ""
        )
    )
    decision_text = factory.LazyAttribute(lambda o: "已答复。" if o.outcome else "")
    status = factory.LazyAttribute(lambda o: _clock_fields(o.received_on, o.closed_on)["status"])
    due_on = factory.LazyAttribute(lambda o: _clock_fields(o.received_on, o.closed_on)["due_on"])
    queue_rank = factory.LazyAttribute(lambda o: queue_position(o.status, o.due_on, o.closed_on)[0])
    queue_key = factory.LazyAttribute(lambda o: queue_position(o.status, o.due_on, o.closed_on)[1])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("serial") is None:
            # The services' own counter, so rows made here and by the services never collide.
            with transaction.atomic():
                kwargs["serial"] = take_registration_serial(kwargs["agency"], kwargs["serial_year"])
        if not kwargs.get("registration_number"):
            kwargs["registration_number"] = model_class.format_registration_number(
                kwargs["agency"].slug, kwargs["serial_year"], kwargs["serial"]
            )
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        """The ``received`` (and ``closed``) events the clock reads (unless ``events=False``)."""
        if not create or extracted is False:
            return
        ApplicationEvent.objects.bulk_create(application_events(self))

    @factory.post_generation
    def name_index(self, create, extracted, **kwargs):
        """The queue's name index, as the intake services write it."""
        if create:
            index_name(self)


def application_events(application: Application) -> list[ApplicationEvent]:
    """Unsaved ``received``/``closed`` events matching a factory-made application's dates."""
    rows = [
        ApplicationEvent(
            application=application, kind=ApplicationEventKind.RECEIVED, on=application.received_on
        )
    ]
    if application.status == ApplicationStatus.CLOSED:
        rows.append(
            ApplicationEvent(
                application=application,
                kind=ApplicationEventKind.CLOSED,
                on=application.closed_on,
            )
        )
    return rows


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    """A note on an application (pass ``kind``/``on`` for another event; the clock is not
    recomputed: for clock events use the services)."""

    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(ApplicationFactory)
    kind = ApplicationEventKind.NOTE
    on = factory.LazyAttribute(lambda o: o.application.received_on)
    note = "备注"
