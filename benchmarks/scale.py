"""Scale benchmark: N generated sources and M facts, checked as users run it.

    python benchmarks/scale.py --sources 10000 --facts 200 --workers 2
    python benchmarks/scale.py --sources 1000 --facts 200 --workers 2 --growth
    python benchmarks/scale.py --sources 1000 --items pair --baseline main

Sources are the seeds with their numbers, years and quoted words varied (so mentions and
links stay realistic); facts are the seed fact file plus generated count, amount and date
facts anchored on words the seeds use. For each item grain (--items: 'pair', one item per
fact and source; 'source', one item per fact file and source; 'both'), each on its own fresh
copy of the corpus: sources, facts, items; wall time and peak memory of a cold run and of a
warm re-run (parsed sources in pytest's cache). For the source grain also `pytest --co` and
pytest's own floor (as many items that do nothing); with --baseline REV, the pair grain of
that revision on the same corpus, as a ratio. Then engine throughput beside
spacy.blank("en") tokenising the same text in the same run, as a ratio; with --growth, how
time grows from N/10 to N sources.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANCHORS = [
    "NATO",
    "Ukraine",
    "Russia",
    "Europe",
    "allies",
    "troops",
    "aid",
    "weapons",
    "summit",
    "Brussels",
    "Kyiv",
    "Moscow",
    "defence",
    "security",
    "peace",
]
NOUNS = [
    "countries",
    "members",
    "troops",
    "soldiers",
    "tanks",
    "nations",
    "allies",
    "regions",
    "years",
    "people",
]


def varied(text: str, rng: random.Random) -> str:
    """The same article with other numbers, years and a changed quoted word or two."""

    def number(match: re.Match) -> str:
        value = match.group(0)
        if rng.random() > 0.1:  # most copies repeat the story's figures faithfully
            return value
        if len(value) == 4 and value.startswith(("19", "20")):
            return str(rng.randint(1990, 2030))
        return str(max(1, int(value) + rng.randint(-3, 3)))

    text = re.sub(r"(?<![\d.,])\d{1,4}(?![\d.,])", number, text)
    return re.sub(r"\bmust\b", lambda m: rng.choice(["must", "should", "will"]), text)


def make_corpus(folder: Path, sources: int, facts: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    seeds = sorted((ROOT / "seeds").iterdir())
    texts = [(p.suffix, p.read_text(encoding="utf-8", errors="replace")) for p in seeds]
    (folder / "sources").mkdir(parents=True)
    for index in range(sources):
        suffix, text = texts[index % len(texts)]
        sub = folder / "sources" / f"{index // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{index:05d}{suffix}").write_text(varied(text, rng), encoding="utf-8")
    (folder / "expectations").mkdir()
    base = (ROOT / "expectations" / "hegseth-nato.yaml").read_text(encoding="utf-8")
    base = re.sub(r"(?m)^published:\n(?:  .*\n)+", "", base)
    lines = [base.rstrip(), ""]
    existing = len(re.findall(r"(?m)^  - id:", base))
    for number in range(max(0, facts - existing)):
        anchor = rng.choice(ANCHORS)
        kind = number % 3
        lines.append(f"  - id: generated-{number}")
        if kind == 0:
            low = rng.randint(1, 30)
            lines += [
                f"    count: between {low} and {low + 70}",
                f"    of: [{rng.choice(NOUNS)}]",
                f"    about: [{anchor}]",
            ]
        elif kind == 1:
            lines += [
                f"    amount: between {rng.randint(0, 10)} and 100 percent",
                f"    about: [{anchor}]",
            ]
        else:
            lines += [f"    date: {rng.randint(2022, 2025)}", f"    about: [{anchor}]"]
    (folder / "expectations" / "facts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "pytest.ini").write_text(
        "[pytest]\ntestpaths = expectations\nfacts_sources = sources/**/*\n", encoding="utf-8"
    )


@dataclass
class Run:
    wall: float  # seconds
    peak_total: float  # MiB, all of pytest's processes together (sampled)
    peak_largest: float  # MiB, the largest single process
    last_line: str  # pytest's summary line

    @property
    def items(self) -> int:
        # "N tests collected" is the summary of a --co run
        counts = re.findall(
            r"(\d+) (?:tests? )?(passed|failed|skipped|xfailed|xpassed|errors?"
            r"|collected)\b",
            self.last_line,
        )
        return sum(int(number) for number, _ in counts)

    def __str__(self) -> str:
        return (
            f"{self.wall:.1f} s, peak {self.peak_total:.0f} MiB in all processes "
            f"({self.peak_largest:.0f} MiB the largest)"
        )


def run(
    folder: Path, workers: int, extra: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Run:
    """Run pytest in ``folder`` as a user would, timing it and sampling its memory."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:randomly",
        "--junitxml=reports/junit.xml",
        *extra,
    ]
    if workers > 1:
        command += ["-n", str(workers)]
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(
            command, cwd=folder, stdout=out, stderr=subprocess.STDOUT, text=True, env=env
        )
        peak_total = largest = 0
        while process.poll() is None:
            sizes = _tree_rss(process.pid)
            peak_total, largest = max(peak_total, sum(sizes)), max(largest, *sizes, 0)
            time.sleep(0.05)  # (every 0.2 s missed the peak of report writing)
        wall = time.perf_counter() - start
        out.seek(0)
        output = out.read()
    if process.returncode not in (0, 1):
        raise SystemExit(f"pytest failed ({process.returncode}):\n{output}")
    last = (output.strip().splitlines() or ["(no output)"])[-1]
    return Run(wall, peak_total / 2**20, largest / 2**20, last)


