"""Factories for annual reports."""

import datetime

import factory

from gongkai.reports.models import AnnualReport, ReportBasis, ReportStatus
from tests.agencies.factories import AgencyFactory


class AnnualReportFactory(factory.django.DjangoModelFactory):
    """A draft recorded 2020 report (2019 format) without figures; pass ``figures=`` to fill it."""

    class Meta:
        model = AnnualReport

    agency = factory.SubFactory(AgencyFactory)
    year = 2020
    format_id = "2019"
    basis = ReportBasis.RECORDED
    status = ReportStatus.DRAFT
    sections = factory.LazyFunction(lambda: {"overview": "总体情况正文。", "other_matters": "无"})


class PublishedReportFactory(AnnualReportFactory):
    status = ReportStatus.PUBLISHED
    published_at = datetime.datetime(2021, 1, 29, 1, 0, tzinfo=datetime.UTC)
