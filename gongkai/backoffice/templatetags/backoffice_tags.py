"""Template tags of the back office's page furniture."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def back_office_name() -> str:
    """The name the back office shows for itself (``WAGTAIL_SITE_NAME``), e.g. in tab titles."""
    return settings.WAGTAIL_SITE_NAME
