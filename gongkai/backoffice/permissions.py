"""Chinese names for the permissions Django and Wagtail create in English.

``django.contrib.auth`` names every model's permissions "Can add <model>" (and change, delete,
view) with the model's untranslated ``verbose_name``, and Wagtail adds a few of its own ("Publish
any page"); both are stored as text and shown as they are on the group screens. After every
``migrate`` (which creates the permissions of new models) the English names are replaced by
Chinese ones built from the models' Chinese names. Reference data, like the permissions
themselves: no audit event.
"""

from __future__ import annotations

import re

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.utils import translation

DEFAULT_ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
DEFAULT_NAME = re.compile(r"^Can (add|change|delete|view) ")
# Wagtail's own permissions: (app label, codename) -> Chinese name.
WAGTAIL_NAMES = {
    ("wagtailadmin", "access_admin"): "可以进入后台",
    ("wagtailcore", "bulk_delete_page"): "删除含子页面的页面",
    ("wagtailcore", "lock_page"): "锁定和解锁本人锁定的页面",
    ("wagtailcore", "publish_page"): "发布任何页面",
    ("wagtailcore", "unlock_page"): "解锁任何页面",
    ("wagtaildocs", "choose_document"): "可以选择文档",
    ("wagtailimages", "choose_image"): "可以选择图片",
}


def chinese_permission_name(permission: Permission) -> str | None:
    """The Chinese name of ``permission``, or None to keep the name it has."""
    content_type = permission.content_type
    known = WAGTAIL_NAMES.get((content_type.app_label, permission.codename))
    if known:
        return known
    match = DEFAULT_NAME.match(permission.name)
    model = content_type.model_class()
    if match is None or model is None:
        return None
    with translation.override("zh-hans"):
        model_name = str(model._meta.verbose_name)
    return f"可以{DEFAULT_ACTIONS[match.group(1)]}{model_name}"[:255]


def name_permissions_in_chinese(app_config, using="default", **kwargs) -> None:
    """``post_migrate`` receiver: rename the permissions still named in English.

    This app's receiver is connected before django.contrib.auth's (INSTALLED_APPS order), so it
    first creates the permissions of the app being migrated itself, as auth's receiver would
    (a no-op for the ones that exist).
    """
    create_permissions(app_config, verbosity=0, using=using, apps=kwargs.get("apps", global_apps))
    english = Permission.objects.using(using).select_related("content_type")
    english = english.filter(name__regex=DEFAULT_NAME.pattern) | english.filter(
        codename__in=[codename for _, codename in WAGTAIL_NAMES]
    )
    for permission in english:
        name = chinese_permission_name(permission)
        if name and name != permission.name:
            permission.name = name
            permission.save(update_fields=["name"], using=using)
