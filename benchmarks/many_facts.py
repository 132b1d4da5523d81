"""How the cost of one fact file grows with its facts: pytest --collect-only on one file of
N facts (and one short source), at three sizes, in one run.

    python benchmarks/many_facts.py --sizes 2500 5000 10000

Prints the wall time of each run and its ratio to the smallest; linear growth shows as
ratios near the size ratios (2 and 4 for the default sizes). A run of pytest with no fact
file of one fact is timed too, as the floor (pytest's start-up, the engine's import and
the source's parsing).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INI = "[pytest]\ntestpaths = expectations\nfacts_sources = sources/*\n"


def fact_file(count: int) -> str:
    lines = ["facts:"]
    for number in range(count):
        # Counts of different things, so each fact has its own anchor words.
        lines += [
            f"  - id: fact-{number}",
            f"    count: {number + 1}",
            f"    of: [widget{number}s]",
        ]
    return "\n".join(lines) + "\n"


def timed_run(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=folder,
        check=False,
        capture_output=True,
    )
    return time.perf_counter() - start


def project(root: Path, count: int) -> Path:
    folder = root / f"facts-{count}"
    if folder.exists():
        return folder
    (folder / "expectations").mkdir(parents=True)
    (folder / "sources").mkdir()
    (folder / "pytest.ini").write_text(INI)
    (folder / "sources" / "a.txt").write_text("The shop sold 3 widget7s on Monday.\n")
    (folder / "expectations" / "many.yaml").write_text(fact_file(count))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        floor = min(timed_run(project(root, 1)) for _ in range(2))
        print(f"floor (one fact): {floor:.2f} s")
        first = None
        for size in args.sizes:
            took = timed_run(project(root, size)) - floor
            first = first or (took, size)
            print(
                f"{size:>6} facts: {took:6.2f} s above the floor; "
                f"x{took / first[0]:.2f} for x{size / first[1]:.2f} the facts"
            )


if __name__ == "__main__":
    main()
