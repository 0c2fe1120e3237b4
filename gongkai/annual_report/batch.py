"""Checking many published reports at once: what ``gongkai report check`` does, without Django.

``collect(paths)`` turns the command's arguments into report sources: files as given, folders
searched recursively for report files, ZIP archives opened member by member (a .docx is a ZIP
too, and stays one report). ``check_sources`` reads and checks each; the cross-year rules (R7-R9)
run when the previous year's report of the same agency is among them. ``describe`` is the text
a clerk reads, ``write_findings_xlsx`` a findings sheet with one row per finding (and one per
table or file that could not be read).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import check_report, has_errors
from .findings import rule_label
from .formats import get_format
from .importer import ReportReadError, read_bytes
from .model import ReportData

REPORT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".docx", ".pdf", ".doc")
SEVERITY_NAMES = {"error": "错误", "warning": "提示"}
TABLE_NUMBERS = {"proactive": "二", "applications": "三", "appeals": "四"}
MAX_MEMBER_BYTES = 50 * 1024 * 1024


@dataclass
class Source:
    """One report to check: its name as shown (``archive.zip/2023/report.pdf``) and its bytes,
    or the reason it cannot even be opened."""

    name: str
    data: bytes | None = None
    suffix: str = ""
    error: str | None = None


def collect(paths: Iterable[str]) -> Iterator[Source]:
    """The sources named by ``paths`` (files, folders searched recursively, ZIP archives)."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in (*REPORT_SUFFIXES, ".zip")
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield Source(name, error=f"目录中没有年度报告文件（{_suffixes()}）：{name}")
            for p in found:
                yield from _file(str(p), p)
        elif path.exists():
            yield from _file(name, path)
        else:
            yield Source(name, error=f"文件不存在：{name}")


def _suffixes() -> str:
    return "、".join(s.lstrip(".").upper() for s in REPORT_SUFFIXES if s != ".text") + "、ZIP"


def _file(name: str, path: Path) -> Iterator[Source]:
    try:
        data = path.read_bytes()
    except PermissionError:
        yield Source(name, error=f"没有读取权限：{name}")
        return
    except OSError as exc:
        yield Source(name, error=f"无法读取文件 {name}：{exc.strerror or exc}")
        return
    if data.startswith(b"PK\x03\x04") and path.suffix.lower() != ".docx":
        yield from _archive(name, data)
        return
    yield Source(name, data, path.suffix)


def _archive(name: str, data: bytes) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield Source(name, error=f"ZIP 压缩包已损坏，无法打开：{name}")
        return
    with archive:
        names = archive.namelist()
        if "word/document.xml" in names:  # a Word document without its .docx extension
            yield Source(name, data, ".docx")
            return
        members = [
            m
            for m in archive.infolist()
            if not m.is_dir()
            and Path(m.filename).suffix.lower() in (*REPORT_SUFFIXES, ".zip")
            and not any(p.startswith((".", "__MACOSX")) for p in Path(m.filename).parts)
        ]
        if not members:
            yield Source(name, error=f"压缩包中没有年度报告文件（{_suffixes()}）：{name}")
        for member in sorted(members, key=lambda m: m.filename):
            shown = f"{name}/{_member_name(member)}"
            if member.file_size > MAX_MEMBER_BYTES:
                yield Source(shown, error=f"文件过大（{member.file_size} 字节），未读取：{shown}")
                continue
            try:
                content = archive.read(member)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                yield Source(shown, error=f"无法从压缩包中读出 {shown}：{exc}")
                continue
            if content.startswith(b"PK\x03\x04") and shown.lower().endswith(".zip"):
                yield from _archive(shown, content)
            else:
                yield Source(shown, content, Path(member.filename).suffix)


def _member_name(member: zipfile.ZipInfo) -> str:
    """Names in ZIPs made on Chinese Windows are GBK without the UTF-8 flag."""
    if member.flag_bits & 0x800:
        return member.filename
    try:
        return member.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return member.filename


