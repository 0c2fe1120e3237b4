"""文号 sequences per letter kind: the agency's settings, the numbers, the data migration."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import services
from gongkai.applications.letters.forms import SERVICE_FIELDS
from gongkai.applications.letters.numbering import ensure_letter_settings
from gongkai.applications.letters.services import letter_settings_save
from gongkai.applications.models import Letter, LetterSettings
from tests.applications.factories import travel
from tests.applications.test_letters_services import RECEIVED, issue, register
from tests.migrations import back_to_the_latest_schema, migrate  # noqa: F401 - fixture


def _save(settings, actor, **changes):
    """``letter_settings_save`` with the settings' current values, ``changes`` applied."""
    values = {name: getattr(settings, name) for name in SERVICE_FIELDS}
    return letter_settings_save(settings=settings, actor=actor, **{**values, **changes})


def _supplement(application, clerk, day=datetime.date(2025, 3, 5)):
    with travel(day):
        return services.application_request_supplement(
            application=application, actor=clerk, on=day, until=day.replace(day=19), items="文号"
        ).letter


@pytest.mark.django_db
def test_a_kind_given_its_own_pattern_numbers_in_its_own_sequence(agency, clerk):
    settings = ensure_letter_settings(agency)
    _save(
        settings,
        clerk,
        own_number_patterns={"supplement_number_pattern": "盐科公补〔{year}〕{n}号"},
    )
    first, second = register(agency, clerk), register(agency, clerk)
    assert _supplement(first, clerk).number == "盐科公补〔2025〕1号"
    assert _supplement(second, clerk).number == "盐科公补〔2025〕2号"
    # The receipt keeps its own default sequence; the 告知书 sequence is still unused.
    receipt = issue(first, "receipt", clerk, datetime.date(2025, 3, 5))
    assert receipt.number == "盐科公收〔2025〕1号"
    assert not Letter.objects.filter(numbering="notice").exists()


@pytest.mark.django_db
def test_a_kind_with_a_blank_pattern_shares_the_notice_sequence(agency, clerk):
    settings = ensure_letter_settings(agency)
    _save(settings, clerk, own_number_patterns={"receipt_number_pattern": ""})
    application = register(agency, clerk)
    receipt = issue(application, "receipt", clerk, RECEIVED)
    notice = _supplement(application, clerk)
    assert (receipt.number, notice.number) == ("盐科公告〔2025〕1号", "盐科公告〔2025〕2号")
    assert {receipt.numbering, notice.numbering} == {"notice"}


@pytest.mark.django_db
def test_switching_receipts_to_their_own_sequence_keeps_the_numbers_given(agency, clerk):
    """Receipts numbered in the 告知书 sequence keep their numbers; the next receipt starts
    its own sequence and the next notice goes on after the highest 告知书 number."""
    settings = ensure_letter_settings(agency)
    _save(settings, clerk, own_number_patterns={"receipt_number_pattern": ""})
    old = issue(register(agency, clerk), "receipt", clerk, RECEIVED)
    settings.refresh_from_db()
    _save(
        settings, clerk, own_number_patterns={"receipt_number_pattern": "盐科公收〔{year}〕{n}号"}
    )
    application = register(agency, clerk)
    new = issue(application, "receipt", clerk, RECEIVED)
    notice = _supplement(application, clerk)
    old.refresh_from_db()
    assert old.number == "盐科公告〔2025〕1号"
    assert new.number == "盐科公收〔2025〕1号"
    assert notice.number == "盐科公告〔2025〕2号"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("patterns", "field", "message"),
    [
        ({"receipt_number_pattern": "盐科公告〔{year}〕{n}号"}, "receipt_number_pattern", "请留空"),
        ({"fee_number_pattern": "盐科公复〔{year}〕{n}号"}, "fee_number_pattern", "答复书文号格式"),
        ({"fee_number_pattern": "盐科公费〔{year}〕号"}, "fee_number_pattern", "同时包含"),
        (
            {
                "fee_number_pattern": "盐科公费〔{year}〕{n}号",
                "deferral_number_pattern": "盐科公费〔{year}〕{n}号",
            },
            "deferral_number_pattern",
            "收费通知书文号格式",
        ),
    ],
)
def test_patterns_that_would_print_one_number_twice_are_refused(
    agency, clerk, patterns, field, message
):
    settings = ensure_letter_settings(agency)
    with pytest.raises(ValidationError) as err:
        _save(settings, clerk, own_number_patterns=patterns)
    assert message in " ".join(err.value.message_dict[field])
    fresh = LetterSettings.objects.get(pk=settings.pk)
    assert (fresh.receipt_number_pattern, fresh.fee_number_pattern) == (
        "盐科公收〔{year}〕{n}号",
        "",
    )


