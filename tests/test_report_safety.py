"""Reports against hostile and huge input, and against faults while writing (SPEC section 9):
long sentences shown as a window, every text safe in every output, writers that never fail on
text, one problem line per report that cannot be written, partial runs that say so, and no
temporary file left behind by SIGTERM."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from checks.facts.factfile import Acceptance, Fact, Position
from checks.judge.verdicts import Judgement
from checks.model.intervals import Interval
from checks.model.kinds import Kind, Verdict
from checks.model.mentions import QuantityMention
from checks.model.visible import has_unsafe
from checks.report.html import render_html, write_html_report
from checks.report.records import (
    ELLIPSIS,
    SENTENCE_SHOWN,
    STALE_TEMPORARY_SECONDS,
    Record,
    RunState,
    as_record,
    example_problem,
    failure_text,
    github_annotations,
    sentence_window,
    stale_acceptance_text,
    summary,
    write_atomically,
    write_json_report,
    write_reports,
)
from checks.report.records import records as report_records
from checks.run.engine import FactResult, LinkResult

ROOT = Path(__file__).resolve().parents[1]
SAYS = "about $64bn"


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
    sentence: str,
    says: str = SAYS,
    verdict: Verdict = Verdict.CONTRADICTION,
    detail: str = "every value the source's words allow is below every value the fact "
    "allows, so both cannot be true",
) -> LinkResult:
    mention = QuantityMention(
        kind=Kind.AMOUNT,
        text=says,
        start=0,
        end=len(says),
        sentence=0,
        first_token=0,
        last_token=2,
        interval=Interval(Fraction(635, 10) * 10**9, Fraction(645, 10) * 10**9, True, False),
    )
    judgement = Judgement(verdict, "[63.5, 64.5) billion USD", "(66.5, +inf) billion USD", detail)
    return LinkResult(mention, 1, 17, sentence, judgement)


def _result(
    *links: LinkResult,
    fact: Fact | None = None,
    source: str = "seeds/long.txt",
    fact_file: str = "expectations/story.yaml",
) -> FactResult:
    return FactResult(fact or _fact(), fact_file, source, links)


def records(result: FactResult) -> list[Record]:
    """The records of ``result`` as the writers take them."""
    return [as_record(record) for record in report_records(result)]


def _words(count: int, start: int = 0) -> str:
    """Distinct words, so that a window's first and last words tell where it was cut."""
    return " ".join(f"w{number}" for number in range(start, start + count))


# -- 1. a long sentence is shown as a window around the mention ----------------------------


def test_a_200_kb_sentence_is_shown_in_every_record_as_a_window_around_the_mention(tmp_path):
    sentence = f"{_words(20_000)} the US provided {SAYS} of that {_words(20_000, 20_000)}"
    assert len(sentence) > 200_000 and "." not in sentence
    (record,) = records(_result(_link(sentence)))

    shown = record.sentence
    assert len(shown) <= SENTENCE_SHOWN + len(SAYS) + 2 * len(ELLIPSIS)
    assert len(shown) > SENTENCE_SHOWN * 0.8
    start, end = record.highlight
    assert shown[start:end] == SAYS
    assert abs(start - (len(shown) - end)) < 20  # about as much on either side
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    inner = shown[len(ELLIPSIS) : -len(ELLIPSIS)]
    assert inner in sentence
    words = set(sentence.split())  # cut between words: the ends are whole words
    assert inner.split()[0] in words and inner.split()[-1] in words
    assert not inner.startswith(" ") and not inner.endswith(" ")

    text = failure_text(_result(_link(sentence)))
    assert f"  sentence:     {shown}" in text.splitlines()
    assert len(text) < 2 * SENTENCE_SHOWN + 500
    (annotation,) = github_annotations([record])
    assert len(annotation) < 2 * SENTENCE_SHOWN + 500
    assert len(render_html([record], "T")) < 30_000
    write_json_report(tmp_path / "facts.json", [record])
    assert (tmp_path / "facts.json").stat().st_size < 3_000


