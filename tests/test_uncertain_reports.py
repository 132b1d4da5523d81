"""The verdict `uncertain` (SPEC 4, 5) in every output: a would-be contradiction, misquote or
misattribution on a link the engine cannot be sure of is a pytest warning (never a failure),
a record of facts.json, an amber cell of facts.html with its own filter, a line of the
terminal summary with the next step, a GitHub ``::warning`` and the JUnit ``verdict``.

The links here are made by hand (or, end to end, by a conftest that makes chosen links
uncertain), so these tests hold whatever linking decides is uncertain.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from fractions import Fraction

import pytest

from checks.facts.factfile import Fact, Position
from checks.judge.verdicts import Judgement
from checks.model.intervals import Interval
from checks.model.kinds import Kind, Verdict
from checks.model.mentions import QuantityMention
from checks.model.visible import has_unsafe
from checks.report.html import COLOUR, SEVERITY, VERDICTS, render_html, write_html_report
from checks.report.records import (
    Record,
    as_record,
    example_problem,
    failure_text,
    github_annotations,
    summary,
    uncertain_text,
    write_json_report,
)
from checks.report.records import records as report_records
from checks.run.engine import FactResult, LinkResult

BELOW = (
    "every value the source's words allow is below every value the fact allows, so both "
    "cannot be true"
)
DOUBT = "also fits `police-budget-2024`"


def records(result: FactResult) -> list[Record]:
    """The records of ``result`` as the writers take them."""
    return [as_record(record) for record in report_records(result)]


def _fact(**changes) -> Fact:
    fact = Fact(
        id="us-aid",
        kind="amount",
        value_text="more than 66.5 billion USD",
        value=None,
        position=Position("expectations/story.yaml", 8, 5),
        value_position=Position("expectations/story.yaml", 9, 13),
    )
    return replace(fact, **changes)


def _link(
    says: str, sentence: str, verdict: Verdict, detail: str, line: int = 1, doubt: str | None = None
) -> LinkResult:
    at = sentence.index(says)
    mention = QuantityMention(
        kind=Kind.AMOUNT,
        text=says,
        start=at,
        end=at + len(says),
        sentence=0,
        first_token=0,
        last_token=2,
        interval=Interval(Fraction(635, 10) * 10**9, Fraction(645, 10) * 10**9, True, False),
    )
    judgement = Judgement(
        verdict, "[63.5, 64.5) billion USD", "(66.5, +inf) billion USD", detail, doubt
    )
    return LinkResult(mention, line, at + 1, sentence, judgement, at)


def _uncertain(says: str = "about $64bn", line: int = 2, doubt: str | None = DOUBT) -> LinkResult:
    return _link(says, f"The US provided {says} of that.", Verdict.UNCERTAIN, BELOW, line, doubt)


def _contradiction(says: str = "about $60bn", line: int = 1) -> LinkResult:
    return _link(says, f"The US provided {says} of that.", Verdict.CONTRADICTION, BELOW, line)


def _consistent(says: str = "$67bn", line: int = 3) -> LinkResult:
    return _link(
        says,
        f"The US provided {says} of that.",
        Verdict.CONSISTENT,
        "the source's value can be the canonical one",
        line,
    )


def _result(
    *links: LinkResult, fact: Fact | None = None, source: str = "sources/b.txt"
) -> FactResult:
    return FactResult(fact or _fact(), "expectations/story.yaml", source, links)


# -- the proofreader's note of an uncertain mention --------------------------------------


UNCERTAIN_NOTE = (
    "sources/b.txt:2:17: uncertain link to us-aid (expectations/story.yaml:8)\n"
    '  source says:  "about $64bn"  ->  [63.5, 64.5) billion USD\n'
    '  canonical:    "more than 66.5 billion USD"  ->  (66.5, +inf) billion USD\n'
    "  sentence:     The US provided about $64bn of that.\n"
    "  doubt:        also fits `police-budget-2024`\n"
    f"  why:          {BELOW}"
)


def test_an_uncertain_mention_reads_like_a_proofreaders_note_headed_uncertain_link():
    result = _result(_uncertain())
    assert uncertain_text(result, result.links[0]) == UNCERTAIN_NOTE
    noted = _result(_uncertain(), fact=_fact(note="Counted\nsince 2022."))
    assert uncertain_text(noted, noted.links[0]) == (
        UNCERTAIN_NOTE + "\n  note:         Counted since 2022."
    )


def test_a_failing_item_lists_its_uncertain_mentions_after_its_failures():
    result = _result(_uncertain(), _consistent(), _contradiction())
    first, second = failure_text(result).split("\n\n")
    assert first.startswith(
        "sources/b.txt:1:17: contradiction with us-aid (expectations/story.yaml:8)\n"
    )
    assert "doubt:" not in first
    assert second == UNCERTAIN_NOTE


@pytest.mark.parametrize("doubt", [DOUBT, "dates the statement (`said Monday`)", None])
def test_the_doubt_has_its_own_line_and_the_detail_is_the_why(doubt):
    result = _result(_uncertain(doubt=doubt))
    lines = uncertain_text(result, result.links[0]).split("\n")
    assert lines[-1] == f"  why:          {BELOW}"
    assert (lines[-2] == f"  doubt:        {doubt}") == (doubt is not None)


# -- facts.json ----------------------------------------------------------------------------


def test_facts_json_has_the_uncertain_verdict_with_its_detail(tmp_path):
    found = records(_result(_uncertain(), _consistent()))
    write_json_report(tmp_path / "facts.json", found)
    results = json.loads((tmp_path / "facts.json").read_text(encoding="utf-8"))["results"]
    assert [(r["line"], r["verdict"], r["detail"], r["doubt"]) for r in results] == [
        (2, "uncertain", BELOW, DOUBT),
        (3, "consistent", "the source's value can be the canonical one", None),
    ]


# -- the terminal summary ------------------------------------------------------------------


def _record(fact, verdict, source="s/a.txt"):
    return as_record(
        {"fact_file": "expectations/x.yaml", "fact": fact, "verdict": verdict, "source": source}
    )


def test_the_summary_counts_uncertain_links_with_the_next_step():
    found = [
        _record("a", "consistent"),
        _record("a", "uncertain"),
        _record("b", "uncertain", "s/b.txt"),
        _record("b", "uncertain", "s/c.txt"),
    ]
    assert summary(found, 3, "reports") == [
        "2 facts checked in 3 sources: no contradictions, 3 uncertain links.",
        (
            "3 uncertain links to review (listed above and in facts.html): a contradiction, "
            "misquote or misattribution on a link that may not be about the fact, so it does "
            "not fail the run. Tighten the facts' `about` anchors or add `examples` so these "
            "links become certain."
        ),
        "Details: reports/facts.html (for people), reports/facts.json (for tools)",
    ]
    lines = summary(found[:2] + [_record("c", "contradiction")], 3, "reports")
    assert lines[0] == "2 facts checked in 3 sources: 1 contradiction, 1 uncertain link."
    assert lines[1].startswith("Fix the sources")
    assert lines[2].startswith("1 uncertain link to review")
    assert not any("uncertain" in line for line in summary(found[:1], 1, "reports"))


# -- GitHub annotations --------------------------------------------------------------------


def test_one_warning_annotation_per_uncertain_mention_after_the_errors():
    found = records(_result(_uncertain(line=2), _contradiction(line=5), _consistent())) + records(
        _result(
            _uncertain("about $62bn", line=1), fact=_fact(id="aid-total"), source="sources/a.txt"
        )
    )
    lines = github_annotations(found)
    assert [line.split("::")[1] for line in lines] == [
        "error file=sources/b.txt,line=5,col=17,title=contradiction with us-aid",
        "warning file=sources/a.txt,line=1,col=17,title=uncertain link to aid-total",
        "warning file=sources/b.txt,line=2,col=17,title=uncertain link to us-aid",
    ]
    assert lines[2] == (
        "::warning file=sources/b.txt,line=2,col=17,title=uncertain link to us-aid::"
        "uncertain link to us-aid (expectations/story.yaml:8)%0A"
        'source says:  "about $64bn"  ->  [63.5, 64.5) billion USD%0A'
        'canonical:    "more than 66.5 billion USD"  ->  (66.5, +inf) billion USD%0A'
        "sentence:     The US provided about $64bn of that.%0A"
        "doubt:        also fits `police-budget-2024`%0A"
        f"why:          {BELOW}"
    )
    assert github_annotations(records(_result(_consistent()))) == []


def test_uncertain_annotations_are_escaped_as_the_errors_are():
    hostile = _link(
        "about $64bn",
        "It rose 5%\r\nthen \x1b[2J fell to about $64bn: twice.",
        Verdict.UNCERTAIN,
        "b\x07",
        line=2,
        doubt="also fits `a%0A`\n::error::x",
    )
    fact = _fact(id="odd,id:1\n::error::id")
    (line,) = github_annotations(
        records(_result(hostile, fact=fact, source="sources/100%, a:b\r\n.txt"))
    )
    command, message = line.split("::", 2)[1:]
    assert command == (
        "warning file=sources/100%25%2C a%3Ab%0D%0A.txt,line=2,col=31,"
        "title=uncertain link to odd%2Cid%3A1\\n%3A%3Aerror%3A%3Aid"
    )
    assert "sentence:     It rose 5%25\\r\\nthen \\x1b[2J fell to about $64bn: twice.%0A" in message
    assert "%0Adoubt:        also fits `a%250A`\\n::error::x%0A" in message
    assert message.endswith("%0Awhy:          b\\x07")
    assert "\n" not in line and "\r" not in line and not has_unsafe(line)


def test_no_hostile_text_starts_a_line_of_an_uncertain_note():
    hostile = _link(
        "about $64bn",
        "The US provided about $64bn \x1b]52;c;x\x07 of that.",
        Verdict.UNCERTAIN,
        "why\u202e",
        line=2,
        doubt="also\n::error::fits",
    )
    fact = _fact(id="us-aid\n::error::id", note="a\n::warning::note")
    result = _result(hostile, fact=fact, source="::error::b.txt")
    texts = [
        uncertain_text(result, hostile),
        failure_text(result),
        "\n".join(summary(records(result), 1, "reports")),
    ]
    for text in texts:
        for line in text.splitlines():
            assert not line.lstrip().startswith("::"), line
            assert not has_unsafe(line), line
    assert texts[0].startswith("./::error::b.txt:2:17: uncertain link to us-aid\\n::error::id ")


# -- JUnit properties ----------------------------------------------------------------------


def _verdict_property(result: FactResult) -> tuple[str, object, object]:
    from checks.plugin.items import _properties

    properties = dict(_properties(result))
    return properties["verdict"], properties["line"], properties["source_says"]


def test_the_junit_verdict_is_uncertain_when_the_item_has_no_failure_but_an_uncertain_link():
    assert _verdict_property(_result(_consistent(), _uncertain())) == (
        "uncertain",
        2,
        "about $64bn",
    )
    assert _verdict_property(_result(_uncertain(), _contradiction())) == (
        "contradiction",
        1,
        "about $60bn",
    )
    assert _verdict_property(_result(_consistent())) == ("consistent", 3, "$67bn")


# -- examples ------------------------------------------------------------------------------


def test_an_example_that_comes_out_uncertain_behaves_as_labelled_neither_way():
    fact = _fact()
    sentence = "The US provided about $64bn of that."
    for expectation, wanted in (("consistent", "consistent"), ("contradicts", "a contradiction")):
        problem = example_problem(fact, expectation, sentence, [_uncertain()])
        assert problem == (
            f"expectations/story.yaml:8:5: example of us-aid ({expectation}) should be "
            f'{wanted}, but "about $64bn" is uncertain (also fits `police-budget-2024`). '
            f"Sentence: {sentence}"
        )


# -- facts.html ----------------------------------------------------------------------------


def _html_records() -> list[Record]:
    return (
        records(_result(_consistent(), _uncertain()))
        + records(
            _result(
                _uncertain("about $62bn", line=1),
                fact=_fact(id="aid-total"),
                source="sources/a.txt",
            )
        )
        + records(
            _result(
                _contradiction(),
                _uncertain("about $61bn", line=4),
                fact=_fact(id="aid-2024"),
                source="sources/a.txt",
            )
        )
    )


def test_html_gives_uncertain_its_own_colour_and_a_rank_below_the_failures():
    colours = {verdict: colour for verdict, _label, _glyph, colour, _meaning in VERDICTS}
    assert COLOUR["uncertain"] == "#ffab00"
    assert len(set(colours.values())) == len(colours)  # a colour of its own
    assert max(SEVERITY[v.value] for v in Verdict if v.fails) < SEVERITY["uncertain"]
    assert SEVERITY["uncertain"] < SEVERITY["consistent"]
    assert SEVERITY["uncertain"] < SEVERITY["accepted"] < SEVERITY["unresolved"]


def test_html_summary_counts_and_lists_the_uncertain_links_to_review():
    page = render_html(_html_records(), "Story")
    assert '<span class="badge v-uncertain">3 uncertain</span>' in page
    assert "<strong>3 uncertain links to review</strong>" in page
    assert "<code>about</code> anchors or add <code>examples</code>" in page
    table = re.search(r'<table class="failures uncertain">.*?</table>', page).group()
    assert "<caption>Uncertain links to review</caption>" in table
    assert table.count("<tr>") == 4  # the heading and three mentions
    assert "<td>also fits `police-budget-2024`</td>" in table
    failing = re.search(r'<table class="failures">.*?</table>', page).group()
    assert failing.count("<tr>") == 2 and "v-uncertain" not in failing
    # One failing mention: the item fails; the run has no other failure.
    assert "<strong>1 failing mention</strong>" in page


def test_html_matrix_ranks_uncertain_between_the_failures_and_consistent():
    page = render_html(_html_records(), None)
    rows = dict(
        re.findall(
            r'<a href="#f\d+">([a-z0-9-]+)</a></div><div class="cells">(.*?)'
            r"</div></div>",
            page,
        )
    )
    assert rows["us-aid"] == '<span class="v-uncertain" style="grid-column:2">!</span>'
    assert rows["aid-2024"] == '<span class="v-contradiction" style="grid-column:1">\u2717</span>'
    assert 'class="ml v-row-uncertain"' in page
    assert "#matrix .ml.v-row-uncertain{border-left-color:#ffab00}" in page


def test_html_filter_and_script_know_the_uncertain_verdict():
    page = render_html(_html_records(), None)
    assert re.search(
        r'<input type="checkbox" name="verdict" value="uncertain" checked> '
        r'<span class="swatch v-uncertain">!</span> uncertain '
        r'<span class="count">3</span>',
        page,
    )
    verdicts = re.search(
        r'<script type="application/json" id="facts-verdicts">(.*?)</script>', page
    ).group(1)
    assert json.loads(verdicts) == {
        "order": [
            "contradiction",
            "misquote",
            "misattributed",
            "uncertain",
            "accepted",
            "unresolved",
            "consistent",
        ],
        "glyph": {
            "contradiction": "\u2717",
            "misquote": "\u201d",
            "misattributed": "@",
            "uncertain": "!",
            "accepted": "~",
            "unresolved": "?",
            "consistent": "",
        },
        "failing": ["contradiction", "misquote", "misattributed"],
    }
    # A page without uncertain links has no filter for them (it is as it was).
    plain = render_html(records(_result(_consistent(), _contradiction())), None)
    assert 'value="uncertain"' not in plain


# -- end to end, through pytest -------------------------------------------------------------


INI = """
[pytest]
testpaths = expectations
facts_sources = sources/*
"""

FACTS = """
title: A small story
names:
  United States: [US, Washington]
facts:
  - id: us-aid
    amount: more than 66.5 billion USD
    about: [United States, provided]
  - id: allies
    count: 32
    of: [allies, members]
    about: [NATO]
"""

# Makes the links of chosen mentions uncertain, as linking does when it doubts a link: the
# would-be failure becomes the verdict `uncertain`, its detail led by the reason.
CONFTEST = """
from dataclasses import replace

import checks.run.engine
from checks.model.kinds import Verdict

DOUBTFUL = {("allies", "31"): "`NATO` only modifies `headquarters`",
            ("allies", "30"): "the value follows `up from`",
            ("us-aid", "about $60bn"): "also fits `aid-2023`"}
original = checks.run.engine.judge


def doubting(mention, fact, *args, **kwargs):
    judgement = original(mention, fact, *args, **kwargs)
    doubt = DOUBTFUL.get((fact.id, mention.text))
    if doubt and judgement.verdict.fails:
        return replace(judgement, verdict=Verdict.UNCERTAIN, doubt=doubt)
    return judgement


def pytest_configure(config):
    checks.run.engine.judge = doubting


def pytest_unconfigure(config):
    checks.run.engine.judge = original
"""


@pytest.fixture
def doubtful(pytester: pytest.Pytester):
    pytester.makeini(INI)
    pytester.makeconftest(CONFTEST)
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(FACTS, encoding="utf-8")
    (pytester.path / "sources" / "a.txt").write_text(
        "All 31 allies of NATO met.\n"
        "On Friday, 30 allies of NATO agreed.\n"
        "The US provided more than $66.5 billion to Ukraine.\n",
        encoding="utf-8",
    )
    (pytester.path / "sources" / "b.txt").write_text(
        "The US provided about $64bn of that.\nThe US provided about $60bn of that.\n",
        encoding="utf-8",
    )
    return pytester


def test_an_item_with_only_uncertain_failures_passes_with_one_warning_per_mention(doubtful):
    result = doubtful.runpytest("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=2, failed=1, warnings=2)
    result.stdout.fnmatch_lines(
        [
            "*expectations/story.yaml::allies[[]sources/a.txt[]]*",
            (
                "*FactsUncertainWarning: sources/a.txt:1:5: uncertain link to allies "
                "(expectations/story.yaml:9)"
            ),
            '*  source says:  "31"  ->  [[]31]',
            '*  canonical:    "32"  ->  [[]32]',
            "*  sentence:     All 31 allies of NATO met.",
            "*  doubt:        `NATO` only modifies `headquarters`",
            "*  why:          every value the source's words allow is below *",
            "*FactsUncertainWarning: sources/a.txt:2:12: uncertain link to allies *",
            "*  doubt:        the value follows `up from`",
        ]
    )
    # The failing item lists its uncertain mention after its failure, and warns no more.
    result.stdout.fnmatch_lines(
        [
            "sources/b.txt:1:17: contradiction with us-aid (expectations/story.yaml:6)",
            "*",
            "*",
            "*",
            "  why:          every value *",
            "",
            "sources/b.txt:2:17: uncertain link to us-aid (expectations/story.yaml:6)",
            '  source says:  "about $60bn"  ->  [[]55, 65) billion USD',
            "*",
            "*",
            "  doubt:        also fits `aid-2023`",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "2 facts checked in 2 sources: 1 contradiction, 3 uncertain links.",
            "*",
            "3 uncertain links to review (listed above and in facts.html): *",
        ]
    )
    assert result.ret == 1


def test_uncertain_links_reach_every_report(doubtful, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = doubtful.runpytest("-p", "no:cacheprovider", "--junitxml=junit.xml")
    result.assert_outcomes(passed=2, failed=1, warnings=2)

    data = json.loads((doubtful.path / "reports" / "facts.json").read_text(encoding="utf-8"))
    found = [
        (r["fact"], r["source"], r["line"], r["verdict"], r["doubt"] or r["detail"])
        for r in data["results"]
    ]
    assert found == [
        ("us-aid", "sources/a.txt", 3, "consistent", "the source's value can be the canonical one"),
        (
            "us-aid",
            "sources/b.txt",
            1,
            "contradiction",
            "every value the source's words allow is below every value the fact allows, so both "
            "cannot be true",
        ),
        ("us-aid", "sources/b.txt", 2, "uncertain", "also fits `aid-2023`"),
        ("allies", "sources/a.txt", 1, "uncertain", "`NATO` only modifies `headquarters`"),
        ("allies", "sources/a.txt", 2, "uncertain", "the value follows `up from`"),
    ]

    cases = {
        case.get("name"): case for case in ET.parse(doubtful.path / "junit.xml").iter("testcase")
    }
    verdicts = {
        name: {p.get("name"): p.get("value") for p in case.iter("property")}["verdict"]
        for name, case in cases.items()
    }
    assert verdicts == {
        "us-aid[sources/a.txt]": "consistent",
        "us-aid[sources/b.txt]": "contradiction",
        "allies[sources/a.txt]": "uncertain",
    }
    assert cases["allies[sources/a.txt]"].find("failure") is None

    page = (doubtful.path / "reports" / "facts.html").read_text(encoding="utf-8")
    assert "<strong>3 uncertain links to review</strong>" in page
    assert 'value="uncertain"' in page

    output = result.stdout.lines
    commands = [line.split("::")[1].split(" ")[0] for line in output if line.startswith("::")]
    assert commands == ["error", "warning", "warning", "warning"]
    assert (
        "::warning file=sources/a.txt,line=1,col=5,title=uncertain link to allies::"
        "uncertain link to allies (expectations/story.yaml:9)%0A"
    ) in "\n".join(output)


def test_uncertain_links_are_the_same_with_xdist(doubtful):
    pytest.importorskip("xdist")
    result = doubtful.runpytest("-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=2, failed=1, warnings=2)
    result.stdout.fnmatch_lines(
        ["*FactsUncertainWarning: sources/a.txt:1:5: uncertain link to allies *"]
    )
    data = json.loads((doubtful.path / "reports" / "facts.json").read_text(encoding="utf-8"))
    assert [r["verdict"] for r in data["results"]].count("uncertain") == 3


# -- facts.html in a browser (skipped without Chromium, as tests/test_browser.py) -----------


AMBER = "rgb(255, 171, 0)"  # #ffab00
RED = "rgb(217, 48, 37)"  # #d93025


@pytest.fixture
def page(tmp_path):
    from browser import Chromium, find_chromium

    binary = find_chromium()
    if binary is None:
        if os.environ.get("FACTS_REQUIRE_BROWSER") == "1":
            pytest.fail("no Chromium found, and FACTS_REQUIRE_BROWSER=1 requires it")
        pytest.skip("no Chromium found (install Debian's `chromium` package)")
    path = tmp_path / "facts.html"
    write_html_report(path, _html_records(), "Uncertain")
    with Chromium(binary, width=1280, height=1000) as chromium:
        chromium.open(path.as_uri())
        assert chromium.evaluate("document.documentElement.dataset.ready") == "1"
        yield chromium
        assert chromium.javascript_errors() == []


def _cells(page) -> dict[str, list[tuple[str, str]]]:
    """Each shown row's shown cells: (glyph, background colour)."""
    shown = page.evaluate("""Object.fromEntries([...document.querySelectorAll('#matrix .mr')]
        .filter(r => r.checkVisibility()).map(r => [r.querySelector('.ml a').textContent,
          [...r.querySelectorAll('.cells > span')].filter(c => c.checkVisibility())
            .map(c => [c.textContent, getComputedStyle(c).backgroundColor])]))""")
    return {fact: [tuple(cell) for cell in cells] for fact, cells in shown.items()}


def _settle(page) -> None:
    page.evaluate("new Promise(r => setTimeout(() => requestAnimationFrame(() => r()), 0))")


def test_in_a_browser_uncertain_cells_are_amber_and_have_their_own_filter(page):
    assert _cells(page) == {
        "us-aid": [("!", AMBER)],
        "aid-total": [("!", AMBER)],
        "aid-2024": [("\u2717", RED)],
    }
    swatch = page.evaluate(
        "getComputedStyle(document.querySelector('.swatch.v-uncertain')).backgroundColor"
    )
    assert swatch == AMBER
    page.click("input[name=verdict][value=uncertain]")
    _settle(page)
    # us-aid keeps its consistent mention; aid-total had only its uncertain one; aid-2024's
    # cell holds a contradiction and an uncertain mention, and shows the contradiction.
    assert _cells(page) == {"us-aid": [("", "rgb(129, 201, 149)")], "aid-2024": [("\u2717", RED)]}
    page.click("input[name=verdict][value=contradiction]")
    _settle(page)
    assert _cells(page) == {"us-aid": [("", "rgb(129, 201, 149)")]}
    page.click("input[name=verdict][value=uncertain]")
    _settle(page)
    # With the contradiction filtered out, aid-2024's cell shows its uncertain mention.
    assert _cells(page)["aid-2024"] == [("!", AMBER)]
    page.click("#only-failing")  # failures only: uncertain links are not failures
    _settle(page)
    assert _cells(page) == {"aid-2024": [("\u2717", RED)]}
