"""The labelled mention corpus (tests/corpus/mentions*.yaml): one test per sentence.

Each sentence must yield exactly its labelled mentions: same kind, span text and value
(interval with its bounds' inclusion and unit, or resolved days). ``scripts/score_mentions.py``
reads the same corpus and prints precision and recall per kind.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "score_mentions.py"
_spec = importlib.util.spec_from_file_location("score_mentions", SCRIPT)
score_mentions = importlib.util.module_from_spec(_spec)
sys.modules["score_mentions"] = score_mentions  # dataclasses look their module up there
_spec.loader.exec_module(score_mentions)

CASES = score_mentions.load_corpus()


def test_corpus_is_large_and_covers_every_kind():
    assert len(CASES) >= 400
    kinds = {label[0] for case in CASES for label in case.expected}
    assert kinds == {"date", "amount", "percent", "count"}
    assert sum(not case.expected for case in CASES) >= 50  # negatives: nothing to find


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_sentence(case, nlp):
    found = score_mentions.extract(case.text, case.published, nlp)
    _, missed, spurious = score_mentions.compare(case.expected, found)
    assert not missed and not spurious, "\n".join(
        [case.text]
        + [f"missed:   {score_mentions.describe(m)}" for m in missed]
        + [f"spurious: {score_mentions.describe(s)}" for s in spurious]
    )