def test_the_window_gives_one_side_what_the_other_cannot_use():
    sentence = f"{SAYS} {_words(1_000)}"
    shown, start, end = sentence_window(sentence, 0, len(SAYS))
    assert (start, end) == (0, len(SAYS)) and shown[start:end] == SAYS
    assert not shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert SENTENCE_SHOWN - 40 <= len(shown) <= SENTENCE_SHOWN + len(SAYS) + 1

    sentence = f"{_words(1_000)} {SAYS}"
    at = sentence.index(SAYS)
    shown, start, end = sentence_window(sentence, at, at + len(SAYS))
    assert shown.startswith(ELLIPSIS) and not shown.endswith(ELLIPSIS)
    assert shown[start:end] == SAYS and end == len(shown)
    assert SENTENCE_SHOWN - 40 <= len(shown) <= SENTENCE_SHOWN + len(SAYS) + 1


def test_a_sentence_without_spaces_and_a_huge_mention_are_cut_too():
    sentence = "x" * 100_000 + SAYS + "y" * 100_000
    at = sentence.index(SAYS)
    shown, start, end = sentence_window(sentence, at, at + len(SAYS))
    assert shown[start:end] == SAYS
    assert shown == ELLIPSIS + "x" * 200 + SAYS + "y" * 200 + ELLIPSIS

    quote = "q " * 50_000
    sentence = "He said " + quote + "and left"
    shown, start, end = sentence_window(sentence, 8, 8 + len(quote))
    assert len(shown) <= 2 * SENTENCE_SHOWN + 2
    assert shown[start:end] == quote[: end - start] and end - start == SENTENCE_SHOWN


def test_short_sentences_and_unfound_mentions():
    sentence = ("The US provided about $64bn of that " + _words(200))[:SENTENCE_SHOWN]
    assert len(sentence) == SENTENCE_SHOWN
    (record,) = records(_result(_link(sentence)))
    assert record.sentence == sentence and record.highlight == [16, 27]

    long = _words(1_000)  # the mention's words are not in it: shown from the start
    (record,) = records(_result(_link(long)))
    assert record.highlight is None
    assert long.startswith(record.sentence[:-1]) and record.sentence.endswith(ELLIPSIS)
    assert len(record.sentence) <= SENTENCE_SHOWN + len(SAYS) + 1


# -- 2. every text is safe in every output -------------------------------------------------

ESCAPES = (
    "\x1b[2J\x1b[H",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
)
HOSTILE_SOURCE = "seeds/a\n::stop-commands::pwn.txt"
HOSTILE_FACT_FILE = "expectations/b\r::add-mask::x.yaml"
HOSTILE_NOTE = "Counted since 2022.\n::error::x\n   ::warning file=a::y\r\n\u2028::notice::z"
HOSTILE_SENTENCE = (
    f"The US provided {SAYS} {ESCAPES[0]} of that {ESCAPES[1]} and "
    f"{ESCAPES[2]}\u202e.txt\x85::error::nel"
)


def _hostile():
    fact = _fact(
        id="us-aid\n::error::id",
        note=HOSTILE_NOTE,
        value_text="more than 66.5 billion USD\n::debug::canonical\x1b[31m",
        position=Position(HOSTILE_FACT_FILE, 8, 5),
    )
    link = _link(HOSTILE_SENTENCE, detail="cannot both hold\n::group::detail\x07")
    return _result(link, fact=fact, source=HOSTILE_SOURCE, fact_file=HOSTILE_FACT_FILE)


def _text_outputs(result: FactResult) -> dict[str, str]:
    entry = Acceptance(
        source=HOSTILE_SOURCE,
        says="about $60bn\n::error::says\x1b[2J",
        reason="one year",
        position=Position(HOSTILE_FACT_FILE, 12, 9),
    )
    unmentioned = FactResult(
        _fact(id="never\n::error::said\x1b]52;c;x\x07"), HOSTILE_FACT_FILE, None
    )
    found = records(result) + records(unmentioned)
    link = result.links[0]
    return {
        "failure": failure_text(result),
        "stale": stale_acceptance_text(result, entry),
        "example unrelated": example_problem(result.fact, "unrelated", HOSTILE_SENTENCE, [link]),
        "example unlinked": example_problem(result.fact, "contradicts", HOSTILE_SENTENCE, []),
        "summary": "\n".join(
            summary(
                found,
                2,
                "reports\n::error::dir",
                run={"complete": False, "reason": "interrupted\n::error::why\x1b[2J"},
            )
        ),
        "annotations": "\n".join(github_annotations(found)),
    }


