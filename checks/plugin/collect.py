"""Which YAML files of a pytest collection are fact files, and which of those are not read.

Looks only at names and, for a YAML file, its text: the engine is imported once one is a
fact file (``checks.plugin.items``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.model.visible import has_unsafe, visible_path
from checks.plugin.options import FactsSettings
from checks.read.source_files import refusal

FACT_FILE_MARKER = re.compile(r"^facts\s*:", re.MULTILINE)
# The first line the README and --facts-suggest give a fact file (the editor's schema line).
SCHEMA_LINE = re.compile(r"^#.*facts\.schema\.json")


def fact_file_node(
    file_path: Path, parent: pytest.Collector, settings: FactsSettings
) -> pytest.Collector | None:
    """The collector of a fact file, or of one that is refused; None for any other file."""
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    if inside(file_path, settings.report_dir):
        return None  # our own output (suggested.yaml), never a fact file of the run
    root = Path(parent.config.rootpath)
    display = (
        file_path.relative_to(root).as_posix()
        if file_path.is_relative_to(root)
        else file_path.as_posix()
    )
    reason = refusal(root.resolve(), file_path, display, "fact files")
    if reason is None and not _is_fact_file(file_path, settings.in_use):
        return None
    if reason is None and _forges_lines(display):
        reason = (
            "not read: the fact file's name holds control characters, line breaks or "
            "`::`, which would forge lines in terminals and CI logs; rename it"
        )
    from checks.plugin.items import FactFileCollector, RefusedFactFile

    if reason is not None:
        # Never read (a symlink's target is not even opened), so whether it holds facts is
        # unknown: in a project that checks facts it is a collection error under a name
        # shown visibly, and the run is marked partial; elsewhere it is none of our business.
        if not settings.in_use:
            return None
        return RefusedFactFile.from_parent(
            parent, path=file_path, reason=reason, nodeid=_shown_nodeid(display)
        )
    return FactFileCollector.from_parent(parent, path=file_path)


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is in ``folder`` once both are resolved (False when either cannot be)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _forges_lines(display: str) -> bool:
    """pytest prints node ids as they are, at the start of lines: a fact file's name must
    not be able to start or carry a workflow command."""
    return has_unsafe(display) or "::" in display or display[:1] in (":", " ")


def _shown_nodeid(display: str) -> str:
    return visible_path(display).replace("::", ":\u200b:")


def _is_fact_file(path: Path, project_uses_facts: bool) -> bool:
    """A YAML file with a top-level ``facts:`` key, in a project that checks facts; in any
    other project only when its first line is the fact-file schema comment (only that line
    is read then)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as stream:
            if not project_uses_facts and not SCHEMA_LINE.match(stream.readline()):
                return False
            stream.seek(0)
            return bool(FACT_FILE_MARKER.search(stream.read()))
    except OSError:
        return False
