"""Turning results into words and files: failure notes, facts.json, the run summary."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from checks.engine import FactResult, LinkResult
from checks.verdicts import Verdict

REPORT_VERSION = 1


def failure_text(result: FactResult, links: tuple[LinkResult, ...] | None = None) -> str:
    """A proofreader's note for each failing mention: where, what each side says, and why."""
    fact = result.fact
    blocks = []
    for link in links if links is not None else result.failures:
        record = _link_record(_base_record(result), link)
        lines = [f"{record['source']}:{record['line']}:{record['column']}: {_headline(record)}",
                 *("  " + line for line in _explanation(record))]
        if fact.note:
            lines.append(f"  note:         {fact.note}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _headline(record: dict) -> str:
    return (f"{record['verdict']} with {record['fact']} "
            f"({record['fact_file']}:{record['fact_line']})")


def _explanation(record: dict) -> list[str]:
    """What the source says, what the fact says, where, and why both cannot hold."""
    return [f"source says:  \"{record['source_says']}\"  ->  {record['source_interval']}",
            f"canonical:    \"{record['canonical']}\"  ->  {record['canonical_interval']}",
            f"sentence:     {record['sentence']}",
            f"why:          {record['detail']}"]


def stale_acceptance_text(result: FactResult, entry) -> str:
    """An `accept` entry whose discrepancy the source no longer has: the editor removes it."""
    return (f"{entry.position}: stale acceptance for {result.fact.id}: {result.source} no longer "
            f"says \"{entry.says}\" in a way that contradicts the fact; remove this `accept` "
            "entry")


def example_problem(fact, expectation: str, sentence: str, links: list[LinkResult]) -> str:
    """Why an editor's example did not behave as labelled, or "" when it did."""
    where = f"{fact.position}: example of {fact.id} ({expectation})"
    found = ", ".join(f"\"{link.mention.text}\" is {link.verdict.value}" for link in links)
    if expectation == "unrelated":
        if links:
            return (f"{where} links, but should not: {found}; tighten `about` or `of`. "
                    f"Sentence: {sentence}")
        return ""
    if not links:
        return (f"{where} does not link to the fact; loosen `about` or `of`, or add `names`. "
                f"Sentence: {sentence}")
    wanted_failure = expectation == "contradicts"
    if any(link.verdict.fails != wanted_failure for link in links):
        wanted = "a contradiction" if wanted_failure else "consistent"
        return f"{where} should be {wanted}, but {found}. Sentence: {sentence}"
    return ""


# The fields of a facts.json record (SPEC section 7); version 1 of the format.
# ``fact_line`` and ``highlight`` were added within version 1 (new fields never change it).
RECORD_KEYS = ("fact", "fact_file", "fact_line", "source", "line", "column", "kind", "verdict",
               "source_says", "source_interval", "canonical", "canonical_interval", "sentence",
               "highlight", "detail")


def records(result: FactResult) -> list[dict]:
    """Report records: one per linked mention, one for a fact no source mentions.

    ``highlight`` says where the mention sits in ``sentence``. Records are plain JSON data, so they
    travel from pytest-xdist workers to the controller inside test reports.
    """
    base = _base_record(result)
    if result.source is None:
        return [{**base, "line": None, "column": None, "verdict": "unmentioned",
                 "source_says": None, "source_interval": None, "canonical_interval": None,
                 "sentence": None, "detail": "no source mentions this fact", "highlight": None}]
    return [_link_record(base, link) for link in result.links]


def _base_record(result: FactResult) -> dict:
    return {"fact": result.fact.id, "fact_file": result.fact_file, "source": result.source,
            "kind": result.fact.kind, "canonical": result.fact.value_text,
            "fact_line": result.fact.position.line}


def _link_record(base: dict, link: LinkResult) -> dict:
    says = " ".join(link.mention.text.split())
    at = link.sentence.find(says)
    return {**base, "line": link.line, "column": link.column,
            "verdict": link.verdict.value, "source_says": link.mention.text,
            "source_interval": link.judgement.source_interval,
            "canonical_interval": link.judgement.canonical_interval,
            "sentence": link.sentence, "detail": link.judgement.detail,
            "highlight": [at, at + len(says)] if at >= 0 else None}


_KEY_INDEX = {key: number for number, key in enumerate(RECORD_KEYS)}


class Record(tuple):
    """A record kept as the tuple of its values in ``RECORD_KEYS`` order, read like a dict.

    A run of 100,000 items keeps every record until the reports are written; as dicts, the
    keys alone cost about as much memory again as the values.
    """

    __slots__ = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, _KEY_INDEX[key])
        return tuple.__getitem__(self, key)

    def get(self, key: str, default=None):
        index = _KEY_INDEX.get(key)
        return default if index is None else tuple.__getitem__(self, index)


