"""Command line: ``python -m checks mentions PATH... [--published DATE] [--json]``,
``python -m checks schema [--write PATH]``,
``python -m checks merge-reports DIR... [--out DIR] [--title TEXT]`` and
``python -m checks pre-commit [PYTEST ARGS]`` (what the pre-commit hook runs)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

from checks.extract.dates import placed_days
from checks.extract.pipeline import DEFAULT_PIPELINE, load_pipeline, parse_source
from checks.judge.verdicts import describe, describe_days
from checks.model.defaults import DATE_ORDERS, SCHEMA_FILE, DateOrder
from checks.model.errors import FactsError
from checks.model.kinds import Kind
from checks.model.mentions import DateMention, Mention, ParsedSource, QuantityMention, QuoteMention
from checks.model.visible import visible, visible_path
from checks.read.source_files import list_sources
from checks.read.sources import SourceText, decode, read_source
from checks.report import merge as merge_reports


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["pre-commit"]:  # (its arguments are pytest's, not ours to parse)
        from checks.plugin.pre_commit import pre_commit  # pytest only for this command

        return pre_commit(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m checks")
    commands = parser.add_subparsers(dest="command", required=True)
    mentions = commands.add_parser("mentions", help="print every mention the engine finds")
    mentions.add_argument("paths", nargs="+", help="source files; - reads standard input")
    mentions.add_argument(
        "--published",
        type=date.fromisoformat,
        default=None,
        help="publication date (YYYY-MM-DD) for relative dates",
    )
    mentions.add_argument(
        "--date-order",
        choices=DATE_ORDERS,
        default=None,
        help="how a slash date both orders read is placed (facts_date_order)",
    )
    mentions.add_argument("--json", action="store_true", help="print one JSON array")
    mentions.add_argument("--model", default=DEFAULT_PIPELINE, help="spaCy pipeline")
    merge = commands.add_parser(
        "merge-reports", help="merge the facts.json of shards into one report"
    )
    merge.add_argument("folders", nargs="+", metavar="DIR", help="a shard's reports folder")
    merge.add_argument(
        "--out",
        default=None,  # None: not named, so never an input folder
        help=f"folder to write (default: {merge_reports.DEFAULT_OUT})",
    )
    merge.add_argument(
        "--title", default=None, help="facts.html's title (default: the current folder's name)"
    )
    # (listed for --help only: main() hands pre-commit's arguments to pytest unparsed)
    commands.add_parser(
        "pre-commit",
        help="run the checker as the pre-commit hook does (pytest; nothing to check yet is a pass)",
    )
    schema = commands.add_parser(
        "schema", help="print the fact files' JSON Schema, or write it beside them"
    )
    schema.add_argument(
        "--write",
        metavar="PATH",
        default=None,
        help="write it to PATH (e.g. expectations/facts.schema.json) and say "
        "which first line a fact file needs to use it",
    )
    args = parser.parse_args(argv)
    if args.command == "merge-reports":
        return merge_reports.main(args.folders, args.out, args.title)
    if args.command == "schema":
        return _schema(args.write)
    nlp = load_pipeline(args.model)
    rows: list[dict] = []
    shown: list[str] = []
    paths, status = _expanded(args.paths)
    for path in paths:
        try:
            source = _read(path)
        except FactsError as error:  # already names the file
            print(visible_path(str(error)), file=sys.stderr)
            status = 1
            continue
        except OSError as error:
            print(f"{visible_path(path)}: cannot read: {error.strerror}", file=sys.stderr)
            status = 1
            continue
        parsed = parse_source(nlp, source)
        for mention in parsed.mentions:
            row = mention_row(parsed, mention, args.published, args.date_order)
            rows.append(row)
            shown.append(_line(row, mention))
    if args.json:
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for line in shown:
            print(line)
    return status


def _expanded(paths: list[str]) -> tuple[list[str], int]:
    """Files as given, and each folder's files, recursively, by the rules of
    `facts_sources` (no hidden folders, nothing reached through a link leading out)."""
    found: list[str] = []
    status = 0
    for path in paths:
        if path == "-" or not Path(path).is_dir():
            found.append(path)
            continue
        inside, refused = list_sources(Path(path), ("**/*",))
        found.extend(f"{path.rstrip('/')}/{name}" for name in inside)
        for name, why in sorted(refused.items()):
            print(f"{visible_path(path.rstrip('/') + '/' + name)}: {visible(why)}", file=sys.stderr)
            status = 1
    return found, status


def _schema(write: str | None) -> int:
    """The schema that ships in the package, for editors in any project: written beside the
    fact files, a relative modeline finds it wherever the package is installed."""
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    if write is None:
        sys.stdout.write(text)
        return 0
    target = Path(write)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"{visible_path(write)}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 1
    print(
        f"wrote {visible_path(write)}; a fact file in the same folder starts with:\n"
        f"# yaml-language-server: $schema={visible_path(target.name)}"
    )
    return 0


def _read(path: str) -> SourceText:
    if path == "-":
        data = sys.stdin.buffer.read()
        return SourceText("-", decode(data, "-"), "", None)
    return read_source(Path(path), path)


def mention_row(
    parsed: ParsedSource,
    mention: Mention,
    published: date | None,
    date_order: DateOrder | None = None,
) -> dict:
    """A mention as the JSON object of SPEC section 7."""
    line, column = parsed.line_column(mention.start)
    quantity = mention if isinstance(mention, QuantityMention) else None
    interval = quantity.interval if quantity else None
    low = high = None
    if isinstance(mention, DateMention):
        low, high = mention.date_low, mention.date_high
        if mention.relative:  # placed from the publication date, or not at all (SPEC 3)
            placed = placed_days(mention, published or parsed.published, date_order)
            low, high = placed or (None, None)
    return {
        "source": parsed.path,
        "kind": mention.kind,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "line": line,
        "column": column,
        "low": _number(interval.low) if interval else None,
        "high": _number(interval.high) if interval else None,
        "low_inclusive": interval.low_inclusive if interval else None,
        "high_inclusive": interval.high_inclusive if interval else None,
        "unit": quantity.unit if quantity else None,
        "noun": quantity.noun if quantity else None,
        "date_low": low.isoformat() if low else None,
        "date_high": high.isoformat() if high else None,
        "speaker": mention.speaker if isinstance(mention, QuoteMention) else None,
        "sentence": " ".join(parsed.sentences[mention.sentence].text.split()),
    }


def _number(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def _line(row: dict, mention: Mention) -> str:
    """One mention as the failures show values ("[412.55, 412.65) million USD"). A terminal
    shows this: what came from the source is shown, never acted on."""
    where = f"{visible_path(row['source'])}:{row['line']}:{row['column']}"
    if row["kind"] == Kind.DATE:
        what = (
            describe_days(date.fromisoformat(row["date_low"]), date.fromisoformat(row["date_high"]))
            if row["date_low"] and row["date_high"]
            else "unresolved"
        )
    elif row["kind"] == Kind.QUOTE:
        what = f"said by {row['speaker'] or 'unknown'}"
    elif isinstance(mention, QuantityMention):
        what = describe(mention.interval, mention.unit)
        if row["noun"]:
            what += f" ({row['noun']})"
    else:
        what = "?"  # (every mention is of one of the three kinds)
    return f"{where}: {row['kind']:<6} {visible(repr(row['text']))}  ->  {visible(what)}"


def run() -> int:
    """``main``, ending quietly when the reader of the output goes away (``| head``)."""
    try:
        status = main()
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # Python would print an error while flushing stdout at exit: point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
