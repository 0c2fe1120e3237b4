"""``manage.py load_demo``: the seed bureau, its 2020 annual report and its 2020 work log, and a
live current year of applications (``gongkai.demo.applications``) with its computed draft report.

Creates 盐池县人民政府 (``yanchi``) and under it 盐池县科学技术局 (``yanchi-kjj``), the bureau's
2020 report from ``gongkai/demo/yanchi_kjj_2020.json`` (entered figures, published so
the portal shows it) and the work-log facts its section 一 states. Idempotent: each object is
created only when missing and never overwritten, so a second run changes nothing and says so.

The seed states the disclosure office (办公室) and nothing else of the guide's contact data;
the other contact fields are placeholders marked “演示”.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications.models import Channel
from gongkai.demo.applications import DEMO_STAFF, current_year_report, load_demo_applications
from gongkai.demo.catalogue import load_demo_catalogue
from gongkai.portal.models import HomePage
from gongkai.registers.models import MatterKind, WorkLogEntry, WorkLogKind
from gongkai.registers.services import matter_record, work_log_record
from gongkai.reports.models import AnnualReport, ReportBasis
from gongkai.reports.services import (
    annual_report_create,
    annual_report_publish,
)

DEMO_REPORT = Path(__file__).resolve().parents[2] / "yanchi_kjj_2020.json"
DEMO_MARK = "（演示数据）"

COUNTY = {
    "slug": "yanchi",
    "name": "盐池县人民政府",
    "kind": AgencyKind.PEOPLES_GOVERNMENT,
    "disclosure_office": f"盐池县人民政府办公室{DEMO_MARK}",
    "address": f"宁夏回族自治区吴忠市盐池县{DEMO_MARK}",
}
BUREAU = {
    "slug": "yanchi-kjj",
    "name": "盐池县科学技术局",
    "kind": AgencyKind.GOVERNMENT_DEPARTMENT,
    # Stated by the seed: "由办公室统一负责局政务信息公开工作的组织实施".
    "disclosure_office": "办公室",
    "address": f"宁夏回族自治区吴忠市盐池县{DEMO_MARK}",
    "office_hours": f"工作日上午8:30-12:00，下午14:30-18:00（法定节假日除外）{DEMO_MARK}",
    "phone": "0953-0000000（演示）",
    "email": "yanchi-kjj-demo@example.org",
}

# The bureau takes applications in person, by post and online (its demo applications use
# in person and online); not by e-mail or fax.
BUREAU_CHANNELS = (
    Channel.IN_PERSON,
    Channel.POST,
    Channel.REGISTERED_MAIL,
    Channel.ORDINARY_MAIL,
    Channel.ONLINE,
)

_DAY_END_2020 = datetime.date(2020, 12, 31)
# The work-log facts the seed's section 一 states. "12345热线平台年内无办件": no entry at all
# (zero is the absence of entries).
WORK_LOG_2020 = [
    (WorkLogKind.PORTAL_ITEM, _DAY_END_2020, 13, "2020年在县政府门户网站公开信息（全年汇总）"),
    (WorkLogKind.WECHAT_POST, _DAY_END_2020, 61, "2020年微信公众号发布信息（全年汇总）"),
    (WorkLogKind.PROPOSAL_HANDLED, _DAY_END_2020, 4, "2020年承担人大政协建议提案（全年汇总）"),
    (WorkLogKind.OPEN_DAY, datetime.date(2020, 11, 6), 1, "2020年“政府开放日”活动"),
]
# The seed's 表二: 其他对外管理服务事项 3 at the end of 2019 and 3 more in 2020, 行政处罚 2; no
# decisions. The matters' names are not in the seed: typical ones of a county 科技局, marked.
MATTERS_2020 = [
    (MatterKind.OTHER_SERVICE, f"科技计划项目申报受理{DEMO_MARK}", datetime.date(2018, 3, 1)),
    (MatterKind.OTHER_SERVICE, f"科技成果登记{DEMO_MARK}", datetime.date(2018, 3, 1)),
    (MatterKind.OTHER_SERVICE, f"科技特派员选派{DEMO_MARK}", datetime.date(2019, 4, 1)),
    (MatterKind.OTHER_SERVICE, f"高新技术企业培育入库推荐{DEMO_MARK}", datetime.date(2020, 4, 1)),
    (MatterKind.OTHER_SERVICE, f"科技型中小企业评价服务{DEMO_MARK}", datetime.date(2020, 6, 1)),
    (MatterKind.OTHER_SERVICE, f"技术合同认定登记{DEMO_MARK}", datetime.date(2020, 9, 1)),
    (MatterKind.PENALTY, f"对科技计划项目违规行为的处罚{DEMO_MARK}", datetime.date(2019, 1, 1)),
    (MatterKind.PENALTY, f"对科学技术奖励违规行为的处罚{DEMO_MARK}", datetime.date(2019, 1, 1)),
]
# The seed does not give its publication date; reports are due by 31 January (条例第49条).
DEMO_PUBLISHED_AT = datetime.datetime(2021, 1, 29, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class Command(BaseCommand):
    help = (
        "载入演示数据：盐池县科学技术局及其2020年政府信息公开工作年度报告和工作台账（可重复运行）。"
    )

    def handle(self, *args, **options):
        created: list[str] = []
        with transaction.atomic():
            county = self._agency(COUNTY, parent=None, created=created)
            bureau = self._agency(BUREAU, parent=county, created=created)
            self._channels(bureau, created)
            self._report(bureau, created)
            self._work_log(bureau, created)
            self._applications(bureau, created)
            self._portal(county, created)
            self._catalogue(bureau, created)
        if created:
            for line in created:
                self.stdout.write(f"已创建：{line}")
        else:
            self.stdout.write("演示数据已存在，未作任何更改。")

    def _agency(self, data: dict, *, parent: Agency | None, created: list[str]) -> Agency:
        fields = {k: v for k, v in data.items() if k != "slug"}
        agency, was_created = Agency.objects.get_or_create(
            slug=data["slug"], defaults={**fields, "parent": parent}
        )
        if was_created:
            created.append(f"机关 {agency.name}（{agency.slug}）")
        return agency

    def _channels(self, bureau: Agency, created: list[str]) -> None:
        """The bureau's 指南 channels: in person, by post and online; not by e-mail or fax.

        Set once (while none are set), so a change made in the back office is kept."""
        if bureau.accepted_channels:
            return
        bureau.accepted_channels = list(BUREAU_CHANNELS)
        bureau.online_applications = True
        bureau.save(update_fields=["accepted_channels", "online_applications", "updated_at"])
        names = "、".join(label for _, label in bureau.accepted_channel_choices())
        created.append(f"{bureau.name}受理的申请方式：{names}")

    def _report(self, bureau: Agency, created: list[str]) -> None:
        """The 2020 report, computed from the bureau's records like any year the system ran:
        表二 from its lists of matters (the seed: 其他对外管理服务事项 3, +3 in 2020; 行政处罚 2)
        and catalogue, 表三 from its applications (none in 2020), 表四 from its appeals (none).
        Its text is the seed's."""
        if AnnualReport.objects.filter(agency=bureau, year=2020).exists():
            return
        self._registers_2020(bureau)
        data = json.loads(DEMO_REPORT.read_text(encoding="utf-8"))
        report = annual_report_create(
            agency=bureau,
            year=data["year"],
            basis=ReportBasis.COMPUTED,
            format_id=data["format"],
            preamble=data.get("preamble", ""),
            sections=data["sections"],
            notes=data.get("notes", []),
        )
        annual_report_publish(report=report, when=DEMO_PUBLISHED_AT)
        created.append(f"{report}（已发布，表格按记录生成）")

    def _registers_2020(self, bureau: Agency) -> None:
        for kind, name, listed_on in MATTERS_2020:
            matter_record(
                agency=bureau,
                kind=kind,
                name=name,
                listed_on=listed_on,
                basis=f"依法设定{DEMO_MARK}",
            )

    def _portal(self, county: Agency, created: list[str]) -> None:
        """The default site's column front page belongs to the county government (when unowned)."""
        home = HomePage.objects.filter(agency__isnull=True).first()
        if home is None:
            return
        home.agency = county
        home.save_revision().publish()
        created.append(f"门户栏目首页归属 {county.name}")

    def _catalogue(self, bureau: Agency, created: list[str]) -> None:
        clerk = get_user_model().objects.filter(username=DEMO_STAFF[0][0]).first()
        created += load_demo_catalogue(bureau, clerk, timezone.localdate())

    def _applications(self, bureau: Agency, created: list[str]) -> None:
        """A live current year: demo applications in every state and the year's computed draft
        report, whose 表三 counts them. A calendar that does not know this year skips both."""
        today = timezone.localdate()
        lines, left_out = load_demo_applications(bureau, today)
        created += lines
        for line in left_out:
            self.stdout.write(f"未载入演示申请：{line}")
        try:
            with transaction.atomic():
                report = current_year_report(bureau, today.year)
        except ValidationError as exc:
            self.stdout.write(f"未创建{today.year}年度报告：{'；'.join(exc.messages)}")
            return
        if report is not None:
            created.append(f"{report}（草稿，表三按申请办理记录生成）")

    def _work_log(self, bureau: Agency, created: list[str]) -> None:
        for kind, day, count, title in WORK_LOG_2020:
            if WorkLogEntry.objects.filter(agency=bureau, kind=kind, date=day).exists():
                continue
            work_log_record(agency=bureau, kind=kind, date=day, count=count, title=title)
            created.append(f"工作台账：{title} {count}")
