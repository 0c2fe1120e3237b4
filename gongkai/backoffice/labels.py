"""Chinese column labels where Wagtail derives a label from a field name.

``wagtail.admin.ui.tables.Column`` without a ``label`` shows ``capfirst(name)`` — "Port",
"Site name", "Root page" on the sites listing — and a form field without one shows its name
("Page" on the workflow and group forms); no catalogue can translate those. Applied once at start-up
(``BackOfficeConfig.ready``).
"""

from __future__ import annotations

SITE_COLUMNS = {"port": "端口号", "site_name": "站点名称", "root_page": "根页面"}


def label_wagtail_columns() -> None:
    from wagtail.admin.forms.workflows import WorkflowPageForm, WorkflowPagesFormSet
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    for column in SiteIndexView.columns:
        if column.name in SITE_COLUMNS:
            column.label = SITE_COLUMNS[column.name]
    # The formset's form class was built from WorkflowPageForm when Wagtail's module loaded.
    for form_class in (WorkflowPageForm, WorkflowPagesFormSet.form, PagePermissionsForm):
        form_class.base_fields["page"].label = "页面"
