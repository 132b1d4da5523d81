"""``python -m checks merge-reports``: shards' facts.json merged into one report, equal to a
single run's (SPEC section 7). The records are made by hand: the merge never looks inside
them beyond the fields it groups by."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checks.cli import main
from checks.report.records import RECORD_KEYS, as_record, write_json_report, write_reports

REPO = Path(__file__).resolve().parents[1]


def record(
    fact: str,
    source: str | None,
    line: int | None = None,
    verdict: str = "consistent",
    fact_file: str = "expectations/harbour.yaml",
    fact_line: int = 4,
) -> dict:
    """A facts.json record; ``source`` None makes an ``unmentioned`` one."""
    if source is None:
        return {
            **dict.fromkeys(RECORD_KEYS),
            "fact": fact,
            "fact_file": fact_file,
            "fact_line": fact_line,
            "kind": "count",
            "canonical": "12",
            "verdict": "unmentioned",
            "detail": "no source mentions this fact",
        }
    sentence = f"The harbour counted 12 cranes on day {line}."
    return {
        "fact": fact,
        "fact_file": fact_file,
        "fact_line": fact_line,
        "source": source,
        "line": line,
        "column": 21,
        "kind": "count",
        "verdict": verdict,
        "source_says": "12 cranes",
        "source_interval": "[12, 12]",
        "canonical": "12",
        "canonical_interval": "[12, 12]",
        "sentence": sentence,
        "highlight": [sentence.index("12"), sentence.index("12") + 9],
        "detail": "12 is within [12, 12]",
        "doubt": None,
        "note": None,
    }


CRANES_A = record("crane-count", "sources/a.txt", 3)
CRANES_B = record("crane-count", "sources/b.txt", 7, verdict="contradiction")
PIERS_B = record("pier-count", "sources/b.txt", 9, fact_line=11)
PIERS_NOWHERE = record("pier-count", None, fact_line=11)
FERRIES_NOWHERE = record("ferry-count", None, fact_file="expectations/ferries.yaml")


def shard(folder: Path, records: list[dict], run: dict | None = None) -> str:
    write_json_report(folder / "facts.json", [as_record(r) for r in records], run)
    return folder.name


def results(folder: Path) -> list[dict]:
    return json.loads((folder / "facts.json").read_text(encoding="utf-8"))["results"]


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """The shards and the output as a CI job has them: folders under the working folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_union_each_record_once_and_unmentioned_only_when_no_shard_links(here, capsys):
    first = shard(here / "s1", [CRANES_A, PIERS_NOWHERE, FERRIES_NOWHERE])
    # The fact files are in both shards: a record each has is one record.
    second = shard(here / "s2", [CRANES_A, CRANES_B, PIERS_B, FERRIES_NOWHERE])

    assert main(["merge-reports", first, second]) == 0

    assert results(here / "reports") == [FERRIES_NOWHERE, CRANES_A, CRANES_B, PIERS_B]
    assert capsys.readouterr().out == (
        "merged 2 reports (4 results) into reports/facts.json and reports/facts.html\n"
    )


def test_output_is_byte_identical_to_a_single_runs(here):
    merged = [CRANES_A, CRANES_B, PIERS_B, FERRIES_NOWHERE]
    first = shard(here / "s1", [PIERS_B, CRANES_A, PIERS_NOWHERE])
    second = shard(here / "s2", [FERRIES_NOWHERE, CRANES_B, CRANES_A])
    # The title defaults to the working folder's name, as the plugin's is the rootdir's.
    assert write_reports(here / "single", [as_record(r) for r in merged], here.name) == []

    assert main(["merge-reports", first, second]) == 0

    for name in ("facts.json", "facts.html"):
        assert (here / "reports" / name).read_bytes() == (here / "single" / name).read_bytes()


def test_a_partial_shard_makes_the_merged_run_partial(here):
    shards = [
        shard(here / "s1", [CRANES_A], {"complete": False, "reason": "interrupted"}),
        shard(here / "s2", [CRANES_B]),
        shard(
            here / "s3",
            [PIERS_B],
            {"complete": False, "reason": "2 fact files could not be loaded"},
        ),
    ]

    assert main(["merge-reports", *shards, "--out", "merged", "--title", "Harbour"]) == 0

    merged = json.loads((here / "merged" / "facts.json").read_text(encoding="utf-8"))
    assert merged["run"] == {
        "complete": False,
        "reason": "shard s1: interrupted; shard s3: 2 fact files could not be loaded",
    }
    assert "shard s1: interrupted" in (here / "merged" / "facts.html").read_text()


def test_complete_shards_make_a_complete_run(here):
    shards = [shard(here / "s1", [CRANES_A]), shard(here / "s2", [CRANES_B])]

    assert main(["merge-reports", *shards]) == 0

    assert "run" not in json.loads((here / "reports" / "facts.json").read_text())


BAD_JSON = '{\n  "version": 1,\n  "results": [,]\n}\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BAD_JSON, "bad/facts.json:3:15: not valid JSON: Expecting value"),
        ('{"version": 2, "results": []}', "bad/facts.json: has version 2;"),
        ('{"version": true, "results": []}', "bad/facts.json: has version true;"),
        ('[{"version": 1}]', "bad/facts.json: is not a JSON object"),
        ('{"version": 1, "results": {}}', 'bad/facts.json: has no "results" list'),
        (
            '{"version": 1, "results": [{"fact": "crane-count"}]}',
            "bad/facts.json: result 1 is not a facts.json record",
        ),
        (None, "bad/facts.json: cannot read: No such file or directory"),
    ],
    ids=["json", "version", "version-bool", "array", "results", "record", "missing"],
)
def test_a_bad_shard_is_one_line_exit_2_and_nothing_written(here, capsys, text, message):
    good = shard(here / "good", [CRANES_A])
    (here / "bad").mkdir()
    if text is not None:
        (here / "bad" / "facts.json").write_text(text, encoding="utf-8")

    # The bad shard last: the good one was read, yet nothing of it may be written.
    assert main(["merge-reports", good, "bad"]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not (here / "reports").exists()


def test_the_default_output_never_replaces_an_input(here, capsys):
    before = shard(here / "reports", [CRANES_A])
    other = shard(here / "s2", [CRANES_B])
    written = (here / "reports" / "facts.json").read_bytes()

    assert main(["merge-reports", before, other]) == 2

    assert capsys.readouterr().err.startswith("reports: is one of the input folders")
    assert (here / "reports" / "facts.json").read_bytes() == written


def test_an_input_named_as_output_receives_the_merge(here):
    first = shard(here / "s1", [CRANES_A])
    second = shard(here / "s2", [CRANES_B])

    assert main(["merge-reports", first, second, "--out", first]) == 0

    assert results(here / "s1") == [CRANES_A, CRANES_B]


def test_as_a_command(here):
    first = shard(here / "s1", [CRANES_A, PIERS_NOWHERE])
    second = shard(here / "s2", [PIERS_B, CRANES_A])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }

    done = subprocess.run(
        [sys.executable, "-m", "checks", "merge-reports", first, second, "--out", "merged"],
        cwd=here,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "merged 2 reports (2 results) into merged/facts.json and merged/facts.html\n"
    )
    assert results(here / "merged") == [CRANES_A, PIERS_B]
