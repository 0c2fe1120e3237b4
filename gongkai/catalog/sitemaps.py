"""sitemap.xml and robots.txt of the portal: every public page of the request's site.

``/sitemap.xml`` is an index of two sections, each split in files of at most 50,000 addresses
(the protocol's limit) as ``?p=2`` …: ``pages`` (the region's page, the columns, the 指南 and
制度 pages, the catalogues) and ``items`` (the published 主动公开 items, with their lastmod).
The items are not loaded as specific pages (Wagtail's own sitemap does, one query per page type
and the whole tree at once): a province's million items cost 20 files of plain rows.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page, Site

from gongkai.catalog.conditional import conditional_output, last_changed
from gongkai.catalog.models import CatalogueItemPage
from gongkai.catalog.selectors import published_items


class _PortalSitemap(Sitemap):
    def __init__(self, request: HttpRequest):
        self.request = request
        self.site = Site.find_for_request(request)

    def pages(self) -> QuerySet:
        raise NotImplementedError

    def items(self):
        return (
            self.pages()
            .only("url_path", "last_published_at", "latest_revision_created_at")
            .order_by("path")
        )

    def location(self, item) -> str:
        return item.relative_url(self.site, self.request)

    def lastmod(self, item):
        return item.last_published_at or item.latest_revision_created_at

    def get_latest_lastmod(self):
        # The index's lastmod of a section. Django's default evaluates lastmod over every item
        # (a million rows); an aggregate over the pages still scans them. Wagtail's last logged
        # page change is one index read and never earlier than the truth: at worst a crawler
        # fetches a section that had not changed.
        return last_changed()

    def _root(self):
        return self.site.root_page if self.site else None


class PagesSitemap(_PortalSitemap):
    """Every live public page of the site but the catalogue items."""

    def pages(self) -> QuerySet:
        pages = Page.objects.live().public().not_type(CatalogueItemPage)
        root = self._root()
        return pages.descendant_of(root, inclusive=True) if root else pages


class ItemsSitemap(_PortalSitemap):
    """The published 主动公开 items (never one withheld, unpublished or restricted)."""

    def pages(self) -> QuerySet:
        return published_items(under=self._root())


def _sitemaps(request: HttpRequest) -> dict[str, Sitemap | type[Sitemap]]:
    return {"pages": PagesSitemap(request), "items": ItemsSitemap(request)}


@conditional_output("sitemap")
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(
        request, _sitemaps(request), sitemap_url_name="catalog:sitemap_section"
    )


@conditional_output("sitemap")
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One section's file (``?p=`` for the next 50,000); 404 for an unknown section or page."""
    return sitemap_views.sitemap(request, _sitemaps(request), section=section)


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /gongkai/track/
Disallow: /gongkai/*/apply/receipt/
Disallow: /search/

Sitemap: {sitemap}
"""


@conditional_output("robots")
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers keep out of the back office, the applicants' pages and the search results (an
    endless space of addresses), and find the sitemap."""
    sitemap = request.build_absolute_uri("/sitemap.xml")
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
