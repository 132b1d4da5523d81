"""reports/facts.sarif: the run's failing and uncertain mentions in SARIF 2.1.0, the format
GitHub code scanning reads, so that contradictions show on the lines of a pull request.

One result per failing mention (level ``error``: contradiction, misquote, misattributed)
and per uncertain one (level ``warning``), at the mention's line and column in its source;
a partial run says so in its invocation. Columns count characters (Unicode code points),
as the other reports do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checks.model.kinds import Verdict
from checks.report.records import (
    FAILING_VERDICTS,
    UNCERTAIN,
    Record,
    RunState,
    _explanation,
    _headline,
    _record_order,
    shown,
    whole_characters,
    write_atomically,
)

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# (a SARIF log is JSON data of many shapes, as json.dumps takes it)
SarifLog = dict[str, Any]
RULES = {
    Verdict.CONTRADICTION.value: "The source states a value the canonical fact rules out.",
    Verdict.MISQUOTE.value: "The source quotes the speaker in words the canonical quote does "
    "not have.",
    Verdict.MISATTRIBUTED.value: "The source gives the canonical quote to another speaker.",
    UNCERTAIN: "Would be a contradiction, misquote or misattribution, but the link of the "
    "mention to the fact is not certain: for an editor to review.",
}


def sarif_log(
    records: Iterable[Record], run: RunState | Mapping[str, object] | None = None
) -> SarifLog:
    state = RunState.of(run)
    results = [
        _result(record)
        for record in sorted(records, key=_record_order)
        if record.source and (record.verdict in FAILING_VERDICTS or record.verdict == UNCERTAIN)
    ]
    invocation: SarifLog = {"executionSuccessful": state.complete}
    if not state.complete:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": f"partial run: {shown(state.described)}"}}
        ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "checks",
                        "version": _version(),
                        "rules": [
                            {"id": rule, "shortDescription": {"text": text}}
                            for rule, text in RULES.items()
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [invocation],
                "results": results,
            }
        ],
    }


def _result(record: Record) -> SarifLog:
    rule = record.verdict
    return {
        "ruleId": rule,
        "ruleIndex": list(RULES).index(rule),
        "level": "warning" if rule == UNCERTAIN else "error",
        "message": {"text": "\n".join([_headline(record), *_explanation(record)])},
        "locations": [
            {
                "physicalLocation": {
                    # (a relative URI: spaces and other reserved characters percent-encoded)
                    "artifactLocation": {
                        "uri": quote(whole_characters(str(record.source))),
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {"startLine": record.line, "startColumn": record.column},
                }
            }
        ],
        # The same mention of the same fact keeps its identity across runs and line moves.
        "partialFingerprints": {
            "factMention/v1": "|".join(
                str(value)
                for value in (record.fact_file, record.fact, record.source, record.source_says)
            )
        },
    }


def write_sarif_report(
    path: Path, records: Iterable[Record], run: RunState | Mapping[str, object] | None = None
) -> None:
    write_atomically(path, sarif_text(sarif_log(records, run)))


def sarif_text(log: SarifLog) -> str:
    """The log indented, except that each result is one line: json's C encoder writes those
    (an indented dump is json's pure-Python encoder, 2.3 s for a run of 33,000 results), and
    a result per line still diffs well."""
    results = log["runs"][0]["results"]
    log["runs"][0]["results"] = []
    text = json.dumps(log, indent=2, ensure_ascii=False)
    log["runs"][0]["results"] = results
    if not results:
        return text + "\n"
    head, _, tail = text.rpartition('"results": []')
    inner = "\n" + " " * (len(head) - len(head.rstrip(" ")) + 2)
    lines = inner.join(_ONE_LINE(result) + "," for result in results)[:-1]
    return f'{head}"results": [{inner}{lines}{inner[:-2]}]{tail}\n'


_ONE_LINE = json.JSONEncoder(ensure_ascii=False).encode


def _version() -> str:
    try:
        return version("checks")
    except PackageNotFoundError:
        return "0"
