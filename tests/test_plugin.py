"""The plugin end to end, as users run it: fact files and sources in a folder, then pytest."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

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
    return write_story(pytester)


def write_story(pytester: pytest.Pytester) -> pytest.Pytester:
    """The small story's fact file and two sources (test_grains.py adds a third)."""
    pytester.makeini(INI)
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(FACTS, encoding="utf-8")
    (pytester.path / "sources" / "a.txt").write_text(
        "The US provided more than $66.5 billion to Ukraine.\nAll 32 allies of NATO met.\n",
        encoding="utf-8",
    )
    (pytester.path / "sources" / "b.txt").write_text(
        "Sidebar: 12 people read this.\n"
        "The US provided about $64bn of that.\n"
        "All 31 members of NATO agreed at the meeting on Wednesday.\n",
        encoding="utf-8",
    )
    return pytester


def test_items_are_fact_by_source_and_contradictions_fail(story):
    result = story.runpytest("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=2, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*expectations/story.yaml::us-aid[[]sources/a.txt[]] PASSED*",
            "*expectations/story.yaml::us-aid[[]sources/b.txt[]] FAILED*",
            "*expectations/story.yaml::allies[[]sources/b.txt[]] FAILED*",
            "*expectations/story.yaml::meeting-day[[]sources/b.txt[]] PASSED*",
            "*expectations/story.yaml::never-said SKIPPED*",
        ]
    )
    assert result.ret == 1


def test_failure_reads_like_a_proofreaders_note(story):
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "sources/b.txt:2:17: contradiction with us-aid (expectations/story.yaml:8)",
            '  source says:  "about $64bn"  ->  [[]63.5, 64.5) billion USD',
            '  canonical:    "more than 66.5 billion USD"  ->  (66.5, +inf) billion USD',
            "  sentence:     The US provided about $64bn of that.",
            "  why:          every value the source's words allow is below *",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "def runtest" not in result.stdout.str()


def test_skipped_fact_says_why(story):
    result = story.runpytest("-rs", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*no source mentions fact 'never-said'*"])


def test_json_report(story):
    story.runpytest("-p", "no:cacheprovider")
    data = json.loads((story.path / "reports" / "facts.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    keys = {
        "fact",
        "fact_file",
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
        "detail",
        "fact_line",
        "highlight",
        "doubt",
        "note",
    }
    assert all(set(record) == keys for record in data["results"])
    verdicts = {(r["fact"], r["source"], r["verdict"]) for r in data["results"]}
    assert ("us-aid", "sources/b.txt", "contradiction") in verdicts
    assert ("never-said", None, "unmentioned") in verdicts
    assert ("allies", "sources/a.txt", "consistent") in verdicts


def test_junit_properties(story):
    story.runpytest("-p", "no:cacheprovider", "--junitxml=out.xml")
    tree = ET.parse(story.path / "out.xml")
    cases = {case.get("name"): case for case in tree.iter("testcase")}
    case = cases["us-aid[sources/b.txt]"]
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties == {
        "fact": "us-aid",
        "fact_file": "expectations/story.yaml",
        "source": "sources/b.txt",
        "line": "2",
        "column": "17",
        "verdict": "contradiction",
        "source_says": "about $64bn",
        "canonical": "more than 66.5 billion USD",
    }
    assert case.find("failure") is not None


def test_k_and_deselect_work(story):
    result = story.runpytest("-p", "no:cacheprovider", "-k", "allies")
    result.assert_outcomes(passed=1, failed=1)
    result = story.runpytest(
        "-p", "no:cacheprovider", "--deselect", "expectations/story.yaml::us-aid[sources/b.txt]"
    )
    result.assert_outcomes(passed=3, failed=1, skipped=1)


def test_bad_fact_file_is_an_error_for_that_file_only(story):
    (story.path / "expectations" / "broken.yaml").write_text(
        "facts:\n  - id: x\n    count: 3\n    abuot: [y]\n", encoding="utf-8"
    )
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*expectations/broken.yaml:4:5: *abuot*about*"])
    result.assert_outcomes(passed=3, failed=2, skipped=1, errors=1)


def test_options_override_ini(story):
    result = story.runpytest("-p", "no:cacheprovider", "--facts-sources", "sources/a.txt")
    result.assert_outcomes(passed=2, skipped=2)


def test_sources_are_never_written(story):
    before = {p: p.read_bytes() for p in (story.path / "sources").iterdir()}
    facts_before = (story.path / "expectations" / "story.yaml").read_bytes()
    story.runpytest("-p", "no:cacheprovider")
    assert {p: p.read_bytes() for p in (story.path / "sources").iterdir()} == before
    assert (story.path / "expectations" / "story.yaml").read_bytes() == facts_before


ACCEPTED = FACTS.replace(
    """    about: [United States, provided]
""",
    """    about: [United States, provided]
    accept:
      - source: sources/b.txt
        says: about $64bn
        reason: counts only aid given under one administration
""",
)


def test_accepted_discrepancy_is_an_xfail_with_its_reason(story):
    (story.path / "expectations" / "story.yaml").write_text(ACCEPTED, encoding="utf-8")
    result = story.runpytest("-p", "no:cacheprovider", "-rx")
    result.assert_outcomes(passed=3, failed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["*us-aid*counts only aid given under one administration*"])
    data = json.loads((story.path / "reports" / "facts.json").read_text(encoding="utf-8"))
    assert ("us-aid", "sources/b.txt", "accepted") in {
        (r["fact"], r["source"], r["verdict"]) for r in data["results"]
    }


def test_acceptance_is_strict_once_the_source_is_fixed(story):
    (story.path / "expectations" / "story.yaml").write_text(ACCEPTED, encoding="utf-8")
    source = story.path / "sources" / "b.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace("about $64bn", "$67bn"), encoding="utf-8"
    )
    result = story.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=2, skipped=1)
    result.stdout.fnmatch_lines(
        [
            (
                "expectations/story.yaml:12:9: stale acceptance for us-aid: sources/b.txt no longer "
                'says "about $64bn"*remove this `accept` entry'
            )
        ]
    )


