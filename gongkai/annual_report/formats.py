"""The statutory annual-report formats, loaded from their definition files.

A format (报告格式) is data, not code: ``formats/fmt2019.json`` is the 试行 format of
国办公开办函〔2019〕60号 (reports for 2019-2020), ``formats/fmt2021.json`` the format of
国办公开办函〔2021〕30号 (reports for 2021 on). A future format is a new file in that folder.

Each file gives the six sections, the three tables (表二 ``proactive``, 表三 ``applications``,
表四 ``appeals``) with their rows and columns under canonical keys, the label variants seen in
real reports, the value type of each column and the consistency rules.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

import zhconv
import zhconv.zhconv as _zhconv_impl

FORMATS_DIR = Path(__file__).with_name("formats")

TABLE_KEYS = ("proactive", "applications", "appeals")

# What a label comparison ignores: whitespace, punctuation, brackets and markdown emphasis.
LABEL_NOISE = re.compile(r"[\s\u3000:：,，、。;；.·•\"“”'‘’()（）\[\]【】〔〕<>《》/／*]")


def to_simplified(text: str) -> str:
    """Traditional characters to Simplified (zhconv, MediaWiki's conversion tables).

    Text without a single Traditional-only character is returned as it is: converting it would
    cost a dictionary walk over every character (most of a check's time on long reports) to
    change nothing a label comparison sees.
    """
    if traditional_chars().isdisjoint(text):
        return text
    # zhconv is untyped; convert() returns the converted str.
    return cast(str, zhconv.convert(text, "zh-cn"))


@cache
def traditional_chars() -> frozenset[str]:
    """The characters only Traditional text uses (zhconv's TRADONLY)."""
    if _zhconv_impl.zhcdicts is None:
        # zhconv's own lazy load leaves its dictionary file open (a ResourceWarning, an error
        # under the test settings); loading it from an explicit path closes the file.
        zhconv.loaddict(str(Path(_zhconv_impl.__file__).with_name("zhcdict.json")))
    return frozenset(_zhconv_impl.zhcdicts["TRADONLY"])


def normalise_label(text: str) -> str:
    """Reduce a printed label to a comparable form.

    NFKC folding (full-width digits and brackets become ASCII), Traditional characters mapped
    to Simplified (zhconv, MediaWiki's conversion tables), and whitespace, punctuation and brackets removed:
    ``"（二）部分公开（区分处理的，只计这一情 形，不计其他情形）"`` and
    ``"(二)部分公开(区分处理的,只计这一情形,不计其他情形)"`` normalise to the same string.
    """
    return _normalise(text)


@lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    return LABEL_NOISE.sub("", to_simplified(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class ColumnDef:
    key: str
    label: str
    type: str = "count"  # count: non-negative integer; signed: +3/-2; decimal: amounts
    group: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None
    unit: str | None = None  # decimal columns: the unit the template prints (万元)

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class RowDef:
    key: str
    label: str
    number: str | None = None
    group: str | None = None
    subgroup: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @property
    def full_label(self) -> str:
        """The label as printed in the canonical layout, with its number: ``（一）予以公开``."""
        return f"{self.number or ''}{'、' if self.number and len(self.number) == 1 else ''}{self.label}"


@dataclass(frozen=True)
class BlockDef:
    """A block of 表二: a 第二十条 item with its own column set."""

    label: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]


@dataclass(frozen=True)
class RowVariant:
    """A layout seen in real reports that prints some rows differently (e.g. （六） as one row)."""

    key: str
    note: str
    replace: tuple[str, ...]
    rows: tuple[RowDef, ...]


@dataclass(frozen=True)
class TableReading:
    """How the importer finds a table (the ``reading`` object of a table in the format file).

    ``openers``: words that open the table when its section heading is missing; ``identify``:
    groups of words, a table (HTML/DOCX grid) holding every word of one group is this table;
    ``words``: header words, a short line holding one is part of the table, not narrative.
    """

    openers: tuple[str, ...] = ()
    identify: tuple[tuple[str, ...], ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableDef:
    key: str
    number: str
    title: str
    columns: tuple[ColumnDef, ...]
    rows: tuple[RowDef, ...]
    blocks: tuple[BlockDef, ...] = ()
    row_variants: tuple[RowVariant, ...] = ()
    corner_note: str | None = None
    column_group: str | None = None
    reading: TableReading = TableReading()

    def column(self, key: str) -> ColumnDef:
        return self._columns_by_key[key]

    def row(self, key: str) -> RowDef:
        return self._rows_by_key[key]

    def all_rows(self) -> tuple[RowDef, ...]:
        """The canonical rows followed by the rows that only appear in variants."""
        return self._all_rows

    # Lookups computed once per format (the importer asks them for every cell).
    @cached_property
    def _columns_by_key(self) -> dict[str, ColumnDef]:
        return {c.key: c for c in self.columns}

    @cached_property
    def _all_rows(self) -> tuple[RowDef, ...]:
        extra = tuple(r for v in self.row_variants for r in v.rows if r.key not in self.row_keys())
        return self.rows + extra

    @cached_property
    def _rows_by_key(self) -> dict[str, RowDef]:
        return {r.key: r for r in self._all_rows}

    @cached_property
    def _block_columns(self) -> dict[str, tuple[str, ...]]:
        every = tuple(c.key for c in self.columns)
        out = dict.fromkeys((r.key for r in self._all_rows), every)
        for block in self.blocks:
            out.update(dict.fromkeys(block.rows, block.columns))
        return out

    def row_keys(self) -> tuple[str, ...]:
        return self._row_keys

    @cached_property
    def _row_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows)

    def layouts(self) -> tuple[str | None, ...]:
        """The printed layouts of the table: the canonical one (None), then each variant."""
        return (None, *(v.key for v in self.row_variants))

    def columns_of(self, row_key: str) -> tuple[str, ...]:
        """The columns a row has: its block's columns in 表二, every column elsewhere."""
        found = self._block_columns.get(row_key)
        return found if found is not None else tuple(c.key for c in self.columns)

    def rows_for_variant(self, variant: str | None) -> tuple[RowDef, ...]:
        """The rows in printed order for a layout variant (None: the canonical layout)."""
        return self._variant_rows[variant]

    @cached_property
    def _variant_rows(self) -> dict[str | None, tuple[RowDef, ...]]:
        return {v: self._rows_for_variant(v) for v in self.layouts()}

    def _rows_for_variant(self, variant: str | None) -> tuple[RowDef, ...]:
        if variant is None:
            return self.rows
        v = next(v for v in self.row_variants if v.key == variant)
        out: list[RowDef] = []
        for row in self.rows:
            if row.key == v.replace[0]:
                out.extend(v.rows)
            elif row.key not in v.replace:
                out.append(row)
        return tuple(out)


@dataclass(frozen=True)
class SectionDef:
    key: str
    number: str
    title: str
    aliases: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class ReportFormat:
    id: str
    name: str
    document: str
    first_year: int
    last_year: int | None
    sections: tuple[SectionDef, ...]
    tables: dict[str, TableDef]
    rules: tuple[dict[str, Any], ...] = field(default=())
    # Words of this format's 表二 header that the other formats do not print (``reading.markers``).
    markers: tuple[str, ...] = ()

    def table(self, key: str) -> TableDef:
        return self.tables[key]

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


class UnknownFormat(ValueError):
    """No statutory format is defined for the asked year or id."""


def _row(d: dict[str, Any]) -> RowDef:
    return RowDef(
        key=d["key"],
        label=d["label"],
        number=d.get("number"),
        group=d.get("group"),
        subgroup=d.get("subgroup"),
        aliases=tuple(d.get("aliases", ())),
    )


def _table(key: str, d: dict[str, Any]) -> TableDef:
    reading = d.get("reading", {})
    variants = []
    for vkey, v in d.get("row_variants", {}).items():
        replace = v["replace"]
        variants.append(
            RowVariant(
                key=vkey,
                note=v["note"],
                replace=tuple(replace if isinstance(replace, list) else [replace]),
                rows=tuple(_row(r) for r in v["with"]),
            )
        )
    return TableDef(
        key=key,
        number=d["number"],
        title=d["title"],
        columns=tuple(
            ColumnDef(
                key=c["key"],
                label=c["label"],
                type=c.get("type", "count"),
                group=c.get("group"),
                aliases=tuple(c.get("aliases", ())),
                note=c.get("note"),
                unit=c.get("unit"),
            )
            for c in d["columns"]
        ),
        rows=tuple(_row(r) for r in d["rows"]),
        blocks=tuple(
            BlockDef(label=b["label"], columns=tuple(b["columns"]), rows=tuple(b["rows"]))
            for b in d.get("blocks", ())
        ),
        row_variants=tuple(variants),
        corner_note=d.get("corner_note"),
        column_group=d.get("column_group"),
        reading=TableReading(
            openers=tuple(reading.get("openers", ())),
            identify=tuple(tuple(group) for group in reading.get("identify", ())),
            words=tuple(reading.get("words", ())),
        ),
    )


def load_format_file(path: Path) -> ReportFormat:
    """The format defined in the JSON file at ``path`` (see the module docstring)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return ReportFormat(
        id=data["id"],
        name=data["name"],
        document=data["document"],
        first_year=data["first_year"],
        last_year=data.get("last_year"),
        sections=tuple(
            SectionDef(
                key=s["key"],
                number=s["number"],
                title=s["title"],
                aliases=tuple(s.get("aliases", ())),
            )
            for s in data["sections"]
        ),
        tables={key: _table(key, t) for key, t in data["tables"].items()},
        rules=tuple(data.get("rules", ())),
        markers=tuple(data.get("reading", {}).get("markers", ())),
    )


def all_formats() -> tuple[ReportFormat, ...]:
    """Every format defined in ``formats/`` (and any added with ``use_format_dir``), oldest first."""
    return _formats_in(*formats_key())


def formats_key() -> tuple[Path, ...]:
    """The folders the formats come from: the key of every cache derived from the formats."""
    return (FORMATS_DIR, *_extra_dirs)


_extra_dirs: list[Path] = []


def use_format_dir(folder: Path | None) -> None:
    """Also read the format files in ``folder`` (None: only the built-in ones again).

    A new statutory format is a new file; this lets a test (or an evaluator) try one without
    copying it into the package.
    """
    _extra_dirs.clear()
    if folder is not None:
        _extra_dirs.append(Path(folder))


@cache
def _formats_in(*folders: Path) -> tuple[ReportFormat, ...]:
    formats = [load_format_file(p) for d in folders for p in sorted(d.glob("fmt*.json"))]
    return tuple(sorted(formats, key=lambda f: f.first_year))


def get_format(format_id: str) -> ReportFormat:
    for fmt in all_formats():
        if fmt.id == format_id:
            return fmt
    raise UnknownFormat(
        f"未定义的报告格式：{format_id}（已定义：{', '.join(f.id for f in all_formats())}）"
    )


def format_for_year(year: int) -> ReportFormat:
    """The format that applies to the report for ``year`` (2019-2020: 60号; 2021 on: 30号)."""
    for fmt in reversed(all_formats()):  # the newest format that covers the year
        if fmt.covers(year):
            return fmt
    raise UnknownFormat(
        f"{year} 年没有适用的年度报告格式：统一格式自 2019 年度报告起施行（国办公开办函〔2019〕60号）"
    )
