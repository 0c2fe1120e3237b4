"""The back office's menus without the framework's name and without links off the site.

Wagtail's help menu links to guide.wagtail.org (English, and out of reach of an office network)
and its settings menu carries "Wagtail v8.0.1" as a footer. The keyboard shortcuts dialog stays.
The page types usage report is left out of the reports menu (see ``HIDDEN_REPORTS``).
"""

from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.wagtail_hooks import SettingsMenuItem

# Help menu items that open Wagtail's online guide.
OFFSITE_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")
# A developer's report: it lists content types by their code names ("portal.homepage").
HIDDEN_REPORTS = ("page-types-usage",)


@hooks.register("construct_help_menu")
def keep_only_local_help(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(OFFSITE_HELP_ITEMS)]


@hooks.register("construct_reports_menu")
def hide_developer_reports(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_REPORTS]


@hooks.register("construct_main_menu")
def settings_menu_without_version_footer(request, menu_items):
    """The settings submenu as a plain submenu: same items, no "Wagtail v…" footer."""
    for index, item in enumerate(menu_items):
        if isinstance(item, SettingsMenuItem):
            menu_items[index] = SubmenuMenuItem(
                item.label,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                order=item.order,
                attrs=item.attrs,
            )
