"""reports/facts.html: one self-contained page an editor opens in a browser.

The page has a summary, a matrix of facts (rows) by sources (columns) coloured by verdict,
and for each fact its canonical value, where it is defined, and every sentence a source
says about it with the mention highlighted and the verdict explained. A verdict filter and
a text search are plain JavaScript; there is no network access and no external asset. The
page is built from the report records (see ``checks.report.records.records``) and every text in it
goes through ``_html``: shown as the terminal shows it (``checks.model.visible``: no control
character, which HTML and XML do not allow, and no lone surrogate, which UTF-8 cannot write),
then HTML-escaped. A partial run's page says so in a banner at the top.

It stays usable at 200 facts by 1,000 sources: the matrix is a CSS grid in which only the
(fact, source) pairs with mentions are elements (a row's "not mentioned" cells are its
background); its headers are sticky; each fact sits in a ``<details>`` element, collapsed
by default, and its sentences (escaped HTML fragments kept as JSON data in the page, which a
browser parses far faster than markup) become elements only when the fact is opened.

The page's style and script are ``page.css`` and ``page.js`` beside this module, inlined; the
script takes the verdicts (their order, glyphs and which fail) from the page's data, written
from ``VERDICTS``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import escape
from importlib.resources import files
from pathlib import Path

from checks.model.kinds import Verdict
from checks.report.records import (
    FAILING_VERDICTS,
    UNCERTAIN,
    UNMENTIONED,
    Record,
    RunState,
    plural,
    shown,
    write_atomically,
)

# (verdict, label, glyph in the matrix cell, colour, what it means), most severe first.
VERDICTS = (
    (
        Verdict.CONTRADICTION.value,
        "contradiction",
        "\u2717",
        "#d93025",
        "the source's value and the fact's cannot both be true",
    ),
    (
        Verdict.MISQUOTE.value,
        "misquote",
        "\u201d",
        "#f57c00",
        "the quoted wording differs from the canonical wording",
    ),
    (
        Verdict.MISATTRIBUTED.value,
        "misattributed",
        "@",
        "#9334e6",
        "the words are attributed to someone other than the fact's speaker",
    ),
    # Amber, and striped in the matrix and the legend: not unresolved's yellow, not
    # misquote's orange. Below the failures (it never fails the run), above what an editor
    # has already settled.
    (
        UNCERTAIN,
        "uncertain",
        "!",
        "#ffab00",
        "would be a contradiction, misquote or misattribution, but the link to the fact is "
        "uncertain: review it",
    ),
    (
        Verdict.ACCEPTED.value,
        "accepted",
        "~",
        "#4a8af4",
        "a known discrepancy, accepted in the fact file with a reason",
    ),
    (
        Verdict.UNRESOLVED.value,
        "unresolved",
        "?",
        "#f9cb3e",
        "a relative date with no publication date, or a value that could not be read",
    ),
    (Verdict.CONSISTENT.value, "consistent", "", "#81c995", "the source agrees with the fact"),
    (
        UNMENTIONED,
        "not mentioned",
        "",
        "#e8eaed",
        "no source mentions the fact (in the matrix: this source does not mention it)",
    ),
)
SEVERITY = {verdict: rank for rank, (verdict, *_rest) in enumerate(VERDICTS)}
LABEL = {verdict: label for verdict, label, *_rest in VERDICTS}
GLYPH = {verdict: glyph for verdict, _label, glyph, *_rest in VERDICTS}
COLOUR = {verdict: colour for verdict, _label, _glyph, colour, _meaning in VERDICTS}
FAILURES_LISTED = 100  # the summary lists at most this many failing (and uncertain) mentions
# Verdicts whose filter is shown only when the page has such mentions: one that only some
# runs give (a page without uncertain links is as it was before the verdict existed).
SHOWN_WHEN_PRESENT = frozenset({UNCERTAIN})


@dataclass
class _Fact:
    index: int
    id: str
    file: str
    line: int | None
    kind: str
    canonical: str
    canonical_interval: str | None = None
    note: str | None = None
    mentions: list[Record] = field(default_factory=list)  # records with a source
    cells: dict[int, list[int]] = field(default_factory=dict)  # column -> mention numbers

    @property
    def worst(self) -> str:
        if not self.mentions:
            return UNMENTIONED
        return min((m.verdict for m in self.mentions), key=_rank)


def _rank(verdict: str) -> int:
    return SEVERITY.get(verdict, len(VERDICTS))


@lru_cache(maxsize=1 << 16)
def _html(text: object) -> str:
    """A text from a source, a file name or a fact file, as the page holds it. (Remembered:
    verdicts, paths and fact names recur in every one of a large run's 100,000 entries.)"""
    return escape(shown(text))


def write_html_report(
    path: Path,
    records: Iterable[Record],
    title: str | None,
    run: RunState | Mapping[str, object] | None = None,
) -> None:
    """Write reports/facts.html atomically (temporary file beside it, then rename), part by
    part: the page of a large run is never held whole in memory. ``run``: see
    ``checks.report.records.RunState``."""
    write_atomically(path, html_parts(records, title, run))


def render_html(
    records: Iterable[Record], title: str | None, run: RunState | Mapping[str, object] | None = None
) -> str:
    """The whole page as one string."""
    return "".join(html_parts(records, title, run))


def html_parts(
    records: Iterable[Record], title: str | None, run: RunState | Mapping[str, object] | None = None
) -> Iterator[str]:
    """The page, in parts that joined make it."""
    state = RunState.of(run)
    facts, sources = _gather(list(records))
    heading = title or "Fact check"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="checks facts.html">\n',
        f"<title>{_html(heading)} \u2014 facts report</title>\n",
        "<style>\n\n",  # (a blank line before each asset, as the page has always had)
        _css(),
        "</style>\n</head>\n<body>\n",
        (
            f'<header><h1>{_html(heading)}</h1><p class="lead">Facts checked against the '
            "sources: what each source says about each fact, and whether both can be "
            "true.</p></header>\n"
        ),
    ]
    if not state.complete:
        parts.append(
            f'<p class="partial" role="alert"><strong>Partial run:</strong> '
            f"{_html(state.described)}. This page shows only what was checked before "
            "the run stopped; facts and sources it did not reach are missing, not "
            "consistent.</p>\n"
        )
    yield from parts
    yield _summary(facts, sources)
    yield _controls(facts)
    yield _matrix(facts, sources)
    yield from _details(facts)
    yield from _data(facts, sources)
    yield _verdicts_data()
    yield "<script>\n\n" + _asset("page.js") + "</script>\n</body>\n</html>\n"