@pytest.mark.django_db
def test_an_unknown_pattern_field_is_refused(agency, clerk):
    with pytest.raises(ValidationError, match="不支持的文号设置"):
        _save(
            ensure_letter_settings(agency), clerk, own_number_patterns={"reply_kind": "x{year}{n}"}
        )


@pytest.mark.django_db
def test_a_call_without_the_new_settings_keeps_them(agency, clerk):
    """Backward compatible: callers that pass only the original settings change nothing else."""
    settings = ensure_letter_settings(agency)
    _save(settings, clerk, electronic_delivery=True)
    settings.refresh_from_db()
    _save(settings, clerk, court="吴忠市中级人民法院")
    fresh = LetterSettings.objects.get(pk=settings.pk)
    assert fresh.court == "吴忠市中级人民法院"
    assert fresh.electronic_delivery
    assert fresh.receipt_number_pattern == "盐科公收〔{year}〕{n}号"


@pytest.mark.django_db
def test_a_number_printed_by_another_sequence_before_is_refused(agency, clerk):
    """A pattern changed to one another sequence used earlier would repeat a 文号: the
    letter is refused with a Chinese message and no number is taken."""
    settings = ensure_letter_settings(agency)
    application = register(agency, clerk)
    issue(application, "receipt", clerk, RECEIVED)  # 盐科公收〔2025〕1号
    settings.refresh_from_db()
    _save(
        settings,
        clerk,
        notice_number_pattern="盐科公收〔{year}〕{n}号",
        own_number_patterns={"receipt_number_pattern": "盐科收〔{year}〕{n}号"},
    )
    with pytest.raises(ValidationError, match="已被本机关其他文书使用"):
        _supplement(application, clerk)
    assert Letter.objects.count() == 1


# -- the data migration ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_migration_gives_existing_receipts_their_own_sequence():
    apps = migrate([("applications", "0011_letter_sequences_and_electronic_delivery")])
    Agency = apps.get_model("agencies", "Agency")
    Settings = apps.get_model("applications", "LetterSettings")

    def agency_with(notice, reply="盐科公复〔{year}〕{n}号", receipt=""):
        agency = Agency.objects.create(
            name=f"局{Agency.objects.count()}", slug=f"m-{Agency.objects.count()}"
        )
        return Settings.objects.create(
            agency=agency,
            reply_number_pattern=reply,
            notice_number_pattern=notice,
            receipt_number_pattern=receipt,
            remedies_text="如不服，可以申请行政复议。",
        )

    derived = agency_with("盐科公告〔{year}〕{n}号")
    own = agency_with("科告字〔{year}〕第{n}号")
    chosen = agency_with("盐教公告〔{year}〕{n}号", receipt="盐教回执〔{year}〕{n}号")
    migrate([("applications", "0012_receipts_in_their_own_sequence")])
    values = dict(LetterSettings.objects.values_list("pk", "receipt_number_pattern"))
    assert values[derived.pk] == "盐科公收〔{year}〕{n}号"
    assert values[own.pk] == ""  # no derived form to follow: stays in the 告知书 sequence
    assert values[chosen.pk] == "盐教回执〔{year}〕{n}号"
