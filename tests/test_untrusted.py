"""Untrusted pull requests and a good neighbour (SPEC section 9), end to end.

Sources and fact files may come from people who are not trusted: nothing outside the
project is read, nothing printed can forge a CI workflow command or drive the terminal. And
installed into a virtualenv, the plugin must leave every other pytest session as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    note: checked against the budget office's table
"""

SECRET = "TOKEN-7f3a9c-DO-NOT-LEAK"


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "story.yaml").write_text(FACTS, encoding="utf-8")
    (pytester.path / "sources" / "a.txt").write_text(
        "The US provided about $64bn of that.\n", encoding="utf-8"
    )
    return pytester


def everything_written(project: pytest.Pytester, result) -> str:
    """The terminal output and every report the run wrote."""
    texts = [result.stdout.str(), result.stderr.str()]
    for folder in (project.path / "reports", project.path):
        for name in ("facts.json", "facts.html", "junit.xml", "suggested.yaml", "out.xml"):
            path = folder / name
            if path.is_file():
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


# --- nothing outside the project is read ------------------------------------------------


def _outside_file(tmp_path_factory) -> Path:
    outside = tmp_path_factory.mktemp("elsewhere") / "key.txt"
    outside.write_text(f"The US provided about $12bn. {SECRET}\n", encoding="utf-8")
    return outside


def test_a_symlink_out_of_the_project_is_an_error_item_and_is_never_read(project, tmp_path_factory):
    os.symlink(_outside_file(tmp_path_factory), project.path / "sources" / "leak.txt")
    result = project.runpytest("-p", "no:cacheprovider", "-v", "--junitxml=out.xml")
    result.assert_outcomes(failed=2)  # a.txt's contradiction, and the error item
    result.stdout.fnmatch_lines(
        [
            "*source[[]sources/leak.txt[]] FAILED*",
            "*sources/leak.txt: not read: it resolves outside the project*",
        ]
    )
    assert SECRET not in everything_written(project, result)


def test_a_symlink_into_the_projects_git_folder_is_refused(project):
    (project.path / ".git").mkdir()
    (project.path / ".git" / "config").write_text(
        f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n", encoding="utf-8"
    )
    os.symlink(project.path / ".git" / "config", project.path / "sources" / "config.txt")
    result = project.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*sources/config.txt: not read: it resolves into a hidden*"])
    assert SECRET not in everything_written(project, result)


AID = "Allies have provided more than ${} billion in weapons and aid to Kyiv, officials said.\n"


def test_suggesting_facts_never_reads_what_a_symlink_points_to(pytester, tmp_path_factory):
    pytester.makeini(INI)
    pytester.mkdir("sources")
    for name in ("a.txt", "b.txt"):
        (pytester.path / "sources" / name).write_text(AID.format(126), encoding="utf-8")
    for number in range(4):  # other stories, so that the aid's words are distinctive
        (pytester.path / "sources" / f"other{number}.txt").write_text(
            f"The market in town {number} opened late on Tuesday.\n", encoding="utf-8"
        )
    outside = tmp_path_factory.mktemp("elsewhere") / "notes.txt"
    outside.write_text(AID.format(139), encoding="utf-8")
    os.symlink(outside, pytester.path / "sources" / "leak.txt")
    result = pytester.runpytest("-p", "no:cacheprovider", "--facts-suggest")
    written = everything_written(pytester, result)
    # (the amount, not the bare number: pytest's temporary folders are numbered too)
    assert (
        "$126 billion" in written and "$139 billion" not in written and "139 billion" not in written
    )


def test_ini_globs_leading_out_of_the_rootdir_read_nothing(project, tmp_path_factory):
    outside = _outside_file(tmp_path_factory)
    relative = os.path.relpath(outside.parent, project.path)
    result = project.runpytest("-p", "no:cacheprovider", "--facts-sources", f"{relative}/*")
    assert SECRET not in everything_written(project, result)
    result.stdout.fnmatch_lines(["*: not read: this folder resolves outside the project*"])


def test_fact_file_globs_leading_out_of_the_rootdir_match_nothing(project, tmp_path_factory):
    outside = _outside_file(tmp_path_factory)
    relative = os.path.relpath(outside.parent, project.path)
    (project.path / "expectations" / "story.yaml").write_text(
        FACTS + f"sources: ['{relative}/*']\n", encoding="utf-8"
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)  # the fact applies to no source at all
    assert SECRET not in everything_written(project, result)


@pytest.mark.parametrize("flag", ["/etc/*", "~/secrets/*"])
def test_an_absolute_source_glob_is_a_usage_error(project, flag):
    result = project.runpytest("-p", "no:cacheprovider", "--facts-sources", flag)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*facts_sources: * is an absolute path*relative to the rootdir*"])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_fact_file_symlinked_from_outside_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("facts") / "other.yaml"
    outside.write_text(FACTS.replace("us-aid", "other-aid") + f"# {SECRET}\n", encoding="utf-8")
    os.symlink(outside, project.path / "expectations" / "other.yaml")
    result = project.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*expectations/other.yaml: not read: it resolves outside*"])
    result.assert_outcomes(failed=1, errors=1)  # story.yaml still runs