def _gather(records: list[Record]) -> tuple[list[_Fact], list[str]]:
    ordered = sorted(records, key=_order)
    sources = sorted({r.source for r in records if r.source})
    column = {source: number for number, source in enumerate(sources)}
    facts: dict[tuple[str, str], _Fact] = {}
    for record in ordered:
        key = (record.fact_file or "", record.fact)
        fact = facts.get(key)
        if fact is None:
            fact = facts[key] = _Fact(
                len(facts),
                record.fact,
                key[0],
                record.fact_line,
                record.kind or "",
                record.canonical or "",
            )
        if record.canonical_interval and not fact.canonical_interval:
            fact.canonical_interval = record.canonical_interval
        if record.note and not fact.note:
            fact.note = record.note
        if record.source:
            fact.cells.setdefault(column[record.source], []).append(len(fact.mentions))
            fact.mentions.append(record)
    return list(facts.values()), sources


def _order(record: Record) -> tuple[str, int, str, str, int, int]:
    return (
        record.fact_file or "",
        record.fact_line or 0,
        record.fact,
        record.source or "",
        record.line or 0,
        record.column or 0,
    )


def _summary(facts: list[_Fact], sources: list[str]) -> str:
    counts = Counter(m.verdict for f in facts for m in f.mentions)
    unmentioned = [f for f in facts if not f.mentions]
    failing = sum(counts[v] for v in FAILING_VERDICTS)
    mentions = sum(counts.values())
    files = sorted({f.file for f in facts})
    verdict_parts = [
        f'<span class="badge v-{v}">{counts[v]} {_html(LABEL[v])}</span>'
        for v, *_ in VERDICTS
        if counts[v]
    ]
    if unmentioned:
        verdict_parts.append(
            f'<span class="badge v-unmentioned">'
            f"{plural(len(unmentioned), 'fact')} not mentioned</span>"
        )
    out = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary</h2>']
    out.append(
        f'<p class="totals"><strong>{plural(len(facts), "fact")}</strong> from '
        f"{plural(len(files), 'fact file')}, checked in "
        f"<strong>{plural(len(sources), 'source')}</strong> that mention at least one "
        f"fact: {plural(mentions, 'mention')}.</p>"
    )
    out.append(f'<p class="verdicts">{" ".join(verdict_parts) or "No mentions."}</p>')
    if failing:
        out.append(
            f'<p class="next failing"><strong>{plural(failing, "failing mention")}'
            "</strong>: fix the sources below, or update the fact file if the canonical "
            "fact changed (an <code>accept</code> entry records a known discrepancy)."
            "</p>"
        )
        out.append(_listed(facts, FAILING_VERDICTS, "Failing mentions", "failing mention"))
    else:
        out.append('<p class="next ok">No source contradicts a fact.</p>')
    if counts[UNCERTAIN]:
        out.append(
            f'<p class="next uncertain"><strong>'
            f"{plural(counts[UNCERTAIN], 'uncertain link')} to review</strong>: each "
            "would be a contradiction, misquote or misattribution, but the mention may "
            "not be about the fact, so it does not fail the run. Tighten the facts' "
            "<code>about</code> anchors or add <code>examples</code> so these links "
            "become certain.</p>"
        )
        out.append(
            _listed(facts, frozenset({UNCERTAIN}), "Uncertain links to review", "uncertain link")
        )
    if unmentioned:
        links = ", ".join(f'<a href="#f{f.index}">{_html(f.id)}</a>' for f in unmentioned)
        out.append(
            f'<p class="unmentioned">No source mentions {links}: their '
            "<code>about</code> anchors or <code>of</code> nouns may match nothing.</p>"
        )
    out.append("</section>\n")
    return "".join(out)


