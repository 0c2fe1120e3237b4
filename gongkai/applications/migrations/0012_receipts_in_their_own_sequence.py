"""Give the receipts (接收回执) of existing agencies their own 文号 sequence.

New agencies get "<简称>公收〔{year}〕{n}号" from ``numbering.derived_settings``; agencies whose
notice pattern is the derived "…公告〔{year}〕{n}号" get the matching "…公收…" pattern here, so
their next receipt is 盐科公收〔2026〕1号 instead of taking a 告知书 number. Letters already
issued keep their numbers (they are frozen); the 告知书 sequence goes on from its highest
number, so no number is given twice. An agency with a pattern of its own keeps its receipts
in the 告知书 sequence until it sets one in 文书设置.
"""

from django.db import migrations


def receipt_patterns(apps, schema_editor):
    LetterSettings = apps.get_model("applications", "LetterSettings")
    for settings in LetterSettings.objects.filter(receipt_number_pattern=""):
        notice = settings.notice_number_pattern
        if "公告" not in notice:
            continue
        receipt = notice.replace("公告", "公收", 1)
        if receipt in (notice, settings.reply_number_pattern):
            continue
        settings.receipt_number_pattern = receipt
        settings.save(update_fields=["receipt_number_pattern"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0011_letter_sequences_and_electronic_delivery")]

    # Backwards there is nothing to undo: 0011 reversed drops the field.
    operations = [migrations.RunPython(receipt_patterns, migrations.RunPython.noop)]
