"""What makes the portal pages' ETags change (the ETag and the 304: ``httpcache.pages``).

Every change the public could see bumps the public version (``gongkai.httpcache.version``):
the receivers below, connected in ``PortalConfig.ready``.
"""

from __future__ import annotations

from wagtail.models import Page, PageViewRestriction, Site

from gongkai.agencies.models import Agency
from gongkai.httpcache.version import public_version_bump
from gongkai.reports.models import AnnualReport

# Saving or deleting one of these can change what a public page shows. Every Page save counts
# (a draft changes nothing public, but a page saved directly does, and saves are rare).
PUBLIC_MODELS = (Page, PageViewRestriction, Site, Agency, AnnualReport)


def bump_on_save(sender, instance, **kwargs) -> None:
    if isinstance(instance, PUBLIC_MODELS):
        public_version_bump()


def bump_on_page_signal(sender, **kwargs) -> None:
    public_version_bump()
