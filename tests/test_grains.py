"""The two grains of SPEC 7 end to end: `pair` (a fact against a source) and `source` (every
fact of a file against a source, collected from the file list alone); node ids pasted from
the output; the same reports whichever grain; the hint past 20,000 pair items."""

from __future__ import annotations

import json
import random
import sys

import pytest
from test_plugin import FACTS, INI, write_story


@pytest.fixture
def story(pytester: pytest.Pytester):
    write_story(pytester)
    (pytester.path / "sources" / "c.txt").write_text(
        "Rain fell on the harbour.\n", encoding="utf-8"
    )
    return pytester


def generated(pytester: pytest.Pytester, count: int, seed: int, sentences) -> None:
    """The story's fact file and ``count`` sources of ``sentences(rng)``, our own text."""
    pytester.makeini(INI)
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(FACTS, encoding="utf-8")
    rng = random.Random(seed)
    for number in range(count):
        (pytester.path / "sources" / f"{number:02d}.txt").write_text(
            sentences(rng), encoding="utf-8"
        )


def _facts_json(pytester: pytest.Pytester) -> str:
    return (pytester.path / "reports" / "facts.json").read_text(encoding="utf-8")


def test_the_source_grain_has_one_item_per_fact_file_and_source(story):
    result = story.runpytest("-v", "-p", "no:cacheprovider", "--facts-items", "source")
    result.stdout.fnmatch_lines(
        [
            "*expectations/story.yaml::[[]sources/a.txt[]] PASSED*",
            "*expectations/story.yaml::[[]sources/b.txt[]] FAILED*",
            "*expectations/story.yaml::[[]sources/c.txt[]] PASSED*",
            "*expectations/story.yaml::[[]unmentioned[]] SKIPPED*",
        ]
    )
    result.assert_outcomes(passed=2, failed=1, skipped=1)
    assert result.ret == 1


