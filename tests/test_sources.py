"""Reading sources (SPEC section 9): encodings, line endings, HTML, front matter, limits.

Each test reads a file as the engine does (``read_source``) and, where positions matter,
parses it (``parse_source``) to check that a mention's line and column are the file's.
"""

from __future__ import annotations

import codecs
import html
import re
import time
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from checks.extract.pipeline import parse_source
from checks.model.errors import FactsError, SourceError
from checks.read.sources import (
    DEFAULT_MAX_SOURCE_BYTES,
    SourceText,
    decode,
    html_text,
    line_starts,
    read_source,
    split_front_matter,
)
from checks.run.engine import Engine, Settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ARTICLE = (
    "Sidebar: no numbers here.\n"
    "\n"
    "The US provided about $64bn of that, Hegseth said on 12 February 2025.\n"
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def parsed_file(nlp, path: Path):
    return parse_source(nlp, read_source(path, path.name))


def where(parsed, text: str) -> tuple[int, int]:
    """Line and column the engine gives the first mention whose text starts with ``text``."""
    mention = next(m for m in parsed.mentions if m.text.startswith(text))
    return parsed.line_column(mention.start)


def file_position(decoded: str, needle: str) -> tuple[int, int]:
    """Line and column of ``needle`` in a decoded file, counted as an editor counts them."""
    offset = decoded.index(needle)
    before = decoded[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    return line, offset - max(decoded.rfind("\n", 0, offset), decoded.rfind("\r", 0, offset))


# ---- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
def test_unicode_encodings_with_and_without_bom_read_the_same(tmp_path, nlp, encoding, bom):
    text = "Zelenskyy’s “$64bn” — €5bn, naïve café.\n" + ARTICLE
    path = write(tmp_path, "a.txt", bom + text.encode(encoding))
    source = read_source(path, "a.txt")
    assert source.text == text  # the mark is not part of the text
    parsed = parse_source(nlp, source)
    assert where(parsed, "about $64bn") == (4, 17)  # the mark is not a column either
    assert where(parsed, "€5bn") == (1, 23)


def test_cp1252_curly_quotes_and_symbols(tmp_path, nlp):
    data = b"He said \x93We will\x94 \x96 \x80500m, \x85 Caf\xe9 \x92s.\n" + ARTICLE.encode()
    source = read_source(write(tmp_path, "a.txt", data), "a.txt")
    assert source.text.startswith("He said “We will” – €500m, … Café ’s.\n")
    parsed = parse_source(nlp, source)
    assert [m.text for m in parsed.mentions if m.kind == "quote"] == ["We will"]
    assert where(parsed, "€500m") == (1, 21)


def test_latin1(tmp_path):
    data = "Le ministre a annoncé £500m à Noël, soit 5½ %.\n".encode("latin-1")
    assert read_source(write(tmp_path, "a.txt", data), "a.txt").text == data.decode("latin-1")


def test_the_five_bytes_cp1252_leaves_undefined_keep_their_latin1_meaning():
    assert decode(b"the caf\xe9 \x81 is open", "x.txt") == "the café \x81 is open"


def test_valid_utf8_wins_over_cp1252():
    assert decode("“quoted” café".encode(), "x.txt") == "“quoted” café"


def test_utf8_cut_inside_its_last_character_stays_utf8():
    assert decode("“quoted” café €".encode()[:-1], "x.txt") == "“quoted” café \ufffd"


def test_html_declared_charset_is_used_when_the_bytes_are_not_utf8(tmp_path):
    page = '<meta charset="koi8-r"><p>Привет, 5 млн.</p>'
    source = read_source(write(tmp_path, "a.html", page.encode("koi8_r")), "a.html")
    assert "Привет, 5 млн." in source.text
    latin = '<meta charset="iso-8859-1"><p>\x93Caf\xe9\x94</p>'.encode("latin-1")
    assert "“Café”" in read_source(write(tmp_path, "b.html", latin), "b.html").text


# ---- line endings -------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_and_column_with_every_line_ending(tmp_path, nlp, newline):
    text = ARTICLE.replace("\n", newline) + "Later: 32 allies met.\t$5bn more." + newline
    path = write(tmp_path, "a.txt", text)
    parsed = parsed_file(nlp, path)
    assert parsed.text == text  # line endings are kept, not normalised
    assert where(parsed, "about $64bn") == (3, 17)
    assert where(parsed, "12 February 2025") == (3, 54)
    assert where(parsed, "$5bn") == (4, 23)  # a tab is one column
    assert line_starts(text) == tuple(
        [0] + [i + len(newline) for i in range(len(text)) if text.startswith(newline, i)]
    )


def test_line_starts_counts_crlf_once_and_lone_cr():
    assert line_starts("a\r\nb\rc\nd") == (0, 3, 5, 7)
    assert line_starts("") == (0,)
    assert line_starts("\r\n\r\n") == (0, 2, 4)
    assert line_starts("\n\r") == (0, 1, 2)  # LF then CR: two breaks


def test_mixed_line_endings(tmp_path, nlp):
    text = "One.\r\nTwo.\rThree.\nThe US provided about $64bn of that.\r\n"
    parsed = parsed_file(nlp, write(tmp_path, "a.txt", text))
    assert where(parsed, "about $64bn") == (4, 17)


# ---- empty, binary and large files --------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"", codecs.BOM_UTF8, b"\n\n", b"   \r\n\t\r\n", codecs.BOM_UTF16_LE]
)
def test_empty_files_have_no_mentions_and_no_error(tmp_path, nlp, content):
    for name in ("a.txt", "a.md", "a.html"):
        parsed = parsed_file(nlp, write(tmp_path, name, content))
        assert parsed.mentions == ()
        assert parsed.line_column(0) == (1, 1)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte at offset 8"),
        (b"PK\x03\x04\x14\x00\x06\x00", "NUL byte at offset 5"),
        (b"The US provided $5bn.\x00\n", "NUL byte at offset 21"),
        ("The US provided $5bn.\n".encode("utf-16-le"), "NUL byte at offset 1"),  # no mark
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "decodes to NUL characters"),
        (bytes(range(1, 32)) * 4, "control characters"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd\xfc" * 50, "undecodable"),
    ],
)
def test_binary_files_are_refused_with_one_line_naming_the_file(tmp_path, data, reason):
    path = write(tmp_path, "photo.png", data)
    with pytest.raises(SourceError) as caught:
        read_source(path, "sources/photo.png")
    message = str(caught.value)
    assert message.startswith("sources/photo.png: not checked: binary file (")
    assert reason in message
    assert "\n" not in message and "sources must be text" in message


