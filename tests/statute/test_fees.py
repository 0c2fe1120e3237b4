"""Tests of the 信息处理费 quotes (国办函〔2020〕109号 第4条 按件, 第5条 按量; pure, no Django)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from gongkai.statute.fees import (
    FeeLine,
    FeeMethod,
    item_unit_price,
    page_unit_price,
    quote_by_items,
    quote_by_pages,
)

# -- 第4条 按件计收: same applicant, same 自然月, cumulative, marginal ------------------------------

ITEMS_FROM_ZERO = [
    # items this month (none earlier), total 元
    (0, 0),
    (1, 0),
    (10, 0),  # 含10: free
    (11, 100),
    (30, 2000),  # 20 × 100
    (31, 2200),  # + 1 × 200
    (40, 4000),  # + 10 × 200
    (41, 4300),  # + 1 × 300
    (50, 7000),  # + 10 × 300
    (51, 7400),  # + 1 × 400
    (60, 11000),  # + 10 × 400
]


@pytest.mark.parametrize(("items", "amount"), ITEMS_FROM_ZERO)
def test_items_boundaries_marginal_109_art4(items: int, amount: int) -> None:
    quote = quote_by_items(0, items)
    assert quote.method is FeeMethod.BY_ITEMS
    assert quote.amount == Decimal(amount)
    assert sum(line.quantity for line in quote.lines) == items
    assert sum(line.amount for line in quote.lines) == quote.amount
    assert quote.explanation.endswith(f"合计{amount}元。")


@pytest.mark.parametrize(
    ("n", "price"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (101, 900),
    ],
)
def test_item_unit_price_bands_109_art4(n: int, price: int) -> None:
    assert item_unit_price(n) == Decimal(price)


def test_items_cumulate_over_the_natural_month_109_art4() -> None:
    quote = quote_by_items(25, 10)  # the month's 26th to 35th 件
    assert quote.lines == (
        FeeLine("第26-30件（100元/件）", 5, Decimal(100), Decimal(500)),
        FeeLine("第31-35件（200元/件）", 5, Decimal(200), Decimal(1000)),
    )
    assert quote.amount == Decimal(1500)
    assert quote.explanation == (
        "按件计收（国办函〔2020〕109号第四条，同一申请人同一自然月累计、超额累进）："
        "本自然月此前已申请25件，本次10件，为本月累计第26-35件："
        "第26-30件（100元/件）5件，500元；第31-35件（200元/件）5件，1000元。合计1500元。"
    )


@pytest.mark.parametrize(
    ("earlier", "items", "amount"),
    [
        (10, 1, 100),  # the 11th 件 of the month
        (9, 2, 100),  # 10th free, 11th charged
        (30, 1, 200),
        (29, 2, 300),
        (40, 1, 300),
        (5, 5, 0),
    ],
)
def test_items_month_boundaries_109_art4(earlier: int, items: int, amount: int) -> None:
    assert quote_by_items(earlier, items).amount == Decimal(amount)


def test_split_quotes_add_up_to_one_quote_109_art4() -> None:
    # Charging the month's 件 one application at a time gives the same total as all at once.
    whole = quote_by_items(0, 57).amount
    parts = sum(quote_by_items(earlier, n).amount for earlier, n in [(0, 7), (7, 20), (27, 30)])
    assert parts == whole


def test_single_item_line_reads_naturally_109_art4() -> None:
    assert quote_by_items(10, 1).lines == (
        FeeLine("第11件（100元/件）", 1, Decimal(100), Decimal(100)),
    )
    assert "为本月累计第11件：" in quote_by_items(10, 1).explanation


def test_zero_items_is_free_without_lines() -> None:
    quote = quote_by_items(12, 0)
    assert (quote.amount, quote.lines) == (Decimal(0), ())
    assert "本次无计费件数" in quote.explanation


# -- 第5条 按量计收: per application, by pages, marginal -----------------------------------------

PAGES = [
    (0, 0),
    (30, 0),
    (31, 10),
    (100, 700),  # 70 × 10
    (101, 720),  # + 1 × 20
    (200, 2700),  # + 100 × 20
    (201, 2740),  # + 1 × 40
    (250, 4700),  # + 50 × 40
]


@pytest.mark.parametrize(("pages", "amount"), PAGES)
def test_pages_boundaries_marginal_109_art5(pages: int, amount: int) -> None:
    quote = quote_by_pages(pages)
    assert quote.method is FeeMethod.BY_PAGES
    assert quote.amount == Decimal(amount)
    assert sum(line.quantity for line in quote.lines) == pages
    assert sum(line.amount for line in quote.lines) == quote.amount


@pytest.mark.parametrize(
    ("n", "price"),
    [(1, 0), (30, 0), (31, 10), (100, 10), (101, 20), (200, 20), (201, 40), (5000, 40)],
)
def test_page_unit_price_bands_109_art5(n: int, price: int) -> None:
    assert page_unit_price(n) == Decimal(price)


def test_pages_quote_lines_and_explanation_109_art5() -> None:
    quote = quote_by_pages(201)
    assert quote.lines == (
        FeeLine("第1-30页（免费）", 30, Decimal(0), Decimal(0)),
        FeeLine("第31-100页（10元/页）", 70, Decimal(10), Decimal(700)),
        FeeLine("第101-200页（20元/页）", 100, Decimal(20), Decimal(2000)),
        FeeLine("第201页（40元/页）", 1, Decimal(40), Decimal(40)),
    )
    assert quote.explanation == (
        "按量计收（国办函〔2020〕109号第五条，按每件申请的页数超额累进）：本次申请共201页："
        "第1-30页（免费）30页，0元；第31-100页（10元/页）70页，700元；"
        "第101-200页（20元/页）100页，2000元；第201页（40元/页）1页，40元。合计2740元。"
    )


def test_zero_pages_is_free_without_lines() -> None:
    quote = quote_by_pages(0)
    assert (quote.amount, quote.lines) == (Decimal(0), ())
    assert "本次无计费页数" in quote.explanation


# -- invalid input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: quote_by_items(-1, 1),
        lambda: quote_by_items(0, -1),
        lambda: quote_by_pages(-1),
        lambda: item_unit_price(0),
        lambda: page_unit_price(0),
        lambda: page_unit_price(-3),
    ],
)
def test_negative_or_zero_positions_raise_value_error(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"不能为负数|starts at 1"):
        call()


@pytest.mark.parametrize("bad", [1.5, "3", True, Decimal(3), None])
def test_non_integer_counts_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        quote_by_pages(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        quote_by_items(0, bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        quote_by_items(bad, 1)  # type: ignore[arg-type]


def test_method_labels() -> None:
    assert FeeMethod.BY_ITEMS.label == "按件计收"
    assert FeeMethod.BY_PAGES.label == "按量计收"
    assert FeeMethod("by_pages") is FeeMethod.BY_PAGES