def test_a_source_items_failure_lists_every_failing_fact(story):
    result = story.runpytest("-p", "no:cacheprovider", "--facts-items", "source", "-rs")
    result.stdout.fnmatch_lines(
        [
            "sources/b.txt:2:17: contradiction with us-aid (expectations/story.yaml:8)",
            '  source says:  "about $64bn"  ->  [[]63.5, 64.5) billion USD',
            "sources/b.txt:3:5: contradiction with allies (expectations/story.yaml:*)",
            "SKIPPED [[]1[]] expectations/story.yaml:*: no source mentions never-said*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_the_source_grains_junit_properties_name_each_fact_and_verdict(story):
    story.runpytest(
        "-p", "no:cacheprovider", "--facts-items", "source", "--junitxml=reports/junit.xml"
    )
    import xml.etree.ElementTree as ET

    root = ET.parse(story.path / "reports" / "junit.xml").getroot()
    case = next(c for c in root.iter("testcase") if "b.txt" in c.get("name"))
    properties = [(p.get("name"), p.get("value")) for p in case.iter("property")]
    assert ("fact", "us-aid") in properties and ("fact", "allies") in properties
    assert ("verdict", "contradiction") in properties
    assert ("source", "sources/b.txt") in properties


@pytest.mark.parametrize("workers", [(), ("-n", "2")])
def test_both_grains_write_the_same_facts_json(story, workers):
    story.runpytest("-p", "no:cacheprovider", *workers)
    pair = _facts_json(story)
    story.runpytest("-p", "no:cacheprovider", "--facts-items", "source", *workers)
    assert _facts_json(story) == pair
    assert '"verdict": "unmentioned"' in pair


def test_both_grains_agree_on_a_generated_corpus(pytester: pytest.Pytester):
    """Sixty sources of our own with figures varied at random: the same facts.json."""
    generated(
        pytester,
        60,
        5,
        lambda rng: (
            f"The US provided more than ${rng.choice(['64', '66.5', '70'])} billion to Ukraine.\n"
            f"All {rng.choice([31, 32, 33])} allies of NATO met on Wednesday.\n"
        ),
    )
    pytester.runpytest("-p", "no:cacheprovider")
    pair = _facts_json(pytester)
    pytester.runpytest("-p", "no:cacheprovider", "--facts-items", "source", "-n", "2")
    assert _facts_json(pytester) == pair
    assert len(json.loads(pair)["results"]) > 100


def test_a_worker_lets_go_of_its_results_and_pipeline_once_done(story):
    """A worker lives until the controller has written the reports: what it held for its
    items (their results, the engine, the spaCy pipeline) must be let go by then."""
    story.makeconftest(
        "import json, os, pytest\n"
        "from checks.plugin.items import SourceItem\n"
        "from checks.extract.pipeline import load_pipeline\n"
        "from checks.plugin.session import facts_session\n\n"
        "@pytest.hookimpl(trylast=True)\n"
        "def pytest_sessionfinish(session):\n"
        "    worker = os.environ.get('PYTEST_XDIST_WORKER')\n"
        "    if not worker:\n"
        "        return\n"
        "    held = {'results': sum(len(i.results) for i in session.items\n"
        "                           if isinstance(i, SourceItem)),\n"
        "            'engine': facts_session(session.config)._engine is not None,\n"
        "            'pipelines': load_pipeline.cache_info().currsize}\n"
        "    with open(f'held-{worker}.json', 'w') as out:\n"
        "        json.dump(held, out)\n"
    )
    result = story.runpytest_subprocess(
        "-p", "no:cacheprovider", "--facts-items", "source", "-n", "2"
    )
    assert result.ret == 1  # (the story's contradictions)
    held = [json.loads(path.read_text()) for path in sorted(story.path.glob("held-*.json"))]
    assert len(held) == 2
    assert all(h == {"results": 0, "engine": False, "pipelines": 0} for h in held), held


def test_collecting_the_source_grain_parses_nothing(story):
    story.makeconftest("""
import sys

def pytest_collection_finish(session):
    pipeline = sys.modules.get("checks.extract.pipeline")
    loaded = pipeline.load_pipeline.cache_info().currsize if pipeline else 0
    print(f"pipelines loaded: {loaded}")
""")
    # (in a process of its own: this one's pipelines are loaded by the other tests)
    result = story.runpytest_subprocess(
        "--co", "-q", "-s", "-p", "no:cacheprovider", "--facts-items", "source"
    )
    result.stdout.fnmatch_lines(["pipelines loaded: 0", "*3 tests collected*"])
    pair = story.runpytest_subprocess("--co", "-q", "-s", "-p", "no:cacheprovider")
    pair.stdout.fnmatch_lines(["pipelines loaded: 1"])  # the check that it can fail


@pytest.mark.parametrize(
    "grain, nodeid",
    [
        ("pair", "expectations/story.yaml::us-aid[sources/b.txt]"),
        ("source", "expectations/story.yaml::[sources/b.txt]"),
    ],
)
def test_a_node_id_pasted_from_the_output_runs_that_item(story, grain, nodeid):
    result = story.runpytest("-v", "-p", "no:cacheprovider", "--facts-items", grain, nodeid)
    result.stdout.fnmatch_lines([f"*{nodeid.replace('[', '[[]')} FAILED*"])
    assert result.parseoutcomes() == {"failed": 1}


def test_the_source_grain_reruns_from_the_cache(story):
    story.runpytest("--facts-items", "source")
    result = story.runpytest("--facts-items", "source")
    result.stdout.fnmatch_lines(["Sources: 0 parsed, 3 read from the cache."])


def test_an_unknown_grain_is_a_usage_error(story):
    result = story.runpytest("--facts-items", "sources")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*facts_items must be one of pair, source, not 'sources'*"])


def test_many_pair_items_suggest_the_source_grain(story, monkeypatch):
    import checks.plugin.terminal

    monkeypatch.setattr(checks.plugin.terminal, "PAIR_ITEMS_SUGGESTING_SOURCE", 3)
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*items: with this many*set `facts_items = source`*"])
    quiet = story.runpytest("-p", "no:cacheprovider", "--facts-items", "source")
    assert "facts_items = source`" not in quiet.stdout.str()


def test_the_pair_grains_unmentioned_fact_points_at_the_fact(story):
    result = story.runpytest("-p", "no:cacheprovider", "-rs")
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] expectations/story.yaml:*: no source mentions*"])


def test_shards_of_the_source_grain_merge_into_one_runs_reports(pytester: pytest.Pytester):
    """A generated corpus in three shards (pytest-split), merged: the same facts.json as one
    run, and a complete run, though each shard alone is partial."""
    generated(
        pytester,
        30,
        11,
        lambda rng: f"All {rng.choice([31, 32])} allies of NATO met on Wednesday.\n",
    )
    pytester.runpytest("-p", "no:cacheprovider", "--facts-items", "source")
    whole = _facts_json(pytester)
    folders = []
    for group in (1, 2, 3):
        folder = f"shard{group}"
        pytester.runpytest(
            "-p",
            "no:cacheprovider",
            "--facts-items",
            "source",
            "--splits",
            "3",
            "--group",
            str(group),
            "--facts-reports",
            folder,
        )
        assert '"left_out_only": true' in (pytester.path / folder / "facts.json").read_text()
        folders.append(folder)
    merged = pytester.run(
        sys.executable, "-m", "checks", "merge-reports", *folders, "--out", "merged"
    )
    assert merged.ret == 0, merged.stderr.str()
    assert (pytester.path / "merged" / "facts.json").read_text(encoding="utf-8") == whole
    assert '"verdict": "unmentioned"' in whole and '"run"' not in whole


def test_a_shard_alone_reports_no_fact_as_unmentioned(story):
    result = story.runpytest("-p", "no:cacheprovider", "--facts-items", "source", "-k", "b.txt")
    assert "[unmentioned]" not in result.stdout.str()
    data = json.loads(_facts_json(story))
    assert data["run"]["complete"] is False and data["run"]["left_out_only"] is True
    assert [r["fact"] for r in data["run"]["unmentioned_so_far"]] == ["never-said"]


@pytest.fixture
def progress_at_once(monkeypatch):
    import checks.plugin.terminal

    monkeypatch.setattr(checks.plugin.terminal, "PROGRESS_AFTER_SECONDS", 0)
    monkeypatch.setattr(checks.plugin.terminal, "PROGRESS_LINE_EVERY_SECONDS", 0)


def test_a_long_pair_collection_says_how_far_it_is(story, progress_at_once):
    result = story.runpytest()
    result.stdout.fnmatch_lines(["facts: checking sources, 0 of 3 done"])


@pytest.mark.parametrize("args", [("-q",), ("--facts-items", "source")])
def test_no_progress_under_q_nor_in_the_source_grain(story, args, progress_at_once):
    assert "sources, 0 of 3 done" not in story.runpytest(*args).stdout.str()


def test_both_grains_give_the_seeds_the_same_reports_and_summary(pytester: pytest.Pytester):
    """The project's own main job (seeds and fact file), in each grain."""
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "seeds", pytester.path / "seeds")
    shutil.copytree(root / "expectations", pytester.path / "expectations")
    pytester.makeini("[pytest]\ntestpaths = expectations\nfacts_sources = seeds/**/*\n")
    env = {"GITHUB_ACTIONS": "true"}
    outputs = {}
    for grain in ("pair", "source"):
        with pytest.MonkeyPatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            result = pytester.runpytest("-p", "no:cacheprovider", "--facts-items", grain)
        text = result.stdout.str()
        summary = text[text.index("= facts =") : text.index("short test summary")]
        outputs[grain] = (
            _facts_json(pytester),
            [line for line in summary.splitlines() if not line.startswith("Sources:")],
        )
    assert outputs["source"][0] == outputs["pair"][0]
    assert outputs["source"][1] == outputs["pair"][1], "\n".join(
        ["pair:", *outputs["pair"][1], "source:", *outputs["source"][1]]
    )
    assert any(line.startswith("::error file=seeds/") for line in outputs["pair"][1])


