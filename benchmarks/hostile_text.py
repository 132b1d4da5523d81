"""Hostile texts at three sizes: does time and memory grow with the text, not faster?

    python benchmarks/hostile_text.py                 # every class, default sizes
    python benchmarks/hostile_text.py --classes numbers quotes --scale 0.5
    python benchmarks/hostile_text.py --root /path/to/other/checkout --timeout 120

Each class of input is built at three sizes, each size doubling the last, and each size is
run in a fresh process (so peak memory is that size's alone): the source is parsed with the
built-in pipeline, linked to a fact file, judged as the engine does, read by the checks that
need no fact, and grouped as ``--facts-suggest`` groups. Printed per stage: seconds, and how far
the process's peak resident memory has grown, once the stage is done, over what the
interpreter with the pipeline loaded holds; then the ratio of each size to the one before
it. Linear growth shows as ratios near 2 (or below, for stages whose fixed cost dominates);
quadratic growth as ratios near 4.

Classes (SPEC section 9, "Cost is linear in the input"):
  numbers     one sentence: "... were 5, 5, 5, ..." (N numbers)
  quotes      N straight quotation marks in a row
  brackets    N opening brackets then N closing ones
  nofullstop  news copy (the seeds) without a full stop or line break, N bytes

``--root`` runs another checkout's engine with the same inputs, for before/after figures on
the same machine (``git archive COMMIT | tar -x -C /tmp/before`` exports one without touching
the work tree). A size that takes longer than ``--timeout`` shows its unfinished stages as
"(not done)".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FACTS = """
names:
  United States: [US, U.S., Washington]
  NATO: [Nato, alliance]
facts:
  - id: allies
    count: 32
    of: [allies, members]
    about: [NATO]
  - id: troops
    count: 5
    about: [NATO]
  - id: us-aid
    amount: more than 66.5 billion USD
    about: [United States]
  - id: gdp-target
    amount: 5 percent
    about: [GDP]
  - id: invasion-date
    date: 2022-02-24
    about: [invasion]
  - id: hegseth-remarks
    date: 2025-02-12
    about: [Hegseth, [said, spoke]]
"""

# Sizes per class at scale 1: the smallest of three (each next one doubles it).
BASE_SIZES = {"numbers": 12_500, "quotes": 12_500, "brackets": 2_500, "nofullstop": 50_000}
UNITS = {"numbers": "numbers", "quotes": "marks", "brackets": "pairs", "nofullstop": "bytes"}


def hostile_text(kind: str, size: int) -> str:
    if kind == "numbers":
        return "NATO said the US GDP invasion figures were 5" + ", 5" * (size - 1) + ".\n"
    if kind == "quotes":
        return "He said " + '"' * size + " then.\n"
    if kind == "brackets":
        return "NATO gave (" + "(" * size + "5 tanks" + ")" * size + ").\n"
    if kind == "nofullstop":
        seeds = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").iterdir()))
        prose = " ".join(re.sub(r"[.!?…]", "", seeds).split())
        return ((prose + " ") * (size // len(prose) + 1))[:size] + "\n"
    raise ValueError(kind)


def run_one(kind: str, size: int) -> None:
    """One class at one size, in this process: one JSON line per stage on stdout."""
    from checks.extract.pipeline import load_pipeline, parse_source
    from checks.facts.factfile import load_fact_file
    from checks.facts.values import parse_tolerance, parse_value
    from checks.judge.selfchecks import Gathered, read_for_checks
    from checks.link.linking import link_source
    from checks.read.sources import SourceText
    from checks.report.suggest import group_statements, statements, suggestions
    from checks.run.engine import check_parsed

    nlp = load_pipeline()
    fact_file = load_fact_file("facts.yaml", FACTS, parse_value, parse_tolerance)
    warm_up = parse_source(
        nlp, SourceText("w.txt", "NATO said 5 allies met on Feb. 12, 2025.\n", "", None)
    )
    check_parsed(warm_up, fact_file)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = hostile_text(kind, size)
    state: dict = {}

    def stage(name: str, work) -> None:
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "stage": name,
                    "seconds": seconds,
                    "peak_mb": peak,
                    "growth_mb": peak - baseline,
                    "count": result,
                }
            ),
            flush=True,
        )

    def parse():
        state["parsed"] = parse_source(nlp, SourceText("a.txt", text, "", None))
        return len(state["parsed"].mentions)

    def link():
        facts = [(f, f.value) for f in fact_file.facts]
        return len(link_source(state["parsed"], facts, fact_file.names))

    def self_checks():
        gathered = Gathered()
        gathered.add("a.txt", read_for_checks(state["parsed"]))
        return sum(map(len, gathered.findings().values()))

    def suggest():
        # Two sources saying the same: what --facts-suggest compares across sources.
        other = dataclasses.replace(state["parsed"], path="b.txt")
        return len(
            suggestions(group_statements(statements({"a.txt": state["parsed"], "b.txt": other})))
        )

    def judge():  # the engine's LinkResult for every link (checks/run/engine.py)
        return len(check_parsed(state["parsed"], fact_file))

    stage("parse", parse)
    stage("link", link)
    stage("engine-judge", judge)
    stage("self-checks", self_checks)
    stage("suggest", suggest)


def measure(root: Path, kind: str, size: int, timeout: float) -> dict[str, dict]:
    """Run one class and size in a fresh process; stages not done in time are missing."""
    command = [sys.executable, str(Path(__file__).resolve()), "--one", kind, str(size)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONPATH": str(root)},
            cwd=root,
            check=False,
        )
        output, error = done.stdout, done.stderr if done.returncode else ""
    except subprocess.TimeoutExpired as expired:
        output = (
            expired.stdout.decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        )
        error = ""
    stages = {}
    for line in output.splitlines():
        record = json.loads(line)
        stages[record["stage"]] = record
    if error:
        print(f"  {kind} {size}: failed: {error.strip().splitlines()[-1]}")
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--classes", nargs="+", default=list(BASE_SIZES))
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every size")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per size")
    parser.add_argument("--one", nargs=2, metavar=("CLASS", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.path.insert(0, str(Path.cwd()))
        run_one(args.one[0], int(args.one[1]))
        return
    print(
        f"engine: {args.root}; one fresh process per size; per stage: seconds, and how far "
        f"the process's peak RSS has grown over the interpreter with the pipeline loaded "
        f"(MB); ratios: this size / the one before"
    )
    for kind in args.classes:
        sizes = [int(BASE_SIZES[kind] * args.scale) * 2**step for step in range(3)]
        results = [measure(args.root, kind, size, args.timeout) for size in sizes]
        stages = list(dict.fromkeys(name for result in results for name in result))
        print(f"\n{kind} ({UNITS[kind]}: {', '.join(f'{s:,}' for s in sizes)})")
        for name in stages:
            cells, ratios = [], []
            for index, result in enumerate(results):
                record = result.get(name)
                if record is None:
                    cells.append(f"{'(not done)':>22}")
                    continue
                cells.append(f"{record['seconds']:8.2f} s {record['growth_mb']:+7.0f} MB")
                before = results[index - 1].get(name) if index else None
                if before:
                    ratios.append(
                        f"x{record['seconds'] / max(before['seconds'], 1e-3):.1f} "
                        f"/ x{record['growth_mb'] / max(before['growth_mb'], 1):.1f}"
                    )
            print(
                f"  {name:13}{' |'.join(cells)}   ratios (time / memory): "
                f"{', '.join(ratios) or '-'}"
            )


if __name__ == "__main__":
    main()