def test_no_hostile_text_starts_a_line_or_reaches_a_terminal_raw():
    outputs = _text_outputs(_hostile())
    annotations = github_annotations(records(_hostile()))
    assert len(annotations) == 1
    for name, text in outputs.items():
        assert text, name
        # splitlines also breaks at \r, \x0b, \x0c, \x1c-\x1e, \x85, \u2028 and \u2029.
        for line in text.splitlines():
            assert not line.lstrip().startswith("::") or line in annotations, (name, line)
            assert not has_unsafe(line), (name, line)
        assert "\x1b" not in text and "\x07" not in text, name
    failure = outputs["failure"].split("\n")
    assert failure[0].startswith(
        "seeds/a\\n::stop-commands::pwn.txt:1:17: contradiction "
        "with us-aid\\n::error::id (expectations/b\\r::add-mask::x.yaml"
    )
    assert (
        "  note:         Counted since 2022. ::error::x ::warning file=a::y ::notice::z" in failure
    )
    (sentence,) = [line for line in failure if line.startswith("  sentence:")]
    assert "\\x1b[2J\\x1b[H" in sentence and "\\x1b]52;c;cHduZWQ=\\x07" in sentence
    assert "\\u202e.txt\\x85::error::nel" in sentence
    assert outputs["stale"].startswith("expectations/b\\r::add-mask::x.yaml:12:9: ")
    assert outputs["example unrelated"].startswith("expectations/b\\r::add-mask::x.yaml")
    assert outputs["summary"].startswith("Partial run (interrupted\\n::error::why\\x1b[2J): ")
    assert "Details: reports\\n::error::dir/facts.html" in outputs["summary"]


def test_a_file_name_that_begins_like_a_command_is_shown_from_its_folder():
    fact = _fact(position=Position(" ::warning::fact.yaml", 3, 5))
    result = _result(_link(f"It was {SAYS}."), fact=fact, source="::error::source.txt")
    entry = Acceptance(source="x", says=SAYS, reason="r", position=fact.position)
    assert failure_text(result).startswith("./::error::source.txt:1:17: ")
    assert stale_acceptance_text(result, entry).startswith("./ ::warning::fact.yaml:3:5: ")
    assert example_problem(fact, "contradicts", "No value.", []).startswith(
        "./ ::warning::fact.yaml:3:5: example of us-aid"
    )


def test_annotations_keep_the_file_name_github_reads_back_and_nothing_raw():
    (line,) = github_annotations(records(_hostile()))
    assert "\n" not in line and "\r" not in line and not has_unsafe(line)
    command, message = line.split("::", 2)[1:]
    assert command.startswith("error file=seeds/a%0A%3A%3Astop-commands%3A%3Apwn.txt,line=1,")
    assert command.endswith(",title=contradiction with us-aid\\n%3A%3Aerror%3A%3Aid")
    assert "%0Asentence:     The US provided about $64bn \\x1b[2J\\x1b[H of that" in message
    assert "%0Awhy:          cannot both hold\\n::group::detail\\x07" in message

    odd = records(_result(_link("It went \x1b[2J \x9b31m up."), source="seeds/\x1b[2J\u202e.txt"))
    (line,) = github_annotations(odd)
    assert line.startswith("::error file=seeds/\\x1b[2J\\u202e.txt,line=1,col=17,")
    assert not has_unsafe(line)


# Characters XML 1.0 does not allow and HTML calls parse errors: C0 controls other than tab,
# line feed and carriage return, and C1 controls; carriage return too, which the page never
# needs.
_INVALID_IN_HTML = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def test_json_keeps_the_real_text_and_html_holds_no_control_character(tmp_path):
    found = records(_hostile())
    write_json_report(tmp_path / "facts.json", found)
    raw = (tmp_path / "facts.json").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x09\x0b-\x1f]", raw)  # JSON escapes them itself
    (record,) = json.loads(raw)["results"]
    assert record["sentence"] == HOSTILE_SENTENCE and record["source"] == HOSTILE_SOURCE

    write_html_report(
        tmp_path / "facts.html",
        found,
        "root\x1b[2J\n::error::title",
        run={"complete": False, "reason": "stopped\x07\x00"},
    )
    page = (tmp_path / "facts.html").read_text(encoding="utf-8")
    assert not _INVALID_IN_HTML.search(page)
    assert "<h1>root\\x1b[2J\\n::error::title</h1>" in page
    assert "\\\\x1b]52;c;cHduZWQ=\\\\x07" in page  # the escape shown, inside the page's JSON
    assert "stopped\\x07\\x00" in page


