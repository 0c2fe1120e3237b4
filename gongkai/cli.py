"""The ``gongkai`` command.

    gongkai report check [--json] FILE...        audit published annual reports
    gongkai report render --agency SLUG --year YYYY --format docx|pdf|html|xlsx|json [-o PATH]
    gongkai applications recompute [--agency SLUG]
                                                 recompute open applications' deadlines
    gongkai applications remind [--dry-run] [--date YYYY-MM-DD]
                                                 the daily job (manage.py applications_daily)
    gongkai serve [--bind ADDRESS] [--workers N] [--check]
                                                 production mode: checks, static files, gunicorn
    gongkai accounts check-roles | roles USER [ROLE...] | unlock USER | otp-reset USER
                                                 separation of duties, locks, second factor
    gongkai audit verify | seal | purge [--dry-run]
                                                 the audit trail's hash chain and retention
    gongkai manage ARGS...                       Django's manage.py

``report check`` needs no database: it reads the files with the importer and runs the checks.
Exit status: 0 when no report has errors, 1 when one has, 2 when a file could not be read (or
the command was used wrongly). No traceback reaches the user: every expected failure is a
message in Chinese on stderr.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

SEVERITY_NAMES = {"error": "错误", "warning": "提示"}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        return _manage(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return EXIT_UNREADABLE
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our "cannot proceed" status (2) and a Chinese hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"gongkai：参数错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="公开 Gongkai：政府信息公开工作平台的命令行工具")
    sub = parser.add_subparsers(title="命令", parser_class=_Parser)
    sub.add_parser("manage", help="运行 Django 管理命令（manage.py）")

    serve = sub.add_parser(
        "serve", help="以生产模式运行（gunicorn）：检查配置和数据库，收集静态文件，启动服务"
    )
    from gongkai import serve as serving

    serving.add_arguments(serve)
    serve.set_defaults(handler=serving.serve)

    from gongkai.accounts import cli as accounts_cli
    from gongkai.audit import cli as audit_cli

    accounts_cli.add_arguments(sub)
    audit_cli.add_arguments(sub)

    report = sub.add_parser("report", help="政府信息公开工作年度报告")
    report_sub = report.add_subparsers(title="年度报告命令", parser_class=_Parser)

    check = report_sub.add_parser(
        "check", help="核对年度报告文件（TXT、HTML、DOCX、PDF）的勾稽关系"
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件")
    check.add_argument("--json", action="store_true", help="以 JSON 输出（每个文件一个对象）")
    check.set_defaults(handler=_report_check)

    render = report_sub.add_parser("render", help="从数据库生成某机关某年度的年度报告")
    render.add_argument("--agency", required=True, metavar="SLUG", help="机关标识，例如 yanchi-kjj")
    render.add_argument("--year", required=True, type=int, metavar="YYYY", help="报告年度")
    render.add_argument(
        "--format",
        required=True,
        choices=["docx", "pdf", "html", "xlsx", "json"],
        dest="fmt",
        help="输出格式",
    )
    render.add_argument(
        "-o", "--output", metavar="PATH", help="输出文件；省略时 JSON 输出到标准输出"
    )
    render.set_defaults(handler=_report_render)

    applications = sub.add_parser("applications", help="依申请公开：答复期限和每日提醒")
    applications_sub = applications.add_subparsers(title="依申请公开命令", parser_class=_Parser)
    recompute = applications_sub.add_parser(
        "recompute", help="按当前工作日历重新计算办理中申请的答复期限和状态"
    )
    recompute.add_argument("--agency", metavar="SLUG", help="只计算该机关的申请（默认全部机关）")
    recompute.set_defaults(handler=_applications_recompute)
    remind = applications_sub.add_parser(
        "remind", help="每日任务：重新计算答复期限，给经办人发送待办提醒邮件"
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="试运行：只显示结果，不发邮件、不修改数据"
    )
    remind.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="按哪一天运行（默认今天）"
    )
    remind.set_defaults(handler=_applications_remind)
    return parser


def _iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD，例如 2026-03-20（收到 {value!r}）"
        ) from None


# --- report check ------------------------------------------------------------------------


def _report_check(args: argparse.Namespace) -> int:
    from gongkai.annual_report.checks import check_report, has_errors
    from gongkai.annual_report.importer import ReportReadError, read_report

    loaded: list[tuple[str, Any]] = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            loaded.append(
                (
                    name,
                    "文件不存在：" + name
                    if not path.exists()
                    else "这是一个目录，不是文件：" + name,
                )
            )
            continue
        try:
            loaded.append((name, read_report(path)))
        except (ReportReadError, OSError) as exc:
            loaded.append((name, _read_failure(name, exc)))

    # Cross-year rules (R7, R8, R9) run when the previous year's report of the same agency is
    # among the files given.
    by_key = {(r.agency, r.year): r for _, r in loaded if not isinstance(r, str)}
    results: list[dict[str, Any]] = []
    status = EXIT_OK
    for name, report in loaded:
        if isinstance(report, str):
            results.append({"file": name, "error": report})
            status = EXIT_UNREADABLE
            continue
        previous = by_key.get((report.agency, report.year - 1)) if report.year else None
        findings = check_report(report, previous=previous)
        if has_errors(findings) and status == EXIT_OK:
            status = EXIT_FINDINGS
        data = report.to_json()
        results.append(
            {
                "file": name,
                "format": data["format"],
                "year": data["year"],
                "agency": data["agency"],
                "tables": data["tables"],
                "variants": data["variants"],
                "notes": data["notes"],
                "previous_year_checked": previous is not None,
                "findings": [f.to_json() for f in findings],
            }
        )
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for result in results:
            _print_check_result(result)
    return status


def _read_failure(name: str, exc: Exception) -> str:
    if isinstance(exc, PermissionError):
        return f"没有读取权限：{name}"
    if isinstance(exc, OSError):
        return f"无法读取文件 {name}：{exc.strerror or exc}"
    return str(exc)


def _print_check_result(result: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(f"== {result['file']}\n")
    if "error" in result:
        out.write(f"  未能核对：{result['error']}\n")
        return
    from gongkai.annual_report.findings import rule_label
    from gongkai.annual_report.formats import get_format

    fmt = get_format(result["format"])
    out.write(
        f"  格式：{fmt.id} 年格式（{fmt.document}）  年度：{result['year'] or '未识别'}"
        f"  机关：{result['agency'] or '未识别'}\n"
    )
    for note in result["notes"]:
        out.write(f"  说明：{note}\n")
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    warnings = [f for f in result["findings"] if f["severity"] != "error"]
    for f in errors + warnings:
        where = "/".join(x for x in (f["table"], f["row"], f["column"]) if x)
        out.write(
            f"  {SEVERITY_NAMES.get(f['severity'], f['severity'])} {rule_label(f['rule'])} [{where}] {f['message']}\n"
        )
    verdict = "未发现勾稽错误" if not errors else f"{len(errors)} 个错误"
    out.write(f"  结果：{verdict}，{len(warnings)} 个提示\n")


# --- report render -----------------------------------------------------------------------


def _report_render(args: argparse.Namespace) -> int:
    _setup_django()
    from django.db import DatabaseError

    from gongkai.annual_report.render import RenderError, render
    from gongkai.reports.selectors import ReportNotFound, report_data

    try:
        report = report_data(args.agency, args.year)
        content = render(report, args.fmt)
    except (ReportNotFound, RenderError) as exc:
        sys.stderr.write(f"gongkai：{exc}\n")
        return EXIT_UNREADABLE
    except DatabaseError as exc:
        sys.stderr.write(
            "gongkai：无法读取数据库（尚未初始化或无法连接）："
            f"{exc}\n请先运行 make setup，或 gongkai manage migrate。\n"
        )
        return EXIT_UNREADABLE
    if args.output:
        try:
            Path(args.output).write_bytes(content)
        except OSError as exc:
            sys.stderr.write(f"gongkai：无法写入 {args.output}：{exc.strerror or exc}\n")
            return EXIT_UNREADABLE
        sys.stderr.write(f"已生成 {args.output}（{len(content)} 字节）\n")
    elif args.fmt in ("json", "html"):
        sys.stdout.write(content.decode("utf-8"))
        if not content.endswith(b"\n"):
            sys.stdout.write("\n")
    else:
        sys.stderr.write(f"gongkai：{args.fmt.upper()} 是二进制文件，请用 -o PATH 指定输出文件\n")
        return EXIT_UNREADABLE
    return EXIT_OK


# --- applications ------------------------------------------------------------------------


def _database_unavailable(exc: Exception) -> int:
    sys.stderr.write(
        "gongkai：无法读取数据库（尚未初始化或无法连接）："
        f"{exc}\n请先运行 make setup，或 gongkai manage migrate。\n"
    )
    return EXIT_UNREADABLE


def _applications_recompute(args: argparse.Namespace) -> int:
    """Exit 0 when every deadline was computed, 1 when some could not be (a stored history the
    clock refuses; they are named), 2 for an unknown agency or an unusable database. A year
    whose holidays are not entered is counted provisionally, not a failure."""
    _setup_django()
    from django.db import DatabaseError

    from gongkai.agencies.models import Agency
    from gongkai.applications.reminders import deadlines_recompute, describe_recompute

    try:
        agency = None
        if args.agency:
            agency = Agency.objects.filter(slug=args.agency).first()
            if agency is None:
                sys.stderr.write(f"gongkai：没有标识为“{args.agency}”的机关\n")
                return EXIT_UNREADABLE
        result = deadlines_recompute(trigger="command", agency=agency)
        done, failed = describe_recompute(result)
    except DatabaseError as exc:
        return _database_unavailable(exc)
    sys.stdout.write(done + "\n")
    if failed:
        sys.stdout.write(failed + "\n")
        return EXIT_FINDINGS
    return EXIT_OK


def _applications_remind(args: argparse.Namespace) -> int:
    """The daily job (``manage.py applications_daily``). Exit 1 when it could not finish (a
    mail not sent, a date in the future), 2 when the database is unusable."""
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import DatabaseError

    options: list[str] = []
    if args.dry_run:
        options.append("--dry-run")
    if args.date:
        options.extend(["--date", args.date.isoformat()])
    try:
        call_command("applications_daily", *options, stdout=sys.stdout, stderr=sys.stderr)
    except CommandError as exc:
        sys.stderr.write(f"gongkai：{exc}\n")
        return EXIT_FINDINGS
    except DatabaseError as exc:
        return _database_unavailable(exc)
    return EXIT_OK


# --- manage ------------------------------------------------------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *argv])
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
