"""Which files are sources: the ini globs, and only what lies inside the project.

Sources and fact files may come from an untrusted pull request, and CI prints what sources
say. So a source is read only when its real location (symlinks followed) lies inside the
rootdir and outside its hidden folders: a symlink to ``/etc/passwd``, to another checkout
or to ``.git/config`` (where CI keeps its token) is refused, not read, and named as an
error. Light: the plugin lists sources without loading the engine.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from checks.visible import has_unsafe


class SourceGlobError(ValueError):
    """A glob that cannot name sources inside the project (absolute)."""


def check_globs(globs: tuple[str, ...] | list[str]) -> None:
    """Refuse globs that could only name files outside the rootdir."""
    for pattern in globs:
        if PurePosixPath(pattern).is_absolute() or Path(pattern).is_absolute() \
                or pattern.startswith("~"):
            raise SourceGlobError(
                f"facts_sources: {pattern!r} is an absolute path; write globs relative to the "
                "rootdir (sources outside the project are never read)")


def list_sources(rootdir: Path, globs: tuple[str, ...] | list[str]
                 ) -> tuple[list[str], dict[str, str]]:
    """(the sources to read, {path: why it is refused}), paths relative to the rootdir.

    Files in hidden folders (``.git``, ``.venv``) are not sources at all.
    """
    check_globs(globs)
    root = rootdir.resolve()
    found: set[str] = set()
    refused: dict[str, str] = {}
    for pattern in globs:
        for path in rootdir.glob(pattern):
            try:
                display = path.relative_to(rootdir).as_posix()
            except ValueError:
                continue
            parts = PurePosixPath(display).parts
            if any(part.startswith(".") and part not in (".", "..") for part in parts):
                continue
            if not path.is_file():
                continue
            reason = refusal(root, path, display)
            if reason:
                refused[display] = reason
            else:
                found.add(display)
    return sorted(found), refused


def refusal(root: Path, path: Path, display: str, what: str = "sources") -> str | None:
    """Why ``path`` may not be read (as one of ``what``), or None when it may."""
    if has_unsafe(display):
        return ("not read: the file name holds control characters or line breaks, which "
                "would forge lines in terminals and CI logs; rename it")
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "not read: the path cannot be resolved (a broken or looping symlink)"
    try:
        inside = real.relative_to(root)
    except ValueError:
        return ("not read: it resolves outside the project (a symlink or `..` leading out of "
                f"the rootdir); {what} must lie inside it")
    if any(part.startswith(".") for part in inside.parts):
        return ("not read: it resolves into a hidden folder of the project (such as .git); "
                f"{what} must not")
    return None
