"""This repository's own conftest: running its tests leaves the main job's JUnit report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _state(path: Path):
    return path.read_bytes() if path.exists() else None


def test_running_the_tests_leaves_the_main_jobs_junit_report_alone():
    report = ROOT / "reports" / "junit.xml"
    before = _state(report)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_intervals.py", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "generated xml file" not in done.stdout
    assert _state(report) == before


def test_the_junit_report_is_still_written_when_asked_for(tmp_path):
    target = tmp_path / "own.xml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_intervals.py",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={target}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert target.exists()
