"""--facts-suggest (SPEC section 7): values several sources state about the same thing.

Unit tests read the seeds through the engine and check what the general grouping rules
find; pytester tests run the option as an editor would, with and without fact files, and
check that the draft is a fact file that validates, loads and runs once moved.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from checks.facts.factfile import load_fact_file
from checks.facts.values import parse_tolerance, parse_value
from checks.judge import statements
from checks.report import suggest
from checks.run.engine import Engine, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeds_parsed():
    return Engine(Settings(rootdir=ROOT, source_globs=("seeds/**/*",))).parsed()


@pytest.fixture(scope="module")
def found(seeds_parsed):
    return suggest.suggestions(suggest.group_statements(statements.statements(seeds_parsed)))


def said(group) -> set[tuple[str, str]]:
    return {(s.source[6:9], s.text) for s in group.statements}


def test_the_seeds_disagreement_on_money_is_surfaced(found):
    money = [s.group for s in found if not s.group.agree and s.group.unit == "USD"]
    assert [said(g) for g in money] == [
        {("000", "more than $66.5 billion"), ("003", "about $64bn")}
    ]
    assert "US" in money[0].anchors


def test_counts_and_dates_the_seeds_share_are_agreements(found):
    agreed = {(s.group.kind, s.group.noun_text, s.value) for s in found if s.group.agree}
    assert ("count", "countries", "approximately 50") in agreed
    assert ("count", "regions", "four") in agreed
    assert ("count", "nations", "32") in agreed  # "the 31 other nations"
    assert ("date", None, "2022-02-24") in agreed  # the invasion
    assert ("date", None, "September 2022") in agreed  # the annexation of four regions
    assert ("amount", "weapons", "more than $126 billion") in agreed


def test_no_two_unrelated_dates_are_called_a_disagreement(found):
    assert [said(s.group) for s in found if s.group.kind == "date" and not s.group.agree] == []


def test_values_far_apart_are_not_one_disagreement(found):
    """2.3% of GDP and 30% of Ukraine's needs share words, but are different shares."""
    percent = [s.group for s in found if s.group.unit == "percent" and not s.group.agree]
    assert percent == []


def test_the_draft_validates_against_the_schema_and_loads(found, seeds_parsed):
    jsonschema = pytest.importorskip("jsonschema")
    text = suggest.draft_fact_file(found, len(seeds_parsed))
    schema = json.loads(
        resources.files("checks").joinpath("schema/facts.schema.json").read_text("utf-8")
    )
    data = yaml.load(text, Loader=yaml.BaseLoader)  # text only, as the loader reads it
    assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []
    loaded = load_fact_file("reports/suggested.yaml", text, parse_value, parse_tolerance)
    assert len(loaded.facts) == sum(1 for s in found if s.value is not None) >= 10
    assert text.startswith("# yaml-language-server: $schema=facts.schema.json\n")


def test_provenance_comments_name_each_source_and_position(found, seeds_parsed):
    text = suggest.draft_fact_file(found, len(seeds_parsed))
    assert (
        '  #   seeds/003_07d08befc45e5372.txt:52:154 says "about $64bn": The US provided '
        "about $64bn of that under the Biden administration."
    ) in text
    assert "  # DISAGREE: 2 sources state amount in USD (US)" in text


def test_an_empty_corpus_gives_an_empty_valid_draft():
    text = suggest.draft_fact_file([], 0)
    assert load_fact_file("x.yaml", text, parse_value, parse_tolerance).facts == ()


# --- as editors run it -----------------------------------------------------------------------

INI = "[pytest]\ntestpaths = expectations\nfacts_sources = seeds/*\n"


@pytest.fixture
def corpus(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    shutil.copytree(SEEDS, pytester.path / "seeds")
    return pytester


def checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("seeds", "expectations")
        if (root / folder).exists()
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_suggest_with_no_fact_files_writes_the_draft_and_succeeds(corpus):
    before = checksums(corpus.path)
    result = corpus.runpytest("-p", "no:cacheprovider", "--facts-suggest")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "*facts suggest*",
            "5 sources read: they state * values in common, * in agreement and * in disagreement.",
            "Disagree: amount in USD (US):",
            '    seeds/000_d4aaae10c6665aba.txt:27:154 says "more than $66.5 billion"',
            '    seeds/003_07d08befc45e5372.txt:52:154 says "about $64bn"',
            "Draft fact file: reports/suggested.yaml. Review it, then move it into expectations/*",
        ]
    )
    assert (corpus.path / "reports" / "suggested.yaml").is_file()
    assert checksums(corpus.path) == before
    assert not list((corpus.path / "reports").glob(".*.tmp"))


