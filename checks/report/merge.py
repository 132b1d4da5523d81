"""``python -m checks merge-reports DIR... [--out DIR] [--title TEXT]`` (SPEC section 7).

A corpus split across CI jobs (a sharding plugin, or xdist's remote workers) leaves one
reports folder per shard; this merges the shards' ``facts.json`` into one ``facts.json`` and
``facts.html``, equal to what a single run over the whole corpus writes.

Merging rules:

- The results are the union of every shard's records. A record found in several shards is
  kept once: shards of one corpus overlap when a fact file is in each of them.
- An ``unmentioned`` record says that no source *of its shard* mentions the fact. It is
  dropped when any shard has a linked record for the same fact (same ``fact_file`` and
  ``fact``), and otherwise kept once per fact, as a single run keeps it.
- A shard made by a sharding plugin is a run that left items out: its ``run`` says how many
  items it ran and left out, and (``source`` grain) which facts none of its sources
  mentions (``unmentioned_so_far``). The merged run is complete when every shard either was
  complete or only left items out, and together they ran all the items (or one shard ran
  all); those facts that no shard's records link are then ``unmentioned``.
- Otherwise the run is partial, its reason each partial shard's reason in turn ("shard
  reports/3: interrupted ...", joined by "; ").
- The output is written by ``checks.report.records.write_reports``, the writer a run uses, which
  orders the records itself: order and format are those of a single run.
- A ``facts.json`` that is missing, unreadable, not JSON, of another ``version``, or not an
  object with a ``results`` list of records, is a one-line error naming the file (with line
  and column for bad JSON), exit status 2, and nothing is written: never a half-merged report.
- ``--out`` (default ``reports``) may be an input folder only when named explicitly: the
  default never overwrites a shard's own report.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from checks.model.errors import FactsError
from checks.model.visible import visible_path
from checks.report.records import (
    REPORT_VERSION,
    UNMENTIONED,
    Record,
    RunState,
    plural,
    record_values,
    write_reports,
)

DEFAULT_OUT = "reports"

# The fields the writers sort and group by, with the types they need (a record of another
# shape would fail the writing half-way, after facts.json was already replaced).
_FIELD_TYPES = {
    "fact": (str,),
    "fact_file": (str,),
    "verdict": (str,),
    "fact_line": (int,),
    "source": (str, type(None)),
    "line": (int, type(None)),
    "column": (int, type(None)),
}


@dataclass(frozen=True)
class Shard:
    name: str  # the folder as given: it names the shard in the run's reason
    records: list[Record]
    run: RunState


def main(folders: list[str], out: str | None, title: str | None) -> int:
    """Merge the reports in ``folders`` into ``out``; the exit status."""
    try:
        out_dir = _output_folder(folders, out)
        shards = [read_shard(folder) for folder in folders]
    except FactsError as error:  # already names the file
        print(visible_path(str(error)), file=sys.stderr)
        return 2
    records = merge_records(shards)
    problems = write_reports(out_dir, records, title or Path.cwd().name, merge_run(shards))
    for problem in problems:
        print(visible_path(problem), file=sys.stderr)
    if problems:
        return 1
    where = visible_path(str(out_dir))
    print(
        f"merged {plural(len(shards), 'report')} ({plural(len(records), 'result')}) into "
        f"{where}/facts.json and {where}/facts.html"
    )
    return 0


def _output_folder(folders: list[str], out: str | None) -> Path:
    """The folder to write; the default may not be an input (that would replace a shard's
    report by the merge without anyone asking for it)."""
    if out is not None:
        return Path(out)
    default = Path(DEFAULT_OUT)
    if any(Path(folder).resolve() == default.resolve() for folder in folders):
        raise FactsError(
            f"is one of the input folders: pass --out {DEFAULT_OUT} to replace "
            "its report with the merged one, or --out another folder",
            DEFAULT_OUT,
        )
    return default


def read_shard(folder: str) -> Shard:
    """One shard's facts.json, checked whole before anything is merged."""
    path = Path(folder) / "facts.json"
    data = _load(path)
    results = data.get("results")
    if not isinstance(results, list):
        raise FactsError('has no "results" list: not a facts.json', str(path))
    run = data.get("run")
    if run is not None and not isinstance(run, dict):
        raise FactsError('its "run" is not an object: not a facts.json', str(path))
    records = [_record(value, path, number) for number, value in enumerate(results, 1)]
    return Shard(folder, records, RunState.of(run))


