"""Precision and recall of the mention extractor, per kind, over the labelled corpus.

    python scripts/score_mentions.py [CORPUS.yaml ...] [--show]

The corpus (``tests/corpus/mentions*.yaml``) is a list of sentences in the style of news
copy, each with the mentions a careful reader finds in it. A found mention matches a
labelled one when kind, span text and value agree: the interval with its bounds' inclusion
and the unit for numbers, the resolved days for dates (and the counted noun, or the year's
adjectival use, where the label states them). Kinds are scored as ``date``, ``amount``
(money and physical quantities), ``percent`` (percent and percentage points) and ``count``.
Quotations are not part of this corpus.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.cli import mention_row  # noqa: E402 (after the path is set)
from checks.extract.pipeline import load_pipeline, parse_source  # noqa: E402 (after the path is set)
from checks.model.mentions import DateMention  # noqa: E402 (after the path is set)
from checks.read.sources import SourceText  # noqa: E402 (after the path is set)

CORPUS = sorted((ROOT / "tests" / "corpus").glob("mentions*.yaml"))
KINDS = ("date", "amount", "percent", "count")
PERCENT_UNITS = ("percent", "percentage_point")
_INTERVAL = re.compile(r"\s*([\[(])\s*([^,\])]+?)\s*(?:,\s*([^\])]+?)\s*)?([\])])\s*")


@dataclass(frozen=True)
class Case:
    """One labelled sentence."""

    file: str
    index: int
    text: str
    published: date | None
    expected: tuple[tuple, ...]

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}-{self.index:03d}"


def load_corpus(paths: list[Path] | None = None) -> list[Case]:
    cases = []
    for path in paths or CORPUS:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        default = data.get("published") if isinstance(data, dict) else None
        items = data.get("sentences", []) if isinstance(data, dict) else data
        for index, item in enumerate(items):
            when = item.get("published", default)
            published = _date(when) if when else None
            expected = tuple(label_key(label) for label in item.get("mentions") or ())
            cases.append(Case(path.name, index, item["text"], published, expected))
    return cases


def label_key(label: dict) -> tuple:
    """A labelled mention as the tuple a found mention must equal."""
    kind, text = label["kind"], label["text"]
    if kind == "date":
        return ("date", text, *_date_range(label["dates"]), bool(label.get("attributive")))
    interval = parse_interval(str(label["interval"]))
    unit = label.get("unit")
    if kind == "percent":
        unit = unit or "percent"
    extra = label.get("noun") if kind == "count" else None
    return (kind, text, *interval, unit, extra)


def parse_interval(text: str) -> tuple:
    """``[125.5e9, 126.5e9)``, ``(1200, inf)``, ``[32]`` as (low, high, low_inc, high_inc)."""
    match = _INTERVAL.fullmatch(text)
    if not match:
        raise ValueError(f"bad interval {text!r}")
    left, low, high, right = match.groups()
    if high is None:
        value = _bound(low)
        return (value, value, True, True)
    low_value, high_value = _bound(low), _bound(high)
    return (
        low_value,
        high_value,
        left == "[" and low_value is not None,
        right == "]" and high_value is not None,
    )


def _bound(text: str) -> Fraction | None:
    text = text.strip()
    if text.lstrip("+-") in ("inf", "∞"):
        return None
    return Fraction(text)


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _date_range(value) -> tuple:
    if value == "unresolved":
        return (None, None)
    if isinstance(value, date):
        return (value, value)
    if isinstance(value, int):
        return (date(value, 1, 1), date(value, 12, 31))
    low, _, high = str(value).partition("..")
    return (_date(low), _date(high or low))


def extract(text: str, published: date | None, nlp=None) -> list[tuple]:
    """What the engine finds in ``text``, as the same tuples as the labels."""
    nlp = nlp or load_pipeline()
    parsed = parse_source(nlp, SourceText("corpus", text, "", None))
    found = []
    for mention in parsed.mentions:
        if mention.kind == "quote":
            continue
        row = mention_row(parsed, mention, published)
        attributive = isinstance(mention, DateMention) and bool(mention.attributive)
        found.append(found_key(row, attributive))
    return found


def found_key(row: dict, attributive: bool) -> tuple:
    if row["kind"] == "date":
        low = date.fromisoformat(row["date_low"]) if row["date_low"] else None
        high = date.fromisoformat(row["date_high"]) if row["date_high"] else None
        return ("date", row["text"], low, high, attributive)
    kind = row["kind"]
    if kind == "amount" and row["unit"] in PERCENT_UNITS:
        kind = "percent"
    interval = (
        _fraction(row["low"]),
        _fraction(row["high"]),
        bool(row["low_inclusive"]) and row["low"] is not None,
        bool(row["high_inclusive"]) and row["high"] is not None,
    )
    return (kind, row["text"], *interval, row["unit"], row["noun"] if kind == "count" else None)


def _fraction(value) -> Fraction | None:
    if value is None:
        return None
    return Fraction(value).limit_denominator(10**6) if isinstance(value, float) else Fraction(value)


def compare(expected: tuple[tuple, ...], found: list[tuple]) -> tuple[list, list, list]:
    """Matched, missed (labelled but not found) and spurious (found but not labelled)."""
    matched, missed = [], []
    pool = list(found)
    for label in expected:
        hit = next((f for f in pool if _same(label, f)), None)
        if hit is None:
            missed.append(label)
        else:
            matched.append(label)
            pool.remove(hit)
    return matched, missed, pool


def _same(label: tuple, found: tuple) -> bool:
    if label[0] != found[0] or len(label) != len(found):
        return False
    if label[0] == "count" and label[-1] is None:
        return label[:-1] == found[:-1]  # no noun labelled: the noun is not scored
    return label == found


def score(cases: list[Case], show: bool = False) -> dict[str, tuple[float, float, int, int, int]]:
    nlp = load_pipeline()
    true_pos, false_pos, false_neg = Counter(), Counter(), Counter()
    for case in cases:
        matched, missed, spurious = compare(case.expected, extract(case.text, case.published, nlp))
        for label in matched:
            true_pos[label[0]] += 1
        for label in missed:
            false_neg[label[0]] += 1
        for found in spurious:
            false_pos[found[0]] += 1
        if show and (missed or spurious):
            print(f"{case.id}: {case.text}")
            for label in missed:
                print(f"    missed:   {describe(label)}")
            for found in spurious:
                print(f"    spurious: {describe(found)}")
    result = {}
    for kind in KINDS:
        tp, fp, fn = true_pos[kind], false_pos[kind], false_neg[kind]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        result[kind] = (precision, recall, tp, fp, fn)
    return result


def describe(key: tuple) -> str:
    if key[0] == "date":
        low, high = key[2], key[3]
        span = f"{low}..{high}" if low != high else f"{low}"
        return f"date {key[1]!r} {span}" + (" attributive" if key[4] else "")
    low, high, low_inc, high_inc, unit, noun = key[2:]
    left = "[" if low_inc else "("
    right = "]" if high_inc else ")"
    low_text = "-inf" if low is None else _num(low)
    high_text = "inf" if high is None else _num(high)
    extra = " ".join(x for x in (unit, noun) if x)
    return f"{key[0]} {key[1]!r} {left}{low_text}, {high_text}{right} {extra}".rstrip()


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, help="corpus files (default: all)")
    parser.add_argument("--show", action="store_true", help="print every miss and false find")
    args = parser.parse_args(argv)
    cases = load_corpus(args.corpus or None)
    result = score(cases, args.show)
    labelled = sum(len(c.expected) for c in cases)
    print(f"{len(cases)} sentences, {labelled} labelled mentions")
    print(f"{'kind':<8} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>4} {'fn':>4}")
    for kind, (precision, recall, tp, fp, fn) in result.items():
        print(f"{kind:<8} {precision:>9.3f} {recall:>7.3f} {tp:>5} {fp:>4} {fn:>4}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