def _listed(facts: list[_Fact], verdicts: Collection[str], caption: str, noun: str) -> str:
    """A table of the mentions with one of ``verdicts`` (at most ``FAILURES_LISTED``), each
    linked to its sentence; an uncertain one says why its link is in doubt."""
    found = [
        (f, number, m)
        for f in facts
        for number, m in enumerate(f.mentions)
        if m.verdict in verdicts
    ]
    doubts = UNCERTAIN in verdicts
    rows = []
    for fact, number, mention in found[:FAILURES_LISTED]:
        verdict = mention.verdict
        where = _where(mention)
        doubt = ""
        if doubts:
            doubt = f"<td>{_html(mention.doubt or mention.detail or '')}</td>"
        rows.append(
            f'<tr><td><a href="#f{fact.index}m{number}"><code>{_html(where)}</code></a></td>'
            f'<td><span class="badge v-{_html(verdict)}">{_html(LABEL.get(verdict, verdict))}'
            f"</span></td><td>{_html(fact.id)}</td>"
            f"<td>{_html(mention.source_says or '')}</td>"
            f"<td>{_html(fact.canonical)}</td>{doubt}</tr>"
        )
    more = len(found) - FAILURES_LISTED
    tail = (
        f'<p class="more">and {plural(more, "more " + noun)}: use the filter below.</p>'
        if more > 0
        else ""
    )
    table_class = "failures" + (" uncertain" if doubts else "")
    return (
        f'<table class="{table_class}"><caption>{_html(caption)}</caption><thead><tr>'
        '<th scope="col">where</th><th scope="col">verdict</th><th scope="col">fact'
        '</th><th scope="col">the source says</th><th scope="col">the fact says</th>'
        + ('<th scope="col">why in doubt</th>' if doubts else "")
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + tail
    )


def _where(record: Record) -> str:
    if record.line is None:
        return record.source or ""
    return f"{record.source}:{record.line}:{record.column}"


def _controls(facts: list[_Fact]) -> str:
    counts = Counter(m.verdict for f in facts for m in f.mentions)
    counts[UNMENTIONED] = sum(1 for f in facts if not f.mentions)
    boxes = []
    for verdict, label, glyph, _colour, meaning in VERDICTS:
        if verdict in SHOWN_WHEN_PRESENT and not counts[verdict]:
            continue
        boxes.append(
            f'<label class="filter" title="{_html(meaning)}"><input type="checkbox" '
            f'name="verdict" value="{verdict}" checked> <span class="swatch v-{verdict}">'
            f'{_html(glyph)}</span> {_html(label)} <span class="count">'
            f"{counts[verdict]}</span></label>"
        )
    return (
        '<nav id="controls" aria-label="Filter"><fieldset class="legend">'
        "<legend>Verdicts (click to filter)</legend>"
        + "".join(boxes)
        + '<button type="button" id="only-failing">failures only</button>'
        '<button type="button" id="show-all">all</button></fieldset>'
        '<label class="search">Search <input type="search" id="search" '
        'placeholder="fact, source, words in a sentence" autocomplete="off"></label>'
        '<span id="status" role="status" aria-live="polite"></span>'
        "</nav>\n"
    )