# -- 3. writers never fail on text ---------------------------------------------------------


def test_lone_surrogates_are_written_as_valid_utf8(tmp_path):
    # PyYAML reads "\ud83d\ude00" (two escapes) as the two halves of 😀; "\ud83d" alone is
    # half of a character, which UTF-8 cannot encode.
    (record,) = records(
        _result(
            _link(f"It was {SAYS} \ud83d\ude00, half \ud83d and \udc00.", says=SAYS),
            fact=_fact(value_text="66.5 \ud83d USD"),
        )
    )
    write_json_report(
        tmp_path / "facts.json", [record], run={"complete": False, "reason": "cut \udfff"}
    )
    write_html_report(tmp_path / "facts.html", [record], "title \ud800")
    assert write_reports(tmp_path / "again", [record], "t \ud83d", None) == []
    for path in (
        tmp_path / "facts.json",
        tmp_path / "facts.html",
        tmp_path / "again" / "facts.json",
        tmp_path / "again" / "facts.html",
    ):
        path.read_bytes().decode("utf-8")  # strict: raises on anything but UTF-8
    data = json.loads((tmp_path / "facts.json").read_text(encoding="utf-8"))
    assert data["results"][0]["sentence"] == f"It was {SAYS} \U0001f600, half \ufffd and \ufffd."
    assert data["results"][0]["canonical"] == "66.5 \ufffd USD"
    assert data["run"]["reason"] == "cut \ufffd"
    assert "\U0001f600" in (tmp_path / "facts.html").read_text(encoding="utf-8")
    lines = failure_text(_result(_link("half \ud83d of " + SAYS)))
    lines.encode("utf-8")


# -- 4. one problem line per report that cannot be written ---------------------------------


def _some_records() -> list[Record]:
    return records(_result(_link(f"The US provided {SAYS} of that.")))