def test_the_draft_runs_once_moved_into_expectations(corpus):
    corpus.runpytest("-p", "no:cacheprovider", "--facts-suggest")
    (corpus.path / "expectations").mkdir()
    shutil.move(
        corpus.path / "reports" / "suggested.yaml", corpus.path / "expectations" / "suggested.yaml"
    )
    result = corpus.runpytest("-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 10 and "error" not in outcomes
    # The one disagreement on money becomes the one contradiction, for the editor to review.
    result.stdout.fnmatch_lines(["FAILED expectations/suggested.yaml::amount-us[[]seeds/003_*"])
    assert outcomes.get("failed") == 1
    # The quotations the seeds share are suggested too, and link back to those sources.
    records = json.loads((corpus.path / "reports" / "facts.json").read_text("utf-8"))["results"]
    quoted = [r for r in records if r["kind"] == "quote"]
    assert len({r["fact"] for r in quoted}) >= 5
    assert {r["verdict"] for r in quoted} == {"consistent"}


def test_suggest_alongside_fact_files_never_changes_them(corpus):
    (corpus.path / "expectations").mkdir()
    shutil.copy(ROOT / "expectations" / "hegseth-nato.yaml", corpus.path / "expectations")
    before = checksums(corpus.path)
    result = corpus.runpytest("-p", "no:cacheprovider", "--facts-suggest", "-n", "2")
    result.assert_outcomes(failed=1, passed=60)
    result.stdout.fnmatch_lines(["Disagree: amount in USD (US):"])
    assert checksums(corpus.path) == before
    assert (corpus.path / "reports" / "suggested.yaml").is_file()


def test_an_open_interval_is_no_value_to_suggest():
    """ "since 1989" says when something began, not a day a fact could hold."""
    from checks.extract.pipeline import load_pipeline, parse_source
    from checks.judge.statements import statements
    from checks.read.sources import SourceText

    parsed = {
        "a.txt": parse_source(
            load_pipeline(),
            SourceText("a.txt", "The ferry has run since 1989. It sank on 4 May 2021.\n", "", None),
        )
    }
    assert [s.kind for s in statements(parsed)] == ["date"]


def test_the_drafts_modeline_finds_the_schema_written_beside_it(corpus):
    """reports/suggested.yaml names `facts.schema.json` beside it, which the run writes too:
    the line works in any project, wherever the package is installed."""
    corpus.runpytest("-p", "no:cacheprovider", "--facts-suggest")
    reports = corpus.path / "reports"
    first = (reports / "suggested.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = first.split("$schema=")[1]
    packaged = (
        resources.files("checks").joinpath("schema/facts.schema.json").read_text(encoding="utf-8")
    )
    assert (reports / target).read_text(encoding="utf-8") == packaged


def test_the_schema_command_writes_the_schema_beside_the_fact_files(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "expectations" / "facts.schema.json"
    done = subprocess.run(
        [sys.executable, "-m", "checks", "schema", "--write", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "# yaml-language-server: $schema=facts.schema.json"
    packaged = (
        resources.files("checks").joinpath("schema/facts.schema.json").read_text(encoding="utf-8")
    )
    assert target.read_text(encoding="utf-8") == packaged
    printed = subprocess.run(
        [sys.executable, "-m", "checks", "schema"], capture_output=True, text=True, check=False
    )
    assert json.loads(printed.stdout)["title"] == json.loads(packaged)["title"]


def test_an_exact_value_is_suggested_over_a_hedged_one_more_sources_give(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    lines = [
        "About 46 ferries left the harbour of Kestrel Bay on Monday.",
        "About 46 ferries left the harbour of Kestrel Bay, officials said.",
        "Exactly 46 ferries left the harbour of Kestrel Bay this week.",
    ]
    # (other news around each, so that the harbour's words are what the three share)
    other = [
        "The mayor opened a new library with 12 shelves.",
        "Rain is forecast for the weekend in the hills.",
        "A bakery on Elm Street sold 300 loaves.",
        "The council met to discuss parking fees for 2 hours.",
        "Schools reopen after the holiday break.",
        "Tickets for the concert sold out within an hour.",
    ]
    for number, line in enumerate(lines):
        (folder / f"{number}.txt").write_text(
            f"{line}\n{' '.join(other[2 * number : 2 * number + 2])}\n", encoding="utf-8"
        )
    parsed = Engine(Settings(rootdir=tmp_path, source_globs=("news/*",))).parsed()
    found = suggest.suggestions(suggest.group_statements(statements.statements(parsed)))
    ferries = [s for s in found if s.group.kind == "count" and "ferr" in (s.group.noun_text or "")]
    assert ferries and ferries[0].value == "46"


# --- quotations ------------------------------------------------------------------------------

HARBOUR_QUOTE = "We will reopen the northern pier before the autumn storms arrive"


def _quote_corpus(tmp_path: Path, lines: list[str]) -> dict:
    folder = tmp_path / "news"
    folder.mkdir()
    for number, line in enumerate(lines):
        (folder / f"{number}.txt").write_text(line + "\n", encoding="utf-8")
    return Engine(Settings(rootdir=tmp_path, source_globs=("news/*",))).parsed()


def _quote_suggestions(parsed) -> list:
    return suggest.suggestions([], suggest.group_quotes(suggest.quote_statements(parsed)))


def test_one_quotation_in_several_sources_is_suggested_whole_with_its_speaker(tmp_path):
    parsed = _quote_corpus(
        tmp_path,
        [
            f"\u201c{HARBOUR_QUOTE},\u201d harbour master Ines Okafor said on Friday.",
            f"Okafor told reporters: \u201c{HARBOUR_QUOTE}.\u201d",
            (
                "The harbour master said the town would \u201creopen the northern pier\u201d soon, "
                "Okafor added."
            ),
            "Unrelated: the bakery said \u201cwe sold every loaf by noon on Saturday\u201d.",
        ],
    )
    (found,) = _quote_suggestions(parsed)
    assert found.group.agree
    assert len(found.group.sources) == 3  # the fragment is the same quotation
    assert found.value == HARBOUR_QUOTE  # the fullest wording; the fragment fits it
    assert found.fact_id == "quote-okafor-will-reopen-northern"
    assert f'    quote: "{HARBOUR_QUOTE}"' in found.lines
    assert '    speaker: "Okafor"' in found.lines
    draft = suggest.draft_fact_file([found], 4)
    (fact,) = load_fact_file("suggested.yaml", draft, parse_value, parse_tolerance).facts
    assert (fact.kind, fact.speaker) == ("quote", "Okafor")


def test_a_changed_word_or_another_speaker_is_a_disagreement(tmp_path):
    changed = HARBOUR_QUOTE.replace("northern", "southern")
    parsed = _quote_corpus(
        tmp_path,
        [
            f"\u201c{HARBOUR_QUOTE},\u201d Okafor said.",
            f"\u201c{HARBOUR_QUOTE},\u201d said Okafor.",
            f"\u201c{changed},\u201d Okafor said.",
        ],
    )
    (found,) = _quote_suggestions(parsed)
    assert not found.group.agree
    assert found.value == HARBOUR_QUOTE  # the wording most sources give
    assert any("DISAGREE" in line for line in found.lines)

    other = tmp_path / "other"
    other.mkdir()
    parsed = _quote_corpus(
        other,
        [
            f"\u201c{HARBOUR_QUOTE},\u201d Okafor said.",
            f"\u201c{HARBOUR_QUOTE},\u201d Mayor Lindqvist said.",
        ],
    )
    (found,) = _quote_suggestions(parsed)
    assert not found.group.agree  # a misattribution, for the editor to settle


def test_a_scare_quote_or_a_quotation_in_one_source_is_no_suggestion(tmp_path):
    parsed = _quote_corpus(
        tmp_path,
        [
            "Critics called the plan \u201cshort sighted\u201d on Monday.",
            "Others again called it \u201cshort sighted\u201d in a letter.",
            (
                f"\u201c{HARBOUR_QUOTE},\u201d Okafor said.\n"
                f"Later she repeated: \u201c{HARBOUR_QUOTE}.\u201d"
            ),
        ],
    )
    assert _quote_suggestions(parsed) == []


def test_a_quotation_no_source_attributes_is_suggested_without_a_speaker(tmp_path):
    parsed = _quote_corpus(
        tmp_path,
        [
            f"The sign read \u201c{HARBOUR_QUOTE}\u201d all week.",
            f"A notice said \u201c{HARBOUR_QUOTE}\u201d in red.",
        ],
    )
    (found,) = _quote_suggestions(parsed)
    assert found.group.speaker is None
    assert not any(line.strip().startswith("speaker:") for line in found.lines)


def test_quotations_sharing_many_words_propose_pairs_in_proportion_to_their_number():
    """A corpus of quotations made of the same few thousand words (a hostile one, or a
    long-running story) must not compare every quotation with every other."""
    import random

    from checks.report.suggest_quotes import QuoteStatement, _candidate_pairs

    rng = random.Random(7)
    vocabulary = sorted(
        {"".join(rng.choice("abcdefghijklmnop") for _ in range(7)) for _ in range(1000)}
    )
    found = [
        QuoteStatement(f"s{n}.txt", 1, 1, " ".join(rng.sample(vocabulary, 30)), None, "")
        for n in range(3000)
    ]
    pairs = sum(1 for _ in _candidate_pairs(found))
    assert 0 < pairs <= 300 * len(found)  # every pair sharing a word: about 4 million


def test_quotations_trimmed_at_opposite_ends_are_one_quotation(tmp_path):
    longer = "The ferry will sail again next spring, whatever the council decides about fees"
    earlier = "Islanders deserve certainty: the ferry will sail again next spring, whatever"
    parsed = _quote_corpus(
        tmp_path,
        [f"\u201c{longer},\u201d Okafor said.", f"\u201c{earlier},\u201d Okafor said on Monday."],
    )
    (found,) = _quote_suggestions(parsed)
    assert len(found.group.sources) == 2


def test_a_fragment_two_quotations_share_never_makes_them_one(tmp_path):
    first = "We must rebuild the harbour before winter and reopen the fish market"
    second = "Nobody voted to rebuild the harbour before winter with borrowed money"
    parsed = _quote_corpus(
        tmp_path,
        [
            f"\u201c{first},\u201d Okafor said.",
            f"\u201c{second},\u201d Lindqvist said.",
            ("She promised to \u201crebuild the harbour before winter\u201d, Okafor said."),
        ],
    )
    for found in _quote_suggestions(parsed):
        wordings = {s.text for s in found.group.statements}
        assert not ({first, second} <= wordings)


def test_a_quotation_with_control_characters_is_written_as_escapes(tmp_path):
    quote = "We will reopen the northern pier\x7f before the \x9bautumn storms arrive"
    parsed = _quote_corpus(
        tmp_path, [f"\u201c{quote},\u201d Okafor said.", f"\u201c{quote},\u201d Okafor said again."]
    )
    (found,) = _quote_suggestions(parsed)
    draft = suggest.draft_fact_file([found], 2)
    assert "\x7f" not in draft and "\x9b" not in draft
    (fact,) = load_fact_file("suggested.yaml", draft, parse_value, parse_tolerance).facts
    assert "northern pier" in fact.value_text


def test_a_source_named_like_a_workflow_command_cannot_start_a_line(tmp_path):
    folder = tmp_path  # sources at the project's top: their names start the lines
    changed = HARBOUR_QUOTE.replace("northern", "southern")
    (folder / "::error::forged.txt").write_text(
        f"\u201c{HARBOUR_QUOTE},\u201d Okafor said.\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text(f"\u201c{changed},\u201d Okafor said.\n", encoding="utf-8")
    parsed = Engine(Settings(rootdir=tmp_path, source_globs=("*.txt",))).parsed()
    found = _quote_suggestions(parsed)
    assert found and not found[0].group.agree
    printed = suggest.terminal_lines(found, 2, "reports/suggested.yaml")
    draft = suggest.draft_fact_file(found, 2)
    assert not [line for line in [*printed, *draft.splitlines()] if line.lstrip().startswith("::")]


def test_speakers_agree_as_the_run_would_judge_them(tmp_path):
    """A role may be anyone ("the harbour master"); two spellings of a name are two people
    until the fact file's `names` joins them, so the draft calls them a disagreement, as the
    run would."""
    parsed = _quote_corpus(
        tmp_path,
        [
            f"\u201c{HARBOUR_QUOTE},\u201d Okafor said.",
            f"\u201c{HARBOUR_QUOTE},\u201d the harbour master said.",
        ],
    )
    (found,) = _quote_suggestions(parsed)
    assert found.group.agree and found.group.speaker == "Okafor"
    other = tmp_path / "other"
    other.mkdir()
    parsed = _quote_corpus(
        other,
        [
            f"\u201c{HARBOUR_QUOTE},\u201d Okafor said.",
            f"\u201c{HARBOUR_QUOTE},\u201d Okafur said.",
        ],
    )
    (found,) = _quote_suggestions(parsed)
    assert not found.group.agree