def _tree_rss(pid: int) -> list[int]:
    """Resident bytes of a process and of each of its descendants (Linux /proc), sampled
    while it runs (a short peak between two samples can be missed)."""
    sizes, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as stream:
                sizes.append(int(stream.read().split()[1]) * resource.getpagesize())
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return sizes


def make_floor(folder: Path, items: int) -> None:
    """A pytest project of ``items`` items that do nothing: pytest's own cost per item."""
    folder.mkdir(parents=True)
    (folder / "conftest.py").write_text(
        "import pytest\n\n"
        "class Nothing(pytest.Item):\n"
        "    def runtest(self):\n        pass\n\n"
        "class Many(pytest.File):\n"
        "    def collect(self):\n"
        f"        for number in range({items}):\n"
        "            yield Nothing.from_parent(self, name=f'item[{number}]')\n\n"
        "def pytest_collect_file(file_path, parent):\n"
        "    if file_path.name == 'items.txt':\n"
        "        return Many.from_parent(parent, path=file_path)\n",
        encoding="utf-8",
    )
    (folder / "items.txt").write_text("", encoding="utf-8")
    (folder / "pytest.ini").write_text("[pytest]\ntestpaths = items.txt\n", encoding="utf-8")


def grain_flags(grain: str) -> tuple[str, ...]:
    # 'pair' is the default: no flag, so a checkout from before --facts-items runs it too
    return () if grain == "pair" else ("--facts-items", grain)


def baseline_env(work: Path, rev: str) -> tuple[str, dict[str, str], tuple[str, ...]]:
    """A worktree of ``rev`` under ``work``, an environment whose PYTHONPATH puts its
    ``checks`` ahead of the editable install (xdist's workers inherit it), and the pytest
    arguments that load its plugin (the installed entry point names this tree's module,
    which an older tree may keep elsewhere: a flat ``checks/plugin.py`` before the stages)."""
    tree = work / "baseline"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), rev],
        check=True,
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
    # Bytecode as the installed package has it: none under PYTHONDONTWRITEBYTECODE (each run
    # compiles, on both sides), else compiled ahead so the baseline's cold run does not pay.
    script = (
        "import sys, compileall, checks; sys.dont_write_bytecode or "
        "compileall.compile_dir(checks.__path__[0], quiet=1); print(checks.__file__)"
    )
    found = subprocess.run(
        [sys.executable, "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).is_relative_to(tree):
        raise SystemExit(f"the baseline imports checks from {found}, not from {tree}")
    sha = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"baseline {rev} ({sha}): checks imported from {found}")
    flat = (tree / "checks" / "plugin.py").is_file()
    plugin = ("-p", "no:facts", "-p", "checks.plugin" if flat else "checks.plugin.hooks")
    return f"{rev} ({sha})", env, plugin


def throughput(folder: Path, limit: int = 200, rounds: int = 7) -> dict[str, float]:
    """Tokens; the first pass of fresh pipelines over the text (engine and spacy.blank("en")
    tokens per second, and their ratio); then, with both having seen the text, each one's
    best tokens per second over the rounds and the median of each round's ratio."""
    import spacy

    from checks.extract.pipeline import load_pipeline, parse_sources
    from checks.read.sources import read_source

    paths = sorted((folder / "sources").rglob("*.*"))[:limit]
    texts = [read_source(p, p.name) for p in paths]
    blank = spacy.blank("en")
    nlp = load_pipeline()
    # First pass: nothing cached on either side yet (what a cold run over new text sees).
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in blank.pipe(t.text for t in texts))
    blank_first = time.perf_counter() - start
    start = time.perf_counter()
    parse_sources(nlp, texts)
    engine_first = time.perf_counter() - start
    # Each round times the two back to back and keeps their ratio: the speed of this shared
    # machine drifts by a third within minutes, and the two sides of one round see the same.
    ratios, blank_best, engine_best = [], float("inf"), float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _doc in blank.pipe(t.text for t in texts):
            pass
        blank_seconds = time.perf_counter() - start
        start = time.perf_counter()
        parse_sources(nlp, texts)
        engine_seconds = time.perf_counter() - start
        ratios.append(blank_seconds / engine_seconds)
        blank_best, engine_best = min(blank_best, blank_seconds), min(engine_best, engine_seconds)
    return {
        "tokens": tokens,
        "engine_first": tokens / engine_first,
        "blank_first": tokens / blank_first,
        "first_ratio": blank_first / engine_first,
        "engine": tokens / engine_best,
        "blank": tokens / blank_best,
        "ratio": statistics.median(ratios),
    }