def test_an_unreadable_source_fails_its_own_items_in_the_source_grain(story):
    (story.path / "sources" / "c.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    result = story.runpytest("-p", "no:cacheprovider", "-v", "--facts-items", "source")
    result.stdout.fnmatch_lines(
        [
            "*story.yaml::[[]sources/a.txt[]] PASSED*",
            "*story.yaml::[[]sources/c.txt[]] FAILED*",
            "*sources/c.txt*binary*",
        ]
    )
    result.assert_outcomes(passed=1, failed=2, skipped=1)


def test_the_header_says_the_source_grain_runs_no_self_checks(story):
    result = story.runpytest("-p", "no:cacheprovider", "--facts-items", "source")
    result.stdout.fnmatch_lines(["facts: *, items per source (self-checks not run)"])


@pytest.mark.parametrize("grain", ["pair", "source"])
def test_tb_line_prints_one_whole_line_per_failing_mention(story, grain):
    result = story.runpytest("-p", "no:cacheprovider", "--tb=line", "--facts-items", grain)
    text = result.stdout.str()
    failures = text[text.index("= FAILURES =") : text.index("= facts =")].splitlines()[1:-1]
    assert failures == [
        (
            'sources/b.txt:2:17: contradiction us-aid: says "about $64bn", canonical "more '
            'than 66.5 billion USD"'
        ),
        'sources/b.txt:3:5: contradiction allies: says "31", canonical "32"',
    ]


def test_marks_select_fact_items_by_kind_and_verdict(story):
    by_verdict = story.runpytest(
        "-p", "no:cacheprovider", "--strict-markers", "-v", "-m", "contradiction"
    )
    by_verdict.assert_outcomes(failed=2)
    by_kind = story.runpytest("-p", "no:cacheprovider", "--strict-markers", "-k", "date")
    by_kind.assert_outcomes(passed=1)  # meeting-day[sources/b.txt]
    source = story.runpytest(
        "-p", "no:cacheprovider", "--strict-markers", "--facts-items", "source", "-m", "amount"
    )
    source.assert_outcomes(passed=2, failed=1, skipped=1)  # every source: [unmentioned]
    assert "PytestUnknownMarkWarning" not in by_verdict.stdout.str()


def test_the_accept_entry_a_failure_prints_pastes_into_the_fact_file(story):
    result = story.runpytest("-p", "no:cacheprovider", "-k", "us-aid")
    lines = result.stdout.str().splitlines()
    entry = lines[lines.index("  to accept:    add under `accept:` of us-aid:") + 1].strip()
    facts = story.path / "expectations" / "story.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace(
            "    about: [United States, provided]\n",
            f"    about: [United States, provided]\n    accept:\n      {entry}\n",
        ),
        encoding="utf-8",
    )
    again = story.runpytest("-p", "no:cacheprovider", "-k", "us-aid")
    again.assert_outcomes(passed=1, xfailed=1)


