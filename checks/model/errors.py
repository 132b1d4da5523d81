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

    def __reduce__(self) -> tuple[type[FactsError], tuple[object, ...]]:
        # keep the structured fields when pickled (xdist)
        return (type(self), (self.message, self.path, self.line, self.column))


class FactFileError(FactsError):
    """A fact file that cannot be loaded: bad YAML, unknown key, unparseable value."""


class FactFileErrors(FactFileError):
    """Every problem found in one fact file, one ``file:line:column: ...`` line each (an
    editor fixes them all in one go, instead of one per run)."""

    def __init__(self, errors: list[FactFileError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, first.path, first.line, first.column)

    def __str__(self) -> str:
        return "\n".join(FactsError.__str__(error) for error in self.errors)

    def __reduce__(self) -> tuple[type[FactsError], tuple[object, ...]]:
        return (type(self), (self.errors,))


class SourceError(FactsError):
    """A source that cannot be read: binary, undecodable, too large."""


class ValueSyntaxError(ValueError):
    """A canonical value the engine cannot read (raised without a position; the loader adds it)."""
