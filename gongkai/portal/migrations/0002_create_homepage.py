"""Replace Wagtail's placeholder "Welcome" page with our 信息公开 home page and make it the default
site, so a fresh database serves the portal at / without anyone touching the admin."""

from django.db import migrations

HOME_TITLE = "信息公开"
HOME_INTRO = (
    "<p>本栏目依据《中华人民共和国政府信息公开条例》设立，发布本机关的政府信息公开指南、"
    "政府信息公开目录、主动公开的政府信息和政府信息公开工作年度报告，并受理政府信息公开申请。</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("portal", "HomePage")

    if HomePage.objects.exists():
        return
    root = Page.objects.get(depth=1)

    # wagtailcore.0002_initial_data created a plain Page "Welcome to your new Wagtail site!" as
    # the default site's root; delete it (its Site goes with it, CASCADE) unless someone has
    # already built on it.
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_type, depth=2, slug="home", numchild=0).delete()

    # Treebeard materialised path: the next free 4-character step under the root.
    siblings = Page.objects.filter(depth=2).order_by("-path")
    last_step = int(siblings[0].path[4:8], 36) if siblings else 0
    path = root.path + _base36(last_step + 1).rjust(4, "0")
    slug = "home" if not Page.objects.filter(depth=2, slug="home").exists() else "gongkai"

    home_type, _ = ContentType.objects.get_or_create(app_label="portal", model="homepage")
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug=slug,
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path=f"/{slug}/",
        locale_id=root.locale_id,
        intro=HOME_INTRO,
        live=True,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())

    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="政府信息公开",
        root_page_id=home.pk,
        is_default_site=True,
    )


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def remove_homepage(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("portal", "HomePage")
    # Deleting the pages also deletes their Site rows (CASCADE); the tree's counter follows.
    HomePage.objects.filter(depth=2, title=HOME_TITLE).delete()
    root = Page.objects.get(depth=1)
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_homepage, remove_homepage),
    ]
