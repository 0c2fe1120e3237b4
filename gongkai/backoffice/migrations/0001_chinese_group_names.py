"""Chinese names for what Wagtail's own migrations create in English.

Wagtail creates the groups "Editors" and "Moderators", the workflow and task "Moderators
approval", the tree's root page "Root" and the root collection "Root"; the back office shows these names as they are. Only
rows that still carry Wagtail's English name are renamed (a name an agency chose stays), and
backwards the Chinese names go back to English.
"""

from django.db import migrations

GROUPS = {"Editors": "网站编辑", "Moderators": "网站审核员"}
WORKFLOWS = {"Moderators approval": "网站审核"}
TASKS = {"Moderators approval": "网站审核员审批"}
ROOT_PAGE = {"Root": "根目录"}
ROOT_COLLECTION = {"Root": "全部集合"}


def _rename(model, field, names):
    for old, new in names.items():
        # A name is unique for groups: skip a rename that would collide with an existing row.
        if model.objects.filter(**{field: new}).exists():
            continue
        model.objects.filter(**{field: old}).update(**{field: new})


def _rename_all(apps, forwards):
    def pick(names):
        return names if forwards else {new: old for old, new in names.items()}

    _rename(apps.get_model("auth", "Group"), "name", pick(GROUPS))
    _rename(apps.get_model("wagtailcore", "Workflow"), "name", pick(WORKFLOWS))
    _rename(apps.get_model("wagtailcore", "Task"), "name", pick(TASKS))
    page = apps.get_model("wagtailcore", "Page")
    for old, new in pick(ROOT_PAGE).items():
        page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    collection = apps.get_model("wagtailcore", "Collection")
    for old, new in pick(ROOT_COLLECTION).items():
        collection.objects.filter(depth=1, name=old).update(name=new)


def forwards(apps, schema_editor):
    _rename_all(apps, forwards=True)


def backwards(apps, schema_editor):
    _rename_all(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        # The migrations that create these rows or look the groups up by their English name.
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