def test_the_page_is_headed_by_the_fact_files_title_and_shows_each_facts_note(story):
    facts = story.path / "expectations" / "story.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "    about: [United States, provided]\n",
            "    about: [United States, provided]\n    note: Aid counted from the\n"
            "      first month of the war.\n",
        ),
        encoding="utf-8",
    )
    story.runpytest("-p", "no:cacheprovider", "-n", "2")
    page = (story.path / "reports" / "facts.html").read_text(encoding="utf-8")
    assert "<h1>A small story</h1>" in page
    assert "Aid counted from the first month of the war." in page
    data = json.loads(_facts_json(story))
    notes = {r["fact"]: r["note"] for r in data["results"]}
    assert notes["us-aid"] == "Aid counted from the first month of the war."
    assert notes["allies"] is None


@pytest.mark.parametrize("workers", [(), ("-n", "2")])
def test_warnings_point_at_the_sources_line_and_never_print_it(story, workers):
    """A self-check warning is located at the source's line (not at the plugin's), and the
    source's own line, untrusted text, is never printed raw under it: not by a worker, and
    not by pytest-xdist's controller, which formats the warnings its workers send."""
    (story.path / "sources" / "c.txt").write_text(
        "::error::forged The ferry sailed on Thursday, Feb. 12, 2025 at dawn.\n", encoding="utf-8"
    )
    result = story.runpytest("-p", "no:cacheprovider", "-W", "always", *workers)
    text = result.stdout.str()
    assert "sources/c.txt:1: FactsSelfCheckWarning: sources/c.txt:1:" in text
    assert "checks/plugin/items.py" not in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::error::")]


