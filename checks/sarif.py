"""reports/facts.sarif: the run's failing and uncertain mentions in SARIF 2.1.0, the format
GitHub code scanning reads, so that contradictions show on the lines of a pull request.

One result per failing mention (level ``error``: contradiction, misquote, misattributed)
and per uncertain one (level ``warning``), at the mention's line and column in its source;
a partial run says so in its invocation. Columns count characters (Unicode code points),
as the other reports do.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote

from checks.report import (
    FAILING_VERDICTS,
    UNCERTAIN,
    RunState,
    _explanation,
    _headline,
    _record_order,
    shown,
    whole_characters,
    write_atomically,
)

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES = {
    "contradiction": "The source states a value the canonical fact rules out.",
    "misquote": "The source quotes the speaker in words the canonical quote does not have.",
    "misattributed": "The source gives the canonical quote to another speaker.",
    UNCERTAIN: "Would be a contradiction, misquote or misattribution, but the link of the "
               "mention to the fact is not certain: for an editor to review.",
}


def sarif_log(records: list, run: RunState | dict | None = None) -> dict:
    state = RunState.of(run)
    results = [_result(record) for record in sorted(records, key=_record_order)
               if record.get("source") and (record["verdict"] in FAILING_VERDICTS
                                            or record["verdict"] == UNCERTAIN)]
    invocation: dict = {"executionSuccessful": state.complete}
    if not state.complete:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": f"partial run: {shown(state.described)}"}}]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "checks", "version": _version(),
                "rules": [{"id": rule, "shortDescription": {"text": text}}
                          for rule, text in RULES.items()]}},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": results,
        }],
    }


def _result(record) -> dict:
    rule = record["verdict"]
    return {
        "ruleId": rule,
        "ruleIndex": list(RULES).index(rule),
        "level": "warning" if rule == UNCERTAIN else "error",
        "message": {"text": "\n".join([_headline(record), *_explanation(record)])},
        "locations": [{"physicalLocation": {
            # (a relative URI: spaces and other reserved characters percent-encoded)
            "artifactLocation": {"uri": quote(whole_characters(str(record["source"]))),
                                 "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": record["line"], "startColumn": record["column"]}}}],
        # The same mention of the same fact keeps its identity across runs and line moves.
        "partialFingerprints": {"factMention/v1": "|".join(
            str(record[key]) for key in ("fact_file", "fact", "source", "source_says"))},
    }


def write_sarif_report(path: Path, records: list, run: RunState | dict | None = None) -> None:
    write_atomically(path, json.dumps(sarif_log(records, run), indent=2, ensure_ascii=False)
                     + "\n")


def _version() -> str:
    try:
        return version("checks")
    except PackageNotFoundError:
        return "0"
