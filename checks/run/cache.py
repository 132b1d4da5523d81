"""Work kept between runs (SPEC section 6), so a re-run redoes nothing unchanged.

Two kinds of entry: a source parsed (``ParsedSource``), keyed by the source's content hash,
its kind of file, the pipeline, spaCy's version and the engine's code; and what is worked out
from one parsed source (its links to one fact file, keyed also by the fact file's content
hash, the window and the date order; what the checks that need no fact read in it), keyed by
the same and the source's path. Any change to one of them is a different key, so a stale
entry is never read. A source the engine failed on is kept as its ``SourceError``, so that
every process sharing the work (pytest-xdist) reports it the same way.

The folder is pytest's cache, which CI systems share between jobs and restore from
archives, so an entry is checked before it is used and can never run code (SPEC section 9,
"Faults are survived"). Each entry is one file, written atomically:

    magic (8 bytes) | format version (1 byte) | length of the type name (1 byte) |
    type name (ASCII, e.g. ``checks.model.mentions.ParsedSource``) | sha256 (32 bytes) | payload

The sha256 covers everything before it and the payload, so a changed bit anywhere, a
truncated file or a file of another format is noticed. The payload is a pickle (fast to read
back on warm runs, and the project's records are frozen dataclasses that pickle as they
are), read by an unpickler that can construct only the project's own record classes and
the few standard types they hold (``_entry_classes``): anything else a pickle names
(``os.system``, ``builtins.eval``, ``subprocess.Popen``, ...) is refused, so decoding calls
nothing but those classes' constructors. The value must then be of the type the reader
expects, in the shape it expects. Anything wrong is a miss (the work is done again and the
entry rewritten), never an error.

Nothing here raises: a folder that cannot be made, read or written is recorded once, as one
line in ``ParseCache.problem`` for the plugin to show, and the run goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

import spacy

from checks import ENGINE_VERSION
from checks.model.errors import SourceError
from checks.model.mentions import (
    DateMention,
    Mention,
    ParsedSource,
    QuantityMention,
    QuoteMention,
    Sentence,
)
from checks.model.visible import visible

_Value = TypeVar("_Value")


def _code_fingerprint() -> str:
    """The engine's own source code, every module of the package in every stage: an edited
    rule must not read entries the old one made, wherever the rule lives."""
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    package = Path(__file__).resolve().parents[1]
    try:
        for module in sorted(package.rglob("*.py")):
            digest.update(module.relative_to(package).as_posix().encode())
            digest.update(module.read_bytes())
    except OSError:
        # The code cannot be read to know its version: entries of this run must match no
        # other run's (importing the engine must not fail because of its cache).
        digest.update(uuid.uuid4().bytes)
    return digest.hexdigest()


ENGINE_KEY = _code_fingerprint()

MAGIC = b"\x93FACTS\r\n"  # a non-ASCII first byte and a CRLF: text-mode mangling shows
FORMAT_VERSION = 1  # the layout of an entry; another version is a miss
PICKLE_PROTOCOL = 5  # fixed, not HIGHEST_PROTOCOL: what a newer Python writes, older read
_DIGEST_SIZE = 32


@lru_cache(maxsize=1)
def _entry_classes() -> dict[tuple[str, str], type]:
    """Every class an entry's pickle may name, by (module, name): the project's records kept
    in the cache, and the standard types their fields hold. Nothing else can be constructed
    while decoding an entry; a record class that gains a field of another class must be added
    here (tests/test_cache_faults.py reads back a real run's entries to notice).

    Imported when first needed: the engine imports this module, and its records are among
    these."""
    from checks.judge.selfchecks import Finding, SourceReading
    from checks.judge.statements import Statement
    from checks.judge.verdicts import Judgement
    from checks.model.intervals import Interval
    from checks.model.kinds import Kind, Verdict
    from checks.model.relative_dates import DateForm, RelativeDate
    from checks.run.engine import LinkResult, SourceLinks

    classes = (
        ParsedSource,
        Sentence,
        QuantityMention,
        DateMention,
        QuoteMention,
        RelativeDate,
        DateForm,
        Interval,
        SourceError,
        SourceLinks,
        LinkResult,
        Judgement,
        Verdict,
        SourceReading,
        Finding,
        Statement,
        Kind,
        date,
        Fraction,
    )
    return {(cls.__module__, cls.__qualname__): cls for cls in classes}


class _EntryUnpickler(pickle.Unpickler):
    """Constructs only the allowed classes (see ``_entry_classes``). Every global a pickle
    uses, even through copyreg's extension codes, comes through ``find_class``, and
    persistent ids are refused by the base class when ``persistent_load`` is not given."""

    def find_class(self, module: str, name: str) -> type:
        try:
            return _entry_classes()[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"{module}.{name} is not allowed in a cache entry"
            ) from None


def _type_name(cls: type) -> bytes:
    return f"{cls.__module__}.{cls.__qualname__}".encode("ascii")


def encode_entry(value: object) -> bytes:
    """One entry's bytes (layout in the module's docstring)."""
    name = _type_name(type(value))
    head = MAGIC + bytes((FORMAT_VERSION, len(name))) + name
    payload = pickle.dumps(value, protocol=PICKLE_PROTOCOL)
    return head + hashlib.sha256(head + payload).digest() + payload


class DamagedEntry(ValueError):
    """An entry that is not what this code writes (its reason says how)."""


def decode_entry(data: bytes, expected: tuple[type, ...]) -> object:
    """The value in an entry, if it is intact and of one of the ``expected`` types; raises
    ``DamagedEntry`` (or whatever decoding met) otherwise."""
    if not data.startswith(MAGIC):
        raise DamagedEntry("not a cache entry")
    at = len(MAGIC)
    if len(data) < at + 2 or data[at] != FORMAT_VERSION:
        raise DamagedEntry("another format version")
    name_end = at + 2 + data[at + 1]
    name = data[at + 2 : name_end]
    wanted = {_type_name(cls): cls for cls in expected}
    if name not in wanted:
        raise DamagedEntry("an entry of another type")
    digest = data[name_end : name_end + _DIGEST_SIZE]
    payload = memoryview(data)[name_end + _DIGEST_SIZE :]
    check = hashlib.sha256(memoryview(data)[:name_end])
    check.update(payload)
    if len(digest) != _DIGEST_SIZE or check.digest() != digest:
        raise DamagedEntry("its digest does not match (changed or cut short)")
    value = _EntryUnpickler(io.BytesIO(payload)).load()
    if type(value) is not wanted[name] or not _well_formed(value):
        raise DamagedEntry("its value is not of the type its header names")
    return value


def _well_formed(value: object) -> bool:
    """The shape the engine relies on first, checked where it is cheap (the types of the
    fields and of the items of the collections it walks). The digest already rules out
    damage by accident; this stops the crudest forgeries (an entry written with a right
    digest around a value of another shape). Deeper values are not checked: a forged entry
    can still say something false, as a forged source could, but it cannot run code."""
    return _shapes()[type(value)](value)


@lru_cache(maxsize=1)
def _shapes() -> dict[type, Callable[[object], bool]]:
    """For each type an entry may be, its check (see ``_well_formed``)."""
    from checks.judge.selfchecks import Finding, SourceReading
    from checks.judge.statements import Statement
    from checks.run.engine import LinkResult, SourceLinks

    # (Each check is keyed by the type of the values it is given.)
    def parsed(value: object) -> bool:
        assert isinstance(value, ParsedSource)
        return (
            isinstance(value.path, str)
            and isinstance(value.content_hash, str)
            and isinstance(value.text, str)
            and isinstance(value.line_starts, tuple)
            and isinstance(value.published, (date, type(None)))
            and _all_of(value.sentences, Sentence)
            and _all_of(value.mentions, Mention)
        )

    def error(value: object) -> bool:
        assert isinstance(value, SourceError)
        return isinstance(value.message, str) and isinstance(value.path, str)

    def links(value: object) -> bool:
        assert isinstance(value, SourceLinks)
        return isinstance(value.links, tuple) and all(
            type(pair) is tuple
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], LinkResult)
            for pair in value.links
        )

    def reading(value: object) -> bool:
        assert isinstance(value, SourceReading)
        return _all_of(value.local, Finding) and _all_of(value.statements, Statement)

    return {ParsedSource: parsed, SourceError: error, SourceLinks: links, SourceReading: reading}


def _all_of(items: object, cls: type) -> bool:
    return isinstance(items, tuple) and all(isinstance(item, cls) for item in items)


def _shown(directory: Path) -> str:
    """The folder as a warning names it: relative to the working folder when inside it
    (symlinks are not followed: the name is the one the user knows)."""
    try:
        return Path(os.path.abspath(directory)).relative_to(Path.cwd()).as_posix()
    except (OSError, ValueError):
        return str(directory)


# Problems are cut at this many characters: a warning line, not a dump of a damaged file.
_PROBLEM_LIMIT = 300


def _one_line(text: str) -> str:
    """A problem as one warning line: it may quote a damaged file (a class name a pickle
    asks for) or the system, so runs of whitespace become one space, characters that do not
    print are escaped, and it is cut at ``_PROBLEM_LIMIT`` characters."""
    text = visible(" ".join(text.split()))
    return text if len(text) <= _PROBLEM_LIMIT else text[: _PROBLEM_LIMIT - 3] + "..."


def _reason(error: BaseException) -> str:
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return " ".join(reason.split())


class ParseCache:
    """Entries in one folder. Reads and writes never raise; see the module's docstring.

    ``problem`` is the first thing that went wrong (one line, for one warning), or None.
    After a write fails, no other write is tried: an unwritable folder costs one failure,
    not one per source. Reading goes on (a restored read-only cache is still of use).
    """

    def __init__(self, directory: Path | None, pipeline: str, problem: str | None = None) -> None:
        self.problem: str | None = None if problem is None else _one_line(problem)
        self.pipeline = str(pipeline)
        self.directory: Path | None = None
        try:
            if directory is not None:
                self.directory = Path(directory)
        except TypeError as error:
            self._note(
                f"the cache folder {directory!r} is not a folder ({error}); running without a cache"
            )
        self._writable = self.directory is not None

    @classmethod
    def made_with(cls, make_folder: Callable[[], Path], pipeline: str) -> ParseCache:
        """A cache in the folder ``make_folder()`` returns (e.g. pytest's
        ``lambda: config.cache.mkdir("facts-parsed")``); if it fails, a cache that keeps
        nothing, whose ``problem`` says why."""
        try:
            return cls(make_folder(), pipeline)
        except Exception as error:  # noqa: BLE001 - whatever it is, the run goes on without
            return cls(
                None,
                pipeline,
                f"the cache folder cannot be made ({_reason(error)}); running without a cache",
            )

    def key(self, content_hash: str, path: str) -> str:
        suffix = Path(path).suffix.lower()
        ident = f"{content_hash}|{suffix}|{ENGINE_KEY}|{self.pipeline}|{spacy.__version__}"
        return hashlib.sha256(ident.encode()).hexdigest()

    def derived_key(self, content_hash: str, path: str, what: str) -> str:
        """Key of something worked out from a parsed source (``what`` names it and what else
        it depends on, e.g. the fact file's hash). The path is part of the key: `sources`
        globs and `published` maps depend on it."""
        ident = f"{what}|{self.key(content_hash, path)}|{path}"
        return hashlib.sha256(ident.encode()).hexdigest()

    def get(self, content_hash: str, path: str) -> ParsedSource | SourceError | None:
        found = cast(
            "ParsedSource | SourceError | None",
            self._read(self.key(content_hash, path), (ParsedSource, SourceError)),
        )
        if isinstance(found, SourceError):
            return SourceError(found.message, path)
        if found is None:
            return None
        if found.content_hash != content_hash:
            self._note(f"the cache entry for {path} holds another text; it is parsed again")
            return None
        # The same text may live under another name.
        return found if found.path == path else replace(found, path=path)

    def put(self, parsed: ParsedSource | SourceError, content_hash: str | None = None) -> None:
        if isinstance(parsed, ParsedSource):
            self._write(self.key(parsed.content_hash, parsed.path), parsed)
        elif content_hash is not None:
            self._write(self.key(content_hash, parsed.path), parsed)

    def get_derived(self, key: str, expected: type[_Value]) -> _Value | SourceError | None:
        """The entry under ``key`` if it is an ``expected`` (or the ``SourceError`` the
        engine met on that source), else None."""
        return cast("_Value | SourceError | None", self._read(key, (expected, SourceError)))

    def put_derived(self, key: str, value: object) -> None:
        self._write(key, value)

    def _note(self, problem: str) -> None:
        if self.problem is None:
            self.problem = _one_line(problem)

    def _read(self, key: str, expected: tuple[type, ...]) -> object:
        """The value under ``key`` if it is one of the ``expected`` types, else None."""
        directory = self.directory
        if directory is None:
            return None
        try:
            data = _file(directory, key).read_bytes()
        except FileNotFoundError:
            return None  # not worked out yet: the usual miss
        except Exception as error:  # noqa: BLE001 - unreadable: do the work again
            self._note(
                f"the cache folder {_shown(directory)} cannot be read "
                f"({_reason(error)}); what cannot be read is worked out again"
            )
            return None
        try:
            return decode_entry(data, expected)
        except Exception as error:  # noqa: BLE001 - damaged or forged: do the work again
            reason = error if isinstance(error, DamagedEntry) else f"cannot be decoded: {error}"
            self._note(
                f"the cache entry {_shown(_file(directory, key))} is damaged ({reason}); "
                "it is worked out again"
            )
            return None

    def _write(self, key: str, value: object) -> None:
        directory = self.directory
        if not self._writable or directory is None:
            return
        try:
            data = encode_entry(value)
        except Exception as error:  # noqa: BLE001 - a value this code cannot keep: not kept
            self._note(
                f"a cache entry could not be encoded ({type(value).__name__}: "
                f"{_reason(error)}); it is worked out again next run"
            )
            return
        temporary = None
        try:
            directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, _file(directory, key))
        except Exception as error:  # noqa: BLE001 - a cache that cannot be written is no cache
            self._writable = False
            self._note(
                f"the cache folder {_shown(directory)} cannot be written "
                f"({_reason(error)}); nothing is kept for the next run"
            )
            if temporary is not None:
                with contextlib.suppress(OSError):
                    Path(temporary).unlink(missing_ok=True)


def _file(directory: Path, key: str) -> Path:
    return directory / f"{key}.pickle"
