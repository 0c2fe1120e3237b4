"""The 第31条 receipt rules, written once (pure)."""

from __future__ import annotations

from gongkai.statute.receipt import CONFIRMED_CHANNELS, CONFIRMED_RULE, Channel, channel_names


def test_every_channel_has_a_label_and_its_rule_names_the_article_31_item() -> None:
    for channel in Channel:
        assert channel.label and channel.short_label
        assert "第三十一条" in channel.receipt_rule


def test_confirmed_channels_are_ordinary_mail_fax_online_email_article_31_2_3() -> None:
    assert {c.value for c in CONFIRMED_CHANNELS} == {"ordinary_mail", "fax", "online", "email"}
    assert Channel.ORDINARY_MAIL.receipt_confirmed and not Channel.POST.receipt_confirmed
    # The sentence staff read names every one of them, 平信 included.
    assert CONFIRMED_RULE.startswith("平信、传真、网上、电子邮件提交的申请，以双方确认之日")


def test_channel_names_keep_the_channel_order() -> None:
    assert channel_names({Channel.EMAIL, Channel.IN_PERSON}) == "当面、电子邮件"
