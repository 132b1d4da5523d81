"""The project's one root exception and its subclasses, each naming where the problem is."""

from __future__ import annotations


class FactsError(Exception):
    """A user-facing problem with an input file, with its position.

    The message is one line: ``file:line:column: what is wrong``.
    """

    def __init__(self, message: str, path: str = "", line: int = 0, column: int = 0) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self):  # keep the structured fields when pickled (xdist)
        return (type(self), (self.message, self.path, self.line, self.column))


class FactFileError(FactsError):
    """A fact file that cannot be loaded: bad YAML, unknown key, unparseable value."""


class SourceError(FactsError):
    """A source that cannot be read: binary, undecodable, too large."""


class ValueSyntaxError(ValueError):
    """A canonical value the engine cannot read (raised without a position; the loader adds it)."""