def _load(path: Path) -> dict[str, object]:
    """The JSON object in ``path``, of this report version."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FactsError("is not UTF-8: not a facts.json", str(path)) from None
    except OSError as error:
        raise FactsError(f"cannot read: {error.strerror or error}", str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FactsError(
            f"not valid JSON: {error.msg}", str(path), error.lineno, error.colno
        ) from None
    if not isinstance(data, dict):
        raise FactsError("is not a JSON object: not a facts.json", str(path))
    version = data.get("version")
    if type(version) is not int or version != REPORT_VERSION:  # true == 1 in Python
        raise FactsError(
            f"has version {json.dumps(version)}; this tool reads version {REPORT_VERSION}",
            str(path),
        )
    return data


def _record(value: object, path: Path, number: int) -> Record:
    """A result as a ``Record``: a tuple, so that duplicates across shards are found by
    hashing (``highlight``'s list becomes a tuple, which JSON writes as the same array). Fields
    other than ``RECORD_KEYS`` are left out, as the writer leaves them out."""
    if not isinstance(value, dict) or any(
        not isinstance(value.get(key), types) for key, types in _FIELD_TYPES.items()
    ):
        raise FactsError(f"result {number} is not a facts.json record", str(path))
    record = Record(tuple(v) if isinstance(v, list) else v for v in record_values(value))
    try:
        hash(record)
    except TypeError:  # a field holding an object, or a list of lists
        raise FactsError(f"result {number} is not a facts.json record", str(path)) from None
    return record


def merge_records(shards: list[Shard]) -> list[Record]:
    """The union of the shards' records, each once, ``unmentioned`` only for a fact that no
    shard links (see the module's rules)."""
    linked: dict[Record, None] = {}  # a dict keeps the first shard's order
    unmentioned: dict[tuple[str, str], Record] = {}
    for shard in shards:
        # (a list of records as JSON data; each is checked as the shard's results are)
        so_far = cast("Iterable[object]", (shard.run.shard or {}).get("unmentioned_so_far") or [])
        for record in [
            *shard.records,
            *(_record(value, Path(shard.name) / "facts.json", 0) for value in so_far),
        ]:
            if record.verdict == UNMENTIONED:
                unmentioned.setdefault((record.fact_file, record.fact), record)
            else:
                linked[record] = None
    mentioned = {(record.fact_file, record.fact) for record in linked}
    return [*linked, *(record for fact, record in unmentioned.items() if fact not in mentioned)]


def merge_run(shards: list[Shard]) -> RunState:
    """Complete only if every shard was; else partial, saying which shards stopped and why."""
    partial = [shard for shard in shards if not shard.run.complete]
    if not partial or _together_complete(shards, partial):
        return RunState()
    reasons = [f"shard {shard.name}: {shard.run.described}" for shard in partial]
    return RunState(False, "; ".join(reasons))


def _together_complete(shards: list[Shard], partial: list[Shard]) -> bool:
    """Shards that only left items out, and that ran every item between them."""
    ran: list[tuple[int, int]] = []  # (selected, deselected) of each partial shard
    for shard in partial:
        count = shard.run.shard or {}
        selected, deselected = count.get("selected"), count.get("deselected")
        if not (
            count.get("left_out_only") is True
            and isinstance(selected, int)
            and isinstance(deselected, int)
        ):
            return False
        ran.append((selected, deselected))
    if len(partial) < len(shards):
        return True  # one shard ran everything
    total = max(selected + deselected for selected, deselected in ran)
    return sum(selected for selected, _ in ran) >= total
