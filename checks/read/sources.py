"""Reading sources from disk: size limit, decoding, HTML and front matter, line positions.

Positions. The engine reports a mention by the 1-based line and column of its first
character in the decoded file (columns count characters; a byte-order mark is not one).
Line breaks are CRLF, LF or a lone CR, each one break.  ``SourceText.text`` has the same
length as the decoded file and, for .txt and .md, the same characters at the same offsets
(Markdown front matter is blanked to spaces, its line breaks kept).  HTML cannot map one
to one everywhere (``&amp;`` is five characters in the file and one in the text, a tag
inside a word must vanish for the word to read whole), so ``html_text`` keeps the text
aligned with the file at every line break and every tag it blanks, and ``SourceText``
carries the file's own line starts: line numbers are always the file's, and a column is
exact unless an entity or a tag glued to a word stands earlier in the same stretch (then
it points at most that many characters to the left).  See ``html_text``.

Bad input. ``read_source`` raises only ``SourceError`` (one line naming the file): a file
over the size limit is refused before it is read, a file that cannot be opened or read, a
binary file (NUL bytes, or mostly control characters after decoding) is skipped.  Nothing
here ever writes to a source.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import html
import html.parser
import os
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from checks.model.defaults import DEFAULT_MAX_SOURCE_BYTES
from checks.model.errors import SourceError

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}

# Elements whose start or end breaks the text (a sentence never runs across them).
BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
}
# Elements whose content is not prose at all.
SKIPPED_TAGS = {"script", "style", "noscript", "template"}
# Elements inside which line breaks of the file are line breaks of the text (blocks too).
PREFORMATTED_TAGS = {"pre", "listing", "textarea", "xmp"}
# <meta> names (property, name or itemprop) that give the publication date, best first.
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
)


@dataclass(frozen=True)
class SourceText:
    """A source's text as the engine reads it.

    ``text`` has exactly as many characters as the decoded file; ``line_starts`` are the
    decoded file's own (``None``: take them from ``text``, which then keeps every line break
    of the file in place).
    """

    path: str
    text: str
    content_hash: str
    front_matter_date: date | None
    line_starts: tuple[int, ...] | None = None


def read_source(path: Path, display: str, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> SourceText:
    """Read, decode and extract one source; any problem is a one-line ``SourceError``."""
    data = _read_bytes(path, display, max_bytes)
    suffix = path.suffix.lower()
    is_html = suffix in HTML_SUFFIXES
    text = decode(data, display, declared_charset(data) if is_html else None)
    starts = line_starts(text)
    published = None
    if suffix in MARKDOWN_SUFFIXES:
        text, published = split_front_matter(text)
    elif is_html:
        try:
            text, published = html_text(text)
        except Exception as error:  # noqa: BLE001 - hostile markup must not stop the run
            raise SourceError(
                f"not checked: the HTML parser failed on this file "
                f"({type(error).__name__}: {error}); please report it",
                display,
            ) from None
    return SourceText(display, text, hashlib.sha256(data).hexdigest(), published, starts)


def _read_bytes(path: Path, display: str, max_bytes: int) -> bytes:
    """The file's bytes, refused before reading when over ``max_bytes``."""
    try:
        with path.open("rb") as stream:
            size = _size(stream)
            if size is not None and size > max_bytes:
                raise SourceError(_too_large(size, max_bytes), display)
            data = stream.read(max_bytes + 1)  # never more, even if the file grows
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise SourceError(f"not checked: cannot read this file ({reason})", display) from None
    if len(data) > max_bytes:
        raise SourceError(_too_large(None, max_bytes), display)
    return data


def _size(stream: BinaryIO) -> int | None:
    try:
        return os.fstat(stream.fileno()).st_size
    except OSError:
        return None


def _too_large(size: int | None, limit: int) -> str:
    what = f"{size:,} bytes ({_mib(size)})" if size is not None else "more bytes than allowed"
    return (
        f"not checked: {what}, over facts_max_source_bytes = {limit:,} ({_mib(limit)}); "
        "raise the limit to check it"
    )


def _mib(size: int) -> str:
    return f"{size / 1048576:.1f} MiB"