def _short_names(sources: list[str]) -> list[str]:
    """Column labels: the file names, or the paths below their common folder if names repeat."""
    names = [s.rsplit("/", 1)[-1] for s in sources]
    if len(set(names)) == len(names):
        return names
    prefix = os.path.commonpath(sources) if len(sources) > 1 else ""
    cut = len(prefix) + 1 if prefix else 0
    return [s[cut:] for s in sources]


def _matrix(facts: list[_Fact], sources: list[str]) -> str:
    """Rows of facts, columns of sources; only the cells of mentions are elements.

    A row's "not mentioned" cells are its background (a repeating gradient), so the page
    holds one element per (fact, source) pair that has mentions, not one per pair.
    """
    labels = _short_names(sources)
    out = [
        '<section id="matrix-section" aria-labelledby="matrix-h">',
        '<h2 id="matrix-h">Facts by source</h2>',
        (
            '<p class="hint" id="matrix-hint">Each row is a fact, each column a source '
            "that mentions at least one fact; a cell takes the colour of the most serious "
            "verdict among that source's mentions of that fact, grey where the source does not "
            "mention it. Click a cell to read the sentences.</p>"
        ),
        (
            '<div class="matrix-wrap" tabindex="0" aria-describedby="matrix-hint">'
            f'<div id="matrix" style="--n:{max(len(sources), 1)}"><div class="mh">'
            '<div class="corner">fact \\ source</div><div class="cells">'
        ),
    ]
    for number, (source, label) in enumerate(zip(sources, labels, strict=True)):
        out.append(
            f'<span class="sh" style="grid-column:'
            f'{number + 1}" title="{_html(source)}">{_html(label)}</span>'
        )
    out.append("</div></div>")
    several_files = len({f.file for f in facts}) > 1
    current_file = None
    for fact in facts:
        if several_files and fact.file != current_file:
            current_file = fact.file
            out.append(f'<div class="mg"><div class="ml">{_html(fact.file)}</div></div>')
        where = f"{fact.file}:{fact.line}" if fact.line else fact.file
        out.append(
            f'<div class="mr" data-f="{fact.index}"><div class="ml '
            f'v-row-{fact.worst}" title="{_html(fact.canonical)} '
            f'({_html(where)})"><a href="#f{fact.index}">{_html(fact.id)}</a></div>'
            '<div class="cells">'
        )
        for column in sorted(fact.cells):
            worst = min((fact.mentions[n].verdict for n in fact.cells[column]), key=_rank)
            out.append(
                f'<span class="v-{_html(worst)}" style="grid-column:{column + 1}">'
                f"{GLYPH.get(worst, '')}</span>"
            )
        out.append("</div></div>")
    out.append("</div></div></section>\n")
    return "".join(out)


def _details(facts: list[_Fact]) -> Iterator[str]:
    """Each fact's heading; its sentences are drawn from the page's data when it is opened."""
    yield (
        '<section id="facts" aria-labelledby="facts-h"><h2 id="facts-h">Facts '
        '<a class="up" href="#controls">filter \u2191</a></h2>'
        '<p class="hint">Open a fact to read what each source says about it. '
        '<button type="button" id="expand">expand all</button> '
        '<button type="button" id="collapse">collapse all</button></p>'
        '<noscript><p class="next failing">The sentences are shown by this page\'s '
        "script; with JavaScript off, read them in facts.json beside this file.</p>"
        "</noscript>"
    )
    for fact in facts:
        out = []
        counts = Counter(m.verdict for m in fact.mentions)
        badges = "".join(
            f'<span class="badge v-{v}">{counts[v]} {_html(LABEL[v])}</span>'
            for v, *_ in VERDICTS
            if counts[v]
        )
        if not fact.mentions:
            badges = '<span class="badge v-unmentioned">not mentioned</span>'
        badges += "".join(
            f'<span class="badge">{n} {_html(v)}</span>'
            for v, n in counts.items()
            if v not in SEVERITY
        )
        where = f"{fact.file}:{fact.line}" if fact.line else fact.file
        interval = (
            f" \u2192 <code>{_html(fact.canonical_interval)}</code>"
            if fact.canonical_interval
            else ""
        )
        out.append(
            f'<details class="fact" id="f{fact.index}" data-f="{fact.index}">'
            f'<summary><span class="fid">{_html(fact.id)}</span> {badges} '
            f'<span class="canon">{_html(fact.canonical)}</span></summary>'
            f'<div class="fact-body"><p class="meta"><span class="kind">'
            f"{_html(fact.kind)}</span> the fact says <q>{_html(fact.canonical)}</q>{interval}"
            f" \u00b7 defined at <code>{_html(where)}</code></p>"
            + (f'<p class="note">{_html(fact.note)}</p>' if fact.note else "")
        )
        if fact.mentions:
            out.append('<ol class="mentions"></ol></div></details>\n')
        else:
            out.append(
                '<p class="none">No source mentions this fact: check its '
                "<code>about</code> anchors and <code>of</code> nouns; they may match "
                "nothing.</p></div></details>\n"
            )
        yield "".join(out)
    yield "</section>\n"


