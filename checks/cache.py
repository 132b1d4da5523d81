"""Parsed sources kept between runs (SPEC section 6), so a re-run re-parses nothing unchanged.

An entry is keyed by the source's content hash, its kind of file, the engine's version, the
pipeline and spaCy's version: any change to one of them is a different key, so a stale entry
is never read. Entries are pickles of plain data (``ParsedSource``) written atomically; the
directory is the pytest cache's, which only this project writes to, so it is trusted.
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
from checks.mentions import ParsedSource


class ParseCache:
    def __init__(self, directory: Path, pipeline: str) -> None:
        self.directory = directory
        self.pipeline = pipeline

    def key(self, content_hash: str, path: str) -> str:
        suffix = Path(path).suffix.lower()
        ident = f"{content_hash}|{suffix}|{ENGINE_VERSION}|{self.pipeline}|{spacy.__version__}"
        return hashlib.sha256(ident.encode()).hexdigest()

    def get(self, content_hash: str, path: str) -> ParsedSource | None:
        entry = self.directory / f"{self.key(content_hash, path)}.pickle"
        try:
            with entry.open("rb") as stream:
                parsed = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None          # missing or unreadable: parse again
        if not isinstance(parsed, ParsedSource):
            return None
        # The same text may live under another name.
        return parsed if parsed.path == path else replace(parsed, path=path)

    def put(self, parsed: ParsedSource) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = self.directory / f"{self.key(parsed.content_hash, parsed.path)}.pickle"
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(parsed, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except OSError:
            Path(temporary).unlink(missing_ok=True)   # a cache that cannot be written is no cache