def check_sources(sources: Iterable[Source], explain: bool = False) -> list[dict[str, Any]]:
    """Read and check every source; one result object per source (the ``--json`` shape)."""
    loaded: list[tuple[str, ReportData | str]] = []
    for source in sources:
        if source.error is not None or source.data is None:
            loaded.append((source.name, source.error or "无法读取"))
            continue
        try:
            loaded.append((source.name, read_bytes(source.data, source.suffix)))
        except ReportReadError as exc:
            loaded.append((source.name, str(exc)))
        except Exception as exc:
            loaded.append(
                (source.name, f"无法读取：导入程序遇到未预料的内容（{type(exc).__name__}：{exc}）")
            )
    by_key = {(r.agency, r.year): r for _, r in loaded if isinstance(r, ReportData)}
    results: list[dict[str, Any]] = []
    for name, report in loaded:
        if isinstance(report, str):
            results.append({"file": name, "error": report})
            continue
        previous = by_key.get((report.agency, report.year - 1)) if report.year else None
        findings = check_report(report, previous=previous)
        data = report.to_json()
        result = {
            "file": name,
            "format": data["format"],
            "year": data["year"],
            "agency": data["agency"],
            "tables": data["tables"],
            "tables_status": data.get("tables_status", {}),
            "tables_reasons": data.get("tables_reasons", {}),
            "variants": data["variants"],
            "notes": data["notes"],
            "previous_year_checked": previous is not None,
            "findings": [f.to_json() for f in findings],
            "has_errors": has_errors(findings),
        }
        if explain:
            result["explain"] = report.explain
        results.append(result)
    return results


def describe(result: dict[str, Any], explain: bool = False) -> str:
    """The result of one file as a clerk reads it."""
    out = [f"== {result['file']}"]
    if "error" in result:
        out.append(f"  未能核对：{result['error']}")
        return "\n".join(out) + "\n"
    fmt = get_format(result["format"])
    out.append(
        f"  格式：{fmt.id} 年格式（{fmt.document}）  年度：{result['year'] or '未识别'}"
        f"  机关：{result['agency'] or '未识别'}"
    )
    for table, state in result["tables_status"].items():
        name = f"表{fmt.table(table).number}"
        if state == "unreadable":
            for reason in result["tables_reasons"].get(table, []):
                out.append(f"  {name}：未能读取，未核对。{reason}")
        elif state == "read_with_assumptions":
            out.append(f"  {name}：已读取（有假定，见说明）")
        else:
            out.append(f"  {name}：已读取")
        if explain:
            out.extend(f"    读法：{line}" for line in result.get("explain", {}).get(table, []))
    out.extend(f"  说明：{note}" for note in result["notes"])
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    warnings = [f for f in result["findings"] if f["severity"] != "error"]
    for f in errors + warnings:
        where = "/".join(x for x in (f["table"], f["row"], f["column"]) if x)
        severity = SEVERITY_NAMES.get(f["severity"], f["severity"])
        out.append(f"  {severity} {rule_label(f['rule'])} [{where}] {f['message']}")
    verdict = "未发现勾稽错误" if not errors else f"{len(errors)} 个错误"
    unread = [t for t, s in result["tables_status"].items() if s == "unreadable"]
    if unread:
        names = "、".join(f"表{fmt.table(t).number}" for t in unread)
        verdict = f"{names}未能读取、未核对；其余表格{verdict}"
    out.append(f"  结果：{verdict}，{len(warnings)} 个提示")
    return "\n".join(out) + "\n"


FINDINGS_COLUMNS = (
    "文件", "机关", "年度", "格式", "表格", "规则", "级别", "行", "列", "应为", "实为", "说明",
)  # fmt: skip


def findings_rows(results: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per finding, per table that could not be read and per file not read."""
    rows: list[list[Any]] = []
    for r in results:
        if "error" in r:
            rows.append([r["file"], "", "", "", "", "未能读取", "错误", "", "", "", "", r["error"]])
            continue
        base = [r["file"], r["agency"] or "", r["year"] or "", r["format"]]
        for table, state in r["tables_status"].items():
            if state == "unreadable":
                reason = "；".join(r["tables_reasons"].get(table, []))
                name = f"表{TABLE_NUMBERS.get(table, table)}"
                rows.append([*base, name, "未能读取", "错误", "", "", "", "", reason])
        for f in r["findings"]:
            table = f"表{TABLE_NUMBERS[f['table']]}" if f["table"] in TABLE_NUMBERS else ""
            rows.append(
                [
                    *base,
                    table,
                    rule_label(f["rule"]),
                    SEVERITY_NAMES.get(f["severity"], f["severity"]),
                    f["row"] or "",
                    f["column"] or "",
                    "" if f["expected"] is None else f["expected"],
                    "" if f["actual"] is None else f["actual"],
                    f["message"],
                ]
            )
    return rows


def write_findings_xlsx(results: list[dict[str, Any]], path: Path) -> int:
    """Write the findings sheet to ``path``; returns the number of finding rows."""
    from openpyxl import Workbook  # only this option needs it
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "核对结果"
    sheet.append(list(FINDINGS_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = findings_rows(results)
    for row in rows:
        sheet.append(row)
    widths = (36, 24, 8, 8, 8, 18, 8, 24, 16, 8, 8, 80)
    for letter, width in zip("ABCDEFGHIJKL", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=12, max_col=12):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buf = io.BytesIO()
    book.save(buf)
    path.write_bytes(buf.getvalue())
    return len(rows)
