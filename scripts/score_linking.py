"""Score linking and verdicts on the corpus in tests/corpus/linking: precision and recall of
failures (contradiction, misquote, misattributed).

A failure counts as right when the same fact, mention and verdict is expected for the case.
Run from the repository root:  python scripts/score_linking.py [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_linking_corpus import CASES, expected, run_case

FAILING = {"contradiction", "misquote", "misattributed"}


def main(verbose: bool = False) -> int:
    true_positive = false_positive = false_negative = exact = 0
    for name, group, case in CASES:
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
    precision = true_positive / (true_positive + false_positive) if true_positive + \
        false_positive else 1.0
    recall = true_positive / (true_positive + false_negative) if true_positive + \
        false_negative else 1.0
    print(f"cases: {len(CASES)}  exact: {exact}  failures expected: "
          f"{true_positive + false_negative}  reported: {true_positive + false_positive}")
    print(f"precision of failures: {precision:.3f}  recall of failures: {recall:.3f}")
    return 0 if precision >= 0.98 and recall >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv))
