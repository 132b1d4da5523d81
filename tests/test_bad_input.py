"""Bad sources end to end (SPEC section 9): every file checked, nothing lost, nothing hangs.

The pytester runs below are what an editor sees: a contradiction in a CRLF, lone-CR,
UTF-16, cp1252, HTML or Markdown source is reported at the file's own line and column; a
binary, huge or unreadable source is one error item naming the file while every other
source is still checked; and no run writes to a source or a fact file.  The property tests
feed random text and random bytes through decoding and the whole engine.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import pathlib
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.extract.pipeline import load_pipeline, parse_source
from checks.model.errors import FactsError, SourceError
from checks.read.sources import SourceText, decode, html_text, line_starts, read_source
from checks.run.engine import Engine, Settings, check_parsed

INI = """
[pytest]
testpaths = expectations
facts_sources = sources/*
"""

FACTS = """\
title: Bad input
names:
  United States: [US, Washington]
facts:
  - id: us-aid
    amount: more than 66.5 billion USD
    about: [United States, provided]
"""

WRONG = "The US provided about $64bn of that."  # "about $64bn" at column 17
RIGHT = "The US provided more than $66.5 billion to Ukraine."
PAGE = """<!DOCTYPE html>
<html><head><title>Aid</title><script>var a = "$1bn";</script></head>
<body><h1>Aid</h1>
<p>Background.</p><p>The <a href="/us">US</a> provided about $64bn of that.</p>
</body></html>
"""
MARKDOWN = """---
title: The US provided about $99bn
published: 2025-02-12
---

# Aid

The US provided about $64bn of that.
"""


def failure_line(source: str, line: int, column: int) -> str:
    return f"{source}:{line}:{column}: contradiction with us-aid (expectations/facts.yaml:5)"


def sparse(path: Path, size: int) -> None:
    with path.open("wb") as stream:
        stream.truncate(size)


@pytest.fixture
def folder(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    pytester.mkdir("expectations")
    pytester.mkdir("sources")
    (pytester.path / "expectations" / "facts.yaml").write_text(FACTS, encoding="utf-8")
    return pytester


def put(pytester: pytest.Pytester, name: str, data: bytes | str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    (pytester.path / "sources" / name).write_bytes(raw)


# ---- positions end to end -----------------------------------------------------------------------


def test_contradictions_are_reported_at_the_files_own_line_and_column(folder):
    put(folder, "crlf.txt", f"Sidebar.\r\n\r\n{WRONG}\r\n")
    put(folder, "cr.txt", f"Sidebar.\r\r{WRONG}\r")
    put(folder, "mixed.txt", f"One.\r\nTwo.\rThree.\n\t{WRONG}\r\n")
    put(folder, "utf16.txt", codecs.BOM_UTF16_LE + f"Sidebar.\r\n{WRONG}\r\n".encode("utf-16-le"))
    put(folder, "bom.txt", codecs.BOM_UTF8 + f"{WRONG}\n".encode())
    put(folder, "cp1252.txt", b"\x93Sidebar\x94 \x96 caf\xe9.\r\n" + WRONG.encode() + b"\r\n")
    put(folder, "page.html", PAGE)
    put(folder, "post.md", MARKDOWN)
    put(folder, "fine.txt", RIGHT + "\n")
    result = folder.runpytest("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=1, failed=8)
    result.stdout.fnmatch_lines_random(
        [
            failure_line("sources/crlf.txt", 3, 17),
            failure_line("sources/cr.txt", 3, 17),
            failure_line("sources/mixed.txt", 4, 18),
            failure_line("sources/utf16.txt", 2, 17),
            failure_line("sources/bom.txt", 1, 17),
            failure_line("sources/cp1252.txt", 2, 17),
            failure_line("sources/page.html", 4, 56),
            failure_line("sources/post.md", 8, 17),
            "  sentence:     The US provided about $64bn of that.",
        ]
    )
    # The Markdown title in the front matter is not prose: only the body's mention fails.
    assert "$99bn" not in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


# ---- files that cannot be checked ---------------------------------------------------------------


def test_bad_sources_are_one_error_each_and_every_other_source_is_checked(folder, monkeypatch):
    put(folder, "a_wrong.txt", WRONG + "\n")
    put(folder, "b_empty.txt", b"")
    put(folder, "c_photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00")
    put(folder, "d_nul.txt", b"The US provided $5bn.\x00\n")
    put(folder, "e_locked.txt", RIGHT + "\n")
    sparse(folder.path / "sources" / "f_huge.txt", 50 * 1024 * 1024)
    put(folder, "g_fine.txt", RIGHT + "\n")
    # Root reads any file whatever its mode, so the unreadable file is simulated.
    real_open = pathlib.Path.open

    def guarded_open(self, *args, **kwargs):
        if self.name == "e_locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    result = folder.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=1, failed=5)
    result.stdout.fnmatch_lines_random(
        [
            "*facts.yaml::us-aid[[]sources/a_wrong.txt[]] FAILED*",
            "*facts.yaml::us-aid[[]sources/g_fine.txt[]] PASSED*",
            "source[[]sources/c_photo.png[]] FAILED*",
            "source[[]sources/d_nul.txt[]] FAILED*",
            "source[[]sources/e_locked.txt[]] FAILED*",
            "source[[]sources/f_huge.txt[]] FAILED*",
        ]
    )
    result.stdout.fnmatch_lines_random(
        [
            (
                "sources/c_photo.png: not checked: binary file (NUL byte at offset 8); sources must be "
                "text: UTF-8, UTF-16 with a byte-order mark, or cp1252/Latin-1"
            ),
            "sources/d_nul.txt: not checked: binary file (NUL byte at offset 21); *",
            "sources/e_locked.txt: not checked: cannot read this file (Permission denied)",
            (
                "sources/f_huge.txt: not checked: 52,428,800 bytes (50.0 MiB), over "
                "facts_max_source_bytes = 5,242,880 (5.0 MiB); raise the limit to check it"
            ),
        ]
    )
    output = result.stdout.str()
    assert "b_empty.txt" not in output  # empty: nothing to say
    assert "Traceback" not in output


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_a_file_without_read_permission(folder):
    put(folder, "locked.txt", WRONG + "\n")
    put(folder, "fine.txt", RIGHT + "\n")
    locked = folder.path / "sources" / "locked.txt"
    locked.chmod(0)
    try:
        result = folder.runpytest("-p", "no:cacheprovider")
    finally:
        locked.chmod(0o644)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [("*sources/locked.txt: not checked: cannot read this file (Permission denied)*")]
    )


# ---- the checker writes nothing it reads --------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Checksum, size, mode and modification time of every file under ``root``."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(root).as_posix()] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                stat.st_mode,
                stat.st_mtime_ns,
            )
    return found


def test_runs_never_write_to_sources_or_fact_files(folder):
    put(folder, "crlf.txt", f"Sidebar.\r\n{WRONG}\r\n")
    put(folder, "page.html", PAGE)
    put(folder, "post.md", MARKDOWN)
    put(folder, "utf16.txt", codecs.BOM_UTF16_BE + f"{RIGHT}\n".encode("utf-16-be"))
    put(folder, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    sparse(folder.path / "sources" / "huge.txt", 50 * 1024 * 1024)
    (folder.path / "expectations" / "notes.yaml").write_text("not: [a fact file\n")
    watched = {name: snapshot(folder.path / name) for name in ("sources", "expectations")}
    # cold, warm cache, -k, and suggesting facts from the sources
    for args in ([], [], ["-p", "no:cacheprovider", "-k", "crlf"], ["--facts-suggest"]):
        result = folder.runpytest(*args)
        assert result.ret == 1
        assert {name: snapshot(folder.path / name) for name in watched} == watched
    assert (folder.path / "reports" / "facts.json").is_file()


# ---- properties ---------------------------------------------------------------------------------

# About 2 s per test at the default; FACTS_HYPOTHESIS_EXAMPLES=5000 for a longer hunt.
PROPERTY = settings(
    deadline=2000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=int(os.environ.get("FACTS_HYPOTHESIS_EXAMPLES", "150")),
)

PIECES = [
    "The",
    "US",
    "provided",
    "about",
    "more than",
    "nearly",
    "$64bn",
    "$",
    "64",
    "66.5",
    "1,000",
    "billion",
    "bn",
    "%",
    "per cent",
    "32",
    "allies",
    "of",
    "NATO",
    "on",
    "12",
    "February",
    "2025",
    "Wednesday",
    "last week",
    "“",
    "”",
    '"',
    "'",
    "‘",
    "’",
    "said",
    "Hegseth",
    ",",
    ".",
    ";",
    "(",
    ")",
    "-",
    "–",
    "—",
    "£",
    "€",
    "5½",
    "twenty",
    "third",
    "<p>",
    "</p>",
    "<br>",
    "<b>",
    "</b>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&amp;",
    "&#8220;",
    "&rsquo;",
    "&",
    "<",
    ">",
    "---",
    "date: 2025-02-12",
    "\t",
    "\x0c",
    "\xa0",
    "\u2028",
    "é",
    "😀",
    "\ufeff",
    "9" * 40,
    "0.",
    "1e9",
]
SEPARATORS = [" ", " ", " ", "", "\n", "\r\n", "\r", "\n\n"]
news_like = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=80
).map(lambda parts: "".join(a + b for a, b in parts))
texts = st.one_of(news_like, st.text(max_size=400))
SUFFIXES = [".txt", ".md", ".html"]


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seed_facts():
    """The repository's own fact files: every kind of fact, anchors that random text hits."""
    engine = Engine(Settings(rootdir=ROOT))
    return [engine.load_fact_file(path) for path in sorted((ROOT / "expectations").glob("*.yaml"))]


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def assert_positions(parsed, decoded: str) -> None:
    """Every mention lies inside the text, on a line the file has."""
    lines = len(line_starts(decoded))
    for mention in parsed.mentions:
        assert 0 <= mention.start <= mention.end <= len(parsed.text)
        line, column = parsed.line_column(mention.start)
        assert 1 <= line <= lines and column >= 1


@PROPERTY
@given(data=st.binary(max_size=3000))
def test_random_bytes_decode_or_are_refused(data):
    try:
        text = decode(data, "random.bin")
    except SourceError as error:
        assert str(error).startswith("random.bin: not checked: ") and "\n" not in str(error)
    else:
        assert "\x00" not in text


@PROPERTY
@given(
    data=st.one_of(st.binary(max_size=3000), texts.map(lambda t: t.encode("utf-8"))),
    suffix=st.sampled_from(SUFFIXES),
)
def test_random_bytes_through_the_whole_engine(scratch, nlp, data, suffix):
    path = scratch / f"random{suffix}"
    path.write_bytes(data)
    try:
        source = read_source(path, path.name)
        parsed = parse_source(nlp, source)
    except FactsError:
        return
    decoded = decode(data, path.name)
    assert len(source.text) == len(decoded)
    assert_positions(parsed, decoded)


@PROPERTY
@given(
    text=texts,
    suffix=st.sampled_from(SUFFIXES),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_random_text_through_the_whole_engine(scratch, nlp, seed_facts, text, suffix, encoding):
    data = text.encode(encoding, errors="replace")
    path = scratch / f"random{suffix}"
    path.write_bytes(data)
    try:
        source = read_source(path, path.name)
    except SourceError:
        return  # a text of control characters is refused, not a crash
    parsed = parse_source(nlp, source)
    decoded = decode(data, path.name)
    assert_positions(parsed, decoded)
    for fact_file in seed_facts:  # linking and verdicts on whatever was found
        for window in ("sentence", "paragraph"):
            for _, link in check_parsed(parsed, fact_file, window, date(2025, 2, 12)):
                assert (link.line, link.column) == parsed.line_column(link.mention.start)
    if suffix == ".txt":
        assert parsed.text == decoded
        for mention in parsed.mentions:
            if mention.kind != "quote":
                assert decoded[mention.start : mention.end] == mention.text


@PROPERTY
@given(page=texts)
def test_html_text_stays_aligned_with_the_file(page):
    text, _ = html_text(page)
    assert len(text) == len(page)
    for offset, char in enumerate(page):
        if char in "\r\n":  # aligned at every line break: positions keep their line
            assert text[offset].isspace()


def test_a_number_too_long_for_int_does_not_stop_the_run(nlp):
    """Python refuses to convert more than 4300 digits; one such number in a source must not
    crash the engine; such a string is not read as an amount."""
    source = SourceText("digits.txt", "The US provided $" + "9" * 5000 + " to Ukraine.\n", "", None)
    parsed = parse_source(load_pipeline(), source)
    assert [m.kind for m in parsed.mentions] == []


def test_a_source_the_engine_fails_on_costs_that_source_only(tmp_path, monkeypatch):
    """A bug on one odd text becomes that source's error; the batch's other sources are
    still parsed and checked."""
    import checks.extract.pipeline

    (tmp_path / "seeds").mkdir()
    for name in ("a.txt", "odd.txt", "z.txt"):
        (tmp_path / "seeds" / name).write_text("NATO has 32 members.\n", encoding="utf-8")
    real = checks.extract.pipeline.to_parsed

    def fails_on_odd(doc, source):
        if source.path.endswith("odd.txt"):
            raise IndexError("list index out of range")
        return real(doc, source)

    monkeypatch.setattr(checks.extract.pipeline, "to_parsed", fails_on_odd)
    engine = Engine(Settings(rootdir=tmp_path))
    assert sorted(engine.parsed()) == ["seeds/a.txt", "seeds/z.txt"]
    assert [str(e) for e in engine.source_errors.values()] == [
        (
            "seeds/odd.txt: not checked: the engine failed on this source "
            "(IndexError: list index out of range); please report it"
        )
    ]