def test_warning_severity_reports_without_failing(story):
    text = FACTS.replace(
        "    of: [allies, members]\n", "    of: [allies, members]\n    severity: warning\n"
    )
    (story.path / "expectations" / "story.yaml").write_text(text, encoding="utf-8")
    result = story.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, failed=1, skipped=1, warnings=1)
    result.stdout.fnmatch_lines(["*FactsWarning: sources/b.txt:3:5: contradiction with allies*"])


def test_examples_are_items_of_their_own(story):
    text = FACTS.replace(
        """    of: [dwarves]
""",
        """    of: [dwarves]
    examples:
      consistent: [Snow White met the 7 dwarves.]
      contradicts: [Snow White met the 8 dwarves.]
      unrelated: [The 7 samurai met.]
""",
    )
    (story.path / "expectations" / "story.yaml").write_text(text, encoding="utf-8")
    result = story.runpytest("-p", "no:cacheprovider", "-v", "-k", "never-said")
    result.assert_outcomes(passed=3, skipped=1)
    result.stdout.fnmatch_lines(["*never-said[[]example-contradicts-1[]] PASSED*"])


def test_a_mislabelled_example_fails_and_says_what_to_change(story):
    text = FACTS.replace(
        """    of: [dwarves]
""",
        """    of: [dwarves]
    examples:
      unrelated: [Snow White met the 8 dwarves.]
""",
    )
    (story.path / "expectations" / "story.yaml").write_text(text, encoding="utf-8")
    result = story.runpytest("-p", "no:cacheprovider", "-k", "never-said")
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            (
                "expectations/story.yaml:18:5: example of never-said (unrelated) links, but should not: "
                '"8" is contradiction; tighten `about` or `of`.*'
            )
        ]
    )


def test_duplicate_ids_across_files_name_both_places(story):
    (story.path / "expectations" / "more.yaml").write_text(
        "facts:\n  - id: us-aid\n    count: 3\n    of: [pigs]\n", encoding="utf-8"
    )
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            (
                "expectations/story.yaml:8:5: duplicate fact id 'us-aid' (also defined at "
                "expectations/more.yaml:2:5); give each fact its own `id`"
            )
        ]
    )
    result.assert_outcomes(skipped=1, errors=1)  # more.yaml is checked; story.yaml is refused


def test_an_unreadable_source_is_an_error_for_that_source_only(story):
    (story.path / "sources" / "c.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    result = story.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=3, failed=3, skipped=1)
    result.stdout.fnmatch_lines(["*source[[]sources/c.txt[]] FAILED*", "*sources/c.txt*binary*"])


def test_a_rerun_reads_parsed_sources_from_the_cache(story):
    first = story.runpytest()
    first.stdout.fnmatch_lines(["Sources: 2 parsed, 0 read from the cache."])
    second = story.runpytest()
    second.stdout.fnmatch_lines(["Sources: 0 parsed, 2 read from the cache."])
    assert first.parseoutcomes() == second.parseoutcomes()
    (story.path / "sources" / "a.txt").write_text("The US provided $1bn.\n", encoding="utf-8")
    third = story.runpytest()
    third.stdout.fnmatch_lines(["Sources: 1 parsed, 1 read from the cache."])


def test_report_header_names_the_pipeline_and_the_counts(story):
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            (
                "facts: pipeline builtin (spacy.blank('en') + the facts "
                "components), window sentence, 2 sources (sources/*), "
                "self-checks warning"
            )
        ]
    )


