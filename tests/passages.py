"""Check a short passage against a small fact file, as the engine does for a whole source."""

from __future__ import annotations

import hashlib
import textwrap
from datetime import date

from checks.extract.pipeline import load_pipeline, parse_source
from checks.facts.factfile import load_fact_file
from checks.facts.values import parse_tolerance, parse_value
from checks.read.sources import SourceText
from checks.run.engine import check_parsed


def fact_file(yaml_text: str):
    return load_fact_file("facts.yaml", textwrap.dedent(yaml_text), parse_value, parse_tolerance)


def verdicts(
    passage: str, yaml_text: str, published: date | None = None, window: str = "sentence"
) -> list[tuple[str, str, str]]:
    """(fact id, mention text, verdict) for every linked mention, in source order."""
    text = textwrap.dedent(passage).strip() + "\n"
    source = SourceText("passage.txt", text, hashlib.sha256(text.encode()).hexdigest(), None)
    parsed = parse_source(load_pipeline(), source)
    links = check_parsed(parsed, fact_file(yaml_text), window, published)
    return [(fact.id, link.mention.text, link.verdict.value) for fact, link in links]


def date_spans(text: str, published: date) -> list[tuple[str, date, date]]:
    """(text, first day, last day) of every date in ``text``, relative ones placed from
    ``published``."""
    from checks.extract.dates import find_dates, resolve

    out = []
    for found in find_dates(text):
        low, high = (
            resolve(found.relative, published) if found.relative else (found.low, found.high)
        )
        out.append((text[found.start : found.end], low, high))
    return out