@pytest.mark.parametrize("workers", [(), ("-n", "2")])
def test_self_checks_become_github_warnings_on_their_lines(story, monkeypatch, workers):
    (story.path / "sources" / "c.txt").write_text(
        "The ferry sailed on Thursday, Feb. 12, 2025 at dawn.\n", encoding="utf-8"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = story.runpytest("-p", "no:cacheprovider", *workers)
    result.stdout.fnmatch_lines(
        ["::warning file=sources/c.txt,line=1,col=*,title=self-check::weekday does not match*"]
    )


@pytest.mark.parametrize("workers", [(), ("-n", "2")])
def test_the_verdict_and_the_mention_are_coloured_only_when_the_terminal_has_colour(story, workers):
    coloured = story.runpytest("-p", "no:cacheprovider", "--color=yes", *workers).stdout.str()
    assert "\x1b[31m\x1b[1mcontradiction\x1b[0m with us-aid" in coloured
    assert 'source says:  \x1b[1m"about $64bn"\x1b[0m  ->' in coloured
    plain = story.runpytest("-p", "no:cacheprovider", "--color=no", *workers).stdout.str()
    assert "\x1b[" not in plain
    assert "sources/b.txt:2:17: contradiction with us-aid" in plain


@pytest.mark.parametrize("workers", [(), ("-n", "2")])
def test_a_warning_facts_source_line_is_never_printed_raw(pytester, workers):
    """pytest prints the located line of the file under a warning; under pytest-xdist the
    controller formats the warnings its workers send, reading the line itself."""
    pytester.makeini("[pytest]\ntestpaths = expectations\nfacts_sources = sources/*\n")
    (pytester.path / "expectations").mkdir()
    (pytester.path / "sources").mkdir()
    (pytester.path / "expectations" / "bridge.yaml").write_text(
        "facts:\n  - id: bridge-cost\n    amount: 12 million EUR\n    about: bridge\n"
        "    severity: warning\n",
        encoding="utf-8",
    )
    for name in ("a", "b"):
        (pytester.path / "sources" / f"{name}.txt").write_text(
            "::error::forged The new bridge will cost 15 million euros, the council said.\n",
            encoding="utf-8",
        )
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "always", *workers)
    text = result.stdout.str()
    assert "FactsWarning: sources/a.txt:1:" in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")]


ENGINE_FAILS_ON_B = """
import checks.run.engine

real = checks.run.engine.check_parsed


def fails_on_b(parsed, *args, **kwargs):
    if parsed.path.endswith("b.txt"):
        raise KeyError("f")
    return real(parsed, *args, **kwargs)


def pytest_configure(config):
    checks.run.engine.check_parsed = fails_on_b


def pytest_unconfigure(config):  # (the run is in this process: leave the engine as it was)
    checks.run.engine.check_parsed = real
"""


@pytest.mark.parametrize("grain", ["pair", "source"])
def test_an_engine_failure_linking_one_source_costs_that_source_only(story, grain):
    """A bug of the engine while linking or judging one source (not only while parsing it)
    is that source's error; the fact file's other sources are still checked."""
    story.makeconftest(ENGINE_FAILS_ON_B)
    result = story.runpytest("-p", "no:cacheprovider", "--facts-items", grain, "-rf")
    result.stdout.fnmatch_lines(
        ["*sources/b.txt: not checked: the engine failed on this source (KeyError: 'f')*"]
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 2 and outcomes.get("failed") == 1, outcomes
    assert "Traceback" not in result.stdout.str()
