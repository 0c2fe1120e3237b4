"""登记号 carries the agency's code: "2026-0001" → "YANCHI-KJJ-2026-0001".

Two bureaus of one county both had a "2026-0001". The number is now stored (so lists need no
join to print it) and filled here for every existing application.
"""

from django.db import migrations, models


def fill_registration_numbers(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    rows = Application.objects.select_related("agency").only(
        "pk", "serial_year", "serial", "agency__slug"
    )
    batch = []
    for application in rows.iterator(chunk_size=2000):
        application.registration_number = (
            f"{application.agency.slug.upper()}-{application.serial_year}-{application.serial:04d}"
        )
        batch.append(application)
        if len(batch) >= 2000:
            Application.objects.bulk_update(batch, ["registration_number"])
            batch = []
    Application.objects.bulk_update(batch, ["registration_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_staffrole_system_admin"),
        ("applications", "0008_receipt_rule_names_ordinary_mail"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="registration_number",
            field=models.CharField(
                default="", editable=False, max_length=120, verbose_name="登记号"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_registration_numbers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="registration_number",
            field=models.CharField(
                editable=False, max_length=120, unique=True, verbose_name="登记号"
            ),
        ),
    ]
