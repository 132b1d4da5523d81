"""How facts.html scales: build time and size for F facts by S sources.

    python benchmarks/html_report.py --facts 200 --sources 1000

Prints the time to render the page beside the time to write the same records as facts.json
(the baseline, measured in the same run), and the page's size.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_reports import synthetic_records  # noqa: E402 (after the path is set)

from checks.report.html import render_html  # noqa: E402
from checks.report.records import as_record  # noqa: E402


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=200)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument(
        "--density", type=float, default=0.05, help="share of sources that mention each fact"
    )
    args = parser.parse_args()
    records = synthetic_records(args.facts, args.sources, args.density)
    compact = [as_record(record) for record in records]  # as a run keeps them
    page = render_html(compact, "Archive")
    html = best_of(3, lambda: render_html(compact, "Archive"))
    baseline = best_of(3, lambda: json.dumps({"version": 1, "results": records}, indent=2))
    print(f"{args.facts} facts x {args.sources} sources, {len(records)} records")
    print(f"  facts.html: {html:.2f} s, {len(page.encode()) / 2**20:.1f} MiB")
    print(f"  facts.json (baseline): {baseline:.2f} s, ratio {html / baseline:.1f}x")


if __name__ == "__main__":
    main()
