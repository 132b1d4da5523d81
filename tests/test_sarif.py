"""reports/facts.sarif (SARIF 2.1.0, for GitHub code scanning), validated against the
official schema (tests/sarif-schema-2.1.0.json, copied from the OASIS SARIF 2.1.0 release)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from test_plugin import write_story

from checks.report.records import Record, as_record
from checks.report.sarif import sarif_log, write_sarif_report

SCHEMA = json.loads(Path(__file__).with_name("sarif-schema-2.1.0.json").read_text("utf-8"))


def _sarif(pytester: pytest.Pytester) -> dict:
    return json.loads((pytester.path / "reports" / "facts.sarif").read_text(encoding="utf-8"))


def test_the_run_writes_valid_sarif_with_each_failing_mention_on_its_line(pytester):
    write_story(pytester)
    pytester.runpytest("-p", "no:cacheprovider")
    log = _sarif(pytester)
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    found = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in results
    ]
    assert found == [
        ("contradiction", "error", "sources/b.txt", 2, 17),
        ("contradiction", "error", "sources/b.txt", 3, 5),
    ]
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert results[0]["message"]["text"].startswith("contradiction with us-aid")


def _record(**changes) -> Record:
    record = {
        "fact": "ferry-count",
        "fact_file": "expectations/port.yaml",
        "fact_line": 4,
        "source": "sources/harbour notes.txt",
        "line": 7,
        "column": 3,
        "kind": "count",
        "verdict": "uncertain",
        "source_says": "9 ferries",
        "source_interval": "[9, 9]",
        "canonical": "8",
        "canonical_interval": "[8, 8]",
        "sentence": "Some 9 ferries sailed.",
        "highlight": [5, 14],
        "detail": "if the link were certain: contradiction: 9 is not 8",
        "doubt": "another ferry service is named",
        "note": None,
    }
    return as_record({**record, **changes})


def test_uncertain_links_are_warnings_and_a_partial_run_says_so():
    log = sarif_log(
        [_record(), _record(verdict="consistent", line=9)],
        {"complete": False, "reason": "the run was interrupted"},
    )
    jsonschema.validate(log, SCHEMA)
    (result,) = log["runs"][0]["results"]
    assert (result["ruleId"], result["level"]) == ("uncertain", "warning")
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "sources/harbour%20notes.txt"
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "interrupted" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_the_schema_would_refuse_a_broken_log():
    """The check that the validation can fail: a result without its message."""
    log = sarif_log([_record(verdict="contradiction")])
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, SCHEMA)


def test_the_written_log_is_the_log_with_one_result_per_line(tmp_path):
    records = [
        _record(line=line, verdict="contradiction", sentence='He said "1: 2" \u2014 x.')
        for line in (3, 9)
    ] + [_record(line=12)]
    write_sarif_report(tmp_path / "facts.sarif", records)
    text = (tmp_path / "facts.sarif").read_text(encoding="utf-8")
    assert json.loads(text) == sarif_log(records)
    result_lines = [line for line in text.splitlines() if '"ruleId"' in line]
    assert len(result_lines) == 3
    assert all(json.loads(line.strip().rstrip(",")) for line in result_lines)


def test_a_log_without_results_is_written_whole(tmp_path):
    write_sarif_report(tmp_path / "facts.sarif", [_record(verdict="consistent")])
    log = json.loads((tmp_path / "facts.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["results"] == []
    jsonschema.validate(log, SCHEMA)