def test_a_few_control_characters_do_not_make_a_text_binary():
    text = "Page one.\x0c\nThe US provided $5bn.\x1b[0m\n" * 3
    assert decode(text.encode(), "a.txt") == text


def test_a_50_mb_source_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:  # sparse: costs no disk and no time
        stream.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(SourceError) as caught:
            read_source(huge, "sources/huge.txt")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1
    assert peak < 1024 * 1024  # nothing of the file was read
    assert str(caught.value) == (
        "sources/huge.txt: not checked: 52,428,800 bytes (50.0 MiB), over "
        f"facts_max_source_bytes = {DEFAULT_MAX_SOURCE_BYTES:,} "
        f"({DEFAULT_MAX_SOURCE_BYTES / 1048576:.1f} MiB); raise the limit to check it"
    )


def test_size_limit_is_inclusive_and_configurable(tmp_path):
    path = write(tmp_path, "a.txt", b"x" * 1000)
    assert len(read_source(path, "a.txt", max_bytes=1000).text) == 1000
    with pytest.raises(SourceError, match=r"1,000 bytes .* = 999 "):
        read_source(path, "a.txt", max_bytes=999)


def test_engine_limit_refuses_one_source_and_checks_the_others(tmp_path):
    (tmp_path / "sources").mkdir()
    with (tmp_path / "sources" / "huge.txt").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    write(tmp_path / "sources", "small.txt", ARTICLE)
    engine = Engine(
        Settings(rootdir=tmp_path, source_globs=("sources/*",), max_source_bytes=10 * 1024 * 1024)
    )
    parsed = engine.parsed()
    assert list(parsed) == ["sources/small.txt"]
    assert parsed["sources/small.txt"].mentions
    error = engine.source_errors["sources/huge.txt"]
    assert "over facts_max_source_bytes = 10,485,760 (10.0 MiB)" in str(error)


def test_no_source_within_the_limit_is_over_spacys_length_cap(nlp):
    """spaCy refuses texts over 1,000,000 characters by default (ValueError E088, which stops
    every source of the batch); a source has at most as many characters as bytes, and the
    limit is ours to set.  (A real 1,000,001-character parse works; it takes 5 s.)"""
    assert nlp.max_length >= 2**31 - 1 > 100 * DEFAULT_MAX_SOURCE_BYTES


def test_unreadable_source_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="not checked: cannot read this file"):
        read_source(tmp_path / "missing.txt", "sources/missing.txt")
    assert issubclass(SourceError, FactsError)


