"""The catalogue's machine-readable outputs: Atom feeds, the JSON API and its schema, the sitemap.

Included by ``gongkai.urls`` ahead of Wagtail's catch-all. Each is a public GET with
conditional-GET validators (``gongkai.catalog.conditional``).
"""

from django.urls import include, path

from gongkai.catalog import feeds, sitemaps
from gongkai.catalog.api import views as api
from gongkai.catalog.conditional import conditional_output

app_name = "catalog"

api_patterns = [
    path(
        "items/", conditional_output("catalogue-api")(api.ItemListView.as_view()), name="api_items"
    ),
    path(
        "items/<int:pk>/",
        conditional_output("catalogue-api")(api.ItemDetailView.as_view()),
        name="api_item",
    ),
    path(
        "index-numbers/<path:index_number>/",
        conditional_output("catalogue-api")(api.ItemByIndexNumberView.as_view()),
        name="api_item_by_index_number",
    ),
]

# What the schema describes: the API alone, at its real address.
schema_urlconf = [path("api/catalogue/", include(api_patterns))]

urlpatterns = [
    path("gongkai/feed/", feeds.catalogue_feed, name="feed"),
    path("gongkai/<slug:agency_slug>/feed/", feeds.catalogue_feed, name="agency_feed"),
    path("api/catalogue/", include(api_patterns)),
    path(
        "api/catalogue/schema/",
        conditional_output("catalogue-schema")(api.SchemaView.as_view(urlconf=schema_urlconf)),
        name="api_schema",
    ),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
