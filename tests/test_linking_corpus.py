"""The linking corpus (tests/corpus/linking/*.yaml): short passages, facts, expected verdicts.

Each file holds a fact file (``fact_file``), an optional publication date and window, and cases:
a passage and every (fact id, mention text, verdict) it must produce, in source order. A
passage that must link nothing expects ``[]``. ``scripts/score_linking.py`` scores the same
cases as precision and recall of failures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from passages import verdicts

CORPUS = Path(__file__).parent / "corpus" / "linking"


def load_cases() -> list[tuple[str, dict, dict]]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        group = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in group["cases"]:
            cases.append((f"{path.stem}/{case['id']}", group, case))
    return cases


def run_case(group: dict, case: dict) -> list[tuple[str, str, str]]:
    published = case.get("published", group.get("published"))
    if isinstance(published, str):
        published = date.fromisoformat(published)
    window = case.get("window", group.get("window", "sentence"))
    return verdicts(case["passage"], group["fact_file"], published, window)


def expected(case: dict) -> list[tuple[str, str, str]]:
    return [(str(f), str(m), str(v)) for f, m, v in case["expect"]]


CASES = load_cases()


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 150


@pytest.mark.parametrize("group, case", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_linking_case(group, case):
    assert run_case(group, case) == expected(case)
