"""The reports people open: JUnit XML for CI, facts.json for bots, facts.html for editors,
GitHub Actions annotations for pull requests (SPEC section 7; reports written as section 9
says, atomically)."""

from __future__ import annotations

import copy
import json
import pickle
import random
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import hypothesis
import pytest
import xmlschema
from hypothesis import strategies as st

from checks.report.html import render_html, write_html_report
from checks.report.records import (
    RECORD_KEYS,
    Record,
    as_record,
    github_annotations,
    record_json,
    record_values,
    write_atomically,
    write_json_report,
)

SCHEMA = Path(__file__).with_name("junit.xsd")
PROPERTIES = [
    "fact",
    "fact_file",
    "source",
    "line",
    "column",
    "verdict",
    "source_says",
    "canonical",
]

INI = """
[pytest]
testpaths = expectations
facts_sources = sources/*
"""

FACTS = """
title: A small story
published:
  sources/b.txt: 2025-02-12
names:
  United States: [US, Washington]
facts:
  - id: us-aid
    amount: more than 66.5 billion USD
    about: [United States, provided]
    accept:
      - source: sources/c.txt
        says: about $60bn
        reason: counts only one year of aid
  - id: allies
    count: 32
    of: [allies, members]
    about: [NATO]
  - id: meeting-day
    date: 2025-02-12
    about: [meeting]
  - id: never-said
    count: 7
    of: [dwarves]
"""


@pytest.fixture
def story(pytester: pytest.Pytester):
    """Two fact files (one broken), four sources: every outcome a JUnit report can hold."""
    pytester.makeini(INI)
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(FACTS, encoding="utf-8")
    (pytester.path / "expectations" / "broken.yaml").write_text(
        "facts:\n  - id: x\n    count: 3\n    abuot: [y]\n", encoding="utf-8"
    )
    (pytester.path / "sources" / "a.txt").write_text(
        "The US provided more than $66.5 billion to Ukraine.\nAll 32 allies of NATO met.\n",
        encoding="utf-8",
    )
    (pytester.path / "sources" / "b.txt").write_text(
        "Sidebar: 12 people read this.\n"
        "The US provided about $64bn of that & more <b>.\n"
        "All 31 members of NATO agreed at the meeting on Wednesday.\n",
        encoding="utf-8",
    )
    (pytester.path / "sources" / "c.txt").write_text(
        "The US provided about $60bn last year.\n", encoding="utf-8"
    )
    (pytester.path / "sources" / "d.bin").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    return pytester


# -- JUnit ---------------------------------------------------------------------------------


def _testcases(path: Path) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in ET.parse(path).iter("testcase")}


def test_junit_validates_against_the_common_schema(story):
    result = story.runpytest(
        "-p", "no:cacheprovider", "--junitxml=junit.xml", "-o", "junit_family=xunit2"
    )
    result.assert_outcomes(passed=3, failed=3, skipped=1, xfailed=1, errors=1)

    schema = xmlschema.XMLSchema(SCHEMA)
    schema.validate(story.path / "junit.xml")  # raises, naming the element, if invalid

    cases = _testcases(story.path / "junit.xml")
    assert len(cases) == 3 + 3 + 1 + 1 + 1  # one testcase per item (and per error)
    for name, case in cases.items():
        if re.fullmatch(r"[a-z-]+(\[sources/[a-z]\.txt\])?", name):
            assert [p.get("name") for p in case.iter("property")] == PROPERTIES, name

    failure = cases["us-aid[sources/b.txt]"].find("failure")
    assert failure.get("message").startswith(
        "sources/b.txt:2:17: contradiction with us-aid (expectations/story.yaml:8)\n"
        '  source says:  "about $64bn"  ->  [63.5, 64.5) billion USD\n'
    )
    assert "Traceback" not in failure.text and "def runtest" not in failure.text
    assert "  sentence:     The US provided about $64bn of that & more <b>." in failure.text

    accepted = cases["us-aid[sources/c.txt]"].find("skipped")
    assert accepted.get("type") == "pytest.xfail"
    assert "counts only one year of aid" in accepted.get("message")
    unmentioned = cases["never-said"].find("skipped")
    assert "no source mentions fact 'never-said'" in unmentioned.get("message")
    (unreadable,) = [
        case.find("failure") for name, case in cases.items() if name.startswith("source[")
    ]
    assert "binary" in unreadable.get("message")
    broken = [case for name, case in cases.items() if case.find("error") is not None]
    assert len(broken) == 1 and "abuot" in broken[0].find("error").text


