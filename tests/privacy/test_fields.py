"""EncryptedTextField: encrypted in the column, plain text in Python, blank stays blank."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection, models
from django.test.utils import isolate_apps

from gongkai.privacy.fields import EncryptedTextField, FieldDecryptionError, decrypt, encrypt

ID_NUMBER = "640323199001011234"
ADDRESS = "宁夏回族自治区吴忠市盐池县花马池镇盐州路 88 号"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def note_model():
    """A throwaway model with two encrypted fields, registered in an isolated app registry."""
    with isolate_apps("tests.privacy"):

        class Note(models.Model):
            body = EncryptedTextField(blank=True)
            optional = EncryptedTextField(null=True, blank=True)

            class Meta:
                app_label = "privacy"

            def __str__(self) -> str:
                return f"note {self.pk}"

        yield Note


@pytest.fixture
def note_table(db, note_model):
    """``note_model`` with a real table, created inside the test's transaction.

    ``connection.schema_editor()`` refuses to run inside a transaction on SQLite, but its
    CREATE TABLE statement runs there fine and is rolled back with the test.
    """
    sql, params = connection.schema_editor().table_sql(note_model)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return note_model


def _stored(pk: int) -> tuple:
    """The raw column values of one note, read past the field."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, optional FROM privacy_note WHERE id = %s", [pk])
        return cursor.fetchone()


# ---------------------------------------------------------------- through the database


def test_chinese_text_is_encrypted_in_the_column_and_read_back(note_table):
    note = note_table.objects.create(body=ADDRESS, optional=ID_NUMBER)

    body, optional = _stored(note.pk)
    read = note_table.objects.get(pk=note.pk)

    assert ADDRESS not in body and "盐池" not in body
    assert ID_NUMBER not in optional
    assert body.startswith("gAAAAA")  # a Fernet token
    assert (read.body, read.optional) == (ADDRESS, ID_NUMBER)


def test_blank_and_null_are_stored_as_they_are(note_table):
    note = note_table.objects.create(body="", optional=None)

    assert _stored(note.pk) == ("", None)
    assert note_table.objects.get(pk=note.pk).body == ""
    assert note_table.objects.filter(body="").count() == 1
    assert note_table.objects.filter(optional__isnull=True).count() == 1
    assert note_table.objects.filter(optional=None).count() == 1


def test_update_and_bulk_writes_are_encrypted_too(note_table):
    first, second = note_table.objects.bulk_create(
        [note_table(body="张三"), note_table(body="李四")]
    )
    note_table.objects.filter(pk=second.pk).update(optional=ID_NUMBER)
    first.body = "王五"
    note_table.objects.bulk_update([first], ["body"])

    assert all("张三" not in str(v) and "王五" not in str(v) for v in _stored(first.pk))
    assert ID_NUMBER not in _stored(second.pk)[1]
    assert sorted(note_table.objects.values_list("body", flat=True)) == ["李四", "王五"]
    assert note_table.objects.get(pk=second.pk).optional == ID_NUMBER


def test_value_written_under_an_old_key_reads_after_a_new_key_is_prepended(note_table, settings):
    settings.GONGKAI_FIELD_KEYS = [OLD_KEY]
    old = note_table.objects.create(body=ADDRESS)

    settings.GONGKAI_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    new = note_table.objects.create(body=ADDRESS)

    assert note_table.objects.get(pk=old.pk).body == ADDRESS
    # New writes use the new key alone: the old key could be retired once data is rewritten.
    assert Fernet(NEW_KEY).decrypt(_stored(new.pk)[0].encode()).decode() == ADDRESS


def test_value_no_key_opens_fails_loudly_naming_the_field(note_table, settings):
    settings.GONGKAI_FIELD_KEYS = [OLD_KEY]
    note = note_table.objects.create(body=ADDRESS)
    settings.GONGKAI_FIELD_KEYS = [NEW_KEY]

    with pytest.raises(FieldDecryptionError, match=r"privacy\.Note\.body") as raised:
        note_table.objects.get(pk=note.pk)

    assert ADDRESS not in str(raised.value)


def test_plain_text_left_in_the_column_is_not_passed_off_as_decrypted(note_table):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO privacy_note (body) VALUES (%s)", [ADDRESS])

    with pytest.raises(FieldDecryptionError):
        note_table.objects.get()


# ---------------------------------------------------------------- keys


def test_without_configured_keys_the_key_derived_from_secret_key_is_stable(settings):
    settings.GONGKAI_FIELD_KEYS = []
    settings.SECRET_KEY = "demo-secret-key-of-the-embedded-mode"
    token = encrypt(ID_NUMBER)

    settings.SECRET_KEY = "another-secret-key"
    with pytest.raises(FieldDecryptionError):
        decrypt(token)

    settings.SECRET_KEY_FALLBACKS = ["demo-secret-key-of-the-embedded-mode"]
    assert decrypt(token) == ID_NUMBER


def test_data_written_before_keys_were_configured_stays_readable(settings):
    settings.GONGKAI_FIELD_KEYS = []
    token = encrypt(ADDRESS)

    settings.GONGKAI_FIELD_KEYS = [NEW_KEY]

    assert decrypt(token) == ADDRESS
    assert Fernet(NEW_KEY).decrypt(encrypt(ADDRESS).encode()).decode() == ADDRESS


def test_malformed_configured_key_is_a_configuration_error_that_hides_the_key(settings):
    settings.GONGKAI_FIELD_KEYS = [NEW_KEY, "not-a-fernet-key-但是很秘密"]

    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key") as raised:
        encrypt(ADDRESS)

    assert "秘密" not in str(raised.value)


# ---------------------------------------------------------------- the field alone


def test_prep_and_from_db_round_trip_and_differ_each_time(note_model):
    field = note_model._meta.get_field("body")

    first = field.get_prep_value(ADDRESS)
    second = field.get_prep_value(ADDRESS)

    assert first != second != ADDRESS
    assert field.from_db_value(first, None, connection) == ADDRESS
    assert field.from_db_value(second, None, connection) == ADDRESS


@pytest.mark.parametrize("blank", ["", None])
def test_blank_values_pass_through_unencrypted(note_model, blank):
    field = note_model._meta.get_field("optional")

    assert field.get_prep_value(blank) == blank
    assert field.from_db_value(blank, None, connection) == blank


@pytest.mark.parametrize(
    "lookup",
    [
        {"body": ADDRESS},
        {"body__contains": "盐池"},
        {"body__icontains": "盐池"},
        {"body__startswith": "宁夏"},
        {"body__in": [ADDRESS]},
        {"body__lower": ADDRESS},
    ],
)
def test_searching_by_content_is_refused(note_model, lookup):
    with pytest.raises(FieldError, match="encrypted"):
        note_model.objects.filter(**lookup)


def test_unique_or_indexed_encrypted_field_fails_the_system_check():
    with isolate_apps("tests.privacy"):

        class Person(models.Model):
            id_number = EncryptedTextField(unique=True)
            phone = EncryptedTextField(db_index=True)
            address = EncryptedTextField()

            class Meta:
                app_label = "privacy"

            def __str__(self) -> str:
                return f"person {self.pk}"

        errors = [e for field in Person._meta.fields for e in field.check() if e.id]

    assert [(e.obj.name, e.id) for e in errors if e.id.startswith("privacy.")] == [
        ("id_number", "privacy.E001"),
        ("phone", "privacy.E001"),
    ]
