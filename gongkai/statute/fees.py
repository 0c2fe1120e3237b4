"""信息处理费 quotes under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

条例 第42条: disclosure is free in principle; an applicant whose requests clearly exceed a
reasonable 数量或者频次 may be charged. 109号 第3条 gives two methods, both 超额累进 (marginal:
each unit is charged at the price of the band it falls in, like income-tax brackets), and an
application is charged by one method only, never both:

- 第4条 按件计收 (by items): counts the 件 of the same applicant in one 自然月, cumulatively.
  1-10: free; 11-30: 100 元/件; from 31 on, bands of 10 件, each band 100 元/件 dearer than the
  one before (31-40: 200, 41-50: 300, ...). A multi-item application may be split into reasonable
  minimal units ("一事一申请") to count 件; that split is the caller's.
- 第5条 按量计收 (by pages), per application: 1-30 页 free; 31-100: 10 元/页; 101-200: 20 元/页;
  201 on: 40 元/页.

Amounts are whole 元 as ``Decimal``. No Django import here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "FeeLine",
    "FeeMethod",
    "FeeQuote",
    "item_unit_price",
    "page_unit_price",
    "quote_by_items",
    "quote_by_pages",
]

_ZERO = Decimal(0)

# 第4条: 1-10 free, 11-30 at 100 元; from 31 on, bands of 10 件, each 100 元/件 dearer.
_ITEM_FREE_UP_TO = 10
_ITEM_FIRST_BAND_UP_TO = 30
_ITEM_FIRST_BAND_PRICE = Decimal(100)
_ITEM_BAND_SIZE = 10
_ITEM_BAND_STEP = Decimal(100)

# 第5条: (last page of the band or None for "and above", price per page).
_PAGE_BANDS: tuple[tuple[int | None, Decimal], ...] = (
    (30, _ZERO),
    (100, Decimal(10)),
    (200, Decimal(20)),
    (None, Decimal(40)),
)


class FeeMethod(StrEnum):
    """The two charging methods of 109号 第3条; one per application."""

    BY_ITEMS = "by_items"  # 按件计收, 第4条
    BY_PAGES = "by_pages"  # 按量计收, 第5条

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.BY_ITEMS else "按量计收"


@dataclass(frozen=True)
class FeeLine:
    """One band of a quote: ``quantity`` units at ``unit_price`` = ``amount`` (元)."""

    description: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class FeeQuote:
    """A fee quote: the total ``amount`` (元), one line per band touched (free bands included,
    so the notice shows how the total was reached) and a Chinese ``explanation`` for the
    收费通知书."""

    method: FeeMethod
    amount: Decimal
    lines: tuple[FeeLine, ...]
    explanation: str


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name}不能为负数（{name} must be >= 0, got {value}）")
    return value


def item_unit_price(n: int) -> Decimal:
    """Price (元) of the ``n``-th 件 (1-based) of an applicant in one 自然月 (109号 第4条)."""
    if _check_count("n", n) == 0:
        raise ValueError("n starts at 1")
    if n <= _ITEM_FREE_UP_TO:
        return _ZERO
    if n <= _ITEM_FIRST_BAND_UP_TO:
        return _ITEM_FIRST_BAND_PRICE
    band = (n - _ITEM_FIRST_BAND_UP_TO - 1) // _ITEM_BAND_SIZE  # 31-40 → 0, 41-50 → 1, ...
    return _ITEM_FIRST_BAND_PRICE + _ITEM_BAND_STEP * (band + 1)


def _item_band_last(n: int) -> int:
    """The last 件 of the band ``n`` falls in."""
    if n <= _ITEM_FREE_UP_TO:
        return _ITEM_FREE_UP_TO
    if n <= _ITEM_FIRST_BAND_UP_TO:
        return _ITEM_FIRST_BAND_UP_TO
    band = (n - _ITEM_FIRST_BAND_UP_TO - 1) // _ITEM_BAND_SIZE
    return _ITEM_FIRST_BAND_UP_TO + _ITEM_BAND_SIZE * (band + 1)


def page_unit_price(n: int) -> Decimal:
    """Price (元) of the ``n``-th page (1-based) of one application (109号 第5条)."""
    if _check_count("n", n) == 0:
        raise ValueError("n starts at 1")
    for last, price in _PAGE_BANDS:
        if last is None or n <= last:
            return price
    raise AssertionError("unreachable: the last band is open-ended")  # pragma: no cover


def _page_band_last(n: int) -> int | None:
    for last, _price in _PAGE_BANDS:
        if last is None or n <= last:
            return last
    raise AssertionError("unreachable")  # pragma: no cover


def _yuan(amount: Decimal) -> str:
    return f"{amount:f}元"


def _describe(lines: list[FeeLine], unit: str) -> str:
    return "；".join(
        f"{line.description}{line.quantity}{unit}，{_yuan(line.amount)}" for line in lines
    )


def _lines(
    first: int,
    last: int,
    unit: str,
    price_of: Callable[[int], Decimal],
    band_last_of: Callable[[int], int | None],
) -> list[FeeLine]:
    """Split the units ``first..last`` (1-based, inclusive) into one line per band."""
    lines: list[FeeLine] = []
    n = first
    while n <= last:
        band_last = band_last_of(n)
        end = last if band_last is None else min(last, band_last)
        price = price_of(n)
        quantity = end - n + 1
        span = f"第{n}{unit}" if end == n else f"第{n}-{end}{unit}"
        rate = "免费" if price == 0 else f"{price:f}元/{unit}"
        lines.append(FeeLine(f"{span}（{rate}）", quantity, price, price * quantity))
        n = end + 1
    return lines


def quote_by_items(items_earlier_this_month: int, items: int) -> FeeQuote:
    """按件计收 (109号 第4条) for ``items`` 件 of an applicant who has already made
    ``items_earlier_this_month`` 件 in the same 自然月 (the bands count from the month's first
    件). Raises ``ValueError`` for negative counts, ``TypeError`` for non-integers."""
    earlier = _check_count("items_earlier_this_month", items_earlier_this_month)
    count = _check_count("items", items)
    first, last = earlier + 1, earlier + count
    lines = _lines(first, last, "件", item_unit_price, _item_band_last)
    amount = sum((line.amount for line in lines), _ZERO)
    if count == 0:
        detail = "本次无计费件数"
    else:
        numbers = f"第{first}件" if first == last else f"第{first}-{last}件"
        detail = (
            f"本自然月此前已申请{earlier}件，本次{count}件，为本月累计{numbers}："
            f"{_describe(lines, '件')}"
        )
    explanation = (
        f"按件计收（国办函〔2020〕109号第四条，同一申请人同一自然月累计、超额累进）：{detail}。"
        f"合计{_yuan(amount)}。"
    )
    return FeeQuote(FeeMethod.BY_ITEMS, amount, tuple(lines), explanation)


def quote_by_pages(pages: int) -> FeeQuote:
    """按量计收 (109号 第5条) for one application of ``pages`` pages. Raises ``ValueError``
    for a negative count, ``TypeError`` for a non-integer."""
    count = _check_count("pages", pages)
    lines = _lines(1, count, "页", page_unit_price, _page_band_last)
    amount = sum((line.amount for line in lines), _ZERO)
    detail = f"本次申请共{count}页：{_describe(lines, '页')}" if count else "本次无计费页数"
    explanation = (
        f"按量计收（国办函〔2020〕109号第五条，按每件申请的页数超额累进）：{detail}。"
        f"合计{_yuan(amount)}。"
    )
    return FeeQuote(FeeMethod.BY_PAGES, amount, tuple(lines), explanation)
