"""Turning results into words and files: failure notes, facts.json, the run summary.

Every text here may come from an untrusted pull request (a source, a file name, a fact file).
The text outputs (failure notes, stale acceptances, examples, the summary, GitHub
annotations) print each such text through ``checks.model.visible``: on one line, control
characters shown as escapes, a file name at the start of a line never read as a workflow
command. facts.json keeps the real text (JSON escapes controls itself); facts.html escapes it
(``checks.report.html``).

A sentence longer than ``SENTENCE_SHOWN`` characters (a source with no full stop is one
sentence) is shown in every record as a window around the mention: see ``sentence_window``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple, Self, cast

from checks.facts.factfile import Acceptance, Fact
from checks.model.kinds import Verdict
from checks.model.visible import visible, visible_path
from checks.run.engine import FactResult, LinkResult

REPORT_VERSION = 1


def shown(text: object) -> str:
    """A text from a source, a file name or a fact file as a text output prints it: ``visible``,
    after joining surrogate pairs (PyYAML reads ``"\\ud83d\\ude00"`` as two halves) into the
    character they make."""
    return visible(whole_characters(str(text)))


def _shown_note(note: str) -> str:
    """A fact's note on one line (its lines joined by spaces), so it can never start a line."""
    return shown(" ".join(note.split()))


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def whole_characters(text: str) -> str:
    """``text`` with surrogate pairs joined into their character and every lone surrogate
    (half of a character, which UTF-8 cannot write) replaced by U+FFFD."""
    if _SURROGATE.search(text) is None:
        return text
    joined = _SURROGATE_PAIR.sub(
        lambda pair: pair.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text
    )
    return _SURROGATE.sub("\ufffd", joined)


# -- a partial run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RunState:
    """Whether the run that made the records checked everything, and if not, why not.

    ``reason`` is one line for people, e.g. "interrupted (KeyboardInterrupt) after 120 of 300
    items". The writers also take the same as a dict (``{"complete": False, "reason": ...}``)
    or None (a complete run).
    """

    complete: bool = True
    reason: str | None = None
    # What merging shards needs from a run that left items out (python -m checks
    # merge-reports): {"selected": items run, "deselected": items left out, "left_out_only":
    # whether leaving items out is the only reason the run is partial, "unmentioned_so_far":
    # records of the facts no source checked in this run mentions (source grain)}.
    shard: Mapping[str, object] | None = None

    @classmethod
    def of(cls, run: RunState | Mapping[str, object] | None) -> RunState:
        if run is None:
            return COMPLETE
        if isinstance(run, RunState):
            return run
        shard = {key: run[key] for key in SHARD_KEYS if key in run} or None
        # (a shard's facts.json may hold anything here: ``shown`` prints it whatever it is)
        reason = cast("str | None", run.get("reason"))
        return cls(bool(run.get("complete", True)), reason, shard)

    def as_json(self) -> dict[str, object] | None:
        """facts.json's ``run`` field: None (the field is left out) for a complete run, so a
        complete run's facts.json is the same as before the field existed."""
        if self.complete:
            return None
        return {"complete": False, "reason": self.described, **(self.shard or {})}

    @property
    def described(self) -> str:
        return self.reason or "the run stopped early"


COMPLETE = RunState()
SHARD_KEYS = ("selected", "deselected", "left_out_only", "unmentioned_so_far")


def failure_text(result: FactResult, links: tuple[LinkResult, ...] | None = None) -> str:
    """A proofreader's note for each failing mention: where, what each side says, and why.

    By default the failing mentions, then the uncertain ones (SPEC 5: each would be a failure
    if its link were certain), so that an item that fails lists all an editor must look at.
    """
    fact = result.fact
    blocks = []
    for link in links if links is not None else result.failures + uncertain_links(result):
        record = as_record(_link_record(_base_record(result), link))
        lines = [
            f"{visible_path(str(record.source))}:{record.line}:{record.column}: "
            f"{_headline(record)}",
            *("  " + line for line in _explanation(record)),
        ]
        if fact.note:
            lines.append(f"  note:         {_shown_note(fact.note)}")
        if link.verdict.fails:
            lines.extend(_accept_entry(record))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _accept_entry(record: Record) -> list[str]:
    """A ready-to-paste `accept` entry for a reviewed discrepancy (JSON strings are YAML
    strings, so any path or wording pastes as it is)."""
    entry = (
        f"- {{source: {json.dumps(shown(record.source), ensure_ascii=False)}, "
        f"says: {json.dumps(shown(record.source_says), ensure_ascii=False)}, "
        'reason: "why the source is right to differ"}'
    )
    return [
        f"  to accept:    add under `accept:` of {shown(record.fact)}:",
        f"                {entry}",
    ]


