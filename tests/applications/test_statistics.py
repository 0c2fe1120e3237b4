"""表三 computed from the applications (``gongkai.applications.statistics``).

The main test builds one agency's year 2025 — about 1,000 applications — and checks every cell
of 表三 in both formats against a count done here in plain Python over the stored rows, then the
consistency rules (R1-R5, and R7 against 2024) and the computed annual report.

A few hundred applications go through the services along every path of the procedure (补正 and
its lapse, third-party consultation, fee paid and unpaid, extension by the office head, 第35条
deferral, online submission confirmed or never confirmed, discarded, each outcome) on a timeline
that starts in October 2024 and stops on 20 January 2026: every step dated after that day is
not taken, so applications received late in 2025 are still open (in whatever state their path
had reached) or finished in January 2026. The rest are made with ``ApplicationFactory`` (consistent
fields) in one ``bulk_create``, for volume. 2024-2026 are years the working-day calendar knows.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.models import StaffRole
from gongkai.annual_report.checks import check_report
from gongkai.annual_report.model import ReportData
from gongkai.applications import services
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ConsultationParty,
    FeeMethod,
)
from gongkai.applications.statistics import applications_table
from gongkai.reports.models import AnnualReport, ReportBasis
from gongkai.reports.selectors import report_data_for
from gongkai.statute.outcomes import OUTCOMES, ApplicantCategory, Outcome, UnknownTable3Layout
from gongkai.workdays.selectors import package_calendar
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory
from tests.applications.factories import (
    ApplicationFactory,
    applicant_data,
    application_events,
    register,
    register_online,
    travel,
)
from tests.applications.steps import send_fee_notice

pytestmark = pytest.mark.django_db

YEAR = 2025
NOW = datetime.date(2026, 1, 20)  # the end of the timeline: later steps are not taken
CATEGORIES = [c.value for c in ApplicantCategory]
# Natural persons dominate, as in real 表三; every organisation column still gets some.
CATEGORY_WEIGHTS = [60, 12, 6, 5, 7, 10]
DECIDABLE = [o for o in Outcome if o not in (Outcome.OTHER_NO_SUPPLEMENT, Outcome.OTHER_UNPAID_FEE)]
SPLIT_OTHER = {"other_no_supplement", "other_unpaid_fee", "other_other"}


def wd(day: datetime.date, n: int) -> datetime.date:
    return package_calendar().add_workdays(day, n)


def ground(outcome: Outcome) -> str:
    info = OUTCOMES[outcome]
    return info.legal_grounds[0] if info.requires_legal_ground else ""


# -- the paths through the services -------------------------------------------------------------


class Timeline:
    """Runs the steps of one application in date order, each on its own day, up to ``NOW``."""

    def __init__(self, clerk, head):
        self.clerk, self.head = clerk, head
        self.stop = NOW

    def step(self, on: datetime.date, action, **kwargs) -> bool:
        """Take ``action`` on day ``on`` (as today); False (not taken) if ``on`` is after
        ``self.stop`` (NOW, or an earlier day to leave an application halfway)."""
        if on > self.stop:
            return False
        with travel(on):
            action(actor=kwargs.pop("actor", self.clerk), on=on, **kwargs)
        return True

    def decide(self, application, on, outcome: Outcome) -> bool:
        return self.step(
            on,
            services.application_decide,
            application=application,
            outcome=outcome,
            decision_text=f"依据条例作出答复（{OUTCOMES[outcome].label}）。",
            legal_ground=ground(outcome),
        )


def path_direct(t, app, r, outcome):
    t.decide(app, wd(r, 3 + app.pk % 12), outcome)


def path_supplement(t, app, r, outcome):
    # 第30条: 补正 asked within 7 working days; the period restarts on the corrected application.
    t.step(
        wd(r, 2),
        services.application_request_supplement,
        application=app,
        until=wd(r, 12),
        items="请明确所需项目的年度和名称。",
    ) and t.step(wd(r, 6), services.application_receive_supplement, application=app) and t.decide(
        app, wd(r, 18), outcome
    )


def path_supplement_lapsed(t, app, r, outcome):
    t.step(
        wd(r, 3),
        services.application_request_supplement,
        application=app,
        until=wd(r, 10),
        items="请补充身份证明。",
    ) and t.step(wd(r, 12), services.application_close_lapsed, application=app)


def path_consultation(t, app, r, outcome):
    t.step(
        wd(r, 4),
        services.application_start_consultation,
        application=app,
        party=ConsultationParty.THIRD_PARTY if app.pk % 2 else ConsultationParty.OTHER_AGENCY,
        consulted="宁夏某科技有限公司",
    ) and t.step(
        wd(r, 16), services.application_end_consultation, application=app, opinion="不同意公开"
    ) and t.decide(app, wd(r, 22), outcome)


def path_fee_paid(t, app, r, outcome):
    t.step(
        wd(r, 3),
        send_fee_notice,
        application=app,
        method=FeeMethod.BY_PAGES,
        quantity=120,
    ) and t.step(wd(r, 9), services.application_record_fee_paid, application=app) and t.decide(
        app, wd(r, 20), outcome
    )


def path_fee_lapsed(t, app, r, outcome):
    # 109号: unpaid 20 working days after the notice, the application is deemed withdrawn.
    t.step(
        wd(r, 5),
        send_fee_notice,
        application=app,
        method=FeeMethod.BY_PAGES,
        quantity=250,
    ) and t.step(wd(r, 28), services.application_close_lapsed, application=app)


def path_extended(t, app, r, outcome):
    # 第33条: one extension, approved by the office head.
    t.step(
        wd(r, 15),
        services.application_extend,
        application=app,
        workdays=15,
        reason="涉及多个项目，需要调取档案。",
        actor=t.head,
    ) and t.decide(app, wd(r, 30), outcome)


def path_deferred(t, app, r, outcome):
    # 第35条: a reasonable but excessive request gets a later reply date.
    t.step(
        wd(r, 5),
        services.application_defer,
        application=app,
        until=wd(r, 45),
        reason="申请数量明显超过合理范围。",
        actor=t.head,
    ) and t.decide(app, wd(r, 40), outcome)


def path_left_open(t, app, r, outcome):
    """Nothing after receipt: open until NOW (overdue if received long ago)."""


PATHS = [
    path_direct,
    path_direct,
    path_supplement,
    path_supplement_lapsed,
    path_consultation,
    path_fee_paid,
    path_fee_lapsed,
    path_extended,
    path_deferred,
    path_direct,
    path_left_open,
]


def build_year(agency, other_agency, clerk, head, rng: random.Random) -> None:
    """About 1,000 applications of ``agency`` touching 2025, plus noise that must not count."""
    t = Timeline(clerk, head)
    # Through the services: one or two receipts every working day from October 2024 to 10 January
    # 2026 (about 420 applications).
    day = datetime.date(2024, 10, 8)
    n = 0
    while day <= datetime.date(2026, 1, 10):
        for _ in range(1 + (n % 3 == 0)):
            category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
            data = applicant_data(category, n, description=f"科技项目立项名单（第{n}件）")
            if n % 13 == 5:
                # Online: submitted the day before, received the day both sides confirm.
                app = register_online(agency, day - datetime.timedelta(days=1), data=data)
                with travel(day):
                    services.application_confirm_receipt(
                        application=app, actor=clerk, received_on=day
                    )
            else:
                app = register(agency, clerk, day, data=data, channel="in_person")
            PATHS[n % len(PATHS)](t, app, day, DECIDABLE[n % len(DECIDABLE)])
            n += 1
        day = wd(day, 1)

    # Halfway at the end of the year: 补正 awaited, third party consulted, fee awaited.
    halfway = (
        (path_supplement, 4),
        (path_consultation, 10),
        (path_fee_paid, 5),
        (path_extended, 20),
    )
    for k, (path, stop) in enumerate(halfway):
        received = datetime.date(2025, 12, 8 + k)
        app = register(agency, clerk, received, data=applicant_data("natural_person", 800 + k))
        t.stop = wd(received, stop)
        path(t, app, received, Outcome.GRANTED)
    t.stop = NOW

    # Online submissions never confirmed (not received: never counted) and one discarded.
    register_online(agency, datetime.date(2025, 12, 30), data=applicant_data("natural_person", 900))
    junk = register_online(agency, datetime.date(2025, 6, 3), data=applicant_data("other", 901))
    with travel(datetime.date(2025, 6, 4)):
        services.application_discard(application=junk, actor=clerk, reason="重复提交")
    # Another agency's application: counts for a region, never for ``agency``.
    other_clerk = StaffMembershipFactory(agency=other_agency).user
    register(other_agency, other_clerk, datetime.date(2025, 5, 6), data=applicant_data("research"))

    # Directly, for volume: received from June 2024 to January 2026, closed after 0-80 days
    # (never after NOW) or still open, any outcome including the two lapse outcomes.
    built = []
    serial = 10_000
    start = datetime.date(2024, 6, 1)
    span = (datetime.date(2026, 1, 15) - start).days
    for i in range(850):
        received = start + datetime.timedelta(days=rng.randrange(span))
        closed = received + datetime.timedelta(days=rng.randrange(0, 80))
        outcome = rng.choice(list(Outcome))
        if closed > NOW or rng.random() < 0.08:
            closed, outcome = None, ""
        serial += 1
        built.append(
            ApplicationFactory.build(
                agency=agency if i % 40 else other_agency,
                serial=serial,
                received_on=received,
                applicant_category=rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0],
                outcome=outcome,
                closed_on=closed,
            )
        )
    # Year boundaries, each in and out by one day.
    for received, closed in [
        (datetime.date(2024, 12, 31), datetime.date(2024, 12, 31)),  # not in 2025 at all
        (datetime.date(2024, 12, 31), datetime.date(2025, 1, 1)),  # 二 and 三
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),  # 一 and 三
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 1)),  # 一 and 四
        (datetime.date(2026, 1, 1), None),  # not in 2025
    ]:
        serial += 1
        built.append(
            ApplicationFactory.build(
                agency=agency,
                serial=serial,
                received_on=received,
                outcome=Outcome.GRANTED if closed else "",
                closed_on=closed,
            )
        )
    rows = Application.objects.bulk_create(built)
    ApplicationEvent.objects.bulk_create([e for a in rows for e in application_events(a)])


# -- the independent count ----------------------------------------------------------------------


def count_by_hand(agency_ids, year: int, split_other: bool) -> dict[str, dict[str, int]]:
    """表三 counted row by row in Python, straight from the definitions (not via the query)."""
    cells: dict[str, Counter] = defaultdict(Counter)
    for app in Application.objects.all():
        if agency_ids is not None and app.agency_id not in agency_ids:
            continue
        if app.received_on is None:
            assert app.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.DISCARDED)
            continue
        column = app.applicant_category
        received, closed = app.received_on.year, app.closed_on.year if app.closed_on else None
        if received == year:
            cells["received"][column] += 1
        if received < year and (closed is None or closed >= year):
            cells["carried_over"][column] += 1
        if closed == year:
            row = app.outcome
            if row in SPLIT_OTHER and not split_other:
                row = "other"
            cells[row][column] += 1
            cells["total"][column] += 1
        if received <= year and (closed is None or closed > year):
            cells["carried_forward"][column] += 1
    return cells


def assert_every_cell(table, by_hand, format_id: str, variant: str | None = None) -> int:
    """Compare every cell; return how many rows hold a non-zero count (the test's reach)."""
    empty = ReportData.empty(format_id, variants={"applications": variant} if variant else {})
    assert set(table) == set(empty.tables["applications"])
    non_zero = 0
    for row, columns in empty.tables["applications"].items():
        assert set(table[row]) == set(columns), row
        for column in CATEGORIES:
            assert table[row][column] == by_hand[row][column], (row, column)
        assert table[row]["total"] == sum(by_hand[row].values()), (row, "total")
        non_zero += table[row]["total"] > 0
    return non_zero


def test_a_year_of_applications_gives_every_cell_of_table3_in_both_formats(
    django_assert_num_queries,
):
    rng = random.Random(YEAR)
    agency = AgencyFactory(name="盐池县科学技术局", slug="yanchi-kjj")
    other = AgencyFactory(name="盐池县农业农村局", slug="yanchi-nyj")
    clerk = StaffMembershipFactory(agency=agency, role=StaffRole.CLERK).user
    head = StaffMembershipFactory(agency=agency, role=StaffRole.OFFICE_HEAD).user
    build_year(agency, other, clerk, head, rng)

    mine = Application.objects.filter(agency=agency)
    touching = mine.filter(received_on__year__lte=YEAR).exclude(closed_on__year__lt=YEAR)
    assert 950 <= touching.count() <= 1100
    # The paths really happened: every status a year end can show, every outcome in 2025.
    open_statuses = set(
        touching.exclude(status=ApplicationStatus.CLOSED).values_list("status", flat=True)
    )
    assert {
        ApplicationStatus.IN_PROGRESS,
        ApplicationStatus.AWAITING_SUPPLEMENT,
        ApplicationStatus.CONSULTING,
        ApplicationStatus.AWAITING_FEE,
    } <= open_statuses
    closed_2025 = mine.filter(closed_on__year=YEAR)
    assert set(closed_2025.values_list("outcome", flat=True)) == {o.value for o in Outcome}
    serviced = mine.filter(serial__lt=10_000)
    for kind in (
        "supplement_received",
        "consultation_ended",
        "fee_paid",
        "extended",
        "deferred",
    ):
        assert serviced.filter(events__kind=kind, closed_on__year=YEAR).exists(), kind
    for outcome in (Outcome.OTHER_NO_SUPPLEMENT, Outcome.OTHER_UNPAID_FEE):
        assert serviced.filter(outcome=outcome, closed_on__year=YEAR).exists(), outcome
    assert mine.filter(status=ApplicationStatus.SUBMITTED).exists()
    assert mine.filter(status=ApplicationStatus.DISCARDED).exists()

    # 2021 format: （六）其他处理 in three rows; 2019 format: one row.
    with django_assert_num_queries(1):
        table_2021 = applications_table([agency.pk], YEAR, "2021")
    assert assert_every_cell(table_2021, count_by_hand({agency.pk}, YEAR, True), "2021") == 25
    with django_assert_num_queries(1):
        table_2019 = applications_table([agency.pk], YEAR, "2019")
    assert assert_every_cell(table_2019, count_by_hand({agency.pk}, YEAR, False), "2019") == 23
    # The other layouts of each format.
    split_2019 = applications_table([agency.pk], YEAR, "2019", "other_split")
    assert_every_cell(split_2019, count_by_hand({agency.pk}, YEAR, True), "2019", "other_split")
    single_2021 = applications_table([agency.pk], YEAR, "2021", "other_single")
    assert_every_cell(single_2021, count_by_hand({agency.pk}, YEAR, False), "2021", "other_single")
    # A region (both agencies) and every agency.
    both = {agency.pk, other.pk}
    region = applications_table(both, YEAR, "2021")
    assert_every_cell(region, count_by_hand(both, YEAR, True), "2021")
    assert applications_table(None, YEAR, "2021") == region
    assert region["received"]["total"] > table_2021["received"]["total"]

    # R1-R5 hold; R7: 2025's 二、上年结转 is 2024's 四、结转下年度继续办理.
    previous = ReportData.empty("2021", year=YEAR - 1)
    previous.tables["applications"] = applications_table([agency.pk], YEAR - 1, "2021")
    for format_id, table in (("2021", table_2021), ("2019", table_2019)):
        report = ReportData.empty(format_id, year=YEAR if format_id == "2021" else 2020)
        report.tables["applications"] = table
        findings = check_report(report, previous=previous if format_id == "2021" else None)
        assert [f for f in findings if f.rule in {"R1", "R2", "R3", "R4", "R5", "R7"}] == []
    assert table_2021["carried_over"] == previous.tables["applications"]["carried_forward"]
    assert table_2021["carried_over"]["total"] > 0

    # The computed annual report shows the same 表三, in one query for the table.
    annual = AnnualReport.objects.create(
        agency=agency, year=YEAR, format_id="2021", basis=ReportBasis.COMPUTED
    )
    annual = AnnualReport.objects.select_related("agency").get(pk=annual.pk)
    with django_assert_num_queries(1):
        data = report_data_for(annual)
    assert data.tables["applications"] == table_2021


# -- small cases --------------------------------------------------------------------------------


def test_an_agency_without_applications_has_an_all_zero_table():
    agency = AgencyFactory()
    table = applications_table([agency.pk], YEAR, "2021")
    assert table == ReportData.empty("2021").tables["applications"]
    assert applications_table([], YEAR, "2019") == ReportData.empty("2019").tables["applications"]


def test_unconfirmed_and_discarded_submissions_never_count():
    agency = AgencyFactory()
    clerk = StaffMembershipFactory(agency=agency).user
    register_online(agency, datetime.date(2025, 3, 3))
    junk = register_online(agency, datetime.date(2025, 3, 4))
    with travel(datetime.date(2025, 3, 5)):
        services.application_discard(application=junk, actor=clerk, reason="测试提交")
    confirmed = register_online(agency, datetime.date(2025, 3, 6))
    with travel(datetime.date(2025, 3, 7)):
        services.application_confirm_receipt(
            application=confirmed, actor=clerk, received_on=datetime.date(2025, 3, 7)
        )

    table = applications_table([agency.pk], YEAR, "2021")

    assert table["received"] == {**dict.fromkeys(CATEGORIES, 0), "natural_person": 1, "total": 1}
    assert table["carried_forward"]["total"] == 1


def test_lapsed_but_not_yet_closed_is_carried_forward_not_an_outcome():
    """视为放弃 is an outcome only once the office files it (application_close_lapsed)."""
    agency = AgencyFactory()
    clerk = StaffMembershipFactory(agency=agency).user
    received = datetime.date(2025, 12, 1)
    app = register(agency, clerk, received, data=applicant_data("commercial", 3))
    with travel(datetime.date(2025, 12, 2)):
        services.application_request_supplement(
            application=app,
            actor=clerk,
            on=datetime.date(2025, 12, 2),
            until=datetime.date(2025, 12, 9),
            items="请写明项目名称。",
        )
    with travel(datetime.date(2025, 12, 31)):
        services.applications_recompute_deadlines()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.LAPSED

    table = applications_table([agency.pk], YEAR, "2021")
    assert table["carried_forward"]["commercial"] == 1
    assert table["other_no_supplement"]["commercial"] == 0
    assert table["total"]["total"] == 0

    with travel(datetime.date(2026, 1, 5)):
        services.application_close_lapsed(
            application=app, actor=clerk, on=datetime.date(2026, 1, 5)
        )
    assert applications_table([agency.pk], 2026, "2021")["other_no_supplement"]["commercial"] == 1
    assert applications_table([agency.pk], 2026, "2019")["other"]["commercial"] == 1
    assert applications_table([agency.pk], 2026, "2021")["carried_over"]["commercial"] == 1


def test_partial_grant_counts_once_in_its_own_row_only_r2():
    agency = AgencyFactory()
    clerk = StaffMembershipFactory(agency=agency).user
    app = register(agency, clerk, datetime.date(2025, 4, 1))
    with travel(datetime.date(2025, 4, 10)):
        services.application_decide(
            application=app,
            actor=clerk,
            on=datetime.date(2025, 4, 10),
            outcome=Outcome.PARTIALLY_GRANTED,
            decision_text="区分处理：提供立项名单，隐去个人信息。",
            legal_ground="第十五条",
        )
    with pytest.raises(ValidationError):
        services.application_decide(
            application=app,
            actor=clerk,
            on=datetime.date(2025, 4, 10),
            outcome=Outcome.WITHHELD_THIRD_PARTY_RIGHTS,
            decision_text="再次答复",
            legal_ground="第十五条",
        )

    table = applications_table([agency.pk], YEAR, "2021")

    assert table["partially_granted"]["natural_person"] == 1
    assert table["withheld_third_party_rights"]["total"] == 0
    assert table["total"]["total"] == 1


def test_unknown_format_or_layout_is_refused_in_chinese():
    with pytest.raises(UnknownTable3Layout, match="未定义表三的格式"):
        applications_table(None, YEAR, "2021", "no_such_layout")
    with pytest.raises(UnknownTable3Layout, match="未定义表三的格式：2030/标准"):
        applications_table(None, YEAR, "2030")


def test_online_submission_token_reuse_counts_once():
    agency = AgencyFactory()
    clerk = StaffMembershipFactory(agency=agency).user
    token = uuid.uuid4()
    with travel(datetime.date(2025, 5, 5)):
        first, _ = services.application_submit_online(
            agency=agency, data=applicant_data(), submission_token=token
        )
        again, created = services.application_submit_online(
            agency=agency, data=applicant_data(), submission_token=token
        )
        services.application_confirm_receipt(
            application=first, actor=clerk, received_on=datetime.date(2025, 5, 5)
        )
    assert again.pk == first.pk and not created
    assert applications_table([agency.pk], YEAR, "2021")["received"]["total"] == 1
