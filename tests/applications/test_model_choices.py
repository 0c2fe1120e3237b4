"""The Django choices of the application's 申请方式 are the pure core's channels (第31条).

``Channel`` is written out member by member so the type checker knows it; this keeps it equal
to ``statute.receipt.Channel`` (values, labels, order), so a channel added to the core and not
here fails the suite instead of being missing from every form."""

from __future__ import annotations

from gongkai.applications.models import Application, Channel
from gongkai.statute import receipt


def test_channel_choices_are_the_cores_channels_in_order():
    assert Channel.choices == [(c.value, c.label) for c in receipt.Channel]


def test_channel_members_have_the_cores_names():
    assert [m.name for m in Channel] == [c.name for c in receipt.Channel]


def test_application_channel_field_offers_every_channel():
    field = Application._meta.get_field("channel")
    assert list(field.choices) == [(c.value, c.label) for c in receipt.Channel]
