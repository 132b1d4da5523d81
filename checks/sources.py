"""Reading sources from disk: decoding, HTML and front matter, line positions."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import yaml

from checks.errors import SourceError

DEFAULT_MAX_SOURCE_BYTES = 20 * 1024 * 1024
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
              "td", "th", "table", "section", "article", "header", "footer", "blockquote",
              "pre", "hr", "figcaption", "title", "main", "aside", "nav", "dd", "dt"}
SKIPPED_TAGS = {"script", "style", "noscript", "template"}


@dataclass(frozen=True)
class SourceText:
    """A source's text as the engine reads it; offsets map one-to-one onto the decoded file."""

    path: str
    text: str
    content_hash: str
    front_matter_date: date | None


def read_source(path: Path, display: str, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> SourceText:
    """Decode a source and blank out what is not prose, keeping every offset in place."""
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(f"source is {size:,} bytes, over the limit of {max_bytes:,} "
                          "(facts_max_source_bytes); skipped", display)
    data = path.read_bytes()
    text = decode(data, display)
    digest = hashlib.sha256(data).hexdigest()
    front_date = None
    if path.suffix.lower() in (".md", ".markdown"):
        text, front_date = _blank_front_matter(text)
    elif path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    return SourceText(display, text, digest, front_date)


def decode(data: bytes, display: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252; binary is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise SourceError("looks like a binary file (it holds NUL bytes); skipped", display)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _blank_front_matter(text: str) -> tuple[str, date | None]:
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.DOTALL)
    if not match:
        return text, None
    found = None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        value = data.get("published", data.get("date"))
        if isinstance(value, date):
            found = value
        elif isinstance(value, str):
            try:
                found = date.fromisoformat(value[:10])
            except ValueError:
                found = None
    return _blank(text, 0, match.end()), found


def _blank(text: str, start: int, end: int) -> str:
    """Replace a stretch with spaces, keeping its line breaks so positions stay right."""
    middle = re.sub(r"[^\r\n]", " ", text[start:end])
    return text[:start] + middle + text[end:]


class _TextExtractor(HTMLParser):
    """Marks the character ranges of tags and scripts so they can be blanked in place."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_offsets = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        self.blanks: list[tuple[int, int, bool]] = []
        self.skipping_from: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        if tag in SKIPPED_TAGS:
            self.skipping_from = start
            return
        if self.skipping_from is None:
            self.blanks.append((start, end, tag in BLOCK_TAGS))

    def handle_endtag(self, tag):
        start = self._offset()
        end = self.text.find(">", start) + 1 or len(self.text)
        if tag in SKIPPED_TAGS and self.skipping_from is not None:
            self.blanks.append((self.skipping_from, end, True))
            self.skipping_from = None
        elif self.skipping_from is None:
            self.blanks.append((start, end, tag in BLOCK_TAGS))

    def handle_comment(self, data):
        start = self._offset()
        self.blanks.append((start, start + len(data) + 7, False))


def html_to_text(text: str) -> str:
    """Tags, scripts and styles become spaces (block tags a line break) in place."""
    parser = _TextExtractor(text)
    parser.feed(text)
    parser.close()
    chars = list(text)
    for start, end, block in parser.blanks:
        for index in range(start, min(end, len(chars))):
            if chars[index] not in "\r\n":
                chars[index] = " "
        if block and start < len(chars) and chars[start] not in "\r\n":
            chars[start] = "\n"
    return "".join(chars)


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where lines start; CRLF and lone CR count as one line break each."""
    return (0,) + tuple(m.end() for m in re.finditer(r"\r\n|\r|\n", text))
