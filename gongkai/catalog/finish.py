"""``WAGTAIL_FINISH_WORKFLOW_ACTION``: what happens when a workflow's last task is approved.

Wagtail imports this while it defines its own models, so everything here is imported late.
"""

from __future__ import annotations


def finish_workflow(workflow_state, user=None) -> None:
    """A signed-off catalogue item is published by its service (索引号, 发布日期, audit);
    anything else as Wagtail does."""
    from wagtail.models import Page

    from gongkai.catalog.models import CatalogueItemPage
    from gongkai.catalog.services import item_signed_off

    obj = workflow_state.content_object
    if isinstance(obj, Page) and isinstance(obj.specific, CatalogueItemPage):
        item_signed_off(item=obj.specific, actor=user)
        return
    obj.get_latest_revision().publish(user=user)
