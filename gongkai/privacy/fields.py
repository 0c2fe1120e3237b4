"""``EncryptedTextField``: a text column whose content is encrypted at rest (Fernet).

Keys come from the setting ``GONGKAI_FIELD_KEYS`` (environment variable of the same name,
comma-separated), a list of Fernet keys, newest first. The newest key encrypts; every key
decrypts, so a key is rotated by putting a new one in front and keeping the old ones until the
data has been rewritten. A new key::

    .venv/bin/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"

Without ``GONGKAI_FIELD_KEYS`` (the embedded/demo mode) one key is derived from ``SECRET_KEY``
with HKDF, so nothing needs setting up. The keys derived from ``SECRET_KEY`` and
``SECRET_KEY_FALLBACKS`` always stay in the list as the oldest, decrypt-only keys: data written
before ``GONGKAI_FIELD_KEYS`` was configured (or before ``SECRET_KEY`` was changed, with the old
one kept in ``SECRET_KEY_FALLBACKS``) stays readable.

What the field does not do:

- It is not searchable: the same text encrypts differently every time. Only ``isnull`` and
  ``exact`` with ``""`` (is it blank?) are allowed; any other lookup or transform raises
  ``FieldError``. Ordering by the field sorts ciphertexts, i.e. meaninglessly.
- It does not protect data in memory, in forms, in logs or in ``dumpdata`` output, which
  serialises the decrypted text: treat a dump as personal data.
- Converting an existing plain-text column needs a data migration that rewrites every row;
  a plain-text value read through the field raises ``FieldDecryptionError``.

``cryptography`` reaches the environment through ``pdfminer.six`` (``requirements.lock``);
this module uses it directly.
"""

from __future__ import annotations

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

# Changing these changes every derived key, making data written under them unreadable.
_HKDF_SALT = b"gongkai.privacy.fields"
_HKDF_INFO = b"EncryptedTextField key v1"


class FieldDecryptionError(Exception):
    """A stored value could not be decrypted with any of the configured keys.

    Either the key that wrote it was removed from ``GONGKAI_FIELD_KEYS`` (or ``SECRET_KEY``
    changed without the old one in ``SECRET_KEY_FALLBACKS``), or the value was not written
    through ``EncryptedTextField`` (plain text, or damaged).
    """


@functools.lru_cache(maxsize=16)
def _derived_key(secret_key: str) -> str:
    """The Fernet key derived from ``secret_key`` (deterministic)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO).derive(
        secret_key.encode("utf-8")
    )
    return base64.urlsafe_b64encode(raw).decode("ascii")


@functools.lru_cache(maxsize=16)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except ValueError:
            # Never put the key itself into the message: it ends up in logs.
            raise ImproperlyConfigured(
                f"GONGKAI_FIELD_KEYS: key {position} is not a Fernet key (32 bytes, url-safe "
                "base64). Generate one with cryptography.fernet.Fernet.generate_key()."
            ) from None
    return MultiFernet(fernets)


def _keys() -> tuple[str, ...]:
    """The keys in use, the one that encrypts first; read from the settings on every call."""
    configured = list(getattr(settings, "GONGKAI_FIELD_KEYS", []))
    derived = [
        _derived_key(secret)
        for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    ]
    return tuple(dict.fromkeys([*configured, *derived]))


def encrypt(text: str) -> str:
    """``text`` encrypted under the newest key, as an ASCII token (a different one every call)."""
    return _multi_fernet(_keys()).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text encrypted in ``token``; ``FieldDecryptionError`` if no configured key opens it."""
    try:
        return _multi_fernet(_keys()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        # UnicodeEncodeError: non-ASCII text can only be plain text, never a token.
        raise FieldDecryptionError(
            "cannot decrypt: no key in GONGKAI_FIELD_KEYS (or derived from SECRET_KEY / "
            "SECRET_KEY_FALLBACKS) opens this value. Was a key removed, or was the value "
            "written without encryption?"
        ) from None


def _is_blank(value) -> bool:
    return value is None or value == ""


class _BlankOnlyExact(Exact):
    """``field=""``: the one equality test that works on ciphertext (blank is stored as is)."""

    def get_prep_lookup(self):
        # None is allowed because Django turns ``field=None`` into ``isnull`` right after.
        if not (self.rhs is None or (isinstance(self.rhs, str) and self.rhs == "")):
            raise FieldError(
                f"{_field_label(self.lhs.output_field)} is encrypted and cannot be compared "
                'with a value; only isnull and ="" (blank) are supported.'
            )
        return super().get_prep_lookup()


def _field_label(field) -> str:
    model = getattr(field, "model", None)
    if model is None:
        return f"EncryptedTextField {field.name!r}"
    return f"{model._meta.label}.{field.name}"


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet, ``GONGKAI_FIELD_KEYS``); a ``str`` in Python.

    Blank values (``""`` and ``None``) are stored as they are, so an optional field left empty
    stays empty and ``isnull`` / ``=""`` still work. Nothing else can be looked up, and the
    field cannot be unique or indexed (see the module docstring). Reading a value that no key
    opens raises ``FieldDecryptionError``: loud, because a silently blank ID number would be
    worse.
    """

    description = "Text encrypted at rest"

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        # django-stubs declares no ``Field.db_index`` attribute; Django sets it in ``__init__``.
        if self.unique or self.db_index or self.primary_key:  # type: ignore[attr-defined]
            errors.append(
                checks.Error(
                    "EncryptedTextField cannot be unique, indexed or a primary key: the same "
                    "text encrypts differently every time.",
                    obj=self,
                    id="privacy.E001",
                )
            )
        return errors

    def get_prep_value(self, value):
        # Every path to the database (save, update(), bulk_create, bulk_update, lookups) comes
        # through here, so nothing reaches a column unencrypted.
        value = super().get_prep_value(value)
        if _is_blank(value):
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if _is_blank(value):
            return value
        try:
            return decrypt(value)
        except FieldDecryptionError as error:
            raise FieldDecryptionError(f"{_field_label(self)}: {error}") from None

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _BlankOnlyExact
        if lookup_name == "isnull":
            return IsNull
        raise FieldError(
            f"{_field_label(self)} is encrypted and cannot be searched ({lookup_name!r}); "
            'only isnull and ="" (blank) are supported.'
        )

    def get_transform(self, lookup_name):
        raise FieldError(
            f"{_field_label(self)} is encrypted; transforms such as {lookup_name!r} would "
            "operate on the ciphertext."
        )
