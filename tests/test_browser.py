"""facts.html as a person sees it: opened in a real headless Chromium (Debian's ``chromium``).

Skipped when no Chromium is installed, unless FACTS_REQUIRE_BROWSER=1 (as .ci/run sets it
once it has installed the browser), which turns a missing browser into a failure.
FACTS_SCREENSHOT=1 also saves reports/facts-html.png, the report of the seeds.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import Chromium, find_chromium

from checks.report.html import write_html_report
from checks.report.records import Record, as_record

ROOT = Path(__file__).resolve().parents[1]
CONTRADICTION = "rgb(217, 48, 37)"  # #d93025
CONSISTENT = "rgb(129, 201, 149)"  # #81c995
LINES = {"us-aid": 3, "allies": 8, "meeting-day": 13, "no-troops": 18, "founded": 23}
DETAIL = {
    "consistent": "the source's value can be the canonical one",
    "contradiction": "every value the source's words allow is below every value the "
    "fact allows, so both cannot be true",
}


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        message = (
            "no Chromium found (install Debian's `chromium` package, or name a binary "
            "in FACTS_CHROMIUM)"
        )
        if os.environ.get("FACTS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{message}, and FACTS_REQUIRE_BROWSER=1 requires it")
        pytest.skip(message)
    with Chromium(binary, width=1280, height=1000) as chromium:
        yield chromium


def mention(
    fact: str,
    source: str,
    verdict: str,
    says: str,
    sentence: str,
    line: int = 1,
    kind: str = "amount",
    canonical: str = "more than 66.5 billion USD",
) -> Record:
    start = sentence.index(says)
    record = {
        "fact": fact,
        "fact_file": "expectations/story.yaml",
        "fact_line": LINES[fact],
        "source": source,
        "line": line,
        "column": start + 1,
        "kind": kind,
        "verdict": verdict,
        "source_says": says,
        "source_interval": "[63.5, 64.5)",
        "canonical": canonical,
        "canonical_interval": "(66.5, +inf)",
        "sentence": sentence,
        "detail": DETAIL.get(verdict, f"{verdict}, because"),
        "highlight": [start, start + len(says)],
    }
    return as_record(record)


def story_records() -> list[Record]:
    """Six facts, five sources, every verdict."""
    return [
        mention("us-aid", "sources/a.txt", "consistent", "$67bn", "The US provided $67bn."),
        mention(
            "us-aid",
            "sources/b.txt",
            "contradiction",
            "about $64bn",
            "The US provided about $64bn of that <b>in bold</b>.",
        ),
        mention("us-aid", "sources/c.txt", "accepted", "$60bn", "Aid was $60bn last year."),
        mention("allies", "sources/a.txt", "consistent", "32", "All 32 allies met."),
        mention("allies", "sources/b.txt", "consistent", "32", "The 32 allies agreed."),
        mention("allies", "sources/b.txt", "contradiction", "31", "All 31 members agreed.", line=5),
        mention(
            "meeting-day",
            "sources/b.txt",
            "consistent",
            "Wednesday",
            "They met on Wednesday.",
            kind="date",
        ),
        mention(
            "meeting-day",
            "sources/d.txt",
            "unresolved",
            "last week",
            "They met last week.",
            kind="date",
        ),
        mention(
            "no-troops",
            "sources/a.txt",
            "misquote",
            "no troops at all",
            "He said: “no troops at all”.",
            kind="quote",
        ),
        mention(
            "no-troops",
            "sources/d.txt",
            "misattributed",
            "no US troops",
            "Zelensky said: “no US troops”.",
            kind="quote",
        ),
        mention(
            "founded",
            "sources/a.txt",
            "consistent",
            "1949",
            "NATO was founded in 1949.",
            kind="date",
        ),
        mention("founded", "sources/e.txt", "consistent", "1949", "Founded in 1949.", kind="date"),
        as_record(
            {
                "fact": "never-said",
                "fact_file": "expectations/story.yaml",
                "fact_line": 30,
                "source": None,
                "line": None,
                "column": None,
                "kind": "count",
                "verdict": "unmentioned",
                "source_says": None,
                "source_interval": None,
                "canonical": "7",
                "canonical_interval": None,
                "sentence": None,
                "detail": "no source mentions this fact",
                "highlight": None,
            }
        ),
    ]


# Reading the page the way a person does: what is displayed, in which colour.
HELPERS = """
window.t = {
  row: (fact) => [...document.querySelectorAll('#matrix .mr')]
      .find(r => r.querySelector('.ml a').textContent === fact),
  column: (source) => [...document.querySelectorAll('#matrix .sh')]
      .findIndex(h => h.title === source),
  cell: (fact, source) => t.row(fact).querySelector(
      `.cells > span[data-col="${t.column(source)}"]`),
  seen: (element) => !!element && element.checkVisibility(),
  colour: (element) => getComputedStyle(element).backgroundColor,
  shownFacts: () => [...document.querySelectorAll('#matrix .mr')]
      .filter(r => r.checkVisibility()).map(r => r.querySelector('.ml a').textContent),
  shownSources: () => [...document.querySelectorAll('#matrix .sh')]
      .filter(h => h.checkVisibility()).map(h => h.title),
  status: () => document.getElementById('status').textContent,
};
"""


@pytest.fixture
def page(browser, tmp_path):
    path = tmp_path / "facts.html"
    write_html_report(path, story_records(), "A small story")
    browser.open(path.as_uri())
    assert browser.evaluate("document.documentElement.dataset.ready") == "1"
    browser.evaluate(HELPERS)
    yield browser
    assert browser.javascript_errors() == []


def settle(browser, ms: int = 0) -> None:
    """Let the page react (timers, then a frame) before looking at it."""
    browser.evaluate(f"new Promise(r => setTimeout(() => requestAnimationFrame(() => r()), {ms}))")


def test_the_matrix_of_facts_by_sources_is_shown(page):
    assert page.evaluate("document.title") == "A small story \u2014 facts report"
    assert page.evaluate("t.shownFacts()") == [
        "us-aid",
        "allies",
        "meeting-day",
        "no-troops",
        "founded",
        "never-said",
    ]
    assert page.evaluate("t.shownSources()") == [f"sources/{name}.txt" for name in "abcde"]
    box = page.evaluate(
        "(() => { const r = document.getElementById('matrix')"
        ".getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert box[0] > 200 and box[1] > 6 * 16
    assert page.evaluate("t.status()") == (
        "Showing 6 of 6 facts, 12 of 12 mentions, 5 of 5 sources."
    )
    # The legend says what the colours mean, and with the same colours.
    legend = page.evaluate(
        "[...document.querySelectorAll('#controls label.filter')].map("
        "l => [l.textContent.trim().replace(/\\s+/g, ' '), "
        "t.colour(l.querySelector('.swatch'))])"
    )
    assert legend[0] == ["\u2717 contradiction 2", CONTRADICTION]
    assert legend[5] == ["consistent 6", CONSISTENT]
    assert [label for label, _colour in legend][1:5] == [
        "\u201d misquote 1",
        "@ misattributed 1",
        "~ accepted 1",
        "? unresolved 1",
    ]
    assert legend[6][0] == "not mentioned 1"


def test_a_contradiction_cell_has_the_contradiction_colour(page):
    assert page.evaluate("t.colour(t.cell('us-aid', 'sources/b.txt'))") == CONTRADICTION
    assert page.evaluate("t.cell('us-aid', 'sources/b.txt').textContent") == "\u2717"
    assert page.evaluate("t.colour(t.cell('us-aid', 'sources/a.txt'))") == CONSISTENT
    # A cell shows the most serious verdict of the source's mentions of the fact.
    assert page.evaluate("t.colour(t.cell('allies', 'sources/b.txt'))") == CONTRADICTION
    # Where a source does not mention a fact there is no coloured cell.
    assert page.evaluate("t.cell('us-aid', 'sources/e.txt')") is None
    assert page.evaluate("t.colour(t.cell('us-aid', 'sources/c.txt'))") != CONTRADICTION


def test_the_verdict_filter_hides_consistent_rows_and_cells(page):
    page.click("input[name=verdict][value=consistent]")
    settle(page)
    assert not page.evaluate("document.querySelector('input[value=consistent]').checked")
    # A fact whose mentions are all consistent leaves the matrix and the list of facts.
    assert page.evaluate("t.shownFacts()") == [
        "us-aid",
        "allies",
        "meeting-day",
        "no-troops",
        "never-said",
    ]
    assert not page.evaluate("t.seen(document.querySelector('details#f4'))")
    # Consistent cells go; the contradictions stay, in their colour.
    assert not page.evaluate("t.seen(t.cell('us-aid', 'sources/a.txt'))")
    assert page.evaluate("t.seen(t.cell('us-aid', 'sources/b.txt'))")
    assert page.evaluate("t.colour(t.cell('us-aid', 'sources/b.txt'))") == CONTRADICTION
    # A source with only consistent mentions leaves the matrix too.
    assert page.evaluate("t.shownSources()") == [f"sources/{name}.txt" for name in "abcd"]
    assert page.evaluate("t.status()") == (
        "Showing 5 of 6 facts, 6 of 12 mentions, 4 of 5 sources."
    )

    page.click("input[name=verdict][value=contradiction]")
    settle(page)
    # allies in b.txt: its contradiction is hidden and its consistent mention too.
    assert page.evaluate("t.shownFacts()") == ["us-aid", "meeting-day", "no-troops", "never-said"]
    page.click("input[name=verdict][value=consistent]")
    settle(page)
    assert page.evaluate("t.colour(t.cell('allies', 'sources/b.txt'))") == CONSISTENT

    page.click("#only-failing")
    settle(page)
    assert page.evaluate("t.shownFacts()") == ["us-aid", "allies", "no-troops"]
    page.click("#show-all")
    settle(page)
    assert len(page.evaluate("t.shownFacts()")) == 6


def test_search_narrows_to_the_facts_and_sentences_that_match(page):
    page.type_text("#search", "wednesday")
    settle(page, 300)
    assert page.evaluate("t.shownFacts()") == ["meeting-day"]
    assert page.evaluate("t.shownSources()") == ["sources/b.txt"]
    page.evaluate("document.getElementById('search').select()")
    page.type_text("#search", "no-troops")
    settle(page, 300)
    assert page.evaluate("t.shownFacts()") == ["no-troops"]
    assert page.evaluate("t.shownSources()") == ["sources/a.txt", "sources/d.txt"]


def test_a_cell_opens_the_sentence_with_the_mention_highlighted(page):
    assert not page.evaluate("document.querySelector('details#f0').open")  # collapsed
    page.click("#matrix .mr[data-f='0'] .cells > span[data-col='1']")
    settle(page)
    assert page.evaluate("document.querySelector('details#f0').open")
    entry = page.evaluate("""(() => {
        const li = [...document.querySelectorAll('details#f0 li.mention')]
            .find(li => li.textContent.includes('sources/b.txt:1:17'));
        const mark = li.querySelector('mark');
        return {seen: t.seen(li), verdict: li.querySelector('.badge').textContent,
                sentence: li.querySelector('blockquote').textContent,
                marked: mark.textContent, colour: t.colour(mark),
                why: li.querySelector('.why').textContent,
                inView: li.getBoundingClientRect().top >= 0 &&
                        li.getBoundingClientRect().bottom <= innerHeight};
    })()""")
    assert entry == {
        "seen": True,
        "verdict": "contradiction",
        "sentence": "The US provided about $64bn of that <b>in bold</b>.",
        "marked": "about $64bn",
        "colour": CONTRADICTION,
        "why": "the source says about $64bn \u2192 [63.5, 64.5): " + DETAIL["contradiction"],
        "inView": True,
    }
    meta = page.evaluate("document.querySelector('details#f0 .meta').textContent")
    assert "more than 66.5 billion USD" in meta and "expectations/story.yaml:3" in meta


def test_the_failure_links_of_the_summary_open_their_sentence(page):
    page.click("table.failures a[href='#f1m2']")
    settle(page)
    assert page.evaluate("document.querySelector('details#f1').open")
    assert page.evaluate("t.seen(document.getElementById('f1m2'))")
    assert "All 31 members agreed." in page.evaluate("document.getElementById('f1m2').textContent")


@pytest.mark.skipif(
    os.environ.get("FACTS_SCREENSHOT") != "1",
    reason="set FACTS_SCREENSHOT=1 to save reports/facts-html.png",
)
def test_screenshot_of_the_seeds_report(browser, tmp_path):
    from checks.report.records import records
    from checks.run.engine import Engine, Settings

    engine = Engine(Settings(rootdir=ROOT))
    fact_file = engine.load_fact_file(ROOT / "expectations" / "hegseth-nato.yaml")
    found = [as_record(r) for result in engine.check_file(fact_file) for r in records(result)]
    path = tmp_path / "facts.html"
    write_html_report(path, found, fact_file.title)
    browser.open(path.as_uri())
    # Open the facts the sources contradict, as an editor would, and look from the top.
    browser.evaluate(
        "document.querySelectorAll('#matrix .mr').forEach(row => {"
        " if (row.querySelector('.cells > span.v-contradiction'))"
        " document.getElementById('f' + row.dataset.f).open = true; });"
        "window.scrollTo(0, 0)"
    )
    settle(browser)
    target = ROOT / "reports" / "facts-html.png"
    browser.screenshot(target)
    assert target.stat().st_size > 10_000


def test_the_page_reads_on_a_420_px_phone_without_sideways_scrolling(browser, tmp_path):
    path = tmp_path / "facts.html"
    write_html_report(path, story_records(), "A small story")
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        width=420,
        height=900,
        deviceScaleFactor=1,
        mobile=True,
    )
    try:
        browser.open(path.as_uri())
        browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        settle(browser, 50)
        assert browser.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [
            420,
            420,
        ]
    finally:
        browser.send("Emulation.clearDeviceMetricsOverride")