def test_write_reports_writes_both_and_says_nothing_when_it_can(tmp_path):
    assert write_reports(tmp_path / "reports", _some_records(), "T", None) == []
    assert json.loads((tmp_path / "reports" / "facts.json").read_text(encoding="utf-8"))
    assert (
        (tmp_path / "reports" / "facts.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )


def test_a_reports_path_that_is_a_file_is_one_line_per_report(tmp_path):
    (tmp_path / "reports").write_text("not a folder", encoding="utf-8")
    problems = write_reports(tmp_path / "reports", _some_records(), "T", None, "reports")
    assert problems == [
        f"reports/{name}: cannot write: reports is a file, not a folder"
        for name in ("facts.json", "facts.html", "facts.sarif")
    ]
    assert (tmp_path / "reports").read_text(encoding="utf-8") == "not a folder"


def test_a_folder_named_like_a_report_costs_that_report_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports" / "facts.html").mkdir(parents=True)
    problems = write_reports(tmp_path / "reports", _some_records(), "T", None)
    assert problems == ["reports/facts.html: cannot write: Is a directory"]
    assert json.loads((tmp_path / "reports" / "facts.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "facts.html",
        "facts.json",
        "facts.sarif",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_reports_folder_is_one_line_per_report(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        problems = write_reports(folder, _some_records(), "T", None, "reports")
    finally:
        folder.chmod(0o700)
    assert problems == [
        "reports/facts.json: cannot write: Permission denied",
        "reports/facts.html: cannot write: Permission denied",
    ]


def test_a_full_disk_costs_the_report_being_written_and_leaves_no_temporary(tmp_path, monkeypatch):
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, text):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        writelines = write

    calls = []

    def fdopen(handle, *args, **kwargs):
        calls.append(handle)
        stream = real_fdopen(handle, *args, **kwargs)
        return FullDisk(stream) if len(calls) == 1 else stream  # facts.json only

    monkeypatch.setattr("checks.report.records.os.fdopen", fdopen)
    problems = write_reports(tmp_path / "reports", _some_records(), "T", None, "reports")
    assert problems == ["reports/facts.json: cannot write: No space left on device"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["facts.html", "facts.sarif"]


# -- 5. a partial run says so --------------------------------------------------------------

PARTIAL = {"complete": False, "reason": "interrupted (KeyboardInterrupt) after 120 of 300 items"}


@pytest.mark.parametrize("found", [_some_records(), []], ids=["records", "none"])
def test_a_partial_run_says_so_in_facts_json(tmp_path, found):
    assert write_reports(tmp_path, found, "T", PARTIAL) == []
    text = (tmp_path / "facts.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == ["version", "run", "results"]
    assert data["run"] == PARTIAL
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"  # one dump's text
    write_json_report(tmp_path / "again.json", found, RunState(False, PARTIAL["reason"]))
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == text


def test_a_complete_run_writes_facts_json_as_before(tmp_path):
    found = _some_records()
    write_json_report(tmp_path / "before.json", found)
    expected = (tmp_path / "before.json").read_bytes()
    assert list(json.loads(expected)) == ["version", "results"]
    for run in (None, {"complete": True}, RunState()):
        write_json_report(tmp_path / "facts.json", found, run)
        assert (tmp_path / "facts.json").read_bytes() == expected
    assert render_html(found, "T", {"complete": True}) == render_html(found, "T")


def test_a_partial_run_has_a_banner_in_facts_html_and_a_first_line_in_the_summary():
    page = render_html(_some_records(), "T", PARTIAL)
    banner = page.index(
        '<p class="partial" role="alert"><strong>Partial run:</strong> '
        "interrupted (KeyboardInterrupt) after 120 of 300 items."
    )
    assert banner < page.index('id="summary"')
    assert 'class="partial"' not in render_html(_some_records(), "T")

    found = [
        as_record(
            {
                "fact_file": "expectations/x.yaml",
                "fact": "a",
                "verdict": "consistent",
                "source": "s/a.txt",
            }
        )
    ]
    lines = summary(found, 1, "reports", run=PARTIAL)
    assert lines[0].startswith(
        "Partial run (interrupted (KeyboardInterrupt) after 120 of 300 items): "
    )
    assert lines[1:] == summary(found, 1, "reports")
    assert summary(found, 1, "reports", run={"complete": True}) == summary(found, 1, "reports")


# -- 6. atomic writes leave nothing behind -------------------------------------------------

_WRITER = """
import sys, time
from pathlib import Path
from checks.report.records import write_atomically

def parts():
    yield "the first part\\n"
    print("writing", flush=True)
    time.sleep(60)
    yield "never written\\n"

write_atomically(Path(sys.argv[1]), parts())
"""


def test_sigterm_while_writing_removes_the_temporary_and_still_ends_the_process(tmp_path):
    target = tmp_path / "reports" / "facts.json"
    target.parent.mkdir()
    target.write_text("the last run's report\n", encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline() == "writing\n"
        (temporary,) = [p.name for p in target.parent.iterdir() if p.name != "facts.json"]
        assert re.fullmatch(r"\.facts\.json\.\w{8}\.tmp", temporary)
        writer.send_signal(signal.SIGTERM)
        assert writer.wait(timeout=30) == -signal.SIGTERM  # killed by SIGTERM, as before
    finally:
        writer.kill()
        writer.stdout.close()
    assert [p.name for p in target.parent.iterdir()] == ["facts.json"]
    assert target.read_text(encoding="utf-8") == "the last run's report\n"


def test_the_sigterm_handler_is_ours_only_while_writing(tmp_path):
    seen = []

    def parts():
        seen.append(signal.getsignal(signal.SIGTERM))
        yield "text\n"

    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        write_atomically(tmp_path / "facts.json", parts())
        assert seen[0] not in (signal.SIG_DFL, signal.SIG_IGN, None)
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL

        def someone_elses(signum, frame):
            pass

        seen.clear()
        signal.signal(signal.SIGTERM, someone_elses)
        write_atomically(tmp_path / "facts.json", parts())
        assert seen == [someone_elses]
        assert signal.getsignal(signal.SIGTERM) is someone_elses
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_stale_temporaries_of_the_report_are_removed_and_fresh_ones_kept(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    long_ago = time.time() - STALE_TEMPORARY_SECONDS - 60
    names = {
        "stale": ".facts.json.ab_cd123.tmp",
        "fresh": ".facts.json.efgh5678.tmp",
        "other report": ".facts.html.ijkl9012.tmp",
        "not ours": ".facts.json.old.tmp",
        "editor's": "facts.json.mnop3456.tmp",
    }
    for kind, name in names.items():
        (folder / name).write_text(kind, encoding="utf-8")
        if kind != "fresh":
            os.utime(folder / name, (long_ago, long_ago))
    write_atomically(folder / "facts.json", "report\n")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["facts.json", *(name for kind, name in names.items() if kind != "stale")]
    )