# ---- HTML ---------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Aid</title>
<style>p { content: "$99bn on 1 January 2020"; }</style>
<script>var total = "$77bn"; if (a < b && c > d) { x = "</p>"; }</script>
<meta property="article:published_time" content="2025-02-12T09:30:00Z">
</head><body><!-- $66bn in a comment -->
<noscript><p>Enable scripts for $88bn</p></noscript>
<template><p>$55bn <template>nested</template> $44bn</p></template>
<h1>Aid to Kyiv</h1><p>The <a href="/us">US</a> provided about $64bn of that,
Hegseth said.</p><p>NATO has 32 members.</p>
</body></html>
"""


def test_html_keeps_prose_and_drops_scripts_styles_and_markup():
    text, published = html_text(PAGE)
    assert len(text) == len(PAGE)
    assert published == date(2025, 2, 12)
    words = " ".join(text.split())
    assert words == (
        "Aid Aid to Kyiv The US provided about $64bn of that, Hegseth said. NATO has 32 members."
    )


def test_html_blocks_break_sentences_and_lines_are_the_files(tmp_path, nlp):
    parsed = parsed_file(nlp, write(tmp_path, "a.html", PAGE))
    sentences = [" ".join(s.text.split()) for s in parsed.sentences]
    assert sentences == [
        "Aid",
        "Aid to Kyiv",
        "The US provided about $64bn of that, Hegseth said.",
        "NATO has 32 members.",
    ]
    assert parsed.published == date(2025, 2, 12)
    for needle in ("about $64bn", "32 members"):
        assert where(parsed, needle.split()[0]) == file_position(PAGE, needle)
    assert [m.text for m in parsed.mentions] == ["about $64bn", "32"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_html_positions_with_every_line_ending(tmp_path, nlp, newline):
    page = PAGE.replace("\n", newline)
    parsed = parsed_file(nlp, write(tmp_path, "a.html", page))
    assert where(parsed, "about") == file_position(page, "about $64bn") == (9, 58)
    assert where(parsed, "32") == file_position(page, "32 members") == (10, 30)


def test_html_entities_are_decoded():
    page = (
        "<p>AT&amp;T &amp T&#8217;s &#8220;deal&#x201D; &pound;5bn&nbsp;&mdash; "
        "&unknown; &#99999999999999999999999; &#0; &copy2025 &lt;b&gt;</p>"
    )
    text = html_text(page)[0]
    assert len(text) == len(page)
    assert re.split(r"[ \n]+", text.strip(" \n")) == [
        "AT&T",
        "&",
        "T’s",
        "“deal”",
        "£5bn\xa0—",
        "&unknown;",
        "\ufffd",
        "\ufffd",
        "©2025",
        "<b>",
    ]


def test_html_entities_keep_lines_and_columns_before_them(tmp_path, nlp):
    page = (
        "<p>The US provided about $64bn of that,\n"
        "Hegseth&rsquo;s aide said on 12 February 2025.</p>\n"
        "<p>About $5bn came &ldquo;later&rdquo;.</p>\n"
    )
    parsed = parsed_file(nlp, write(tmp_path, "a.html", page))
    assert where(parsed, "about $64bn") == (1, 20)
    # After "&rsquo;" on its line, a column points up to six characters to the left.
    line, column = where(parsed, "12 February")
    assert line == 2 and column == file_position(page, "12 February")[1] - 6
    assert where(parsed, "About $5bn") == (3, 4)
    assert [m.text for m in parsed.mentions if m.kind == "quote"] == ["later"]


def test_html_tags_inside_a_word_leave_the_word_whole(nlp):
    page = "<p>Ukr<b>ai</b>ne got $<span>64</span>bn from the <i>US</i>.</p>"
    text = html_text(page)[0]
    assert " ".join(text.split()) == "Ukraine got $64bn from the US."
    parsed = parse_source(nlp, SourceText("a.html", text, "", None, line_starts(page)))
    assert [m.text for m in parsed.mentions] == ["$64bn"]


def test_html_line_breaks_inside_a_paragraph_do_not_end_the_sentence(nlp):
    page = "<p>The US provided about\n$64bn of that.</p>\n<pre>Line one\nLine two</pre>"
    text = html_text(page)[0]
    parsed = parse_source(nlp, SourceText("a.html", text, "", None, line_starts(page)))
    sentences = [" ".join(s.text.split()) for s in parsed.sentences]
    assert sentences == ["The US provided about $64bn of that.", "Line one", "Line two"]
    assert parsed.line_column(parsed.mentions[0].start) == (1, 20)
    assert parsed.line_column(text.index("$64bn")) == (2, 1)


@pytest.mark.parametrize(
    "page",
    [
        "<![foo[ x",
        "<![CDATA[$5bn]]><p>x</p>",
        "<a" * 3,
        "</",
        "<!",
        "<?php echo 1 ?>",
        "<p <p <p>",
        "&#",
        "&#x;",
        "<a href='>",
        "<!-- never closed",
        "<script>never closed",
        "<template><template>",
        "</template></p></div>",
        "<p>\r\n<br/>\r<br />\n",
    ],
)
def test_html_odd_markup_never_fails(page):
    text = html_text(page)[0]
    assert len(text) == len(page)
    assert "$5bn" not in text or page.startswith("<![CDATA")


@pytest.mark.parametrize(
    "unit", ["<a", "<!--", "</a", "<!", "<?", "<a b='", "<!-- a >", "&#", "<![", "<a b=", "<p>x"]
)
def test_html_malformed_markup_is_linear(unit):
    """Unclosed constructs made older stdlib parsers quadratic (CVE-2025-6069): 20 000 "<a"
    took 7.6 s and 20 000 "<!--" 12.6 s on Python 3.11.7; all of these take under 0.7 s."""
    page = unit * 20_000
    started = time.perf_counter()
    assert len(html_text(page)[0]) == len(page)
    assert time.perf_counter() - started < 3


def test_html_version_of_each_seed_gives_the_same_mentions_on_the_same_lines(nlp):
    """Every seed as a web page (entities for quotes and dashes, tags around each paragraph,
    scripts and styles in the head): the same mentions, read the same way, line for line."""
    entities = {
        "“": "&#8220;",
        "”": "&rdquo;",
        "’": "&rsquo;",
        "‘": "&#x2018;",
        "—": "&mdash;",
        "–": "&ndash;",
        "£": "&pound;",
        "€": "&euro;",
    }
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        lines = [
            "<!DOCTYPE html>",
            "<html><head><title>Seed</title>",
            "<script>var x = '$5bn on 12 March 2020';</script></head><body>",
        ]
        for line in text.splitlines():
            escaped = html.escape(line, quote=False)
            for char, entity in entities.items():
                escaped = escaped.replace(char, entity)
            lines.append(f"<p>{escaped}</p>" if line.strip() else "")
        page = "\n".join(lines + ["</body></html>"]) + "\n"
        plain = parse_source(nlp, SourceText(seed.name, text, "", None))
        page_text, _ = html_text(page)
        web = parse_source(nlp, SourceText(seed.name, page_text, "", None, line_starts(page)))

        def read(parsed, shift):
            said = ("interval", "unit", "noun", "date_low", "date_high", "relative", "speaker")
            return [
                (
                    m.kind,
                    " ".join(m.text.split()),
                    *(getattr(m, name, None) for name in said),  # (those of the mention's kind)
                    parsed.line_column(m.start)[0] + shift,
                )
                for m in parsed.mentions
            ]

        assert read(web, 0) == read(plain, 3), seed.name
        assert [parsed.published for parsed in (web, plain)] == [
            None,
            None,
        ] or web.published == plain.published


# ---- Markdown front matter ----------------------------------------------------------------------

FRONT = """---
title: "US gave $99bn on 1 January 2020"
date: 2025-02-10
published: "2025-02-12T08:00:00Z"
tags: [aid, nato]
---
The US provided about $64bn of that on Wednesday.
"""


def test_markdown_front_matter_gives_the_date_and_is_not_prose(tmp_path, nlp):
    parsed = parsed_file(nlp, write(tmp_path, "a.md", FRONT))
    assert parsed.published == date(2025, 2, 12)  # published beats date
    assert [m.text for m in parsed.mentions] == ["about $64bn", "Wednesday"]
    assert where(parsed, "about $64bn") == (7, 17)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_front_matter_with_every_line_ending(newline):
    text = FRONT.replace("\n", newline)
    blanked, published = split_front_matter(text)
    assert published == date(2025, 2, 12)
    assert len(blanked) == len(text) and line_starts(blanked) == line_starts(text)
    assert blanked.strip() == "The US provided about $64bn of that on Wednesday."


@pytest.mark.parametrize(
    "front, expected",
    [
        ("---\ndate: 2025-02-10\n---\n", date(2025, 2, 10)),
        ("---\ndate: 2025-02-10\n...\n", date(2025, 2, 10)),
        ("+++\ndate = 2025-02-10T10:00:00Z\n+++\n", date(2025, 2, 10)),
        ("---\n---\n", None),
        ("---\ndate: 2025-02-30\n---\n", None),  # not a date: ignored
        ("---\ndate: February 10\n---\n", None),
        ("---\n  date: 2025-02-10\n---\n", None),  # nested, not top level
        ("---\na: &a [1, 2]\nb: &b [*a, *a, *a, *a]\nc: [[[[[[[[[[[[\n---\n", None),
        ("---\n!!python/object/apply:os.system ['echo hi']\n---\n", None),
    ],
)
def test_front_matter_is_read_line_by_line_never_as_yaml(front, expected):
    text, published = split_front_matter(front + "Body $5bn.\n")
    assert published == expected
    assert text.strip() == "Body $5bn."


def test_an_unclosed_rule_is_not_front_matter():
    text = "---\nThe US provided $5bn.\n"
    assert split_front_matter(text) == (text, None)
