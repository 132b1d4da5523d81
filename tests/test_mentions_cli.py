"""`python -m checks mentions` as editors use it: folders, a closed pipe, intervals shown as
the failures show them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from checks.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_a_folder_is_read_recursively_by_the_sources_rules(tmp_path, capsys):
    (tmp_path / "news" / "week1").mkdir(parents=True)
    (tmp_path / "news" / ".drafts").mkdir()
    (tmp_path / "news" / "week1" / "ferry.txt").write_text("Nine ferries sailed.\n", "utf-8")
    (tmp_path / "news" / ".drafts" / "old.txt").write_text("Six ferries sailed.\n", "utf-8")
    assert main(["mentions", str(tmp_path / "news")]) == 0
    out = capsys.readouterr().out
    assert "week1/ferry.txt:1:1: count  'Nine'" in out
    assert "old.txt" not in out


def test_intervals_read_as_the_failures_write_them(tmp_path, capsys):
    source = tmp_path / "port.txt"
    source.write_text("The port spent $412.6 million on cranes.\n", encoding="utf-8")
    main(["mentions", str(source)])
    assert "'$412.6 million'  ->  [412.55, 412.65) million USD" in capsys.readouterr().out


def test_a_closed_pipe_ends_the_listing_quietly(tmp_path):
    for number in range(40):
        (tmp_path / f"{number:02d}.txt").write_text(
            "Nine ferries sailed on 4 May 2024.\n" * 20, encoding="utf-8"
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "checks", "mentions", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout.readline()
    process.stdout.close()  # what `| head -1` does
    _, errors = process.communicate(timeout=120)
    assert errors.decode() == ""


def test_importing_the_main_module_runs_nothing():
    """Tools that walk the package (pydoc, doctest collection) import ``checks.__main__``:
    only ``python -m checks`` runs the command line."""
    imported = subprocess.run(
        [sys.executable, "-c", "import checks.__main__; print('imported')"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (imported.returncode, imported.stdout) == (0, "imported\n"), imported.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "checks"], capture_output=True, text=True, timeout=60
    )
    assert usage.returncode == 2 and "usage: python -m checks" in usage.stderr
