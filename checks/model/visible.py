"""Texts from sources, file names and fact files, made safe to print.

Anything printed to a terminal or a CI log may come from an untrusted pull request. A raw
escape sequence there moves the cursor, rewrites what was printed or writes the clipboard
(OSC 52); a raw line break lets a file name or a note start a line of its own, which GitHub
Actions reads as a workflow command (``::stop-commands::``, ``::add-mask::``). So every such
text is printed through ``visible``: control characters, bidirectional overrides, line and
paragraph separators and lone surrogates are shown as their escapes (``\\x1b``, ``\\n``,
``\\u202e``), which no terminal and no runner acts on.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab and line breaks included), the bidirectional embeddings,
# overrides and isolates (a "Trojan Source" line reads differently from what it is), the
# line and paragraph separators, and lone surrogates (which no encoder writes).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` on one line, every character a terminal or a CI runner would act on shown as
    its escape."""
    return _UNSAFE.sub(_escape, text)


def has_unsafe(text: str) -> bool:
    """Whether ``visible`` would change ``text``."""
    return _UNSAFE.search(text) is not None


def visible_path(path: str) -> str:
    """A file name as printed at the start of a line: ``visible``, and never beginning with
    ``:`` or a space (GitHub reads a line whose first non-space characters are ``::`` as a
    command), which ``./`` in front prevents without changing what the path names."""
    shown = visible(path)
    if shown[:1] in (":", " ") or shown.lstrip().startswith("::"):
        shown = "./" + shown
    return shown
