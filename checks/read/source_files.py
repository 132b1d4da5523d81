"""Which files are sources: the ini globs, and only what lies inside the project.

Sources and fact files may come from an untrusted pull request, and CI prints what sources
say. So a source is read only when its real location (symlinks followed) lies inside the
rootdir and outside its hidden folders: a symlink to ``/etc/passwd``, to another checkout
or to ``.git/config`` (where CI keeps its token) is refused, not read, and named as an
error. Light: the plugin lists sources without loading the engine.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path, PurePosixPath

from checks.model.visible import has_unsafe


class SourceGlobError(ValueError):
    """A glob that cannot name sources inside the project (absolute)."""


def check_globs(globs: tuple[str, ...] | list[str]) -> None:
    """Refuse globs that could only name files outside the rootdir."""
    for pattern in globs:
        if (
            PurePosixPath(pattern).is_absolute()
            or Path(pattern).is_absolute()
            or pattern.startswith("~")
        ):
            raise SourceGlobError(
                f"facts_sources: {pattern!r} is an absolute path; write globs relative to the "
                "rootdir (sources outside the project are never read)"
            )
        if not pattern.strip():
            raise SourceGlobError("facts_sources: an empty glob names no source; remove it")
        if any("**" in part and part != "**" for part in PurePosixPath(pattern).parts):
            raise SourceGlobError(
                f"facts_sources: {pattern!r}: `**` must be a whole part of the path, as in "
                "sources/**/*.txt"
            )


def list_sources(
    rootdir: Path, globs: tuple[str, ...] | list[str]
) -> tuple[list[str], dict[str, str]]:
    """(the sources to read, {path: why it is refused}), paths relative to the rootdir.

    Files in hidden folders (``.git``, ``.venv``) are not sources at all.
    """
    check_globs(globs)
    root = rootdir.resolve()
    found: set[str] = set()
    refused: dict[str, str] = {}
    leaving: dict[str, str | None] = {}  # folder -> itself if it leads out, else None
    for pattern in globs:
        for path in rootdir.glob(pattern):
            try:
                display = path.relative_to(rootdir).as_posix()
            except ValueError:
                continue
            parts = PurePosixPath(display).parts
            if any(part.startswith(".") and part not in (".", "..") for part in parts):
                continue
            folder = _folder_leading_out(rootdir, root, parts[:-1], leaving)
            if folder is not None:
                # Named once, by the folder: the names of what lies beyond it are not the
                # project's to print.
                refused[folder] = (
                    "not read: this folder resolves outside the project (a "
                    "symlink or `..`); sources must lie inside it"
                )
                continue
            if not path.is_file():
                continue
            reason = refusal(root, path, display)
            if reason:
                refused[display] = reason
            else:
                found.add(display)
    return sorted(found), refused


def _folder_leading_out(
    rootdir: Path, root: Path, parts: tuple[str, ...], leaving: dict[str, str | None]
) -> str | None:
    """The first of the folders ``parts`` walks through that resolves outside the project."""
    for depth in range(1, len(parts) + 1):
        display = "/".join(parts[:depth])
        if display not in leaving:
            folder = rootdir.joinpath(*parts[:depth])
            try:
                outside = not folder.resolve().is_relative_to(root)
            except (OSError, RuntimeError):
                outside = True
            leaving[display] = display if outside else None
        if leaving[display] is not None:
            return leaving[display]
    return None


def refusal(root: Path, path: Path, display: str, what: str = "sources") -> str | None:
    """Why ``path`` may not be read (as one of ``what``), or None when it may."""
    if has_unsafe(display):
        return (
            "not read: the file name holds control characters or line breaks, which "
            "would forge lines in terminals and CI logs; rename it"
        )
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "not read: the path cannot be resolved (a broken or looping symlink)"
    try:
        inside = real.relative_to(root)
    except ValueError:
        return (
            "not read: it resolves outside the project (a symlink or `..` leading out of "
            f"the rootdir); {what} must lie inside it"
        )
    if any(part.startswith(".") for part in inside.parts):
        return (
            "not read: it resolves into a hidden folder of the project (such as .git); "
            f"{what} must not"
        )
    return None


def in_globs(path: str, globs: tuple[str, ...]) -> bool:
    """No globs: every source."""
    return not globs or any(matches_glob(path, g) for g in globs)


def matches_glob(path: str, pattern: str) -> bool:
    """Glob match on rootdir-relative paths; ``**/`` may match no folder at all."""
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(
        path, pattern.replace("**/", "")
    )
