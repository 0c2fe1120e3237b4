"""The demo's live year of applications (``gongkai.demo.applications`` through ``load_demo``)."""

import datetime
import io

import pytest
from django.core.management import call_command

from gongkai.annual_report.checks import check_report
from gongkai.applications.models import Application, ApplicationStatus, Letter, LetterKind
from gongkai.applications.statistics import applications_table
from gongkai.reports.models import AnnualReport, ReportBasis, ReportStatus
from gongkai.reports.selectors import report_data
from gongkai.statute.identity import normalise_credit_code, normalise_resident_id
from gongkai.statute.outcomes import OUTCOMES, Outcome
from gongkai.workdays.selectors import package_calendar
from tests.applications.factories import travel

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 11, 20)


def _load(day: datetime.date = TODAY) -> str:
    out = io.StringIO()
    with travel(day):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_year_has_an_application_in_every_state():
    _load()
    apps = Application.objects.filter(agency__slug="yanchi-kjj")

    assert set(apps.values_list("status", flat=True)) == {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_PROGRESS,
        ApplicationStatus.AWAITING_SUPPLEMENT,
        ApplicationStatus.CONSULTING,
        ApplicationStatus.AWAITING_FEE,
        ApplicationStatus.LAPSED,
        ApplicationStatus.CLOSED,
    }
    running = apps.filter(status=ApplicationStatus.IN_PROGRESS)
    cal = package_calendar()
    assert running.filter(due_on__lt=TODAY).exists()  # overdue
    assert running.filter(due_on__gte=TODAY, due_on__lte=cal.add_workdays(TODAY, 5)).exists()
    assert apps.filter(events__kind="extended").exists()
    assert apps.filter(events__kind="deferred").exists()
    outcomes = set(apps.exclude(outcome="").values_list("outcome", flat=True))
    assert {Outcome.GRANTED, Outcome.PARTIALLY_GRANTED, Outcome.OTHER_UNPAID_FEE} <= outcomes
    refusal = apps.get(outcome=Outcome.WITHHELD_PROCESS_INFORMATION)
    assert refusal.legal_ground in OUTCOMES[Outcome.WITHHELD_PROCESS_INFORMATION].legal_grounds
    for app in apps:
        if app.id_type == "resident_id":
            assert normalise_resident_id(app.id_number) == app.id_number
        else:
            assert normalise_credit_code(app.id_number) == app.id_number


def test_demo_letters_are_issued_numbered_in_date_order_and_replies_delivered():
    _load()
    received = Application.objects.filter(received_on__isnull=False)

    assert Letter.objects.filter(kind=LetterKind.RECEIPT).count() == received.count()
    for app in received.filter(status=ApplicationStatus.CLOSED):
        reply = app.letters.get(kind=LetterKind.REPLY)
        assert reply.issued_on == app.closed_on
        assert reply.delivered_on == app.closed_on
    for kind in (
        LetterKind.SUPPLEMENT_NOTICE,
        LetterKind.CONSULTATION_LETTER,
        LetterKind.FEE_NOTICE,
        LetterKind.EXTENSION_NOTICE,
        LetterKind.DEFERRAL_NOTICE,
    ):
        assert Letter.objects.filter(kind=kind).exists(), kind
    notices = list(
        Letter.objects.exclude(kind=LetterKind.REPLY).order_by("pk").values_list("issued_on")
    )
    assert notices == sorted(notices)


def test_demo_current_year_report_shows_the_live_table3():
    _load()
    report = AnnualReport.objects.get(agency__slug="yanchi-kjj", year=TODAY.year)
    assert report.basis == ReportBasis.COMPUTED
    assert report.status == ReportStatus.DRAFT

    data = report_data("yanchi-kjj", TODAY.year)
    table = data.tables["applications"]

    received = Application.objects.filter(received_on__year=TODAY.year).count()
    assert table["received"]["total"] == received > 10
    assert table["total"]["total"] == Application.objects.filter(closed_on__isnull=False).count()
    assert table == applications_table([report.agency_id], TODAY.year, data.format_id)
    assert [f for f in check_report(data) if f.table == "applications"] == []


def test_load_demo_twice_adds_no_application_or_letter():
    first = _load()
    before = (Application.objects.count(), Letter.objects.count())

    second = _load(TODAY + datetime.timedelta(days=1))

    assert "演示申请：" in first
    assert second.strip() == "演示数据已存在，未作任何更改。"
    assert (Application.objects.count(), Letter.objects.count()) == before


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 3), datetime.date(2026, 12, 28)])
def test_december_loads_every_demo_application_with_provisional_2027_dates(day):
    """Deadlines run into 2027, whose holiday notice is not entered: counted provisionally."""
    out = _load(day)

    assert "未载入" not in out
    assert Application.objects.filter(status=ApplicationStatus.CLOSED).exists()
    assert Application.objects.filter(due_on__year=2027, due_on_provisional=True).exists()
    assert not Application.objects.filter(due_on__year=2026, due_on_provisional=True).exists()
    assert AnnualReport.objects.filter(agency__slug="yanchi-kjj", year=2026).exists()
