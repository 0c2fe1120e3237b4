"""Demo-like back-office data: one bureau with a user in every role, and a second agency.

The bureau (盐池县科学技术局, under 盐池县人民政府) gets what every back-office screen lists:
applications in every state with their letters (the demo's scenarios, recorded through the
services by ``gongkai.demo.applications``), annual reports (a computed draft and a recorded
one with blank cells, so the check screen has findings), work-log entries, letter settings and
a letter template, calendar adjustments and a confirmed year, audit events (written by the
services), and for the superuser a document, a redirect and a collection. No image: Wagtail
8.0.1 leaves a temporary file unclosed when it makes a thumbnail (a ResourceWarning, which
fails a test here); the images screens are crawled empty. The other
agency (盐池县农业农村局) has its own application, report and work log, which the bureau's staff
must never see.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Collection

from gongkai.agencies.models import AgencyKind, StaffRole
from gongkai.applications.letters.numbering import ensure_letter_settings
from gongkai.applications.letters.services import letter_template_save
from gongkai.applications.models import Application, LetterKind
from gongkai.demo.applications import current_year_report, load_demo_applications
from gongkai.workdays import services as workdays_services
from tests.agencies.factories import AgencyFactory, StaffMembershipFactory, UserFactory
from tests.applications.factories import register, travel
from tests.registers.factories import WorkLogEntryFactory
from tests.reports.factories import AnnualReportFactory

# A working day late in the year: the demo's deadlines fall in 2026 and early 2027.
TODAY = datetime.date(2026, 11, 20)
PASSWORD = "correct-horse-battery"
OTHER_AGENCY_NAME = "盐池县农业农村局"
# One user per role; usernames in pinyin, names as written.
STAFF = {
    StaffRole.CLERK: ("maxiaoyan", "马晓燕"),
    StaffRole.CONFIDENTIALITY_REVIEWER: ("zhaomin", "赵敏"),
    StaffRole.OFFICE_HEAD: ("lijianguo", "李建国"),
    StaffRole.DEPUTY_LEADER: ("zhangweidong", "张卫东"),
    StaffRole.PRINCIPAL_LEADER: ("wangguoqiang", "王国强"),
    StaffRole.SUPERVISOR: ("liuzhiyuan", "刘志远"),
    StaffRole.SYSTEM_ADMIN: ("chenjing", "陈静"),
}


@pytest.fixture
def back_office(db, settings):
    """Build the data; returns a dict with the users by role and the words of the data."""
    county = AgencyFactory(name="盐池县人民政府", slug="yanchi", kind=AgencyKind.PEOPLES_GOVERNMENT)
    bureau = AgencyFactory(
        name="盐池县科学技术局",
        slug="yanchi-kjj",
        parent=county,
        address="宁夏回族自治区吴忠市盐池县花马池镇",
        phone="0953-6012345",
        office_hours="工作日上午8:30-12:00，下午14:30-18:00",
    )
    other = AgencyFactory(name=OTHER_AGENCY_NAME, slug="yanchi-nyncj")
    users = {}
    for role, (username, name) in STAFF.items():
        user = UserFactory(username=username, first_name=name)
        user.set_password(PASSWORD)
        user.save()
        StaffMembershipFactory(user=user, agency=bureau, role=role)
        users[role] = user
    users["superuser"] = UserFactory(
        username="guanliyuan", first_name="管理员", is_superuser=True, admin_access=False
    )
    other_clerk = StaffMembershipFactory(
        user=UserFactory(username="zhaonongye", first_name="赵农业"), agency=other
    ).user

    # The 2027 arrangement, so that the demo's extension into January can be recorded.
    with travel(TODAY):
        workdays_services.calendar_day_set(
            day=datetime.date(2027, 1, 1), kind="holiday", note="元旦", user=users["superuser"]
        )
        workdays_services.calendar_year_add(
            year=2027, notice_number="国办发明电〔2026〕1号", user=users["superuser"]
        )
        _created, left_out = load_demo_applications(bureau, TODAY)
        assert left_out == []
        current_year_report(bureau, TODAY.year)
        ensure_letter_settings(bureau)
        letter_template_save(
            agency=bureau,
            actor=users[StaffRole.CLERK],
            kind=LetterKind.SUPPLEMENT_NOTICE,
            title="{{ agency_name }}补正告知书",
            body="{{ applicant_name }}：\n请于{{ supplement_due }}前补正：{{ supplement_items }}。",
        )
        register(other, other_clerk, TODAY)
    AnnualReportFactory(agency=bureau, year=2021, format_id="2021")
    AnnualReportFactory(agency=other, year=2021, format_id="2021")
    WorkLogEntryFactory(agency=bureau, title="政府开放日活动")
    WorkLogEntryFactory(agency=bureau, date=datetime.date(2020, 12, 31), count=13)
    WorkLogEntryFactory(agency=other, title="农业农村局门户网站信息")

    root_collection = Collection.get_first_root_node()
    root_collection.add_child(instance=Collection(name="宣传图片"))
    Document.objects.create(
        title="政府信息公开指南", file=ContentFile(b"%PDF-1.4\n", name="zhinan.pdf")
    )
    Redirect.objects.create(old_path="/jiuwangzhan", redirect_link="/")

    data_words = {"yanchi", "kjj", "nyncj", "localhost"}
    for username, _name in [*STAFF.values(), ("guanliyuan", ""), ("zhaonongye", "")]:
        data_words |= {w.lower() for w in re.findall(r"[A-Za-z]+", username)}
    # The demo's own staff (gongkai.demo.applications.DEMO_STAFF) and data.
    data_words |= {"clerk", "head", "example", "org", "jiuwangzhan", "zhinan"}
    # 查询码: random letters (and digits) given to each applicant.
    data_words |= {
        code.lower() for code in Application.objects.values_list("query_code", flat=True)
    }
    return {"users": users, "words": frozenset(data_words), "bureau": bureau, "other": other}