# --- nothing printed can forge a workflow command or drive the terminal -----------------

HOSTILE_NOTE = "first line\n::error file=x.txt::forged by a note"
HOSTILE_SENTENCE = (
    "The US provided about $64bn \x1b[2J\x1b]52;c;cm0gLXJmIC8=\x07 "
    "\x1b]8;;https://example.invalid\x1b\\of that.\n"
)


def _forged_lines(output: str) -> list[str]:
    """Lines a GitHub runner would read as commands, other than the plugin's own errors."""
    return [
        line
        for line in output.splitlines()
        if line.lstrip().startswith("::") and not line.startswith("::error file=")
    ]


def test_names_notes_and_sentences_cannot_forge_workflow_commands(project, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    hostile = FACTS.replace(
        "note: checked against the budget office's table", "note: " + json.dumps(HOSTILE_NOTE)
    )
    hostile += (
        "  - id: ships\n    count: 40\n    of: [ships]\n    examples:\n"
        "      consistent: [" + json.dumps("The fleet has 40 ships.\n::add-mask::x") + "]\n"
    )
    (project.path / "expectations" / "story.yaml").write_text(hostile, encoding="utf-8")
    (project.path / "sources" / "x\n::stop-commands::pwn.txt").write_text(
        "The US provided about $64bn of that.\n", encoding="utf-8"
    )
    (project.path / "sources" / "c.txt").write_text(HOSTILE_SENTENCE, encoding="utf-8")
    result = project.runpytest("-p", "no:cacheprovider", "-rA")
    output = result.stdout.str() + result.stderr.str()
    assert _forged_lines(output) == []
    assert "::error file=sources/a.txt" in output  # the plugin's own annotations
    assert "x\\n::stop-commands::pwn.txt" in output  # the name, shown visibly


def test_escape_sequences_in_sources_are_shown_not_sent_to_the_terminal(project):
    (project.path / "sources" / "c.txt").write_text(HOSTILE_SENTENCE, encoding="utf-8")
    result = project.runpytest("-p", "no:cacheprovider", "-rA")
    output = result.stdout.str()
    assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b[2J" in output


def test_the_mentions_command_shows_escape_sequences_instead_of_sending_them(tmp_path):
    name = tmp_path / "x\x1b[31m.txt"
    name.write_text("It cost $5 million \x1b[2J, \x1b]8;;x\x07they said.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "checks", "mentions", str(name)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "$5 million" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "x\\x1b[31m.txt" in done.stdout


def test_a_lone_surrogate_in_a_fact_file_is_refused_with_the_way_to_write_it(project):
    (project.path / "expectations" / "quotes.yaml").write_text(
        'facts:\n  - id: smile\n    quote: "We are glad \\ud83d\\ude00 to be here"\n'
        "    speaker: Ana Lopez\n",
        encoding="utf-8",
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        ["*expectations/quotes.yaml:3:12: the escape \\ud83d is half of a character*"]
    )
    result.assert_outcomes(failed=1, errors=1)
    assert (project.path / "reports" / "facts.json").is_file()


# --- reports that cannot be written ----------------------------------------------------


def test_an_unwritable_reports_folder_is_one_line_and_its_own_exit_status(project):
    (project.path / "reports").write_text("not a folder", encoding="utf-8")
    result = project.runpytest("-p", "no:cacheprovider", "--junitxml=elsewhere/out.xml")
    assert result.ret == 6
    output = result.stdout.str()
    assert "Traceback" not in output and "INTERNALERROR" not in output
    result.stdout.fnmatch_lines(
        ["*reports/facts.json: cannot write*", "*reports/facts.html: cannot write*"]
    )
    assert (project.path / "elsewhere" / "out.xml").is_file()  # JUnit is not lost


def test_one_report_that_cannot_be_written_does_not_stop_the_others(project):
    (project.path / "reports" / "facts.html").mkdir(parents=True)
    result = project.runpytest("-p", "no:cacheprovider")
    assert result.ret == 6
    result.stdout.fnmatch_lines(["*reports/facts.html: cannot write*"])
    assert json.loads((project.path / "reports" / "facts.json").read_text())["results"]


def test_junit_in_an_unwritable_folder_is_one_line_not_a_traceback(project):
    (project.path / "blocked").write_text("a file", encoding="utf-8")
    result = project.runpytest("-p", "no:cacheprovider", "--junitxml=blocked/out.xml")
    assert result.ret == 6
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines(["*blocked/out.xml: cannot write the JUnit report*"])


# --- interrupted and partial runs -------------------------------------------------------

INTERRUPT_AFTER_COLLECTION = """
def pytest_collection_finish(session):
    raise KeyboardInterrupt
"""


def test_reports_of_an_interrupted_run_say_so(project):
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(failed=1)
    project.makeconftest(INTERRUPT_AFTER_COLLECTION)
    result = project.runpytest("-p", "no:cacheprovider", no_reraise_ctrlc=True)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    report = json.loads((project.path / "reports" / "facts.json").read_text())
    assert report["run"]["complete"] is False
    assert "interrupted" in report["run"]["reason"]
    assert "interrupted" in (project.path / "reports" / "facts.html").read_text()


def test_a_run_narrowed_by_k_is_marked_partial(project):
    (project.path / "expectations" / "story.yaml").write_text(
        FACTS + "  - id: ships\n    count: 40\n    of: [ships]\n", encoding="utf-8"
    )
    result = project.runpytest("-p", "no:cacheprovider", "-k", "ships")
    result.assert_outcomes(skipped=1)
    report = json.loads((project.path / "reports" / "facts.json").read_text())
    assert report["run"]["complete"] is False and "left out" in report["run"]["reason"]


# --- a good neighbour in other projects ----------------------------------------------------


def test_a_project_without_fact_files_keeps_its_collection_errors_fatal(pytester):
    """Someone else's data file with a `facts:` key is not a fact file, and a broken test
    module stops their run as their options say."""
    pytester.makepyfile(
        test_broken="import no_such_module_here\n", test_fine="def test_one():\n    assert True\n"
    )
    (pytester.path / "data.yaml").write_text("facts:\n  - 1\n  - 2\n", encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*1 error during collection*"])
    assert "data.yaml" not in result.stdout.str()
    assert not (pytester.path / "reports").exists()


def test_a_fact_file_may_say_so_on_its_first_line_in_any_project(pytester):
    pytester.mkdir("sources")
    (pytester.path / "sources" / "a.txt").write_text("The fleet has 41 ships.\n")
    (pytester.path / "story.yaml").write_text(
        "# yaml-language-server: $schema=facts.schema.json\n"
        "sources: [sources/*]\nfacts:\n  - id: ships\n    count: 40\n    of: [ships]\n",
        encoding="utf-8",
    )
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "story.yaml", "--facts-sources", "sources/*"
    )
    result.assert_outcomes(failed=1)


PROBE = """
import gc, sys

def pytest_unconfigure(config):
    with open("probe.txt", "w") as out:
        out.write(f"{'spacy' in sys.modules} {'checks.run.engine' in sys.modules} "
                  f"{gc.isenabled()} {gc.get_freeze_count()}")
"""


def test_a_session_without_fact_files_imports_no_engine_and_leaves_gc_alone(pytester):
    pytester.makeconftest(PROBE)
    pytester.makepyfile(
        test_cycles="""
        import gc, weakref

        class Node:
            pass

        def test_a_released_cycle_is_collected():
            node = Node()
            node.self = node
            ref = weakref.ref(node)
            del node
            gc.collect()
            assert ref() is None
    """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert (pytester.path / "probe.txt").read_text() == "False False True 0"


def test_a_mixed_run_leaves_the_garbage_collector_alone(project):
    project.makeconftest(PROBE.replace("pytest_unconfigure(config)", "pytest_runtestloop(session)"))
    project.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = project.runpytest("-p", "no:cacheprovider", "expectations", "test_plain.py")
    result.assert_outcomes(passed=1, failed=1)
    assert (project.path / "probe.txt").read_text().endswith("True 0")


# --- found in review: runs that check nothing, xdist, names, options --------------------


def test_collect_only_leaves_the_last_runs_reports_alone(project):
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(failed=1)
    before = (project.path / "reports" / "facts.json").read_bytes()
    project.runpytest("-p", "no:cacheprovider", "--co")
    assert (project.path / "reports" / "facts.json").read_bytes() == before


def test_a_narrowed_or_broken_run_is_partial_under_xdist_too(project):
    (project.path / "expectations" / "story.yaml").write_text(
        FACTS + "  - id: ships\n    count: 40\n    of: [ships]\n", encoding="utf-8"
    )
    project.runpytest("-p", "no:cacheprovider", "-n", "2", "-k", "ships")
    report = json.loads((project.path / "reports" / "facts.json").read_text())
    assert report["run"]["complete"] is False and "left out" in report["run"]["reason"]
    (project.path / "expectations" / "story.yaml").write_text("facts: [", encoding="utf-8")
    result = project.runpytest("-p", "no:cacheprovider", "-n", "2")
    assert result.ret != pytest.ExitCode.OK
    report = json.loads((project.path / "reports" / "facts.json").read_text())
    assert report["run"]["complete"] is False and report["results"] == []


def test_a_fact_file_name_that_would_start_a_command_is_refused(pytester):
    pytester.makeini("[pytest]\nfacts_sources = sources/*\n")  # no testpaths
    pytester.mkdir("sources")
    (pytester.path / "sources" / "a.txt").write_text("The fleet has 41 ships.\n")
    (pytester.path / "::error file=a.txt,line=1::all good.yaml").write_text(
        "facts:\n  - id: ships\n    count: 40\n    of: [ships]\n", encoding="utf-8"
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    assert _forged_lines(result.stdout.str()) == []
    result.stdout.fnmatch_lines(["*not read: the fact file's name holds*"])
    assert (
        json.loads((pytester.path / "reports" / "facts.json").read_text())["run"]["complete"]
        is False
    )


def test_a_fact_file_name_with_a_line_break_is_an_error_not_silence(project):
    (project.path / "expectations" / "other\n::warning::x.yaml").write_text(
        "facts:\n  - id: ships\n    count: 40\n    of: [ships]\n", encoding="utf-8"
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, errors=1)
    assert _forged_lines(result.stdout.str()) == []
    assert (
        json.loads((project.path / "reports" / "facts.json").read_text())["run"]["complete"]
        is False
    )


@pytest.mark.parametrize("junit", [[], ["--junitxml=elsewhere/out.xml"]])
def test_suggesting_into_an_unwritable_reports_folder_is_one_line(project, junit):
    (project.path / "reports").write_text("a file", encoding="utf-8")
    result = project.runpytest("-p", "no:cacheprovider", "--facts-suggest", *junit)
    assert result.ret == 6
    assert "Traceback" not in result.stdout.str() and "INTERNALERROR" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*reports/suggested.yaml: cannot write*"])
    if junit:
        assert (project.path / "elsewhere" / "out.xml").is_file()


@pytest.mark.parametrize(
    "option, value",
    [
        ("facts_max_source_bytes", "lots"),
        ("facts_window", "page"),
        ("facts_date_order", "YMD"),
        ("facts_sources", "sources/**.txt"),
    ],
)
def test_a_bad_option_value_is_one_usage_error_before_anything_runs(project, option, value):
    result = project.runpytest("-p", "no:cacheprovider", "-o", f"{option}={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert not (project.path / "reports").exists()


def test_a_symlinked_folder_out_of_the_project_is_named_not_listed(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / f"{SECRET}.txt").write_text("The US provided about $12bn.\n", encoding="utf-8")
    os.symlink(outside, project.path / "sources" / "linked")
    project.makeini(INI.replace("sources/*", "sources/*\n    sources/*/*"))
    result = project.runpytest("-p", "no:cacheprovider", "-v")
    result.stdout.fnmatch_lines(["*sources/linked: not read: this folder resolves outside*"])
    assert SECRET not in everything_written(project, result)
    assert "12bn" not in everything_written(project, result)


def test_reports_are_never_written_through_a_symlink_out_of_the_project(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    os.symlink(outside, project.path / "reports")
    result = project.runpytest("-p", "no:cacheprovider", "-o", "addopts=")
    assert result.ret == 6
    result.stdout.fnmatch_lines(["*reports: reports not written: the folder resolves outside*"])
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("workers", [[], ["-n", "2"]])
def test_a_cache_that_cannot_be_made_is_one_warning_and_no_error(project, workers):
    (project.path / ".pytest_cache" / "d").mkdir(parents=True)
    (project.path / ".pytest_cache" / "d" / "facts-parsed").write_text("in the way")
    result = project.runpytest(*workers)
    result.assert_outcomes(failed=1)
    warnings = [line for line in result.stdout.lines if line.startswith("warning: ")]
    assert len(warnings) == 1 and "cache" in warnings[0]


def test_the_suggested_draft_holds_no_control_character_and_loads(pytester):
    pytester.makeini(INI)
    pytester.mkdir("sources")
    for name in ("a.txt", "b.txt"):
        (pytester.path / "sources" / name).write_text(
            AID.format(126).replace("officials", "\x1b[2K\u202eofficials"), encoding="utf-8"
        )
    for number in range(4):
        (pytester.path / "sources" / f"other{number}.txt").write_text(
            f"The market in town {number} opened late on Tuesday.\n", encoding="utf-8"
        )
    result = pytester.runpytest("-p", "no:cacheprovider", "--facts-suggest")
    draft = (pytester.path / "reports" / "suggested.yaml").read_text(encoding="utf-8")
    assert "$126 billion" in draft
    assert "\x1b" not in draft and "\u202e" not in draft and "\x1b" not in result.stdout.str()
    from checks.facts.factfile import load_fact_file
    from checks.facts.values import parse_tolerance, parse_value

    assert load_fact_file("suggested.yaml", draft, parse_value, parse_tolerance).facts