def test_only_per_test_properties_go_beyond_jenkins_schema(story):
    """Why tests/junit.xsd allows <properties> in <testcase>, and why junit_family = xunit2.

    Without that allowance (the Jenkins xUnit plugin's junit-10.xsd has none), pytest's
    output fails on the per-item properties and on nothing else. The legacy families
    (xunit1, legacy) add ``file`` and ``line`` attributes to every testcase, which neither
    schema has: xunit2, pytest's default, is the family to keep.
    """
    story.runpytest("-p", "no:cacheprovider", "--junitxml=junit.xml", "-o", "junit_family=xunit2")
    text = SCHEMA.read_text(encoding="utf-8")
    marker = '<xs:element ref="properties"/> <!-- TESTCASE-PROPERTIES -->'
    assert marker in text
    strict = xmlschema.XMLSchema(text.replace(marker, ""))
    errors = list(strict.iter_errors(story.path / "junit.xml"))
    assert errors
    assert {
        (error.reason.split(" at ")[0], error.path.rsplit("/", 1)[-1].split("[")[0])
        for error in errors
    } == {("Unexpected child with tag 'properties'", "testcase")}

    story.runpytest("-p", "no:cacheprovider", "--junitxml=xunit1.xml", "-o", "junit_family=xunit1")
    errors = list(xmlschema.XMLSchema(SCHEMA).iter_errors(story.path / "xunit1.xml"))
    assert errors and all("attribute" in error.reason for error in errors)


# -- facts.json ----------------------------------------------------------------------------


def test_facts_json_written_in_parts_is_the_text_of_one_json_dump(tmp_path):
    records = synthetic_records(12, 30, 0.4)
    records[0]["sentence"] = "“Quoted” </script> café\nnext"
    for given in ([as_record(r) for r in records], []):
        write_json_report(tmp_path / "facts.json", given)
        ordered = sorted(
            (dict(zip(RECORD_KEYS, r, strict=True)) for r in given),
            key=lambda r: (
                r["fact_file"],
                r["fact_line"],
                r["source"] or "",
                r["line"] or 0,
                r["column"] or 0,
            ),
        )
        expected = (
            json.dumps({"version": 1, "results": ordered}, indent=2, ensure_ascii=False) + "\n"
        )
        assert (tmp_path / "facts.json").read_text(encoding="utf-8") == expected


def test_a_compact_record_reads_like_its_dict():
    record = synthetic_records(2, 3, 1.0)[0]
    compact = Record(record_values(record))
    assert all(getattr(compact, key) == record[key] for key in RECORD_KEYS)
    assert pickle.loads(pickle.dumps(compact)) == compact == copy.copy(compact)


def test_facts_json_is_version_1_with_one_record_per_mention_and_per_unmentioned_fact(story):
    story.runpytest("-p", "no:cacheprovider")
    reports = story.path / "reports"
    data = json.loads((reports / "facts.json").read_text(encoding="utf-8"))
    # "run" says the run was partial: the story has a fact file that cannot be loaded.
    assert [key for key in data if key != "run"] == ["version", "results"]
    assert data.get("run", {"complete": False})["complete"] is False
    assert data["version"] == 1
    for record in data["results"]:
        assert (
            list(record)
            == list(RECORD_KEYS)
            == [
                "fact",
                "fact_file",
                "fact_line",
                "source",
                "line",
                "column",
                "kind",
                "verdict",
                "source_says",
                "source_interval",
                "canonical",
                "canonical_interval",
                "sentence",
                "highlight",
                "detail",
                "doubt",
                "note",
            ]
        )
    found = [
        (r["fact"], r["source"], r["line"], r["column"], r["verdict"]) for r in data["results"]
    ]
    assert found == [  # fact file order, then source, line and column
        ("us-aid", "sources/a.txt", 1, 17, "consistent"),
        ("us-aid", "sources/b.txt", 2, 17, "contradiction"),
        ("us-aid", "sources/c.txt", 1, 17, "accepted"),
        ("allies", "sources/a.txt", 2, 5, "consistent"),
        ("allies", "sources/b.txt", 3, 5, "contradiction"),
        ("meeting-day", "sources/b.txt", 3, 49, "consistent"),
        ("never-said", None, None, None, "unmentioned"),
    ]
    contradiction = data["results"][1]
    assert contradiction == {
        "fact": "us-aid",
        "fact_file": "expectations/story.yaml",
        "fact_line": 8,
        "source": "sources/b.txt",
        "line": 2,
        "column": 17,
        "highlight": [16, 27],
        "doubt": None,
        "note": None,
        "kind": "amount",
        "verdict": "contradiction",
        "source_says": "about $64bn",
        "source_interval": "[63.5, 64.5) billion USD",
        "canonical": "more than 66.5 billion USD",
        "canonical_interval": "(66.5, +inf) billion USD",
        "sentence": "The US provided about $64bn of that & more <b>.",
        "detail": "every value the source's words allow is below every value the fact allows, "
        "so both cannot be true",
    }
    unmentioned = data["results"][-1]
    assert {k: v for k, v in unmentioned.items() if v is not None} == {
        "fact": "never-said",
        "fact_file": "expectations/story.yaml",
        "fact_line": 22,
        "kind": "count",
        "verdict": "unmentioned",
        "canonical": "7",
        "detail": "no source mentions this fact",
    }
    assert not [p.name for p in reports.iterdir() if p.name.startswith(".")]  # no temp files