def _data(facts: list[_Fact], sources: list[str]) -> Iterator[str]:
    """Every fact's mentions as [column, verdict, escaped HTML of the entry], as JSON.

    The browser parses JSON far faster than markup: tens of thousands of mentions cost a
    fraction of a second until a fact is opened. The entries are built here with
    ``html.escape`` like the rest of the page; ``</`` and ``<!--`` are escaped so the data
    cannot end its ``<script>`` element.
    """
    column = {source: number for number, source in enumerate(sources)}
    yield '<script type="application/json" id="facts-data">['
    # Fact by fact, the same text as one json.dumps of the whole list (no escape can be cut
    # in two: each part ends with "]").
    for number, fact in enumerate(facts):
        data = [
            [column[m.source or ""], m.verdict, _mention(fact, index, m)]
            for index, m in enumerate(fact.mentions)
        ]
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        yield ("," if number else "") + text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    yield "]</script>\n"


def _mention(fact: _Fact, number: int, mention: Record) -> str:
    """One mention: where, the verdict, the sentence with the mention marked, and why."""
    verdict = _html(mention.verdict)
    value = mention.source_interval
    return (
        f'<li class="mention" id="f{fact.index}m{number}" data-v="{verdict}">'
        f'<p class="where"><span class="badge v-{verdict}">'
        f"{_html(LABEL.get(mention.verdict, mention.verdict))}</span> "
        f"<code>{_html(_where(mention))}</code></p>"
        f"<blockquote>{_highlighted(mention)}</blockquote>"
        f'<p class="why">the source says <q>{_html(mention.source_says or "")}</q>'
        + (f" \u2192 <code>{_html(value)}</code>" if value else "")
        + (f": uncertain link ({_html(mention.doubt)})" if mention.doubt else "")
        + f": {_html(mention.detail or '')}</p></li>"
    )


def _highlighted(mention: Record) -> str:
    sentence = mention.sentence or ""
    span = mention.highlight
    if not span:
        says = " ".join((mention.source_says or "").split())
        at = sentence.find(says) if says else -1
        span = (at, at + len(says)) if at >= 0 else None
    if not span or not 0 <= span[0] < span[1] <= len(sentence):
        return _html(sentence)
    start, end = span
    return (
        f"{_html(sentence[:start])}<mark>{_html(sentence[start:end])}</mark>{_html(sentence[end:])}"
    )


def _verdicts_data() -> str:
    """The verdicts as the page's script reads them (most severe first, with their glyphs,
    and which of them fail), from ``VERDICTS``: the script and the page never disagree."""
    shown_verdicts = [v for v, *_ in VERDICTS if v != UNMENTIONED]
    data = {
        "order": shown_verdicts,
        "glyph": {v: GLYPH[v] for v in shown_verdicts},
        "failing": [v for v in shown_verdicts if v in FAILING_VERDICTS],
    }
    return f'<script type="application/json" id="facts-verdicts">{json.dumps(data)}</script>\n'


@cache
def _asset(name: str) -> str:
    """``page.css`` or ``page.js`` beside this module (package data), read once."""
    return files("checks.report").joinpath(name).read_text(encoding="utf-8")


def _css() -> str:
    colours = "".join(
        f".v-{verdict},li.mention[data-v={verdict}] mark{{background:{colour}}}\n"
        for verdict, _l, _g, colour, _m in VERDICTS
        if verdict != UNMENTIONED
    )
    colours += f".v-{UNMENTIONED}{{background:{COLOUR[UNMENTIONED]}}}\n"
    # Uncertain: amber with white stripes where it is a patch of colour (a matrix cell, the
    # legend's swatch), so it reads apart from the yellow and orange verdicts at a glance.
    colours += (
        f".swatch.v-{UNCERTAIN},#matrix .mr .cells>span.v-{UNCERTAIN}{{background:"
        "repeating-linear-gradient(135deg,transparent 0 3px,rgba(255,255,255,.6) 3px "
        f"5px) {COLOUR[UNCERTAIN]}}}\n"
    )
    return _asset("page.css") + colours
