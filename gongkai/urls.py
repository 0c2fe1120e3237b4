"""URL routes: back office under /admin/, documents, then Wagtail serves every portal page."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.backoffice.users import StaffAccountView
from gongkai.backoffice.views import superusers_only_report
from gongkai.catalog import views as catalog_views

urlpatterns = [
    # Ahead of Wagtail's own account page: the same page with one 姓名 field (gongkai.backoffice).
    path("admin/account/", require_admin_access(StaffAccountView.as_view())),
    # Ahead of Wagtail's own: a report over every agency's pages is the superuser's alone.
    path("admin/reports/page-types-usage/", superusers_only_report("page_types_usage")),
    path(
        "admin/reports/page-types-usage/results/",
        superusers_only_report("page_types_usage", results=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", catalog_views.search, name="search"),
    path("gongkai/", include("gongkai.reports.urls")),
    path("gongkai/", include("gongkai.applications.urls")),
    # Feeds, the catalogue API and its schema, sitemap.xml, robots.txt.
    path("", include("gongkai.catalog.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Last: anything not matched above is a page of the portal tree.
urlpatterns += [path("", include(wagtail_urls))]
