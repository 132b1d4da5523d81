"""The main job on the seeds, run as users run it: any regression or new false alarm fails here.

The exact failing items are asserted below. Every other verdict (which mention of which source
links to which fact) is kept in ``golden/seed-verdicts.json``; after a deliberate change to
extraction or linking, review the difference and rewrite the file with
``FACTS_UPDATE_GOLDEN=1 pytest tests/test_golden.py``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "seed-verdicts.json"
FACT_FILE = "expectations/hegseth-nato.yaml"

# The seeds' real contradictions: Al Jazeera counts only aid given under the Biden
# administration ("about $64bn"); the fact is the total since the invasion (> $66.5bn).
EXPECTED_FAILURES = {
    f"{FACT_FILE}::us-aid[seeds/003_07d08befc45e5372.txt]": (
        "contradiction",
        52,
        154,
        "about $64bn",
    ),
}


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """The repository's seeds and fact files in a fresh folder, checked with the plugin."""
    workdir = tmp_path_factory.mktemp("seedrun")
    shutil.copytree(ROOT / "seeds", workdir / "seeds")
    shutil.copytree(ROOT / "expectations", workdir / "expectations")
    return workdir


_RUNS: dict[str, tuple] = {}


@pytest.fixture
def seed_result(pytester: pytest.Pytester, seed_run: Path):
    """One run of the main job, shared by the tests of this module (it takes seconds)."""
    if "seeds" in _RUNS:
        return _RUNS["seeds"]
    for folder in ("seeds", "expectations"):
        shutil.copytree(seed_run / folder, pytester.path / folder)
    pytester.makeini("""
        [pytest]
        testpaths = expectations
        facts_sources = seeds/**/*
        facts_reports = reports
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "-rA", "--junitxml=reports/junit.xml")
    records = json.loads((pytester.path / "reports" / "facts.json").read_text(encoding="utf-8"))
    _RUNS["seeds"] = result, records["results"]
    return _RUNS["seeds"]


def test_main_job_fails_exactly_on_the_real_contradictions(seed_result):
    result, records = seed_result
    failed = {line.split(" ")[1] for line in result.outlines if line.startswith("FAILED ")}
    assert failed == set(EXPECTED_FAILURES)
    assert result.ret == 1
    failing = {
        f"{r['fact_file']}::{r['fact']}[{r['source']}]": (
            r["verdict"],
            r["line"],
            r["column"],
            r["source_says"],
        )
        for r in records
        if r["verdict"] in ("contradiction", "misquote", "misattributed")
    }
    assert failing == EXPECTED_FAILURES


def test_every_fact_is_mentioned_somewhere(seed_result):
    _, records = seed_result
    assert [r["fact"] for r in records if r["verdict"] == "unmentioned"] == []


def test_failures_explain_themselves(seed_result):
    result, _ = seed_result
    result.stdout.fnmatch_lines(
        [
            f"seeds/003_07d08befc45e5372.txt:52:154: contradiction with us-aid ({FACT_FILE}:*)",
            '  source says:  "about $64bn"  ->  [[]63.5, 64.5) billion USD',
            '  canonical:    "more than 66.5 billion USD"  ->  (66.5, +inf) billion USD',
            "  sentence:     The US provided about $64bn of that under the Biden administration.",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_every_verdict_matches_the_golden_file(seed_result):
    _, records = seed_result
    verdicts = sorted(
        [r["fact"], r["source"], r["line"], r["column"], r["source_says"], r["verdict"]]
        for r in records
        if r["source"] is not None
    )
    if os.environ.get("FACTS_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        lines = ",\n".join(json.dumps(v, ensure_ascii=False) for v in verdicts)
        GOLDEN.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    missing = [v for v in expected if v not in verdicts]
    new = [v for v in verdicts if v not in expected]
    assert (missing, new) == ([], []), "links changed: review, then FACTS_UPDATE_GOLDEN=1"