def test_reports_are_written_atomically_and_readable_by_others(tmp_path, monkeypatch):
    target = tmp_path / "reports" / "facts.json"
    write_atomically(target, "first\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044  # not owner-only

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("checks.report.records.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "second, half written\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    assert [p.name for p in target.parent.iterdir()] == ["facts.json"]


def test_the_plugin_writes_facts_html_beside_facts_json(story):
    story.runpytest("-p", "no:cacheprovider")
    page = (story.path / "reports" / "facts.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert 'class="fid">us-aid</span>' in page and 'class="fid">never-said</span>' in page
    assert "The US provided <mark>about $64bn<\\/mark> of that &amp; more &lt;b&gt;." in page


def test_the_plugin_prints_annotations_on_github_actions_only(story, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert "::error " not in story.runpytest("-p", "no:cacheprovider").stdout.str()
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            (
                "::error file=sources/b.txt,line=2,col=17,title=contradiction with us-aid::"
                "contradiction with us-aid (expectations/story.yaml:8)%0Asource says:  *"
            )
        ]
    )


# -- GitHub Actions annotations ------------------------------------------------------------


def _record(**changes) -> Record:
    record = {
        "fact": "us-aid",
        "fact_file": "expectations/story.yaml",
        "fact_line": 8,
        "source": "sources/b.txt",
        "line": 2,
        "column": 17,
        "kind": "amount",
        "verdict": "contradiction",
        "source_says": "about $64bn",
        "source_interval": "[63.5, 64.5) billion USD",
        "canonical": "more than 66.5 billion USD",
        "canonical_interval": "(66.5, +inf) billion USD",
        "sentence": "The US provided about $64bn of that.",
        "detail": "every value the source's words allow is below every value the fact "
        "allows, so both cannot be true",
        "highlight": [16, 27],
    }
    record.update(changes)
    return as_record(record)


def test_one_error_annotation_per_failing_mention():
    lines = github_annotations(
        [
            _record(),
            _record(verdict="consistent", line=9),
            _record(verdict="accepted", line=10),
            _record(verdict="unresolved", line=11),
            _record(fact="quote", kind="quote", verdict="misquote", line=1, column=1),
            _record(fact="quote", kind="quote", verdict="misattributed", line=3, column=1),
            _record(fact="never-said", source=None, line=None, column=None, verdict="unmentioned"),
        ]
    )
    assert lines == [
        (
            "::error file=sources/b.txt,line=1,col=1,title=misquote with quote::"
            "misquote with quote (expectations/story.yaml:8)%0A"
            'source says:  "about $64bn"  ->  [63.5, 64.5) billion USD%0A'
            'canonical:    "more than 66.5 billion USD"  ->  (66.5, +inf) billion USD%0A'
            "sentence:     The US provided about $64bn of that.%0A"
            "why:          every value the source's words allow is below every value the fact "
            "allows, so both cannot be true"
        ),
        lines[1],
        lines[2],
    ]
    assert lines[1].startswith(
        "::error file=sources/b.txt,line=2,col=17,"
        "title=contradiction with us-aid::contradiction with us-aid"
    )
    assert lines[2].startswith(
        "::error file=sources/b.txt,line=3,col=1,title=misattributed with quote::"
    )


def test_annotations_escape_as_github_requires():
    (line,) = github_annotations(
        [
            _record(
                source="sources/100%, a:b\r\n.txt",
                fact="odd,id:1",
                sentence="It rose 5%\r\nthen fell, again: twice.",
                detail="a%0A literal",
            )
        ]
    )
    command, message = line.split("::", 2)[1:]
    assert command == (
        "error file=sources/100%25%2C a%3Ab%0D%0A.txt,line=2,col=17,"
        "title=contradiction with odd%2Cid%3A1"
    )
    # A text's own line breaks are shown as escapes (visible), never as lines of the message.
    assert "sentence:     It rose 5%25\\r\\nthen fell, again: twice.%0A" in message
    assert message.endswith("why:          a%250A literal")
    assert "\n" not in line and "\r" not in line


def test_no_annotations_without_failures():
    assert github_annotations([_record(verdict="consistent")]) == []
    assert github_annotations([]) == []


# -- facts.html (without a browser: tests/test_browser.py looks at it in Chromium) ---------


def _html_records() -> list[Record]:
    return [
        _record(sentence="The US provided about $64bn of that <script>alert(1)</script>."),
        _record(
            source="sources/a.txt",
            verdict="consistent",
            source_says="$67bn",
            sentence="The US provided $67bn.",
            highlight=[16, 21],
        ),
        _record(
            fact="never-said",
            fact_line=20,
            source=None,
            line=None,
            column=None,
            verdict="unmentioned",
            source_says=None,
            source_interval=None,
            canonical_interval=None,
            sentence=None,
            detail="no source mentions this fact",
            highlight=None,
            canonical="7 & <b>more</b>",
        ),
    ]


def test_html_is_one_self_contained_page():
    page = render_html(_html_records(), "Hegseth & NATO <2025>")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Hegseth &amp; NATO &lt;2025&gt; \u2014 facts report</title>" in page
    assert not re.search(r"(?i)(src|href)\s*=\s*[\"']?(https?:|//)", page)
    assert not re.search(r"(?i)<link\b|@import|url\(", page)
    assert "<script>alert(1)" not in page and "<b>more" not in page
    assert "7 &amp; &lt;b&gt;more&lt;/b&gt;" in page
    # The mentions' data cannot end its <script> element early.
    data = re.search(
        r'<script type="application/json" id="facts-data">(.*?)</script>', page, re.DOTALL
    ).group(1)
    assert "</" not in data and "<!--" not in data
    entries = json.loads(data)
    assert [[column, verdict] for column, verdict, _html in entries[0]] == [
        [0, "consistent"],
        [1, "contradiction"],
    ]
    assert entries[1] == []
    assert (
        "The US provided <mark>about $64bn</mark> of that &lt;script&gt;alert(1)&lt;/script&gt;."
    ) in entries[0][1][2]
    assert "The US provided <mark>$67bn</mark>." in entries[0][0][2]


def test_html_summary_lists_the_failures_and_the_unmentioned_facts():
    page = render_html(_html_records(), None)
    assert "<h1>Fact check</h1>" in page
    assert "<strong>2 facts</strong> from 1 fact file" in page
    assert '<a href="#f0m1"><code>sources/b.txt:2:17</code></a>' in page
    assert 'No source mentions <a href="#f1">never-said</a>' in page
    assert '<span class="v-contradiction" style="grid-column:2">' in page
    assert '<span class="v-consistent" style="grid-column:1">' in page


def test_html_report_is_written_atomically(tmp_path):
    target = tmp_path / "reports" / "facts.html"
    write_html_report(target, _html_records(), "Story")
    assert target.read_text(encoding="utf-8") == render_html(_html_records(), "Story")
    assert [p.name for p in target.parent.iterdir()] == ["facts.html"]


def synthetic_records(facts: int, sources: int, density: float, seed: int = 6) -> list[dict]:
    """Records of a large run: each source mentions each fact with probability ``density``."""
    rng = random.Random(seed)
    verdicts = (
        ["consistent"] * 92
        + ["contradiction"] * 4
        + ["misquote", "misattributed", "accepted", "unresolved"]
    )
    records = []
    for number in range(facts):
        base = {
            "fact": f"fact-{number:03d}",
            "fact_file": f"expectations/f{number // 50}.yaml",
            "fact_line": 3 + 4 * (number % 50),
            "kind": "amount",
            "canonical": f"more than {number}.5 billion USD",
        }
        mentioned = [s for s in range(sources) if rng.random() < density]
        for source in mentioned:
            sentence = (
                f"In article {source} officials said the US provided about "
                f"${number}bn of aid, up from last year."
            )
            says = f"about ${number}bn"
            start = sentence.index(says)
            records.append(
                {
                    **base,
                    "source": f"archive/{source // 100:02d}/{source:05d}.txt",
                    "line": 1 + source % 40,
                    "column": start + 1,
                    "verdict": rng.choice(verdicts),
                    "source_says": says,
                    "source_interval": f"[{number - 0.5}, {number + 0.5}) billion USD",
                    "canonical_interval": f"({number}.5, +inf) billion USD",
                    "sentence": sentence,
                    "detail": "every value the source's words allow is below every value the fact "
                    "allows, so both cannot be true",
                    "highlight": [start, start + len(says)],
                    "doubt": None,
                    "note": None,
                }
            )
        if not mentioned:
            records.append(
                {
                    **base,
                    "source": None,
                    "line": None,
                    "column": None,
                    "verdict": "unmentioned",
                    "source_says": None,
                    "source_interval": None,
                    "canonical_interval": None,
                    "sentence": None,
                    "detail": "no source mentions this fact",
                    "highlight": None,
                    "doubt": None,
                    "note": None,
                }
            )
    return records


def test_html_for_200_facts_by_1000_sources_has_every_row_and_column():
    # How long it takes to build is measured by benchmarks/html_report.py, not asserted here.
    records = [as_record(r) for r in synthetic_records(200, 1000, 0.05)]
    page = render_html(records, "Archive")
    assert page.count('class="mr"') == 200 and page.count('class="sh"') == 1000


def test_summary_speaks_in_plain_sentences_with_next_steps():
    from checks.report.records import summary

    def record(fact, verdict, source="s/a.txt"):
        return as_record(
            {
                "fact_file": "expectations/x.yaml",
                "fact": fact,
                "verdict": verdict,
                "source": source,
            }
        )

    records = [
        record("a", "consistent"),
        record("a", "contradiction", "s/b.txt"),
        record("b", "accepted"),
        record("c", "unmentioned", None),
        record("d", "unresolved"),
    ]
    assert summary(records, 5, "reports", self_check_findings=2) == [
        (
            "4 facts checked in 5 sources: 1 contradiction, 1 accepted, 1 unresolved date, "
            "1 fact never mentioned, 2 problems inside sources."
        ),
        (
            "Fix the sources, or update the fact files in expectations/ if the canonical fact "
            "changed; then re-run only those with `pytest --lf`."
        ),
        (
            "Facts never mentioned may have anchors that match nothing: c. Loosen their `about` or "
            "`of`, or add `examples` to see why."
        ),
        (
            "Problems inside sources (a wrong weekday, an impossible date, two values for one "
            "thing) are listed above as warnings; fix the sources."
        ),
        "Details: reports/facts.html (for people), reports/facts.json (for tools)",
    ]
    assert summary([record("a", "consistent")], 1, "out")[0] == (
        "1 fact checked in 1 source: no contradictions."
    )


def test_a_repeated_figure_is_highlighted_where_it_stands():
    """The highlight comes from the mention's own offset: in a sentence that repeats a
    figure, each record marks its own occurrence (a search would mark the first every time)."""
    from checks.extract.pipeline import load_pipeline, parse_source
    from checks.facts.factfile import load_fact_file
    from checks.facts.values import parse_tolerance, parse_value
    from checks.read.sources import SourceText
    from checks.report.records import records
    from checks.run.engine import check_parsed

    text = "The depot  held 3 trucks,\n  then 3 trucks again, and later 3 trucks.\n"
    parsed = parse_source(load_pipeline(), SourceText("a.txt", text, "", None))
    fact_file = load_fact_file(
        "f.yaml",
        "facts:\n  - id: trucks\n    count: 4\n    of: [trucks]\n",
        parse_value,
        parse_tolerance,
    )
    links = [link for _fact, link in check_parsed(parsed, fact_file)]
    marked = []
    for link in links:
        from checks.run.engine import FactResult

        record = records(FactResult(fact_file.facts[0], "f.yaml", "a.txt", (link,)))[0]
        start, end = record["highlight"]
        assert record["sentence"][start:end] == link.mention.text
        marked.append(start)
    assert len(marked) == 3 and len(set(marked)) == 3


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    st.fixed_dictionaries({key: _SCALARS | st.lists(_SCALARS, max_size=3) for key in RECORD_KEYS})
)
def test_a_record_is_written_as_json_dumps_with_an_indent_writes_it(record):
    """facts.json is written one record at a time with json's fast encoder; the text must
    stay that of json.dumps(indent=2), which the format documents."""
    in_order = {key: record[key] for key in RECORD_KEYS}
    want = json.dumps(in_order, indent=2, ensure_ascii=False).replace("\n", "\n    ")
    assert record_json(as_record(record), "    ") == want