def failure_lines(result: FactResult) -> str:
    """``--tb=line``: one line per failing mention, ``FILE:LINE:COL: VERDICT FACT: says X,
    canonical Y`` (the uncertain ones are left to the full note)."""
    lines = []
    for link in result.failures:
        record = as_record(_link_record(_base_record(result), link))
        lines.append(
            f"{visible_path(str(record.source))}:{record.line}:"
            f"{record.column}: {shown(record.verdict)} {shown(record.fact)}: "
            f'says "{shown(record.source_says)}", canonical '
            f'"{shown(record.canonical)}"'
        )
    return "\n".join(lines)


def uncertain_links(result: FactResult) -> tuple[LinkResult, ...]:
    """The links of ``result`` whose verdict is ``uncertain`` (SPEC 5), in their order."""
    return tuple(link for link in result.links if link.verdict is Verdict.UNCERTAIN)


def uncertain_text(result: FactResult, link: LinkResult) -> str:
    """The note for one uncertain mention (a pytest warning): as a failure's, headed
    ``uncertain link to FACT (FILE:LINE)``, with why the link is in doubt."""
    return failure_text(result, (link,))


UNCERTAIN = Verdict.UNCERTAIN.value


def _headline(record: Record) -> str:
    if record.verdict == UNCERTAIN:
        return (
            f"uncertain link to {shown(record.fact)} ({shown(record.fact_file)}:{record.fact_line})"
        )
    return (
        f"{shown(record.verdict)} with {shown(record.fact)} "
        f"({shown(record.fact_file)}:{record.fact_line})"
    )


def _explanation(record: Record) -> list[str]:
    """What the source says, what the fact says, where, and why both cannot hold (and, for an
    uncertain link, why the link is in doubt)."""
    lines = [
        f'source says:  "{shown(record.source_says)}"  ->  {shown(record.source_interval)}',
        f'canonical:    "{shown(record.canonical)}"  ->  {shown(record.canonical_interval)}',
        f"sentence:     {shown(record.sentence)}",
    ]
    if record.doubt:
        lines.append(f"doubt:        {shown(record.doubt)}")
    lines.append(f"why:          {shown(record.detail)}")
    return lines


def stale_acceptance_text(result: FactResult, entry: Acceptance) -> str:
    """An `accept` entry whose discrepancy the source no longer has: the editor removes it."""
    return (
        f"{visible_path(str(entry.position))}: stale acceptance for "
        f"{shown(result.fact.id)}: {shown(result.source)} no longer says "
        f'"{shown(entry.says)}" in a way that contradicts the fact; remove this `accept` '
        "entry"
    )


def example_problem(fact: Fact, expectation: str, sentence: str, links: list[LinkResult]) -> str:
    """Why an editor's example did not behave as labelled, or "" when it did."""
    where = (
        f"{visible_path(str(fact.position))}: example of {shown(fact.id)} ({shown(expectation)})"
    )
    found = ", ".join(
        f'"{shown(link.mention.text)}" is {_verdict_in_words(link)}' for link in links
    )
    sentence = shown(sentence)
    if expectation == "unrelated":
        if links:
            return (
                f"{where} links, but should not: {found}; tighten `about` or `of`. "
                f"Sentence: {sentence}"
            )
        return ""
    if not links:
        return (
            f"{where} does not link to the fact; loosen `about` or `of`, or add `names`. "
            f"Sentence: {sentence}"
        )
    wanted_failure = expectation == "contradicts"
    # An uncertain link is neither: a would-be contradiction the engine is not sure of.
    if any(
        link.verdict.fails != wanted_failure or link.verdict is Verdict.UNCERTAIN for link in links
    ):
        wanted = "a contradiction" if wanted_failure else "consistent"
        return f"{where} should be {wanted}, but {found}. Sentence: {sentence}"
    return ""


