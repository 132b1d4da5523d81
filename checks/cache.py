"""Work kept between runs (SPEC section 6), so a re-run redoes nothing unchanged.

Two kinds of entry: a source parsed (``ParsedSource``), keyed by the source's content hash,
its kind of file, the pipeline, spaCy's version and the engine's code; and what is worked out
from one parsed source (its links to one fact file, keyed also by the fact file's content
hash and the window; what the checks that need no fact read in it), keyed by the same and
the source's path. Any change to one of them is a different key, so a stale
entry is never read. A source the engine failed on is kept as its ``SourceError``, so that
every process sharing the work (pytest-xdist) reports it the same way.

Entries are pickles of plain data written atomically; the directory is the pytest cache's,
which only this project writes to, so it is trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import replace
from pathlib import Path

import spacy

from checks import ENGINE_VERSION
from checks.errors import SourceError
from checks.mentions import ParsedSource


def _code_fingerprint() -> str:
    """The engine's own source code: an edited rule must not read entries the old one made."""
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


ENGINE_KEY = _code_fingerprint()


class ParseCache:
    def __init__(self, directory: Path, pipeline: str) -> None:
        self.directory = directory
        self.pipeline = pipeline

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
        found = self._read(self.key(content_hash, path))
        if isinstance(found, SourceError):
            return SourceError(found.message, path)
        if not isinstance(found, ParsedSource):
            return None
        # The same text may live under another name.
        return found if found.path == path else replace(found, path=path)

    def put(self, parsed: ParsedSource | SourceError, content_hash: str | None = None) -> None:
        if isinstance(parsed, ParsedSource):
            self._write(self.key(parsed.content_hash, parsed.path), parsed)
        elif content_hash is not None:
            self._write(self.key(content_hash, parsed.path), parsed)

    def get_derived(self, key: str):
        return self._read(key)

    def put_derived(self, key: str, value) -> None:
        self._write(key, value)

    def _read(self, key: str):
        try:
            with (self.directory / f"{key}.pickle").open("rb") as stream:
                return pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError):
            return None          # missing or unreadable: do the work again

    def _write(self, key: str, value) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError:
            return               # a cache that cannot be written is no cache
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.directory / f"{key}.pickle")
        except OSError:
            Path(temporary).unlink(missing_ok=True)
