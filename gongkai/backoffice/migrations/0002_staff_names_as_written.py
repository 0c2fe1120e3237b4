"""Every user's name as written (姓名) in ``first_name``, ``last_name`` empty.

Until now the user forms asked for 名 (``first_name``) and 姓 (``last_name``) and showed them
joined as "晓燕 马". From now on the forms take the whole name in one field and keep it in
``first_name`` (gongkai.backoffice.names); this turns the existing pairs into that form:
Chinese names family name first ("马晓燕"), others "given family". Not reversible: which part
was the family name is not recorded (backwards leaves the names as they are).
"""

from django.db import migrations

from gongkai.backoffice.names import name_as_written


def forwards(apps, schema_editor):
    user_model = apps.get_model("auth", "User")
    for user in user_model.objects.exclude(last_name="").only("first_name", "last_name"):
        user.first_name = name_as_written(user.first_name, user.last_name)[:150]
        user.last_name = ""
        user.save(update_fields=["first_name", "last_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_chinese_group_names"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