def record_values(record: dict) -> tuple:
    """A record as plain values in ``RECORD_KEYS`` order (what travels from xdist workers)."""
    return tuple(record[key] for key in RECORD_KEYS)


def write_json_report(path: Path, all_records: list) -> None:
    """reports/facts.json, in a stable order whatever order the items ran in.

    Written record by record (the same text as one ``json.dumps(..., indent=2)`` of the
    whole), so that a large run never holds the whole file in memory.
    """
    ordered = sorted(all_records, key=_record_order)

    def chunks():
        if not ordered:
            yield json.dumps({"version": REPORT_VERSION, "results": []}, indent=2) + "\n"
            return
        yield f'{{\n  "version": {REPORT_VERSION},\n  "results": [\n'
        for number, record in enumerate(ordered):
            text = json.dumps({key: record[key] for key in RECORD_KEYS}, indent=2,
                              ensure_ascii=False)
            yield ("    " if number == 0 else ",\n    ") + text.replace("\n", "\n    ")
        yield "\n  ]\n}\n"

    write_atomically(path, chunks())


def _record_order(record: dict):
    return (record["fact_file"], record["fact_line"], record["source"] or "",
            record["line"] or 0, record["column"] or 0)


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write to a temporary file beside ``path`` and rename it: never a half-written report.

    ``text`` is the whole text or its parts in order (written as they come).

    The report gets the permissions of an ordinary new file (0666 less the umask), not the
    owner-only ones of a temporary file: people and CI artifact uploads read it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
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


FAILING_VERDICTS = frozenset(v.value for v in Verdict if v.fails)


def github_annotations(records: list[dict]) -> list[str]:
    """GitHub Actions workflow commands, one ``::error`` per failing mention.

    Printed in a job's log, each puts the failure on the source's line in the pull request
    ("Files changed") and in the run's summary. Values are escaped as the Actions toolkit
    does: ``%``, CR and LF in the message; also ``:`` and ``,`` in the properties.
    """
    lines = []
    ordered = sorted(records, key=_record_order)
    for record in ordered:
        if record["verdict"] not in FAILING_VERDICTS or not record.get("source"):
            continue
        message = "\n".join([_headline(record), *_explanation(record)])
        properties = [("file", record["source"]), ("line", record.get("line")),
                      ("col", record.get("column")),
                      ("title", f"{record['verdict']} with {record['fact']}")]
        command = ",".join(f"{name}={_escape_property(str(value))}"
                           for name, value in properties if value is not None)
        lines.append(f"::error {command}::{_escape_data(message)}")
    return lines


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(all_records: list[dict], source_count: int, report_dir: str,
            self_check_findings: int = 0) -> list[str]:
    """The run in plain sentences, each problem with where to look and the next step."""
    facts = {(r["fact_file"], r["fact"]) for r in all_records}
    unmentioned = sorted({r["fact"] for r in all_records if r["verdict"] == "unmentioned"})
    verdicts = Counter(r["verdict"] for r in all_records)
    failing = sum(verdicts[v.value] for v in Verdict if v.fails)
    parts = [plural(failing, "contradiction") if failing else "no contradictions"]
    if verdicts[Verdict.ACCEPTED.value]:
        parts.append(f"{verdicts[Verdict.ACCEPTED.value]} accepted")
    if verdicts[Verdict.UNRESOLVED.value]:
        parts.append(plural(verdicts[Verdict.UNRESOLVED.value], "unresolved date"))
    if unmentioned:
        parts.append(f"{plural(len(unmentioned), 'fact')} never mentioned")
    if self_check_findings:
        parts.append(f"{plural(self_check_findings, 'problem')} inside sources")
    lines = [(f"{plural(len(facts), 'fact')} checked in {plural(source_count, 'source')}: "
             f"{', '.join(parts)}.")]
    if failing:
        lines.append("Fix the sources, or update the fact files in expectations/ if the "
                     "canonical fact changed; then re-run only those with `pytest --lf`.")
    if unmentioned:
        lines.append("Facts never mentioned may have anchors that match nothing: "
                     + ", ".join(unmentioned[:8]) + (" ..." if len(unmentioned) > 8 else "")
                     + ". Loosen their `about` or `of`, or add `examples` to see why.")
    if self_check_findings:
        lines.append("Problems inside sources (a wrong weekday, an impossible date, two values "
                     "for one thing) are listed above as warnings; fix the sources.")
    lines.append(f"Details: {report_dir}/facts.html (for people), {report_dir}/facts.json "
                 "(for tools)")
    return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
