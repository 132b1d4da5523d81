"""The package's stages import only the stages below them, and only the plugin imports
pytest: the contracts in pyproject.toml, checked by import-linter as CI checks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter on the package found first from ``root`` (a copy goes before the
    installed one on PYTHONPATH)."""
    bin_dir = str(Path(sys.executable).parent)
    command = shutil.which("lint-imports", path=bin_dir)
    if command is None:
        pytest.skip("import-linter is not installed (it is in the test extra)")
    return subprocess.run(
        [command, "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(root), "PATH": bin_dir},
    )


def test_the_stages_keep_their_layers():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def broken_copy(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """import-linter on a copy of the package where ``module`` (a path under checks/) also
    has ``line``."""
    shutil.copytree(
        ROOT / "checks", tmp_path / "checks", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    changed = tmp_path / "checks" / module
    changed.write_text(changed.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", "utf-8")
    return lint_imports(tmp_path)


def test_a_stage_importing_one_above_it_breaks_the_contract(tmp_path):
    """The layers contract can fail: the reading stage importing the engine."""
    run = broken_copy(tmp_path, "read/sources.py", "from checks.run import engine")
    assert run.returncode != 0
    assert "checks.read.sources -> checks.run.engine" in run.stdout


def test_the_engine_importing_pytest_breaks_the_contract(tmp_path):
    """The pytest contract can fail: a stage below the plugin importing pytest."""
    run = broken_copy(tmp_path, "run/engine.py", "import pytest")
    assert run.returncode != 0
    assert "checks.run is not allowed to import pytest" in run.stdout
    assert "checks.run.engine -> pytest" in run.stdout