def test_xdist_gives_the_same_verdicts_and_reports(story):
    single = story.runpytest()
    single_json = (story.path / "reports" / "facts.json").read_bytes()
    parallel = story.runpytest("-n", "2")
    assert (story.path / "reports" / "facts.json").read_bytes() == single_json
    assert parallel.parseoutcomes() == single.parseoutcomes()


def test_terminal_summary_in_plain_sentences(story):
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "*= facts =*",
            "4 facts checked in 2 sources: 2 contradictions, 1 fact never mentioned.",
            (
                "Fix the sources, or update the fact files in expectations/ if the canonical fact "
                "changed; then re-run only those with `pytest --lf`."
            ),
            "Facts never mentioned may have anchors that match nothing: never-said. *",
            "Details: reports/facts.html (for people), reports/facts.json (for tools)",
        ]
    )


def test_q_keeps_one_summary_line_and_qq_none_but_a_partial_run_says_so(story):
    quiet = story.runpytest("-p", "no:cacheprovider", "-q")
    text = quiet.stdout.str()
    quiet.stdout.fnmatch_lines(
        [
            "*= facts =*",
            (
                "4 facts checked in 2 sources: 2 contradictions, 1 fact never mentioned. "
                "Details: reports/facts.html"
            ),
        ]
    )
    assert "Fix the sources" not in text and "Sources: " not in text

    quieter = story.runpytest("-p", "no:cacheprovider", "-qq")
    assert "= facts =" not in quieter.stdout.str()
    assert "facts checked" not in quieter.stdout.str()

    partial = story.runpytest("-p", "no:cacheprovider", "-qq", "-k", "us-aid")
    partial.stdout.fnmatch_lines(["*= facts =*", "Partial run (*): these counts and the *"])
    assert "facts checked" not in partial.stdout.str()


def _junit_cases(path) -> list[tuple]:
    """Each testcase of a JUnit file without its timing: name, properties, outcome text."""
    cases = []
    for case in ET.parse(path).getroot().iter("testcase"):
        properties = tuple((p.get("name"), p.get("value")) for p in case.iter("property"))
        outcome = tuple(
            (child.tag, child.get("message"), child.text)
            for child in case
            if child.tag != "properties"
        )
        cases.append((case.get("classname"), case.get("name"), properties, outcome))
    return cases


MARK_EVERY_ITEM = """
import pytest

def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.{mark})
"""


def test_fact_items_report_the_same_with_or_without_the_light_protocol(story):
    """A mark sends fact items through pytest's ordinary protocol: same outcomes, same JUnit."""
    light = story.runpytest("-p", "no:cacheprovider", "--junitxml=light.xml")
    light_json = (story.path / "reports" / "facts.json").read_bytes()
    story.makeini(INI + "markers =\n    ordinary: any mark\n")
    story.makeconftest(MARK_EVERY_ITEM.format(mark="ordinary"))
    ordinary = story.runpytest("-p", "no:cacheprovider", "--junitxml=ordinary.xml")
    assert light.parseoutcomes() == ordinary.parseoutcomes()
    assert _junit_cases(story.path / "light.xml") == _junit_cases(story.path / "ordinary.xml")
    assert (story.path / "reports" / "facts.json").read_bytes() == light_json


def test_marks_added_by_a_conftest_still_apply_to_fact_items(story):
    story.makeconftest(MARK_EVERY_ITEM.format(mark="skip(reason='not today')"))
    result = story.runpytest("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(skipped=6)
    result.stdout.fnmatch_lines(["*not today*"])


def test_exitfirst_stops_at_the_first_contradiction(story):
    result = story.runpytest("-p", "no:cacheprovider", "-x")
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 1
    assert sum(outcomes.values()) < 6


def test_fact_items_after_ordinary_tests_leave_their_fixtures_torn_down(story):
    """Session fixtures of ordinary tests run before fact items are still finalised."""
    story.makeini(INI.replace("testpaths = expectations", "testpaths = tests expectations"))
    story.mkdir("tests")
    (story.path / "tests" / "test_plain.py").write_text(
        "import pytest\n\n"
        "@pytest.fixture(scope='session')\n"
        "def resource():\n"
        "    yield 1\n"
        "    open('torn-down.txt', 'w').write('yes')\n\n"
        "def test_uses_resource(resource):\n"
        "    assert resource == 1\n",
        encoding="utf-8",
    )
    result = story.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, failed=2, skipped=1)
    assert (story.path / "torn-down.txt").read_text() == "yes"


