"""The catalogue in the back office: the 主动公开时限 screen, and 撤下 in a published item's
page menu (Wagtail's own unpublish is closed to everyone: ``SignOffPermissionTester``)."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from gongkai.agencies.permissions import staff_agency_ids, user_sees_all_agencies
from gongkai.catalog import admin_views
from gongkai.catalog.models import CatalogueItemPage


@hooks.register("register_admin_urls")
def register_catalogue_urls():
    return [
        path(
            "catalogue/deadlines/",
            admin_views.PublicationDeadlinesView.as_view(),
            name="catalogue_deadlines",
        ),
        path(
            "catalogue/from-application/<int:pk>/",
            admin_views.DraftFromApplicationView.as_view(),
            name="catalogue_draft_from_application",
        ),
        path(
            "catalogue/<int:pk>/validity/",
            admin_views.ValidityView.as_view(),
            name="catalogue_validity",
        ),
        path(
            "catalogue/<int:pk>/unpublish/",
            admin_views.UnpublishView.as_view(),
            name="catalogue_unpublish",
        ),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user_sees_all_agencies(user) or bool(staff_agency_ids(user))


@hooks.register("register_admin_menu_item")
def register_deadlines_menu_item():
    return StaffMenuItem(
        "主动公开时限", reverse("catalogue_deadlines"), icon_name="time", order=330
    )


class _PublishedItemMenuItem(PageMenuItem):
    def is_shown(self, user):
        if not (self.page.live and self.page.specific_class is CatalogueItemPage):
            return False
        return user_sees_all_agencies(user) or self.page.specific_deferred.agency_id in (
            staff_agency_ids(user)
        )


class UnpublishMenuItem(_PublishedItemMenuItem):
    label = "撤下"
    icon_name = "cross"
    url_name = "catalogue_unpublish"


class ValidityMenuItem(_PublishedItemMenuItem):
    label = "变更有效性"
    icon_name = "date"
    url_name = "catalogue_validity"


@hooks.register("register_page_listing_more_buttons")
def published_item_buttons(page, user, next_url=None, **kwargs):
    yield ValidityMenuItem(page=page, priority=58)
    yield UnpublishMenuItem(page=page, priority=60)
