"""Where each agency's 政府信息公开 column hangs in the portal, and that every agency has one.

The region's site has one home page (``HomePage``, e.g. 盐池县人民政府); an agency's column goes
under the home page of the agency itself or of its nearest ancestor that has one, else under
the default site's home page. A new agency gets its column in the transaction that creates it.
"""

from __future__ import annotations

from wagtail.models import Page

from gongkai.agencies.models import Agency
from gongkai.catalog.models import ColumnPage
from gongkai.catalog.services import column_ensure
from gongkai.portal.models import HomePage


def home_for(agency: Agency) -> Page | None:
    """The home page ``agency``'s column belongs under (None before the portal has one)."""
    chain: list[int] = []
    current: Agency | None = agency
    while current is not None and current.pk not in chain:
        chain.append(current.pk)
        current = current.parent
    homes = {home.agency_id: home for home in HomePage.objects.filter(agency_id__in=chain)}
    for pk in chain:
        if pk in homes:
            return homes[pk]
    return HomePage.objects.order_by("path").first()


def column_for(agency: Agency, actor=None) -> ColumnPage | None:
    """The agency's column, created where it belongs if it has none yet."""
    home = home_for(agency)
    if home is None:
        return ColumnPage.objects.filter(agency=agency).first()
    return column_ensure(agency=agency, home=home, actor=actor)


def column_for_new_agency(sender, instance, created, raw=False, **kwargs) -> None:
    """``post_save`` of ``Agency``: every agency created in the back office gets its column."""
    if created and not raw:
        column_for(instance)


def columns_for_every_agency(sender=None, **kwargs) -> None:
    """``post_migrate``: agencies made before columns existed (or by a data load) get theirs."""
    for agency in Agency.objects.filter(column__isnull=True).select_related("parent"):
        column_for(agency)