FREEZE_PROBE = """
import gc
import pytest

def pytest_collection_finish(session):
    with open("collecting.txt", "w") as out:
        out.write("collector on" if gc.isenabled() else "collector paused")

@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    with open("frozen.txt", "w") as out:
        out.write(str(gc.get_freeze_count()))
"""


def test_a_large_fact_run_keeps_what_it_collected_out_of_garbage_collection_until_the_end(story):
    """See checks.plugin.gc_policy: frozen from the end of collection, unfrozen once pytest is done."""
    import gc

    story.makeconftest(
        FREEZE_PROBE + "\nimport checks.plugin.gc_policy\n"
        "checks.plugin.gc_policy.LARGE_RUN_ITEMS = 5\n"
    )
    try:
        result = story.runpytest("-p", "no:cacheprovider")
    finally:
        import checks.plugin.gc_policy

        checks.plugin.gc_policy.LARGE_RUN_ITEMS = 10_000
    result.assert_outcomes(passed=3, failed=2, skipped=1)
    assert int((story.path / "frozen.txt").read_text()) > 0
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_small_fact_run_leaves_garbage_collection_alone(story):
    """The collector waits only while the plugin builds its own nodes."""
    import gc

    story.makeconftest(FREEZE_PROBE)
    story.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3, failed=2, skipped=1)
    assert (story.path / "collecting.txt").read_text() == "collector on"
    assert (story.path / "frozen.txt").read_text() == "0"
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_run_without_fact_files_leaves_garbage_collection_alone(pytester: pytest.Pytester):
    import gc

    pytester.makeconftest(FREEZE_PROBE)
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert (pytester.path / "collecting.txt").read_text() == "collector on"
    assert (pytester.path / "frozen.txt").read_text() == "0"
    assert gc.isenabled()


@pytest.mark.parametrize("option", ["--fixtures", "--fixtures-per-test"])
def test_collecting_without_running_leaves_garbage_collection_on(story, option):
    """--fixtures collects without pytest's collection hook: the pause must still end."""
    import gc

    story.runpytest("-p", "no:cacheprovider", option)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_pipeline_that_is_not_installed_is_one_usage_line(story):
    result = story.runpytest("-p", "no:cacheprovider", "--facts-model", "en_pipeline_nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: facts_model 'en_pipeline_nowhere' is not installed: *"])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_fact_file_with_several_mistakes_reports_them_all_in_one_run(story):
    (story.path / "expectations" / "story.yaml").write_text(
        "facts:\n  - id: a\n    count: lots\n    of: [ships]\n  - id: b\n    date: someday\n",
        encoding="utf-8",
    )
    result = story.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "expectations/story.yaml:3:12: `count` of fact 'a'*",
            "expectations/story.yaml:6:11: `date` of fact 'b'*",
        ]
    )


class _Config:
    """What reading the options asks of pytest's config: ini values (defaults unless
    given), no flags, and the names the ini file sets."""

    def __init__(self, rootpath, ini: dict[str, object], names: tuple[str, ...]) -> None:
        from checks.plugin.options import OPTIONS

        self.rootpath = rootpath
        self._values = {option.name: option.default for option in OPTIONS} | ini
        self._inicfg = dict.fromkeys(names)

    def getoption(self, name, default=None):
        return default

    def getini(self, name):
        return self._values[name]


def test_a_project_that_checks_no_facts_is_not_stopped_by_a_facts_option(tmp_path):
    """pytest 8 keeps `-o` overrides out of the ini names: a bad `-o facts_window=...` in a
    project that checks no facts is left unused, while one that checks facts stops."""
    from checks.model.kinds import Window
    from checks.plugin.options import read_settings

    unused = read_settings(_Config(tmp_path, {"facts_window": "everywhere"}, ()))
    assert (unused.in_use, unused.window) == (False, Window.SENTENCE)
    with pytest.raises(pytest.UsageError, match="facts_window"):
        read_settings(_Config(tmp_path, {"facts_window": "everywhere"}, ("facts_window",)))
    used = read_settings(_Config(tmp_path, {"facts_window": "paragraph"}, ("facts_window",)))
    assert (used.in_use, used.window) == (True, Window.PARAGRAPH)