# ---- decoding ------------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# cp1252 leaves five bytes undefined; they keep their Latin-1 meaning (C1 controls).
_CP1252 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
# Control characters no text file holds (tab, line feed, form feed and carriage return
# excepted), the replacement character (undecodable bytes) and private-use characters.
_NOT_TEXT = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_BINARY_SHARE = 0.10
_ENCODINGS = "sources must be text: UTF-8, UTF-16 with a byte-order mark, or cp1252/Latin-1"
_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)


def decode(data: bytes, display: str, charset: str | None = None) -> str:
    """Bytes to text, one rule for every source.

    A byte-order mark decides (UTF-8, UTF-16 or UTF-32, LE or BE; the mark is dropped).
    Otherwise a NUL byte means binary; valid UTF-8 is UTF-8 (also when the file is cut
    inside its last character, which becomes U+FFFD); else the ``charset`` an HTML
    file declares, if Python knows it; else cp1252 (a superset of Latin-1 for text: curly
    quotes 0x93/0x94 become “ ”).  Text that is more than a tenth control characters or
    undecodable bytes is binary too.  Binary raises ``SourceError``.
    """
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            break
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise SourceError(
                f"not checked: binary file (NUL byte at offset {nul:,}); {_ENCODINGS}", display
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.end == len(data) and error.reason == "unexpected end of data":
                text = data.decode("utf-8", errors="replace")  # cut inside its last character
            else:
                text = _decode_declared(data, charset)
                if text is None:
                    text = data.decode("latin-1").translate(_CP1252)
    if "\x00" in text:
        raise SourceError(
            f"not checked: binary file (it decodes to NUL characters); {_ENCODINGS}", display
        )
    if text:
        odd = len(_NOT_TEXT.findall(text))
        if odd > _BINARY_SHARE * len(text):
            raise SourceError(
                f"not checked: binary file ({odd / len(text):.0%} of its characters "
                f"are control characters or undecodable bytes); {_ENCODINGS}",
                display,
            )
    return text


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` an HTML file declares in its first 4 KiB, if any."""
    match = _CHARSET.search(data, 0, 4096)
    return match.group(1).decode("ascii").lower() if match else None


def _decode_declared(data: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    # As browsers do: Latin-1 and ASCII labels mean cp1252 (handled by the caller); a
    # UTF-16/32 label without a byte-order mark cannot be right; codecs that are not
    # character sets are not candidates.
    if (
        name
        in (
            "latin-1",
            "iso8859-1",
            "ascii",
            "cp1252",
            "utf-8",
            "undefined",
            "idna",
            "punycode",
            "utf-7",
        )
        or name.startswith(("utf-16", "utf-32"))
        or "escape" in name
        or not getattr(codecs.lookup(name), "_is_text_encoding", True)
    ):
        return None
    try:
        return data.decode(name, errors="replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where lines start; CRLF and lone CR count as one line break each."""
    if "\r" not in text:
        starts = [0]
        find = text.find
        index = find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = find("\n", index + 1)
        return tuple(starts)
    return (0,) + tuple(m.end() for m in re.finditer(r"\r\n|\r|\n", text))


# ---- Markdown front matter -----------------------------------------------------------------

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}  # YAML (Jekyll, Hugo, Pandoc), TOML
_DATE_KEY = re.compile(r"""(published|date)[ \t]*[:=][ \t]*["']?(\d{4}-\d{2}-\d{2})""")


def split_front_matter(text: str) -> tuple[str, date | None]:
    """Front matter blanked (line breaks kept) and the date it gives.

    Front matter is the block between a first line ``---`` (or ``+++``) and the next line
    ``---`` or ``...`` (``+++``).  It is not prose: nothing in it is checked.  Its top-level
    ``published`` (else ``date``) key gives the publication date when its value starts
    with an ISO date.  The block is read line by line, not as YAML: a hostile or broken
    front matter can neither blow up nor stop the source from being checked.
    """
    starts = line_starts(text)
    if len(starts) < 2:
        return text, None
    fence = text[: starts[1]].rstrip("\r\n").rstrip(" \t")
    if fence not in _FENCES:
        return text, None
    closers = _FENCES[fence]
    found: dict[str, date] = {}
    for number in range(1, len(starts)):
        begin = starts[number]
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        line = text[begin:end].rstrip("\r\n")
        if line.rstrip(" \t") in closers:
            return _blank(text, 0, begin + len(line)), found.get("published", found.get("date"))
        match = _DATE_KEY.match(line)
        if match and match.group(1) not in found:
            with contextlib.suppress(ValueError):
                found[match.group(1)] = date.fromisoformat(match.group(2))
    return text, None  # never closed: an ordinary rule, not front matter


def _blank(text: str, start: int, end: int) -> str:
    """Replace a stretch with spaces, keeping its line breaks so positions stay right."""
    middle = re.sub(r"[^\r\n]", " ", text[start:end])
    return text[:start] + middle + text[end:]


# ---- HTML ----------------------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]{0,39};?)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# How this Python's parser recognises the end of a comment.
_COMMENT_CLOSE = getattr(html.parser, "commentclose", None) or re.compile(r"--!?\s*>")


class _Events(HTMLParser):
    """Where each piece of markup and text starts in the file; nothing else.

    The text between two events belongs to the first.  Offsets come from ``getpos()``,
    whose lines are counted at ``\\n`` only, whatever the file's line endings.
    """

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.newlines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.events: list[tuple[int, str, str]] = []  # (offset, kind, tag)
        self.meta_dates: dict[str, date] = {}

    def _add(self, kind: str, tag: str = "") -> None:
        line, column = self.getpos()
        self.events.append((self.newlines[line - 1] + column, kind, tag))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag)
        if tag == "meta":
            self._meta(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("startend", tag)
        if tag == "meta":
            self._meta(attrs)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("data")

    def handle_comment(self, data: str) -> None:
        self._add("markup")

    def handle_decl(self, decl: str) -> None:
        self._add("markup")

    def handle_pi(self, data: str) -> None:
        self._add("markup")

    def unknown_decl(self, data: str) -> None:
        self._add("markup")

    def parse_html_declaration(self, i: int) -> int:
        # "<![CDATA[" and other marked sections are bogus comments up to the next ">", as in
        # browsers (the stdlib raises AssertionError on an unknown keyword and searches to
        # the end of the file for "]]>").
        if self.rawdata.startswith("<![", i):
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1
            self.unknown_decl(self.rawdata[i + 3 : end])
            return end + 1
        return super().parse_html_declaration(i)

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (value or "") for key, value in attrs if key}
        name = values.get("property") or values.get("name") or values.get("itemprop") or ""
        name = name.strip().lower()
        match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", values.get("content", ""))
        if name in DATE_META and match and name not in self.meta_dates:
            with contextlib.suppress(ValueError):
                self.meta_dates[name] = date.fromisoformat(match.group(1))


def _parser_input(text: str) -> str:
    """The text as given to ``HTMLParser``, with the markup that can never close disarmed.

    Older CPython parsers (before the CVE-2025-6069 fixes) search to the end of the file for
    the end of every unclosed construct, which is quadratic on a file full of them.  A ``<``
    with no ``>`` after it, or a ``<!--`` with no comment end after it, is text for the
    parser anyway; replacing its ``<`` by a space (same length) tells it so at once.
    """
    last = text.rfind(">")
    if "<" in text[last + 1 :]:
        text = text[: last + 1] + text[last + 1 :].replace("<", " ")
    close = -1
    for match in _COMMENT_CLOSE.finditer(text):
        close = match.start()
    opened = text.find("<!--", max(close - 3, 0))
    if opened >= 0 and opened + 4 > close:
        text = text[:opened] + text[opened:].replace("<!--", " !--")
    return text


def _entity(raw: str) -> str:
    """One character reference decoded as browsers do; numbers too large are U+FFFD."""
    if raw.startswith("&#"):
        digits = raw[2:].rstrip(";")
        hexadecimal = digits[:1] in "xX"
        digits = (digits[1:] if hexadecimal else digits).lstrip("0") or "0"
        if len(digits) > 8:
            return "\ufffd"
        raw = f"&#{'x' if hexadecimal else ''}{digits};"
    return html.unescape(raw)


class _Writer:
    """Builds the text; characters freed by removed markup are owed and paid as spaces.

    The debt is paid at the next blanked tag, block break or line break of the file, so the
    text and the file are aligned again there: at every line break, every block and every
    tag that was not glued to a word.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.debt = 0
        self.last = "\n"

    def text(self, piece: str) -> None:
        if piece:
            self.parts.append(piece)
            self.last = piece[-1]

    def aligned(self, piece: str) -> None:
        """A stretch that must sit where it sits in the file: pay the debt first."""
        if self.debt:
            self.text(" " * self.debt)
            self.debt = 0
        self.text(piece)


def html_text(text: str) -> tuple[str, date | None]:
    """The prose of an HTML page, one character per character of the file, and its date.

    - Tags, comments and declarations become spaces; ``script``, ``style``, ``noscript``
      and ``template`` elements become spaces whole.  Block elements (``p``, ``div``,
      ``li``, ``td``, ``h1``, ``br``...) become a line break then spaces: a sentence never
      runs across them.  Line breaks of the file are spaces (HTML wraps lines freely) except
      inside ``pre``.
    - Character references are decoded (``&amp;`` -> ``&``, ``&#8220;`` -> ``“``); a tag
      glued to a word on its left (``Ukr<b>ai</b>ne``, ``Hegseth</a>,``) is removed.  What
      they free is given back as spaces at the next line break, block or blanked tag.  So a
      line of the text is always the same line of the file; a column is exact except after
      an entity or a glued tag earlier in the same stretch, where it is at most that many
      characters to the left.
    - ``<meta property="article:published_time" content="2025-02-12...">`` (or
      ``datePublished``, ``DC.date``, ...) gives the publication date.
    """
    parser = _Events(text)
    parser.feed(_parser_input(text))
    parser.close()
    events = sorted(parser.events, key=lambda event: event[0])
    if not events or events[0][0] > 0:
        events.insert(0, (0, "data", ""))
    out = _Writer()
    skipping: list[str] = []  # open script/style/noscript/template elements
    preformatted = 0
    for number, (start, kind, tag) in enumerate(events):
        end = events[number + 1][0] if number + 1 < len(events) else len(text)
        raw = text[start:end]
        if not raw:
            continue
        if skipping or (kind == "start" and tag in SKIPPED_TAGS):
            opens = kind == "start" and tag in SKIPPED_TAGS
            if opens:
                skipping.append(tag)
            elif kind == "end" and tag in skipping:
                del skipping[len(skipping) - 1 - skipping[::-1].index(tag) :]
            out.aligned(_spaces(raw, break_first=opens and len(skipping) == 1))
        elif kind == "data":
            _write_data(out, raw, preformatted > 0)
        elif kind in ("start", "end", "startend") and (
            tag in BLOCK_TAGS or tag in PREFORMATTED_TAGS
        ):
            if tag in PREFORMATTED_TAGS and kind != "startend":
                preformatted = max(0, preformatted + (1 if kind == "start" else -1))
            out.aligned(_spaces(raw, break_first=True))
        elif _glued(out.last, text[end : end + 1]) and not _LINE_BREAK.search(raw):
            out.debt += len(raw)  # inside a word: remove it
        else:
            out.aligned(_spaces(raw, break_first=False))
    if out.debt:
        out.text(" " * out.debt)
    result = "".join(out.parts)
    assert len(result) == len(text), "html_text must keep the file's length"
    published = next(
        (parser.meta_dates[name] for name in DATE_META if name in parser.meta_dates), None
    )
    return result, published


def _glued(before: str, after: str) -> bool:
    """Is markup between these two characters inside a word (or before a next tag)?"""
    return not before.isspace() and after != "" and not after.isspace()


def _spaces(raw: str, break_first: bool) -> str:
    blank = " " * len(raw)
    return "\n" + blank[1:] if break_first else blank


def _write_data(out: _Writer, raw: str, keep_lines: bool) -> None:
    """Text of the page: entities decoded, line breaks aligned (spaces outside ``pre``)."""
    position = 0
    for match in _LINE_BREAK.finditer(raw):
        _write_entities(out, raw[position : match.start()], keep_lines)
        out.aligned(match.group() if keep_lines else " " * len(match.group()))
        position = match.end()
    _write_entities(out, raw[position:], keep_lines)


def _write_entities(out: _Writer, raw: str, keep_lines: bool) -> None:
    if "&" not in raw:
        out.text(raw)
        return
    position = 0
    for match in _ENTITY.finditer(raw):
        out.text(raw[position : match.start()])
        decoded = _entity(match.group())
        if len(decoded) > len(match.group()):
            decoded = match.group()
        if not keep_lines:  # "&#10;" is a space outside <pre>
            decoded = decoded.replace("\r", " ").replace("\n", " ")
        out.text(decoded)
        out.debt += len(match.group()) - len(decoded)
        position = match.end()
    out.text(raw[position:])
