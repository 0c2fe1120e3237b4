"""Benchmarks of the annual-report core: check throughput and render times.

    .venv/bin/python bench/report_bench.py [--copies N]

Copies the seed and the sample reports N times into a temporary folder and times
`gongkai report check` over all of them, in-process and as one CLI run (start-up included),
then renders the seed report once in each output format (after one warm-up render).
Targets on a 2-core machine: >= 50 text reports checked per second; DOCX < 1 s; PDF < 5 s.

The floor (issue 9): reading and checking must stay within 5x of a plain read-and-tokenise of
the same bytes in the same interpreter (decode, split into lines, split each line into tokens),
on the layout matrix (every hand-checked reading in every text and HTML layout of
tests/annual_report/layouts.py) and on 1,000 real-sized reports (the samples cycled).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.annual_report.checks import check_report  # noqa: E402
from gongkai.annual_report.importer import read_report  # noqa: E402
from gongkai.annual_report.model import ReportData  # noqa: E402
from gongkai.annual_report.render import render  # noqa: E402
from gongkai.cli import main as cli_main  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "reports"
SEED = FIXTURES / "yanchi-kjj-2020-annual-report.txt"
DEMO = ROOT / "gongkai" / "demo" / "yanchi_kjj_2020.json"


def bench_check(copies: int) -> dict[str, float]:
    sources = sorted(FIXTURES.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(copies):
            for src in sources:
                dst = Path(tmp) / f"{i:04d}-{src.name}"
                shutil.copyfile(src, dst)
                files.append(dst)
        start = time.perf_counter()
        for f in files:
            check_report(read_report(f))
        in_process = time.perf_counter() - start

        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            cli_main(["report", "check", "--json", *map(str, files)])
        cli_in_process = time.perf_counter() - start

        gongkai = Path(sys.executable).with_name("gongkai")
        start = time.perf_counter()
        command = [str(gongkai), "report", "check", *map(str, files)]
        subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        cli_process = time.perf_counter() - start
    n = len(files)
    return {
        "files": n,
        "reports_per_second_core": n / in_process,
        "reports_per_second_cli_json": n / cli_in_process,
        "reports_per_second_cli_process": n / cli_process,
    }


def _floor(files: list[tuple[bytes, str]]) -> float:
    start = time.perf_counter()
    tokens = 0
    for data, _ in files:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        for line in text.splitlines():
            tokens += len(line.split())
    return time.perf_counter() - start


def _checked(files: list[tuple[bytes, str]]) -> float:
    from gongkai.annual_report.importer import read_bytes

    start = time.perf_counter()
    for data, suffix in files:
        check_report(read_bytes(data, suffix))
    return time.perf_counter() - start


def bench_floor(repeat: int = 3) -> dict[str, float]:
    """Check time over the floor, on the layout matrix and on 1,000 real-sized reports."""
    from tests.annual_report.layouts import LAYOUTS, REPORTS, reading

    matrix = [
        LAYOUTS[layout](reading(name))
        for name in REPORTS
        for layout in LAYOUTS
        if layout not in ("docx", "pdf")  # binary sources have no text floor to compare with
    ]
    samples = [
        (p.read_bytes(), p.suffix) for p in sorted(FIXTURES.glob("0*.*")) if p.suffix != ".md"
    ]
    samples.append((SEED.read_bytes(), ".txt"))
    real = [samples[i % len(samples)] for i in range(1000)]
    out: dict[str, float] = {}
    for name, files in (("layout_matrix", matrix), ("1000_reports", real)):
        _checked(files[:20])  # warm-up: imports, caches
        floor = min(_floor(files) for _ in range(repeat))
        checked = min(_checked(files) for _ in range(repeat))
        out[f"{name}_files"] = len(files)
        out[f"{name}_reports_per_second"] = len(files) / checked
        out[f"{name}_floor_reports_per_second"] = len(files) / floor
        out[f"{name}_times_floor"] = checked / floor
    return out


def bench_render(repeat: int = 3) -> dict[str, float]:
    report = ReportData.from_json(json.loads(DEMO.read_text(encoding="utf-8")))
    out = {}
    for fmt in ("docx", "pdf", "html", "xlsx", "json"):
        render(report, fmt)  # warm-up: imports, font discovery
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            render(report, fmt)
            times.append(time.perf_counter() - start)
        out[f"render_{fmt}_seconds_median"] = statistics.median(times)
    script = (
        "import json; from gongkai.annual_report.model import ReportData; "
        "from gongkai.annual_report.render import render; "
        f"render(ReportData.from_json(json.load(open({str(DEMO)!r}))), 'pdf')"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)  # noqa: S603
    out["render_pdf_cold_process_seconds"] = time.perf_counter() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies", type=int, default=50, help="copies of each fixture (default 50)"
    )
    parser.add_argument("--floor-only", action="store_true", help="only the floor comparison")
    args = parser.parse_args()
    if args.floor_only:
        results = bench_floor()
    else:
        results = {**bench_floor(), **bench_check(args.copies), **bench_render()}
    for key, value in results.items():
        print(f"{key:40s} {value:10.3f}" if isinstance(value, float) else f"{key:40s} {value:10d}")


if __name__ == "__main__":
    main()