def _throughput_line(folder: Path) -> str:
    found = throughput(folder)
    return (
        f"throughput on {found['tokens']} tokens: first pass (fresh pipelines) engine "
        f"{found['engine_first']:,.0f} tokens/s, spacy.blank('en') "
        f"{found['blank_first']:,.0f} tokens/s, ratio {found['first_ratio']:.3f}; "
        f"then engine {found['engine']:,.0f} tokens/s, spacy.blank('en') "
        f"{found['blank']:,.0f} tokens/s (best of 7 rounds); median ratio of the rounds "
        f"{found['ratio']:.3f} (target 0.333)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--facts", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--growth",
        action="store_true",
        help="also time a tenth of the sources, to show how time grows",
    )
    parser.add_argument(
        "--throughput-only",
        action="store_true",
        help="only compare the engine's throughput with spacy.blank('en')",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also run as many items that do nothing: pytest's own cost",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="FOLDER",
        help="only write the generated corpus to FOLDER (to run by hand)",
    )
    parser.add_argument(
        "--items",
        choices=["source", "pair", "both"],
        default="both",
        help="the item grain(s) to run, each on its own copy of the corpus",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also run the pair grain with the checks package of REV (a git "
        "worktree), on the same corpus, and print the ratio",
    )
    args = parser.parse_args()
    if args.corpus:
        make_corpus(args.corpus, args.sources, args.facts)
        return
    work = Path(tempfile.mkdtemp(prefix="facts-bench-"))
    try:
        if args.throughput_only:
            make_corpus(work / "corpus", args.sources, args.facts)
            print(_throughput_line(work / "corpus"))
            return
        grains = ["pair", "source"] if args.items == "both" else [args.items]
        baseline, env, plugin = (
            baseline_env(work, args.baseline) if args.baseline else (None, None, ())
        )
        sizes = [args.sources // 10, args.sources] if args.growth else [args.sources]
        cold_times: dict[str, dict[int, float]] = {grain: {} for grain in grains}
        for size in sizes:
            corpus = work / f"corpus{size}"
            make_corpus(corpus, size, args.facts)
            runs = {}
            for grain in grains:
                # A fresh copy each: the parsed sources are cached in the project's
                # .pytest_cache, and a grain run after another would not be cold.
                folder = work / f"{grain}{size}"
                shutil.copytree(corpus, folder)
                flags = grain_flags(grain)
                cold = run(folder, args.workers, flags)
                warm = run(folder, args.workers, flags)
                runs[grain] = cold, warm
                cold_times[grain][size] = cold.wall
                print(
                    f"{grain} grain, sources {size}, facts {args.facts}, "
                    f"workers {args.workers}: {cold.last_line}"
                )
                print(f"  cold run: {cold}")
                print(f"  warm run: {warm}; {warm.wall / cold.wall:.0%} of cold")
                if grain == "source":
                    # xdist does not distribute a --co run: one process, as users see it
                    listed = run(folder, 1, ("--co", *flags))
                    print(
                        f"  pytest --co -q: {listed}; {listed.wall / cold.wall:.1%} of cold "
                        f"(target under 10%), {listed.items} items"
                    )
                if grain == "source" or args.floor:
                    make_floor(work / f"floor-{grain}{size}", cold.items)
                    floor = run(work / f"floor-{grain}{size}", args.workers, ("-p", "no:facts"))
                    print(
                        f"  pytest alone, {floor.items} items that do nothing: {floor}; "
                        f"cold run {cold.wall / floor.wall:.1f}x, "
                        f"warm {warm.wall / floor.wall:.1f}x"
                    )
                if grain == "pair" and baseline:
                    folder = work / f"baseline{size}"
                    shutil.copytree(corpus, folder)
                    base_cold = run(folder, args.workers, plugin, env=env)
                    base_warm = run(folder, args.workers, plugin, env=env)
                    print(f"  baseline {baseline}: {base_cold.last_line}")
                    print(
                        f"  baseline cold run: {base_cold}; this tree "
                        f"{cold.wall / base_cold.wall:.2f}x its time"
                    )
                    print(
                        f"  baseline warm run: {base_warm}; this tree "
                        f"{warm.wall / base_warm.wall:.2f}x its time"
                    )
            if len(runs) == 2:
                (pair_cold, pair_warm), (source_cold, source_warm) = runs["pair"], runs["source"]
                print(
                    f"source grain against pair grain, sources {size}: cold "
                    f"{source_cold.wall / pair_cold.wall:.2f}x the time, warm "
                    f"{source_warm.wall / pair_warm.wall:.2f}x, peak memory "
                    f"{source_cold.peak_total / pair_cold.peak_total:.2f}x (cold, "
                    f"all processes)"
                )
        print(_throughput_line(work / f"corpus{sizes[-1]}"))
        if args.growth:
            small, large = sizes
            print(
                f"growth: {small} -> {large} sources ({large / small:.0f}x): cold time "
                + ", ".join(
                    f"{grain} grain {times[large] / times[small]:.1f}x"
                    for grain, times in cold_times.items()
                )
            )
    finally:
        if args.baseline:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "baseline")],
                check=False,
            )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
