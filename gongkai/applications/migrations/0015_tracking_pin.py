"""查询验证号: an application without a phone number can be tracked with the receipt's PIN.

Existing rows without a phone get a PIN of their own; the others keep an empty one (they track
with the phone's last four digits, and an empty PIN never matches)."""

from django.db import migrations, models

import gongkai.applications.models.application


def give_pins_to_applications_without_a_phone(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    for pk in Application.objects.filter(phone_last4="").values_list("pk", flat=True).iterator():
        Application.objects.filter(pk=pk).update(
            tracking_pin=gongkai.applications.models.application.new_tracking_pin()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0014_applicant_contents_may_be_missing"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="tracking_pin",
            field=models.CharField(
                default="", editable=False, max_length=4, verbose_name="查询验证号"
            ),
        ),
        migrations.RunPython(
            give_pins_to_applications_without_a_phone, migrations.RunPython.noop, elidable=True
        ),
        migrations.AlterField(
            model_name="application",
            name="tracking_pin",
            field=models.CharField(
                default=gongkai.applications.models.application.new_tracking_pin,
                editable=False,
                max_length=4,
                verbose_name="查询验证号",
            ),
        ),
    ]
