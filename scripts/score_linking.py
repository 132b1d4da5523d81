"""Score linking and verdicts on the corpus in tests/corpus/linking: precision and recall of
failures (contradiction, misquote, misattributed). ``uncertain`` is not a failure.

A failure counts as right when the same fact, mention and verdict is expected for the case.
Run from the repository root:  python scripts/score_linking.py [-v] [--heldout]

``--heldout`` scores only the held-out cases in tests/corpus/linking/heldout/ (sentences of
our own, written before linking was tuned, and never tuned to afterwards: issue 13, item 7);
they are not part of tests/test_linking_corpus.py, which reads only the top folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_linking_corpus import CASES, CORPUS, expected, run_case

FAILING = {"contradiction", "misquote", "misattributed"}
HELDOUT = CORPUS / "heldout"


def heldout_cases() -> list[tuple[str, dict, dict]]:
    """The held-out cases, in the corpus format, named ``heldout/<file>/<id>``."""
    cases = []
    for path in sorted(HELDOUT.glob("*.yaml")):
        group = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in group["cases"]:
            cases.append((f"heldout/{path.stem}/{case['id']}", group, case))
    return cases


def main(verbose: bool = False, heldout: bool = False) -> int:
    cases = heldout_cases() if heldout else CASES
    true_positive = false_positive = false_negative = exact = 0
    for name, group, case in cases:
        got = run_case(group, case)
        want = expected(case)
        exact += got == want
        got_fail = {g for g in got if g[2] in FAILING}
        want_fail = {w for w in want if w[2] in FAILING}
        true_positive += len(got_fail & want_fail)
        false_positive += len(got_fail - want_fail)
        false_negative += len(want_fail - got_fail)
        if verbose and got != want:
            print(f"{name}\n    expected {want}\n    got      {got}")
    precision = (
        true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0
    )
    recall = (
        true_positive / (true_positive + false_negative) if true_positive + false_negative else 1.0
    )
    print(
        f"cases: {len(cases)}  exact: {exact}  failures expected: "
        f"{true_positive + false_negative}  reported: {true_positive + false_positive}"
    )
    print(f"precision of failures: {precision:.3f}  recall of failures: {recall:.3f}")
    return 0 if precision >= 0.98 and recall >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv, "--heldout" in sys.argv))
