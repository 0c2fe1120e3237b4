"""How an application reaches the agency, and which day counts as its receipt (第31条).

《政府信息公开条例》第三十一条: the date of receipt (收到申请之日), from which the periods of
第30条 and 第33条 run, depends on how the application came:

- (一) 当面提交: the day it is handed in;
- (二) 邮寄: the day the agency signs for it; a 平常信函 needs no signature, so the agency
  confirms with the applicant on the day it arrives and that day counts;
- (三) 互联网渠道 or 传真: the day both sides confirm.

The one place these rules are written: the Django choices, the forms' help texts, the letters
and the reminders are built from here. No Django import.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """申请方式. ``.label`` is the Chinese name staff and the public read."""

    IN_PERSON = "in_person"
    POST = "post"
    REGISTERED_MAIL = "registered_mail"
    ORDINARY_MAIL = "ordinary_mail"
    FAX = "fax"
    ONLINE = "online"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def short_label(self) -> str:
        """The name used in lists of channels ("平信", "网上")."""
        return _SHORT_LABELS[self]

    @property
    def receipt_rule(self) -> str:
        """The 第31条 rule for this channel, as shown next to the date of receipt."""
        return _RULES[self]

    @property
    def receipt_confirmed(self) -> bool:
        """Whether receipt is the day both sides confirm (no date at registration)."""
        return self in CONFIRMED_CHANNELS


_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.POST: "邮寄（快递、EMS等需签收）",
    Channel.REGISTERED_MAIL: "挂号信",
    Channel.ORDINARY_MAIL: "平信",
    Channel.FAX: "传真",
    Channel.ONLINE: "网上申请",
    Channel.EMAIL: "电子邮件",
}

_SHORT_LABELS = {
    Channel.IN_PERSON: "当面",
    Channel.POST: "邮寄",
    Channel.REGISTERED_MAIL: "挂号信",
    Channel.ORDINARY_MAIL: "平信",
    Channel.FAX: "传真",
    Channel.ONLINE: "网上",
    Channel.EMAIL: "电子邮件",
}

_RULES = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）",
    Channel.POST: "邮寄的，以本机关签收之日为收到申请之日（第三十一条第（二）项）",
    Channel.REGISTERED_MAIL: "挂号信需签收，以本机关签收之日为收到申请之日（第三十一条第（二）项）",
    Channel.ORDINARY_MAIL: "平常信函无需签收，以与申请人确认之日为收到申请之日，"
    "应于收到当日确认（第三十一条第（二）项）",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）",
    Channel.EMAIL: "通过电子邮件提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）",
}

# 第31条(二) 平常信函 and (三): receipt is the day both sides confirm, not the day it arrived.
CONFIRMED_CHANNELS: frozenset[Channel] = frozenset(
    {Channel.ORDINARY_MAIL, Channel.FAX, Channel.ONLINE, Channel.EMAIL}
)


def channel_names(channels) -> str:
    """``"网上、传真、电子邮件、平信"``: the short names of ``channels``, in ``Channel`` order."""
    wanted = set(channels)
    return "、".join(c.short_label for c in Channel if c in wanted)


CONFIRMED_RULE = (
    f"{channel_names(CONFIRMED_CHANNELS)}提交的申请，以双方确认之日为收到申请之日（第三十一条）"
)
