"""Data migrations backoffice.0001 (Chinese names of Wagtail's rows) and 0002 (names as written),
run for real backwards and forwards."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Collection, Page, Task, Workflow

# transaction=True: migrations cannot run inside the test transaction (SQLite schema editor);
# serialized_rollback: the flush after this test must not take Wagtail's rows from later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# accounts.0002 (the administrator groups) depends on backoffice.0002: migrated back and forth too.
LATEST = [("backoffice", "0002_staff_names_as_written"), ("accounts", "0002_administrator_groups")]
ADMINISTRATOR_GROUPS = {"系统管理员", "安全管理员", "审计管理员"}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _names():
    return {
        "groups": set(Group.objects.values_list("name", flat=True)),
        "workflows": set(Workflow.objects.values_list("name", flat=True)),
        "tasks": set(Task.objects.values_list("name", flat=True)),
        "root_page": Page.objects.get(depth=1).title,
        "root_collection": Collection.objects.get(depth=1).name,
    }


def test_wagtails_english_rows_get_chinese_names_and_back():
    chinese = {
        "groups": {"网站编辑", "网站审核员", *ADMINISTRATOR_GROUPS},
        "workflows": {"网站审核"},
        "tasks": {"网站审核员审批"},
        "root_page": "根目录",
        "root_collection": "全部集合",
    }
    assert _names() == chinese

    _migrate([("backoffice", None)])
    assert _names() == {
        "groups": {"Editors", "Moderators", *ADMINISTRATOR_GROUPS},
        "workflows": {"Moderators approval"},
        "tasks": {"Moderators approval"},
        "root_page": "Root",
        "root_collection": "Root",
    }

    _migrate(LATEST)
    assert _names() == chinese
    assert Page.objects.get(depth=1).draft_title == "根目录"


def test_names_an_agency_chose_are_kept():
    _migrate([("backoffice", None)])
    Group.objects.filter(name="Editors").update(name="信息公开办公室")
    Group.objects.create(name="网站审核员")  # already there: Moderators cannot take the name

    _migrate(LATEST)

    assert set(Group.objects.values_list("name", flat=True)) == {
        "信息公开办公室",
        "网站审核员",
        "Moderators",
        *ADMINISTRATOR_GROUPS,
    }


def test_name_pairs_become_the_name_as_written():
    _migrate([("backoffice", "0001_chinese_group_names")])
    for username, first, last in [
        ("maxiaoyan", "晓燕", "马"),
        ("ouyang", "修", "欧阳"),
        ("anna", "Anna", "Li"),
        ("lijianguo", "李建国", ""),
        ("nobody", "", ""),
    ]:
        User.objects.create(username=username, first_name=first, last_name=last)

    _migrate(LATEST)

    assert dict(User.objects.values_list("username", "first_name")) == {
        "maxiaoyan": "马晓燕",
        "ouyang": "欧阳修",
        "anna": "Anna Li",
        "lijianguo": "李建国",
        "nobody": "",
    }
    assert set(User.objects.values_list("last_name", flat=True)) == {""}
    assert User.objects.get(username="maxiaoyan").get_full_name() == "马晓燕"