def _verdict_in_words(link: LinkResult) -> str:
    """ "contradiction", or for an uncertain link "uncertain (REASON)"."""
    if link.verdict is Verdict.UNCERTAIN and link.judgement.doubt:
        return f"uncertain ({shown(link.judgement.doubt)})"
    return link.verdict.value


# The fields of a facts.json record (SPEC section 7), in order; version 1 of the format.
# ``fact_line``, ``highlight`` and ``doubt`` were added within version 1 (new fields never
# change it).
class _RecordFields(NamedTuple):
    fact: str
    fact_file: str
    fact_line: int | None
    source: str | None  # None: no source mentions the fact
    line: int | None
    column: int | None
    kind: str
    verdict: str  # a ``Verdict``'s value, or ``UNMENTIONED``
    source_says: str | None
    source_interval: str | None
    canonical: str
    canonical_interval: str | None
    sentence: str | None
    highlight: Sequence[int] | None  # where ``source_says`` is in ``sentence``
    detail: str | None
    doubt: str | None
    note: str | None


class Record(_RecordFields):
    """A record kept as the tuple of its values in ``RECORD_KEYS`` order, read by attribute
    (``record.fact``: no Python call per field, which halved writing the page of a
    164,000-record run).

    A run of 100,000 items keeps every record until the reports are written; as dicts, the
    keys alone cost about as much memory again as the values. Made from the values in order
    (``Record(values)``), as they travel from xdist workers.
    """

    __slots__ = ()

    def __new__(cls, values: Iterable[object]) -> Self:
        return tuple.__new__(cls, values)

    def __getnewargs__(self) -> tuple[tuple[object, ...]]:
        # (pickle and copy call __new__ with these: the values as one tuple, as __new__ takes)
        return (tuple(self),)


RECORD_KEYS: tuple[str, ...] = _RecordFields._fields
UNMENTIONED = "unmentioned"  # the verdict of a fact no source mentions


def records(result: FactResult) -> list[dict[str, object]]:
    """Report records: one per linked mention, one for a fact no source mentions.

    ``highlight`` says where the mention sits in ``sentence``. Records are plain JSON data, so they
    travel from pytest-xdist workers to the controller inside test reports; the writers take
    them as ``Record``s (``as_record``).
    """
    base = _base_record(result)
    if result.source is None:
        return [
            {
                **base,
                "line": None,
                "column": None,
                "verdict": UNMENTIONED,
                "source_says": None,
                "source_interval": None,
                "canonical_interval": None,
                "sentence": None,
                "detail": "no source mentions this fact",
                "highlight": None,
                "doubt": None,
            }
        ]
    return [_link_record(base, link) for link in result.links]


def _base_record(result: FactResult) -> dict[str, object]:
    return {
        "fact": result.fact.id,
        "fact_file": result.fact_file,
        "source": result.source,
        "kind": result.fact.kind,
        "canonical": result.fact.value_text,
        "fact_line": result.fact.position.line,
        "note": " ".join(result.fact.note.split()) if result.fact.note else None,
    }


def _link_record(base: dict[str, object], link: LinkResult) -> dict[str, object]:
    says = " ".join(link.mention.text.split())
    if link.at >= 0 and link.sentence.startswith(says, link.at):
        at = link.at
    else:  # a link made without its place (by hand): the first occurrence will do
        at = link.sentence.find(says)
    sentence, start, end = sentence_window(link.sentence, max(at, 0), max(at, 0) + len(says))
    return {
        **base,
        "line": link.line,
        "column": link.column,
        "verdict": link.verdict.value,
        "source_says": link.mention.text,
        "source_interval": link.judgement.source_interval,
        "canonical_interval": link.judgement.canonical_interval,
        "sentence": sentence,
        "detail": link.judgement.detail,
        "highlight": [start, end] if at >= 0 else None,
        "doubt": link.judgement.doubt,
    }


# A sentence longer than this (in characters) is shown as a window around the mention: about
# half of it before the mention and half after (what one side cannot use goes to the other),
# cut at spaces where one is near, each cut marked by ELLIPSIS. A 200 KB source with no full
# stop is one sentence; carried whole in every record, it made facts.json, facts.html and
# junit.xml hundreds of megabytes each. 400 is some five lines of text: enough to read the
# mention in its context. Shorter sentences are shown whole.
SENTENCE_SHOWN = 400
ELLIPSIS = "\u2026"
_SPACE_SOUGHT = 40  # how far inside a cut a space is looked for, to cut between words


def sentence_window(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """``sentence`` as a record shows it, and where ``sentence[start:end]`` (the mention) is
    in that: the sentence itself when it has at most ``SENTENCE_SHOWN`` characters, else a
    window of about that many around the mention (plus the mention; a mention longer than the
    bound is itself cut to it)."""
    length = len(sentence)
    if length <= SENTENCE_SHOWN:
        return sentence, start, end
    end = min(end, start + SENTENCE_SHOWN)
    side = SENTENCE_SHOWN // 2
    before, after = side, side
    if start < side:
        after += side - start
    if length - end < side:
        before += side - (length - end)
    left = max(0, start - before)
    right = min(length, end + after)
    if left > 0 and sentence[left - 1] != " ":  # cut inside a word: from the next space
        space = sentence.find(" ", left, min(left + _SPACE_SOUGHT, start))
        if space >= 0:
            left = space + 1
    if right < length and sentence[right] != " ":  # likewise up to the previous space
        space = sentence.rfind(" ", max(right - _SPACE_SOUGHT, end), right)
        if space >= 0:
            right = space
    head = ELLIPSIS if left > 0 else ""
    tail = ELLIPSIS if right < length else ""
    shift = len(head) - left
    return head + sentence[left:right] + tail, start + shift, end + shift


def record_values(record: Mapping[str, object]) -> tuple[object, ...]:
    """A record as plain values in ``RECORD_KEYS`` order (what travels from xdist workers)."""
    return tuple(record.get(key) for key in RECORD_KEYS)  # (``doubt`` may be left out)


def as_record(record: Mapping[str, object]) -> Record:
    """A record given as JSON data (``records``, a shard's facts.json) as a ``Record``."""
    return Record(record_values(record))


def write_json_report(
    path: Path, all_records: Iterable[Record], run: RunState | Mapping[str, object] | None = None
) -> None:
    """reports/facts.json, in a stable order whatever order the items ran in.

    Written record by record (the same text as one ``json.dumps(..., indent=2)`` of the
    whole), so that a large run never holds the whole file in memory. A partial run (see
    ``RunState``) adds ``"run": {"complete": false, "reason": "..."}`` between ``version`` and
    ``results``; a complete run has no ``run`` field. Texts are kept as they are, except that
    a lone surrogate (half of a character, which UTF-8 cannot write) becomes U+FFFD.
    """
    ordered = sorted(all_records, key=_record_order)
    state = RunState.of(run).as_json()

    def chunks() -> Iterator[str]:
        if not ordered:
            head = {"version": REPORT_VERSION, **({"run": state} if state else {}), "results": []}
            yield whole_characters(json.dumps(head, indent=2, ensure_ascii=False)) + "\n"
            return
        yield f'{{\n  "version": {REPORT_VERSION},\n'
        if state:
            text = json.dumps(state, indent=2, ensure_ascii=False)
            yield '  "run": ' + whole_characters(text).replace("\n", "\n  ") + ",\n"
        yield '  "results": [\n'
        for number, record in enumerate(ordered):
            yield ("    " if number == 0 else ",\n    ") + whole_characters(
                record_json(record, "    ")
            )
        yield "\n  ]\n}\n"

    write_atomically(path, chunks())


# json's C encoder, for one value at a time: json.dumps with an indent runs the pure-Python
# encoder, which made writing facts.json most of a warm 10,000-source run's last seconds.
# Texts, whole numbers and null (nearly every value) go straight to what it would call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_ENCODE_TEXT = json.encoder.encode_basestring
# (each takes a value of the type it is listed under)
_DIRECT: dict[type, Callable[[Any], str]] = {
    str: _ENCODE_TEXT,
    int: int.__repr__,
    type(None): lambda _: "null",
}


def _encoded(value: object) -> str:
    direct = _DIRECT.get(type(value))
    return direct(value) if direct is not None else _ENCODE(value)


def record_json(record: Record, indent: str) -> str:
    """A record as ``json.dumps({...}, indent=2, ensure_ascii=False)`` writes it, each line
    after the first indented by ``indent`` (tested equal): its values are scalars or flat
    lists of scalars."""
    inner = "\n" + indent + "  "
    lines = []
    for key, value in zip(RECORD_KEYS, record, strict=True):
        if isinstance(value, (list, tuple)):
            text = (
                ("[" + inner + "  " + ("," + inner + "  ").join(map(_encoded, value)) + inner + "]")
                if value
                else "[]"
            )
        else:
            text = _encoded(value)
        lines.append(f'"{key}": {text}')
    return "{" + inner + ("," + inner).join(lines) + "\n" + indent + "}"


def _record_order(record: Record) -> tuple[str, int | None, str, int, int]:
    return (
        record.fact_file,
        record.fact_line,
        record.source or "",
        record.line or 0,
        record.column or 0,
    )


REPORT_NAMES = ("facts.json", "facts.html", "facts.sarif")


def write_reports(
    report_dir: Path,
    all_records: list[Record],
    title: str | None,
    run: RunState | Mapping[str, object] | None = None,
    shown_dir: str | None = None,
) -> list[str]:
    """Write ``report_dir``/facts.json, facts.html and facts.sarif, each on its own.

    Returns one line per report that could not be written, e.g. ``reports/facts.html: cannot
    write: Is a directory``, and [] when both were written. A reports folder that is a file,
    read-only or full, or a folder named like a report, costs that report, never the other
    one, and never raises. ``shown_dir`` names the folder in those lines (by default
    ``report_dir``, relative to the working folder when inside it). ``run`` says whether the
    run was complete (see ``RunState``); both reports say so when it was not.
    """
    from checks.report.html import write_html_report  # these two import this module
    from checks.report.sarif import write_sarif_report

    where = shown(shown_dir if shown_dir is not None else _as_given(report_dir))
    writers: dict[str, Callable[[Path], None]] = {
        "facts.json": lambda path: write_json_report(path, all_records, run),
        "facts.html": lambda path: write_html_report(path, all_records, title, run),
        "facts.sarif": lambda path: write_sarif_report(path, all_records, run),
    }
    problems = []
    for name in REPORT_NAMES:
        try:
            writers[name](report_dir / name)
        except (OSError, UnicodeError) as error:
            why = _why_not_written(error, report_dir, where)
            problems.append(f"{where}/{name}: cannot write: {why}")
    return problems


def _as_given(folder: Path) -> str:
    """``folder`` as people name it: relative to the working folder when it is inside it."""
    try:
        return str(folder.relative_to(Path.cwd()))
    except ValueError:
        return str(folder)


def _why_not_written(error: Exception, report_dir: Path, where: str) -> str:
    if (
        isinstance(error, OSError)
        and error.errno in (errno.EEXIST, errno.ENOTDIR)
        and report_dir.exists()
        and not report_dir.is_dir()
    ):
        return f"{where} is a file, not a folder"
    if isinstance(error, OSError) and error.strerror:
        return shown(error.strerror)
    return shown(str(error) or type(error).__name__)


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write to a temporary file beside ``path`` and rename it: never a half-written report.

    ``text`` is the whole text or its parts in order (written as they come).

    The report gets the permissions of an ordinary new file (0666 less the umask), not the
    owner-only ones of a temporary file: people and CI artifact uploads read it.

    The temporary (``.NAME.XXXXXXXX.tmp``) is removed whatever stops the writing: an exception,
    and also SIGTERM, whose default action would end the process on the spot and leave it for
    good (see ``_sigterm_raises``). Temporaries of ``path``'s name older than
    ``STALE_TEMPORARY_SECONDS`` (left by a run killed with SIGKILL, or by a power cut) are
    removed first; fresher ones may be another run's, writing now, and are left alone.
    A character UTF-8 cannot write (a lone surrogate) is written as ``?`` rather than
    failing the report.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    catching = _sigterm_raises()
    try:
        _write_then_rename(path, text)
    except _Terminated:
        _end_as_terminated()
        raise
    finally:
        if catching:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _write_then_rename(path: Path, text: str | Iterable[str]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace") as stream:
            if isinstance(text, str):
                stream.write(text)
            else:
                stream.writelines(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Terminated(BaseException):
    """SIGTERM arrived while a report was being written (a BaseException, like
    KeyboardInterrupt, so that nothing on the way mistakes it for an ordinary error)."""


def _sigterm_raises() -> bool:
    """While a report is written, let SIGTERM raise ``_Terminated``; whether it now does.

    Only when SIGTERM has its default action (which would end the process before the
    temporary file is removed) and only in the main thread (the only one Python lets set a
    handler). A handler someone else installed is left alone: if it raises, the temporary is
    removed as for any exception; an ignored SIGTERM stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        return False
    signal.signal(signal.SIGTERM, _raise_terminated)
    return True


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM cannot cut the clean-up
    raise _Terminated


def _end_as_terminated() -> None:
    """The temporary is gone: end the process as SIGTERM's default action would have, so the
    parent sees it killed by SIGTERM (status 143 in a shell)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.raise_signal(signal.SIGTERM)
    raise SystemExit(128 + signal.SIGTERM)  # only if the signal is blocked in this thread


# Older than this, a temporary of our naming is no run's current work: writing one report
# takes seconds, and every write refreshes the file's modification time.
STALE_TEMPORARY_SECONDS = 15 * 60


def _remove_stale_temporaries(path: Path) -> None:
    # tempfile.mkstemp's names: the prefix, eight of [a-z0-9_], the suffix.
    ours = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp\Z")
    before = time.time() - STALE_TEMPORARY_SECONDS
    try:
        entries = os.scandir(path.parent)
    except OSError:
        return  # writing will say what is wrong with the folder
    with entries:
        for entry in entries:
            if not ours.match(entry.name):
                continue
            try:
                if (
                    entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < before
                ):
                    os.unlink(entry.path)
            except OSError:
                pass  # another run removed it, or the folder is read-only


FAILING_VERDICTS = frozenset(v.value for v in Verdict if v.fails)


def github_annotations(records: Iterable[Record]) -> list[str]:
    """GitHub Actions workflow commands: one ``::error`` per failing mention, then one
    ``::warning`` per uncertain one (SPEC 5: a would-be failure on a link the engine cannot be
    sure of), titled ``uncertain link to FACT``.

    Printed in a job's log, each puts the failure on the source's line in the pull request
    ("Files changed") and in the run's summary. Values are escaped as the Actions toolkit
    does: ``%``, CR and LF in the message; also ``:`` and ``,`` in the properties. Each text
    in the message is ``visible`` (one line, no control character), so the only line breaks
    are ours (``%0A``, which GitHub shows in the annotation, not in the log); the ``file``
    property keeps the real name, CR and LF escaped as GitHub reads them back and any other
    control character shown as its escape. No text can start a line of the log: GitHub
    reads a line whose first non-space characters are ``::`` as a command.
    """
    errors: list[str] = []
    warnings: list[str] = []
    for record in sorted(records, key=_record_order):
        if not record.source:
            continue
        if record.verdict in FAILING_VERDICTS:
            command, title = "error", f"{shown(record.verdict)} with {shown(record.fact)}"
            into = errors
        elif record.verdict == UNCERTAIN:
            command, title = "warning", f"uncertain link to {shown(record.fact)}"
            into = warnings
        else:
            continue
        message = "\n".join([_headline(record), *_explanation(record)])
        into.append(_annotation(command, record.source, record.line, record.column, title, message))
    return errors + warnings


def self_check_annotations(
    findings: Iterable[tuple[str, int | None, int | None, str]], as_errors: bool
) -> list[str]:
    """The checks that need no fact, as annotations on the sources' lines: (source, line,
    column, message) each, ``::warning`` (``::error`` with ``facts_self_checks = error``)."""
    return [
        _annotation(
            "error" if as_errors else "warning", source, line, column, "self-check", shown(message)
        )
        for source, line, column, message in findings
    ]


def _annotation(
    command: str, source: str, line: int | None, column: int | None, title: str, message: str
) -> str:
    properties = [("file", source), ("line", line), ("col", column), ("title", title)]
    shown_properties = ",".join(
        f"{name}={visible(_escape_property(whole_characters(str(value))))}"
        for name, value in properties
        if value is not None
    )
    return f"::{command} {shown_properties}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(
    all_records: Sequence[Record],
    source_count: int,
    report_dir: str,
    self_check_findings: int = 0,
    run: RunState | Mapping[str, object] | None = None,
    quiet: int = 0,
) -> list[str]:
    """The run in plain sentences, each problem with where to look and the next step.

    The first line of a partial run's summary (see ``RunState``) says that it was partial.
    ``quiet`` is how many ``-q`` were given: with one, the counts and where the details
    are, on one line; with two or more, only that a run was partial (what pytest's own
    ``-qq`` keeps too: what must not be missed).
    """
    state = RunState.of(run)
    facts = {(r.fact_file, r.fact) for r in all_records}
    unmentioned = sorted({shown(r.fact) for r in all_records if r.verdict == UNMENTIONED})
    verdicts = Counter(r.verdict for r in all_records)
    failing = sum(verdicts[v.value] for v in Verdict if v.fails)
    uncertain = verdicts[UNCERTAIN]
    parts = [plural(failing, "contradiction") if failing else "no contradictions"]
    if uncertain:
        parts.append(plural(uncertain, "uncertain link"))
    if verdicts[Verdict.ACCEPTED.value]:
        parts.append(f"{verdicts[Verdict.ACCEPTED.value]} accepted")
    if verdicts[Verdict.UNRESOLVED.value]:
        parts.append(plural(verdicts[Verdict.UNRESOLVED.value], "unresolved date"))
    if unmentioned:
        parts.append(f"{plural(len(unmentioned), 'fact')} never mentioned")
    if self_check_findings:
        parts.append(f"{plural(self_check_findings, 'problem')} inside sources")
    lines = [
        (
            f"{plural(len(facts), 'fact')} checked in {plural(source_count, 'source')}: "
            f"{', '.join(parts)}."
        )
    ]
    if not state.complete:
        lines.insert(
            0,
            f"Partial run ({shown(state.described)}): these counts and the reports "
            "cover only what was checked before it stopped.",
        )
    where = shown(report_dir)
    if quiet >= 2:
        return lines[:-1]
    if quiet == 1:
        return [*lines[:-1], f"{lines[-1]} Details: {where}/facts.html"]
    if failing:
        lines.append(
            "Fix the sources, or update the fact files in expectations/ if the "
            "canonical fact changed; then re-run only those with `pytest --lf`."
        )
    if uncertain:
        lines.append(
            f"{plural(uncertain, 'uncertain link')} to review (listed above and in "
            "facts.html): a contradiction, misquote or misattribution on a link that "
            "may not be about the fact, so it does not fail the run. Tighten the "
            "facts' `about` anchors or add `examples` so these links become certain."
        )
    if unmentioned:
        lines.append(
            "Facts never mentioned may have anchors that match nothing: "
            + ", ".join(unmentioned[:8])
            + (" ..." if len(unmentioned) > 8 else "")
            + ". Loosen their `about` or `of`, or add `examples` to see why."
        )
    if self_check_findings:
        lines.append(
            "Problems inside sources (a wrong weekday, an impossible date, two values "
            "for one thing) are listed above as warnings; fix the sources."
        )
    lines.append(f"Details: {where}/facts.html (for people), {where}/facts.json (for tools)")
    return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
